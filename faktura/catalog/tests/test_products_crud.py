"""Products over HTTP: every field in and out, create/read/update/delete, formats, isolation."""

import json

import pytest

from faktura.catalog.models import Product
from faktura.catalog.tests import factories_products as factories

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english(owner):
    factories.speak_english(owner)


def _send(client, method, path, body):
    return client.generic(method, path, data=json.dumps(body), content_type="application/json")


FULL = {
    "name": "Produkt testowy",
    "code": "PT35610",
    "ean_code": "5901296385074",
    "description": "Opis produktu",
    "tax": "23",
    "price_gross": "123",
    "currency": "eur",
    "tag_list": ["tag1", "tag2"],
    "service": "1",
    "electronic_service": "0",
    "gtu_codes": ["gtu_01", "GTU_12"],
    "limited": "1",
    "stock_level": "9.0",
    "purchase_price_net": "10",
    "purchase_tax": "23",
    "quantity_unit": "kg",
    "quantity": "1.5",
    "additional_info": "PKWiU 1",
    "supplier_code": "DOST-1",
    "accounting_id": "700",
    "disabled": "0",
    "use_moss": "1",
    "use_product_warehouses": "0",
    "size": "XL",
    "size_width": "0,5",
    "size_height": "2",
    "size_unit": "m",
    "weight": "0.25",
    "weight_unit": "kg",
}


def test_create_with_every_field_answers_201_with_them(client, owner):
    category = factories.category(owner)
    body = {"api_token": owner.api_token, "product": {**FULL, "category_id": category.pk}}
    response = _send(client, "POST", "/products.json", body)
    assert response.status_code == 201
    product = Product.objects.get(account=owner.account)
    data = response.json()
    assert data == {
        "id": product.pk,
        "name": "Produkt testowy",
        "code": "PT35610",
        "ean_code": "5901296385074",
        "description": "Opis produktu",
        "price_net": "100.00",
        "price_gross": "123.00",
        "price_tax": "23.00",
        "tax": "23",
        "currency": "EUR",
        "category_id": category.pk,
        "tag_list": ["tag1", "tag2"],
        "service": True,
        "electronic_service": False,
        "gtu_codes": ["GTU_01", "GTU_12"],
        "limited": True,
        "stock_level": "9.0",
        "warehouse_quantity": "9.0",
        "purchase_price_net": "10.00",
        "purchase_price_gross": "12.30",
        "purchase_price_tax": "2.30",
        "purchase_tax": "23",
        "package": False,
        "package_products_details": [],
        "package_product_ids": [],
        "quantity_unit": "kg",
        "quantity": "1.5",
        "additional_info": "PKWiU 1",
        "supplier_code": "DOST-1",
        "accounting_id": "700",
        "disabled": False,
        "use_moss": True,
        "use_product_warehouses": False,
        "size": "XL",
        "size_width": "0.5",
        "size_height": "2.0",
        "size_unit": "m",
        "weight": "0.25",
        "weight_unit": "kg",
        "created_at": data["created_at"],
        "updated_at": data["updated_at"],
    }
    assert data["created_at"][19] == "."
    assert product.tags == ["tag1", "tag2"]


def test_reference_example_creates_a_product_with_defaults(client, owner):
    body = {
        "api_token": owner.api_token,
        "product": {"name": "PoroductAA", "code": "A001", "price_net": "100", "tax": "23"},
    }
    data = _send(client, "POST", "/products.json", body).json()
    assert {key: data[key] for key in ("price_net", "price_gross", "price_tax", "tax")} == {
        "price_net": "100.00",
        "price_gross": "123.00",
        "price_tax": "23.00",
        "tax": "23",
    }
    assert (data["currency"], data["quantity_unit"], data["quantity"], data["stock_level"]) == (
        "PLN",
        "szt",
        "1.0",
        "0.0",
    )
    assert (data["category_id"], data["purchase_price_net"], data["purchase_tax"]) == (
        None,
        None,
        None,
    )
    assert (data["tag_list"], data["gtu_codes"], data["size_width"]) == ([], [], None)


def test_show_answers_the_product(client, owner):
    product = factories.product(owner, "Śrubka", code="S-1", price_gross="1.23")
    response = client.get(f"/products/{product.pk}.json?api_token={owner.api_token}")
    assert response.status_code == 200
    assert (response.json()["name"], response.json()["code"], response.json()["price_net"]) == (
        "Śrubka",
        "S-1",
        "1.00",
    )


def test_reference_update_example_changes_the_given_fields(client, owner):
    product = factories.product(owner, "PoroductAA", code="A001", price_net="100", tax="23")
    body = {
        "api_token": owner.api_token,
        "product": {"name": "PoroductAA2", "code": "A0012", "price_gross": "102", "tax": "23"},
    }
    response = _send(client, "PUT", f"/products/{product.pk}.json", body)
    assert response.status_code == 200
    data = response.json()
    assert (data["name"], data["code"], data["price_gross"], data["price_net"]) == (
        "PoroductAA2",
        "A0012",
        "102.00",
        "82.93",
    )
    assert data["price_tax"] == "19.07"


