"""Package products: parts in and out, their rules, and a package's stock level."""

import json
from decimal import Decimal

import pytest

from faktura.catalog.models import PackageItem, Product
from faktura.catalog.selectors.products import product_stock_level
from faktura.catalog.tests import factories_products as factories

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english(owner):
    factories.speak_english(owner)


def _send(client, method, path, owner, fields):
    body = {"api_token": owner.api_token, "product": fields}
    return client.generic(method, path, data=json.dumps(body), content_type="application/json")


def _parts_message(response) -> dict:
    assert response.status_code == 422, response.content
    return response.json()["message"]


def test_reference_example_with_an_index_keyed_hash_creates_a_package(client, owner):
    parts = [factories.product(owner, name) for name in ("A", "B", "C")]
    details = {str(i): {"quantity": 1, "id": part.pk} for i, part in enumerate(parts)}
    response = _send(
        client,
        "POST",
        "/products.json",
        owner,
        {
            "name": "zestaw",
            "price_net": "100",
            "tax": "23",
            "service": "true",
            "package": "true",
            "package_products_details": details,
        },
    )
    assert response.status_code == 201, response.content
    data = response.json()
    assert data["package"] is True
    assert data["package_products_details"] == [
        {"id": part.pk, "quantity": "1.0"} for part in parts
    ]
    assert data["package_product_ids"] == [part.pk for part in parts]
    package = Product.objects.get(name="zestaw")
    assert [(item.product_id, item.quantity) for item in package.package_items.order_by("id")] == [
        (part.pk, Decimal(1)) for part in parts
    ]


def test_package_stock_is_the_number_of_whole_packages_its_parts_allow(owner):
    screws = factories.product(owner, "Śruby", stock_level="10")
    nuts = factories.product(owner, "Nakrętki", stock_level="7")
    package = factories.package(owner, {screws: "3", nuts: "2"})
    # floor(10 / 3) = 3, floor(7 / 2) = 3
    assert product_stock_level(package) == Decimal(3)
    Product.objects.filter(pk=nuts.pk).update(stock_level=Decimal("5.5"))
    package.refresh_from_db()
    # floor(5.5 / 2) = 2
    assert product_stock_level(package) == Decimal(2)


def test_package_stock_with_fractional_quantities(owner):
    flour = factories.product(owner, "Mąka", stock_level="2.5")
    package = factories.package(owner, {flour: "0.75"})
    # floor(2.5 / 0.75) = floor(3.33…) = 3
    assert product_stock_level(package) == Decimal(3)


def test_package_stock_never_goes_below_zero(owner):
    part = factories.product(owner, "Brak", stock_level="-4")
    package = factories.package(owner, {part: "1"})
    assert product_stock_level(package) == Decimal(0)


def test_product_stock_level_of_a_plain_product_is_its_own(owner):
    product = factories.product(owner, stock_level="12.5")
    assert product_stock_level(product) == Decimal("12.5")


def test_api_shows_the_package_stock_in_lists_and_ignores_a_sent_one(client, owner):
    first = factories.product(owner, "A", stock_level="9")
    second = factories.product(owner, "B", stock_level="100")
    response = _send(
        client,
        "POST",
        "/products.json",
        owner,
        {
            "name": "Zestaw",
            "package": True,
            "stock_level": "500",
            "package_products_details": [
                {"id": first.pk, "quantity": "2"},
                {"id": second.pk, "quantity": "25"},
            ],
        },
    )
    assert (response.json()["stock_level"], response.json()["warehouse_quantity"]) == (
        "4.0",
        "4.0",
    )
    listing = client.get(f"/products.json?api_token={owner.api_token}&name=Zestaw").json()
    assert [(p["name"], p["stock_level"]) for p in listing] == [("Zestaw", "4.0")]


def test_update_replaces_the_parts_when_given(client, owner):
    first = factories.product(owner, "A", stock_level="10")
    second = factories.product(owner, "B", stock_level="10")
    package = factories.package(owner, {first: "1"})
    response = _send(
        client,
        "PUT",
        f"/products/{package.pk}.json",
        owner,
        {"package_products_details": [{"id": second.pk, "quantity": "4"}]},
    )
    assert response.status_code == 200
    assert response.json()["package_products_details"] == [{"id": second.pk, "quantity": "4.0"}]
    assert response.json()["stock_level"] == "2.0"
    assert list(
        PackageItem.objects.filter(package=package).values_list("product_id", flat=True)
    ) == [second.pk]


def test_update_without_parts_keeps_them(client, owner):
    part = factories.product(owner, "A")
    package = factories.package(owner, {part: "2"})
    response = _send(client, "PUT", f"/products/{package.pk}.json", owner, {"name": "Nowy"})
    assert response.json()["package_products_details"] == [{"id": part.pk, "quantity": "2.0"}]


def test_package_false_removes_the_parts(client, owner):
    part = factories.product(owner, "A")
    package = factories.package(owner, {part: "2"})
    response = _send(client, "PUT", f"/products/{package.pk}.json", owner, {"package": "0"})
    data = response.json()
    assert (data["package"], data["package_products_details"], data["package_product_ids"]) == (
        False,
        [],
        [],
    )
    assert not PackageItem.objects.filter(package=package).exists()


def test_a_package_needs_parts(client, owner):
    response = _send(client, "POST", "/products.json", owner, {"name": "Z", "package": True})
    assert _parts_message(response) == {
        "package_products_details": ["a package needs at least one product"]
    }
    assert not Product.objects.exists()


