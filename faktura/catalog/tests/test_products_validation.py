"""Product input that breaks a rule: 422 naming the field, nothing written."""

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from faktura.catalog.models import Product
from faktura.catalog.tests import factories_products as factories

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english(owner):
    factories.speak_english(owner)


def _create(client, owner, **fields):
    body = {"api_token": owner.api_token, "product": fields}
    return client.post("/products.json", data=json.dumps(body), content_type="application/json")


def _refused(response) -> dict:
    assert response.status_code == 422, response.content
    assert not Product.objects.exists()
    return response.json()["message"]


def test_name_is_required(client, owner):
    assert _refused(_create(client, owner, code="X")) == {"name": ["can't be blank"]}
    assert _refused(_create(client, owner, name="   ")) == {"name": ["can't be blank"]}


def test_blank_name_on_update_is_refused(client, owner):
    product = factories.product(owner, "Jest")
    response = client.put(
        f"/products/{product.pk}.json",
        data=json.dumps({"api_token": owner.api_token, "product": {"name": ""}}),
        content_type="application/json",
    )
    assert response.status_code == 422
    product.refresh_from_db()
    assert product.name == "Jest"


@pytest.mark.parametrize(
    ("field", "length"),
    [
        ("name", 256),
        ("code", 101),
        ("ean_code", 51),
        ("quantity_unit", 21),
        ("additional_info", 256),
        ("supplier_code", 101),
        ("accounting_id", 101),
        ("size", 51),
    ],
)
def test_overlong_texts_are_refused_before_the_database(client, owner, field, length):
    fields = {"name": "P", field: "x" * length}
    assert list(_refused(_create(client, owner, **fields))) == [field]


@pytest.mark.parametrize("raw", ["PL", "PLNN", "zł1", "12€"])
def test_currency_must_be_three_letters(client, owner, raw):
    assert _refused(_create(client, owner, name="P", currency=raw)) == {
        "currency": ["must be a three-letter currency code, e.g. PLN"]
    }


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (["gtu_01", "GTU_13"], ["GTU_01", "GTU_13"]),
        ("gtu_05", ["GTU_05"]),
        ("GTU_02,GTU_03", ["GTU_02", "GTU_03"]),
        ({"0": "GTU_07", "1": "gtu_07"}, ["GTU_07"]),
        ([], []),
        ("", []),
    ],
)
def test_gtu_codes_are_read_in_every_shape_and_answered_upper_case(client, owner, raw, expected):
    response = _create(client, owner, name="P", gtu_codes=raw)
    assert response.status_code == 201
    assert response.json()["gtu_codes"] == expected


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        (["GTU_14"], "GTU_14 is not a GTU code (allowed: GTU_01 … GTU_13)"),
        ("GTU_00", "GTU_00 is not a GTU code (allowed: GTU_01 … GTU_13)"),
        ([1], "must be a list of GTU codes (GTU_01 … GTU_13)"),
        (5, "must be a list of GTU codes (GTU_01 … GTU_13)"),
    ],
)
def test_other_gtu_codes_are_refused_naming_gtu_codes(client, owner, raw, reason):
    assert _refused(_create(client, owner, name="P", gtu_codes=raw)) == {"gtu_codes": [reason]}


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("a, b,,a", ["a", "b"]),
        (["x", " y ", ""], ["x", "y"]),
        ([2025], ["2025"]),
        ({"0": "p", "1": "q"}, ["p", "q"]),
    ],
)
def test_tag_list_is_a_list_or_a_comma_separated_text(client, owner, raw, expected):
    response = _create(client, owner, name="P", tag_list=raw)
    assert response.status_code == 201
    assert response.json()["tag_list"] == expected
    assert Product.objects.get().tags == expected


@pytest.mark.parametrize("raw", [[{"a": 1}], ["x" * 101], 5])
def test_other_tag_lists_are_refused_naming_tag_list(client, owner, raw):
    assert list(_refused(_create(client, owner, name="P", tag_list=raw))) == ["tag_list"]


@pytest.mark.parametrize(
    ("field", "raw"), [("size_unit", "mm"), ("weight_unit", "lb"), ("size_unit", "kg")]
)
def test_units_outside_the_reference_are_refused(client, owner, field, raw):
    allowed = {"size_unit": "m, cm", "weight_unit": "kg, g"}[field]
    assert _refused(_create(client, owner, name="P", **{field: raw})) == {
        field: [f"must be one of: {allowed}"]
    }


