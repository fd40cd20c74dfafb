"""The product list: paging, search filters, date_from, warehouse_id."""

import datetime as dt
import json
from decimal import Decimal

import pytest
from django.db import transaction
from django.utils import timezone

from faktura.catalog.models import Product
from faktura.catalog.tests import factories_products as factories

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english(owner):
    factories.speak_english(owner)


def _names(client, owner, query: str = "") -> list[str]:
    response = client.get(f"/products.json?api_token={owner.api_token}&{query}")
    assert response.status_code == 200, response.content
    return [product["name"] for product in response.json()]


def _changed_at(product: Product, day: dt.date, hour: int = 0) -> None:
    moment = dt.datetime.combine(day, dt.time(hour), tzinfo=timezone.get_current_timezone())
    Product.objects.filter(pk=product.pk).update(updated_at=moment)


def test_list_is_a_bare_array_of_the_accounts_products(client, owner, other_owner):
    factories.product(owner, "Mój")
    factories.product(other_owner, "Obcy")
    assert _names(client, owner) == ["Mój"]


def test_list_pages_and_orders(client, owner):
    for name in ("B", "C", "A"):
        factories.product(owner, name)
    assert _names(client, owner, "order=name&per_page=2&page=1") == ["A", "B"]
    assert _names(client, owner, "order=name&per_page=2&page=2") == ["C"]
    assert _names(client, owner, "page=3&per_page=2") == []


def test_name_matches_any_part_ignoring_case_and_code_the_whole_code(client, owner):
    factories.product(owner, "Śruba M6", code="S6")
    factories.product(owner, "Nakrętka M6", code="N6")
    factories.product(owner, "Podkładka", code="S66")
    assert _names(client, owner, "name=m6") == ["Śruba M6", "Nakrętka M6"]
    assert _names(client, owner, "code=S6") == ["Śruba M6"]


def test_category_and_disabled_filters(client, owner):
    category = factories.category(owner)
    factories.product(owner, "W kategorii", category_id=category.pk)
    factories.product(owner, "Wyłączony", disabled=True)
    factories.product(owner, "Zwykły")
    assert _names(client, owner, f"category_id={category.pk}") == ["W kategorii"]
    assert _names(client, owner, "disabled=1") == ["Wyłączony"]
    assert _names(client, owner, "disabled=false") == ["W kategorii", "Zwykły"]


def test_date_from_keeps_products_changed_on_or_after_that_day(client, owner):
    old = factories.product(owner, "Stary")
    edge = factories.product(owner, "Tego dnia")
    new = factories.product(owner, "Nowy")
    _changed_at(old, dt.date(2025, 10, 31), hour=23)
    _changed_at(edge, dt.date(2025, 11, 1), hour=0)
    _changed_at(new, dt.date(2025, 11, 20), hour=12)
    assert _names(client, owner, "date_from=2025-11-01&page=1") == ["Tego dnia", "Nowy"]


@pytest.mark.parametrize("raw", ["2025-13-01", "yesterday", "2025-1-1", "20251101"])
def test_malformed_date_from_answers_400_naming_it(client, owner, raw):
    response = client.get(f"/products.json?api_token={owner.api_token}&date_from={raw}")
    assert response.status_code == 400
    assert response.json()["message"].startswith("Invalid parameter date_from:")


def test_warehouse_id_shows_the_stock_in_that_warehouse(client, owner, other_owner):
    from faktura.warehouse.models import Warehouse
    from faktura.warehouse.services.stock import Move, stock_apply
    from faktura.warehouse.services.warehouses import warehouse_default

    # A level set through the products API is a count in the default warehouse.
    created = client.post(
        "/products.json",
        data=json.dumps(
            {"api_token": owner.api_token, "product": {"name": "Na stanie", "stock_level": "7"}}
        ),
        content_type="application/json",
    )
    assert created.status_code == 201, created.content
    product_id = created.json()["id"]
    main = warehouse_default(account=owner.account)
    shop = Warehouse.objects.create(account=owner.account, name="Sklep")
    with transaction.atomic():
        stock_apply(account=owner.account, moves=[Move(shop.pk, product_id, Decimal(2))])

    def levels(query: str) -> list[tuple[str, str]]:
        listing = client.get(f"/products.json?api_token={owner.api_token}{query}").json()
        shown = client.get(f"/products/{product_id}.json?api_token={owner.api_token}{query}").json()
        rows = [(p["stock_level"], p["warehouse_quantity"]) for p in listing]
        assert rows == [(shown["stock_level"], shown["warehouse_quantity"])]
        return rows

    assert levels("") == [("9.0", "9.0")]
    assert levels(f"&warehouse_id={main.pk}") == [("7.0", "7.0")]
    assert levels(f"&warehouse_id={shop.pk}") == [("2.0", "2.0")]
    foreign = Warehouse.objects.create(account=other_owner.account, name="Obcy")
    response = client.get(f"/products.json?api_token={owner.api_token}&warehouse_id={foreign.pk}")
    assert response.status_code == 400
    assert response.json()["message"].startswith("Invalid parameter warehouse_id:")


@pytest.mark.parametrize(
    ("path", "query"),
    [
        ("/products.json", "warehouse_id=abc"),
        ("/products.json", "warehouse_id=0"),
        ("/products.json", "warehouse_id=-2"),
        ("/products/{id}.json", "warehouse_id=1.5"),
    ],
)
def test_warehouse_id_must_be_a_positive_whole_number(client, owner, path, query):
    product = factories.product(owner)
    url = path.format(id=product.pk)
    response = client.get(f"{url}?api_token={owner.api_token}&{query}")
    assert response.status_code == 400
    assert response.json()["message"].startswith("Invalid parameter warehouse_id:")


@pytest.mark.parametrize(("name", "raw"), [("category_id", "x"), ("disabled", "maybe")])
def test_malformed_filters_answer_400_naming_them(client, owner, name, raw):
    response = client.get(f"/products.json?api_token={owner.api_token}&{name}={raw}")
    assert response.status_code == 400
    assert response.json()["message"].startswith(f"Invalid parameter {name}:")


def test_a_category_id_too_large_for_any_row_matches_nothing(client, owner):
    factories.product(owner, "A")
    assert _names(client, owner, "category_id=99999999999999999999") == []


def test_xml_list_is_a_rails_array(client, owner):
    factories.product(owner, "A", price_gross="1.5")
    text = client.get(f"/products.xml?api_token={owner.api_token}").content.decode()
    assert '<products type="array">' in text
    assert "<price_gross>1.50</price_gross>" in text
