"""PUT /invoices/{id}.json on margin lines, correction lines and lines the request does not name."""

import json

import pytest

from faktura.invoicing.models import Invoice, InvoicePosition
from faktura.invoicing.tests import factories_invoices as factories

pytestmark = pytest.mark.django_db

MARGIN = {
    "kind": "vat_margin",
    "issue_date": "2026-11-20",
    "buyer_name": "Turysta",
    "positions": [
        {
            "name": "Wycieczka",
            "tax": "disabled",
            "total_price_gross": 5000,
            "total_purchase_price": 4200,
            "vat_margin_tax": 23,
        }
    ],
}


def _create(client, owner, invoice: dict) -> dict:
    body = {"api_token": owner.api_token, "invoice": invoice}
    response = client.post("/invoices.json", data=json.dumps(body), content_type="application/json")
    assert response.status_code == 201, response.content
    return response.json()


def _update(client, owner, id: int, invoice: dict):
    body = {"api_token": owner.api_token, "invoice": invoice}
    return client.put(
        f"/invoices/{id}.json", data=json.dumps(body), content_type="application/json"
    )


def test_a_margin_line_not_named_keeps_its_purchase_price(client, owner):
    before = _create(client, owner, MARGIN)
    response = _update(client, owner, before["id"], {"buyer_name": "Inny Turysta"})
    assert response.status_code == 200, response.content
    line = response.json()["positions"][0]
    assert (line["total_price_gross"], line["total_purchase_price"]) == ("5000.00", "4200.00")


def test_a_margin_lines_new_name_needs_no_margin_rate(client, owner):
    before = _create(client, owner, MARGIN)
    line_id = before["positions"][0]["id"]
    response = _update(
        client, owner, before["id"], {"positions": [{"id": line_id, "name": "Rejs"}]}
    )
    assert response.status_code == 200, response.content
    line = response.json()["positions"][0]
    assert (line["name"], line["total_purchase_price"]) == ("Rejs", "4200.00")


def test_a_new_purchase_price_is_checked_with_its_margin_rate(client, owner):
    before = _create(client, owner, MARGIN)
    line_id = before["positions"][0]["id"]
    without_rate = _update(
        client, owner, before["id"], {"positions": [{"id": line_id, "total_purchase_price": 4500}]}
    )
    assert without_rate.status_code == 422
    assert list(without_rate.json()["message"]) == ["positions.0.vat_margin_tax"]
    with_rate = _update(
        client,
        owner,
        before["id"],
        {"positions": [{"id": line_id, "total_purchase_price": 4500, "vat_margin_tax": 8}]},
    )
    assert with_rate.status_code == 200, with_rate.content
    assert with_rate.json()["positions"][0]["total_purchase_price"] == "4500.00"


def test_a_discount_setting_that_breaks_a_line_not_named_is_refused(client, owner):
    # The line carries a discount amount larger than its value, unused while the
    # invoice shows no discounts.
    line = {"name": "Usługa", "tax": 23, "price_net": 100, "discount": 500}
    before = _create(client, owner, {"buyer_name": "Klient", "positions": [line]})
    assert before["price_net"] == "100.00"
    response = _update(
        client, owner, before["id"], {"show_discount": True, "discount_kind": "amount"}
    )
    assert response.status_code == 422
    assert list(response.json()["message"]) == ["positions"]
    assert Invoice.objects.get(pk=before["id"]).show_discount is False


def test_a_correction_holding_lines_before_and_after_keeps_its_lines(client, owner):
    correction = factories.invoice(
        owner,
        kind=Invoice.Kind.CORRECTION,
        lines=[
            factories.line("Przed", kind=InvoicePosition.Kind.CORRECTION_BEFORE),
            factories.line("Po", price_net="80.00", kind=InvoicePosition.Kind.CORRECTION_AFTER),
        ],
    )
    refused = _update(client, owner, correction.pk, {"positions": [{"name": "X", "price_net": 1}]})
    assert refused.status_code == 422
    assert list(refused.json()["message"]) == ["positions"]
    changed = _update(client, owner, correction.pk, {"buyer_name": "Nowy Nabywca"})
    assert changed.status_code == 200, changed.content
    body = changed.json()
    assert body["buyer_name"] == "Nowy Nabywca"
    # Its amounts are the stored ones, untouched: 100.00 + 80.00 net as the factory wrote them.
    assert (body["price_net"], body["price_gross"]) == ("180.00", "221.40")
    assert sorted((p["name"], p["kind"]) for p in body["positions"]) == [
        ("Po", "correction_after"),
        ("Przed", "correction_before"),
    ]
