"""Product prices: net follows gross and tax; the net price cannot be edited directly."""

import json
from decimal import Decimal

import pytest

from faktura.catalog.models import Product
from faktura.catalog.tests import factories_products as factories

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english(owner):
    factories.speak_english(owner)


def _create(client, owner, **fields):
    body = {"api_token": owner.api_token, "product": {"name": "P", **fields}}
    return client.post("/products.json", data=json.dumps(body), content_type="application/json")


def _update(client, owner, product, **fields):
    body = {"api_token": owner.api_token, "product": fields}
    return client.put(
        f"/products/{product.pk}.json", data=json.dumps(body), content_type="application/json"
    )


def _prices(data: dict) -> tuple:
    return data["price_net"], data["price_gross"], data["price_tax"], data["tax"]


def _purchase(data: dict) -> tuple:
    return (
        data["purchase_price_net"],
        data["purchase_price_gross"],
        data["purchase_price_tax"],
        data["purchase_tax"],
    )


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ({"price_gross": "123", "tax": "23"}, ("100.00", "123.00", "23.00", "23")),
        ({"price_net": "100", "tax": "23"}, ("100.00", "123.00", "23.00", "23")),
        ({"price_gross": "10", "tax": "8"}, ("9.26", "10.00", "0.74", "8")),
        ({"price_net": "9.99", "tax": 5}, ("9.99", "10.49", "0.50", "5")),
        ({"price_net": "10,005", "tax": "23%"}, ("10.01", "12.31", "2.30", "23")),
        ({"price_gross": 50, "tax": "zw"}, ("50.00", "50.00", "0.00", "zw")),
        ({"price_net": "7", "tax": "NP"}, ("7.00", "7.00", "0.00", "np")),
        ({"price_gross": "10"}, ("8.13", "10.00", "1.87", "23")),
        ({}, ("0.00", "0.00", "0.00", "23")),
    ],
)
def test_create_computes_the_missing_price(client, owner, fields, expected):
    response = _create(client, owner, **fields)
    assert response.status_code == 201, response.content
    assert _prices(response.json()) == expected


def test_create_with_both_prices_takes_the_gross_one(client, owner):
    data = _create(client, owner, price_net="1", price_gross="123", tax="23").json()
    assert _prices(data) == ("100.00", "123.00", "23.00", "23")


def test_update_recomputes_net_from_a_new_gross_price(client, owner):
    product = factories.product(owner, price_net="100", tax="23")
    data = _update(client, owner, product, price_gross="246").json()
    assert _prices(data) == ("200.00", "246.00", "46.00", "23")


def test_update_of_the_tax_recomputes_net_from_the_kept_gross_price(client, owner):
    product = factories.product(owner, price_net="100", tax="23")
    data = _update(client, owner, product, tax="8").json()
    assert _prices(data) == ("113.89", "123.00", "9.11", "8")


def test_update_ignores_a_lone_net_price(client, owner):
    product = factories.product(owner, price_net="100", tax="23")
    response = _update(client, owner, product, price_net="50", name="Nowa nazwa")
    assert response.status_code == 200
    assert _prices(response.json()) == ("100.00", "123.00", "23.00", "23")
    assert response.json()["name"] == "Nowa nazwa"


def test_update_with_net_and_gross_takes_the_gross_one(client, owner):
    product = factories.product(owner, price_net="100", tax="23")
    data = _update(client, owner, product, price_net="1", price_gross="12.30").json()
    assert _prices(data) == ("10.00", "12.30", "2.30", "23")


def test_purchase_prices_follow_the_purchase_tax(client, owner):
    data = _create(client, owner, price_net="20", purchase_price_net="10", purchase_tax="8").json()
    assert _purchase(data) == ("10.00", "10.80", "0.80", "8")
    data = _create(client, owner, purchase_price_gross="12.30", purchase_tax="23").json()
    assert _purchase(data) == ("10.00", "12.30", "2.30", "23")


def test_purchase_prices_without_purchase_tax_use_the_sale_tax(client, owner):
    data = _create(client, owner, tax="5", purchase_price_net="100").json()
    assert _purchase(data) == ("100.00", "105.00", "5.00", "5")


def test_update_recomputes_purchase_net_from_gross_and_ignores_a_lone_net(client, owner):
    product = factories.product(owner, purchase_price_net="10", purchase_tax="23")
    assert _purchase(_update(client, owner, product, purchase_price_net="99").json()) == (
        "10.00",
        "12.30",
        "2.30",
        "23",
    )
    assert _purchase(_update(client, owner, product, purchase_tax="8").json()) == (
        "11.39",
        "12.30",
        "0.91",
        "8",
    )
    assert _purchase(_update(client, owner, product, purchase_price_gross="21.60").json()) == (
        "20.00",
        "21.60",
        "1.60",
        "8",
    )


def test_stored_prices_are_exact_decimals(client, owner):
    _create(client, owner, price_gross="99.99", tax="23")
    product = Product.objects.get(account=owner.account)
    assert (product.price_net, product.price_gross, product.price_tax) == (
        Decimal("81.29"),
        Decimal("99.99"),
        Decimal("18.70"),
    )


@pytest.mark.parametrize("field", ["price_net", "price_gross", "purchase_price_net"])
def test_negative_prices_are_refused_naming_the_field(client, owner, field):
    response = _create(client, owner, **{field: "-1"})
    assert response.status_code == 422
    assert response.json()["message"] == {field: ["must not be negative"]}
    assert not Product.objects.exists()


def test_negative_gross_on_update_is_refused_and_changes_nothing(client, owner):
    product = factories.product(owner, price_gross="10")
    response = _update(client, owner, product, price_gross="-5")
    assert response.status_code == 422
    assert list(response.json()["message"]) == ["price_gross"]
    product.refresh_from_db()
    assert product.price_gross == Decimal("10.00")


def test_prices_beyond_the_column_are_refused_before_the_database(client, owner):
    response = _create(client, owner, price_net="10000000000000000", tax="23")
    assert response.status_code == 422
    assert response.json()["message"] == {"price_net": ["is too large"]}
    # The net fits, the gross computed from it would not.
    response = _create(client, owner, price_net="9000000000000000", tax="23")
    assert response.json()["message"] == {"price_net": ["is too large"]}


@pytest.mark.parametrize("field", ["tax", "purchase_tax"])
@pytest.mark.parametrize("raw", ["abc", "123", "-5", True])
def test_invalid_taxes_are_refused_naming_the_field(client, owner, field, raw):
    response = _create(client, owner, **{field: raw})
    assert response.status_code == 422
    assert list(response.json()["message"]) == [field]
    assert not Product.objects.exists()


def test_invalid_tax_message_lists_what_is_allowed(client, owner):
    response = _create(client, owner, tax="abc")
    assert response.json()["message"] == {
        "tax": ["must be a VAT rate (e.g. 23) or one of: zw, np, oo, disabled"]
    }


def test_malformed_price_is_refused_naming_the_field(client, owner):
    response = _create(client, owner, price_gross="dużo")
    assert response.status_code == 422
    assert list(response.json()["message"]) == ["price_gross"]