@pytest.mark.parametrize(
    ("field", "raw", "reason"),
    [
        ("quantity", "-1", "must not be negative"),
        ("weight", "-0.5", "must not be negative"),
        ("stock_level", "1.23456", "may have at most 4 decimal places"),
        ("size_width", "100000000000000", "is too large"),
        ("stock_level", "abc", None),
    ],
)
def test_quantities_must_fit_their_columns(client, owner, field, raw, reason):
    message = _refused(_create(client, owner, name="P", **{field: raw}))
    assert list(message) == [field]
    if reason is not None:
        assert message[field] == [reason]


def test_negative_stock_level_is_kept(client, owner):
    response = _create(client, owner, name="P", stock_level="-2")
    assert response.json()["stock_level"] == "-2.0"


@pytest.mark.parametrize("raw", ["maybe", 2, "abc"])
def test_flags_must_be_booleans(client, owner, raw):
    assert list(_refused(_create(client, owner, name="P", service=raw))) == ["service"]


@pytest.mark.parametrize("raw", ["abc", 1.5])
def test_category_id_must_be_a_whole_number(client, owner, raw):
    assert list(_refused(_create(client, owner, name="P", category_id=raw))) == ["category_id"]


@pytest.mark.parametrize("raw", [0, -3, 99999999999999999999])
def test_category_ids_that_name_no_category_are_refused(client, owner, raw):
    assert _refused(_create(client, owner, name="P", category_id=raw)) == {
        "category_id": ["no such category in this account"]
    }


def test_numbers_are_accepted_for_codes_and_taxes(client, owner):
    response = _create(client, owner, name="P", ean_code=5901296385074, tax=8, price_net=10)
    assert response.status_code == 201
    data = response.json()
    assert (data["ean_code"], data["tax"], data["price_gross"]) == ("5901296385074", "8", "10.80")


def test_a_non_object_product_is_refused(client, owner):
    response = client.post(
        "/products.json",
        data=json.dumps({"api_token": owner.api_token, "product": "P"}),
        content_type="application/json",
    )
    assert response.status_code == 422
    assert not Product.objects.exists()


json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False)
    | st.text(max_size=20)
    | st.sampled_from(["-1", "1e20", "0,5", "GTU_01", "23", "zw", "PLN", "1.00001"]),
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=6), children, max_size=3)
    ),
    max_leaves=8,
)
product_fields = st.sampled_from(
    [
        "name",
        "code",
        "tax",
        "price_net",
        "price_gross",
        "currency",
        "category_id",
        "tag_list",
        "gtu_codes",
        "stock_level",
        "purchase_price_gross",
        "purchase_tax",
        "package",
        "package_products_details",
        "quantity",
        "size_unit",
        "weight",
    ]
)
NO_HEALTH = [HealthCheck.function_scoped_fixture, HealthCheck.too_slow]


@settings(max_examples=80, deadline=None, suppress_health_check=NO_HEALTH)
@given(fields=st.dictionaries(product_fields, json_values, max_size=6))
def test_no_product_body_makes_a_5xx(client, owner, fields):
    product = factories.product(owner, "Cel")
    body = {"api_token": owner.api_token, "product": {"name": "P", **fields}}
    for method, path in (("POST", "/products.json"), ("PUT", f"/products/{product.pk}.json")):
        response = client.generic(
            method, path, data=json.dumps(body), content_type="application/json"
        )
        assert response.status_code < 500, response.content


@pytest.mark.parametrize(
    ("field", "raw", "path"),
    [("name", "a\x00b", "name"), ("code", "\x00", "code"), ("tag_list", ["x\x00"], "tag_list.0")],
)
def test_nul_characters_are_refused_before_the_database(client, owner, field, raw, path):
    fields = {"name": "P", field: raw}
    response = _create(client, owner, **fields)
    assert response.status_code == 400
    assert f"'product.{path}' contains a NUL character" in response.json()["message"]
    assert not Product.objects.exists()


def test_nul_in_a_search_answers_400(client, owner):
    response = client.get(f"/products.json?api_token={owner.api_token}&name=a%00b")
    assert response.status_code == 400
    assert "'name' contains a NUL character" in response.json()["message"]