def test_another_accounts_product_cannot_be_a_part(client, owner, other_owner):
    foreign = factories.product(other_owner, "Obcy")
    response = _send(
        client,
        "POST",
        "/products.json",
        owner,
        {"name": "Z", "package": True, "package_products_details": [{"id": foreign.pk}]},
    )
    assert _parts_message(response) == {
        "package_products_details": [f"product {foreign.pk} does not exist"]
    }
    assert not Product.objects.filter(account=owner.account).exists()
    assert not PackageItem.objects.exists()


def test_a_package_cannot_be_a_part(client, owner):
    part = factories.product(owner, "A")
    inner = factories.package(owner, {part: "1"}, name="Wewnętrzny")
    response = _send(
        client,
        "POST",
        "/products.json",
        owner,
        {"name": "Z", "package": True, "package_products_details": [{"id": inner.pk}]},
    )
    assert _parts_message(response) == {
        "package_products_details": [f"product {inner.pk} is a package; packages cannot be nested"]
    }


def test_a_package_cannot_contain_itself(client, owner):
    part = factories.product(owner, "A")
    package = factories.package(owner, {part: "1"})
    response = _send(
        client,
        "PUT",
        f"/products/{package.pk}.json",
        owner,
        {"package_products_details": [{"id": package.pk, "quantity": 1}]},
    )
    assert _parts_message(response) == {
        "package_products_details": ["a package cannot contain itself"]
    }
    assert list(package.package_items.values_list("product_id", flat=True)) == [part.pk]


def test_a_part_cannot_become_a_package(client, owner):
    part = factories.product(owner, "A")
    other = factories.product(owner, "B")
    factories.package(owner, {part: "1"})
    response = _send(
        client,
        "PUT",
        f"/products/{part.pk}.json",
        owner,
        {"package": True, "package_products_details": [{"id": other.pk}]},
    )
    assert _parts_message(response) == {
        "package": ["this product is part of a package, so it cannot be a package itself"]
    }
    part.refresh_from_db()
    assert part.package is False


@pytest.mark.parametrize(
    ("quantity", "reason"),
    [
        ("0", "the quantity of product {id} must be more than zero"),
        ("-1", "the quantity of product {id} must be more than zero"),
        ("1.00001", "may have at most 4 decimal places"),
    ],
)
def test_part_quantities_must_be_positive_and_fit(client, owner, quantity, reason):
    part = factories.product(owner, "A")
    response = _send(
        client,
        "POST",
        "/products.json",
        owner,
        {
            "name": "Z",
            "package": True,
            "package_products_details": [{"id": part.pk, "quantity": quantity}],
        },
    )
    assert _parts_message(response) == {"package_products_details": [reason.format(id=part.pk)]}


def test_a_part_listed_twice_is_refused(client, owner):
    part = factories.product(owner, "A")
    response = _send(
        client,
        "POST",
        "/products.json",
        owner,
        {
            "name": "Z",
            "package": True,
            "package_products_details": [{"id": part.pk}, {"id": part.pk}],
        },
    )
    assert _parts_message(response) == {
        "package_products_details": [f"product {part.pk} is listed more than once"]
    }


def test_parts_without_package_true_are_refused(client, owner):
    part = factories.product(owner, "A")
    response = _send(
        client,
        "POST",
        "/products.json",
        owner,
        {"name": "Z", "package_products_details": [{"id": part.pk}]},
    )
    assert _parts_message(response) == {
        "package_products_details": ["only a package (package: true) has products"]
    }


def test_a_part_without_an_id_is_refused_naming_it(client, owner):
    response = _send(
        client,
        "POST",
        "/products.json",
        owner,
        {"name": "Z", "package": True, "package_products_details": [{"quantity": 1}]},
    )
    assert list(_parts_message(response)) == ["package_products_details.0.id"]


def test_a_part_of_a_package_cannot_be_deleted(client, owner):
    part = factories.product(owner, "Śruba")
    factories.package(owner, {part: "1"}, name="Zestaw śrub")
    response = client.delete(f"/products/{part.pk}.json?api_token={owner.api_token}")
    assert response.status_code == 422
    assert response.json()["message"] == {
        "id": ["is part of a package (Zestaw śrub); remove it from the package before deleting it"]
    }
    assert Product.objects.filter(pk=part.pk).exists()


def test_deleting_a_package_keeps_its_parts(client, owner):
    part = factories.product(owner, "Śruba")
    package = factories.package(owner, {part: "1"})
    response = client.delete(f"/products/{package.pk}.json?api_token={owner.api_token}")
    assert response.json() == "ok"
    assert list(Product.objects.filter(account=owner.account)) == [part]
    assert not PackageItem.objects.exists()
    # Once no package holds it, the part can go too.
    assert client.delete(f"/products/{part.pk}.json?api_token={owner.api_token}").json() == "ok"


def test_a_parts_stock_change_marks_its_packages_changed(client, owner):
    part = factories.product(owner, "A", stock_level="10")
    package = factories.package(owner, {part: "1"})
    Product.objects.filter(pk=package.pk).update(updated_at="2020-01-01T00:00:00Z")
    _send(client, "PUT", f"/products/{part.pk}.json", owner, {"stock_level": "3"})
    listing = client.get(f"/products.json?api_token={owner.api_token}&date_from=2025-01-01").json()
    assert [(p["name"], p["stock_level"]) for p in listing] == [("A", "3.0"), ("Zestaw", "3.0")]
