"""An invoice's currency is a three-letter code: the printed amount in words names it."""

import pytest

from faktura.invoicing.tests import factories_invoices as factories

pytestmark = pytest.mark.django_db

BODY = {"buyer_name": "Klient", "positions": [{"name": "a", "quantity": 1, "price_net": 10}]}


@pytest.mark.parametrize("currency", ["P1N", "ab ", "zł!", "EURO", "E"])
def test_a_currency_that_is_not_three_letters_is_refused_naming_the_field(client, owner, currency):
    response = client.post(
        "/invoices.json",
        data={"api_token": owner.api_token, "invoice": {**BODY, "currency": currency}},
        content_type="application/json",
    )
    assert response.status_code == 422
    assert list(response.json()["message"]) == ["currency"]


def test_an_update_cannot_set_such_a_currency_either(client, owner):
    invoice = factories.numbered_invoice(owner)
    response = client.put(
        f"/invoices/{invoice.id}.json",
        data={"api_token": owner.api_token, "invoice": {"currency": "P1N"}},
        content_type="application/json",
    )
    assert response.status_code == 422
    invoice.refresh_from_db()
    assert invoice.currency == "PLN"


def test_a_three_letter_code_opens_on_the_public_page(client, owner):
    response = client.post(
        "/invoices.json",
        data={"api_token": owner.api_token, "invoice": {**BODY, "currency": "EUR"}},
        content_type="application/json",
    )
    assert response.status_code == 201
    page = client.get(f"/invoice/{response.json()['token']}")
    assert page.status_code == 200
    assert "12,30 EUR" in page.content.decode()