def test_update_keeps_fields_not_given(client, owner):
    product = factories.product(
        owner, "Stały", code="K1", tag_list=["a"], gtu_codes=["GTU_06"], stock_level="4"
    )
    response = _send(
        client,
        "PATCH",
        f"/products/{product.pk}.json",
        {"api_token": owner.api_token, "product": {"description": "Nowy opis"}},
    )
    assert response.status_code == 200
    data = response.json()
    assert (data["name"], data["code"], data["tag_list"], data["gtu_codes"]) == (
        "Stały",
        "K1",
        ["a"],
        ["GTU_06"],
    )
    assert (data["stock_level"], data["description"]) == ("4.0", "Nowy opis")


def test_update_can_clear_category_and_measures_with_null(client, owner):
    category = factories.category(owner)
    product = factories.product(owner, category_id=category.pk, weight="2", size_unit="cm")
    body = {
        "api_token": owner.api_token,
        "product": {"category_id": None, "weight": None, "size_unit": "", "tag_list": ""},
    }
    data = _send(client, "PUT", f"/products/{product.pk}.json", body).json()
    assert (data["category_id"], data["weight"], data["size_unit"], data["tag_list"]) == (
        None,
        None,
        "",
        [],
    )


def test_delete_answers_ok_and_removes_the_product(client, owner):
    product = factories.product(owner)
    response = client.delete(f"/products/{product.pk}.json?api_token={owner.api_token}")
    assert response.status_code == 200
    assert response.json() == "ok"
    assert not Product.objects.filter(pk=product.pk).exists()
    assert client.get(f"/products/{product.pk}.json?api_token={owner.api_token}").status_code == 404


def test_xml_body_creates_and_reads_back_as_xml(client, owner):
    part = factories.product(owner, "Część", stock_level="5")
    xml = (
        "<product><name>Zestaw XML</name><price-gross>246</price-gross><tax>23</tax>"
        '<tag_list type="array"><tag>a</tag><tag>b</tag></tag_list>'
        "<gtu_codes>gtu_06</gtu_codes>"
        '<package type="boolean">true</package>'
        "<package_products_details><package_products_detail>"
        f'<id type="integer">{part.pk}</id><quantity>2</quantity>'
        "</package_products_detail></package_products_details></product>"
    )
    created = client.post(
        f"/products.xml?api_token={owner.api_token}",
        data=xml.encode(),
        content_type="application/xml",
    )
    assert created.status_code == 201, created.content
    product = Product.objects.get(name="Zestaw XML")
    text = client.get(f"/products/{product.pk}.xml?api_token={owner.api_token}").content.decode()
    assert "<product>" in text
    assert "<name>Zestaw XML</name>" in text
    assert "<price_net>200.00</price_net>" in text
    assert "<price_gross>246.00</price_gross>" in text
    assert "<stock_level>2.0</stock_level>" in text
    assert '<package type="boolean">true</package>' in text
    assert (
        f'<package_product_ids type="array">\n    <package_product_id type="integer">{part.pk}<'
        in text
    )
    assert "<quantity>2.0</quantity>" in text
    assert "<gtu_code>GTU_06</gtu_code>" in text


def test_rails_form_params_create_a_package(client, owner):
    first = factories.product(owner, "A", stock_level="10")
    second = factories.product(owner, "B", stock_level="10")
    form = (
        f"api_token={owner.api_token}&product[name]=Zestaw&product[price_net]=100"
        "&product[tax]=23&product[service]=true&product[package]=1"
        f"&product[package_products_details][0][id]={first.pk}"
        "&product[package_products_details][0][quantity]=1"
        f"&product[package_products_details][1][id]={second.pk}"
        "&product[package_products_details][1][quantity]=3"
        "&product[tag_list][]=x&product[tag_list][]=y"
    )
    response = client.post(
        "/products.json", data=form, content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 201, response.content
    data = response.json()
    assert data["package_products_details"] == [
        {"id": first.pk, "quantity": "1.0"},
        {"id": second.pk, "quantity": "3.0"},
    ]
    assert (data["service"], data["tag_list"], data["stock_level"]) == (True, ["x", "y"], "3.0")


def test_another_accounts_product_answers_404_and_changes_nothing(client, owner, other_owner):
    foreign = factories.product(other_owner, "Obcy", price_gross="10")
    path = f"/products/{foreign.pk}.json"
    assert client.get(f"{path}?api_token={owner.api_token}").status_code == 404
    assert client.get(f"{path}?api_token={owner.api_token}&warehouse_id=1").status_code == 404
    for method in ("PUT", "PATCH"):
        body = {"api_token": owner.api_token, "product": {"name": "Przejęty", "price_gross": "1"}}
        assert _send(client, method, path, body).status_code == 404
    assert client.delete(f"{path}?api_token={owner.api_token}").status_code == 404
    foreign.refresh_from_db()
    assert (foreign.name, foreign.price_gross) == ("Obcy", 10)


def test_another_accounts_category_is_refused_naming_category_id(client, owner, other_owner):
    foreign = factories.category(other_owner)
    body = {"api_token": owner.api_token, "product": {"name": "P", "category_id": foreign.pk}}
    response = _send(client, "POST", "/products.json", body)
    assert response.status_code == 422
    assert response.json()["message"] == {"category_id": ["no such category in this account"]}
    assert not Product.objects.filter(account=owner.account).exists()
