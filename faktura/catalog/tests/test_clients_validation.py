"""Clients: bad input answers 422 naming the field and writes nothing."""

import pytest

from faktura.catalog.models import Category, Client, PriceList
from faktura.catalog.tests.factories_clients import english, make_client, post, put

pytestmark = pytest.mark.django_db

BLANK = "can't be blank"
NOT_HERE = "does not exist in this account"


@pytest.fixture(autouse=True)
def _english_messages(owner):
    english(owner)


def _errors(response) -> dict:
    assert response.status_code == 422, response.content
    assert response.json()["code"] == "error"
    return response.json()["message"]


def test_a_company_without_a_name_is_refused_naming_name(client, owner):
    assert _errors(post(client, owner, {"city": "Kraków"})) == {"name": [BLANK]}
    assert _errors(post(client, owner, {"name": "  "})) == {"name": [BLANK]}
    assert not Client.objects.exists()


def test_a_person_without_a_last_name_is_refused_naming_last_name(client, owner):
    response = post(client, owner, {"company": False, "first_name": "Jan"})
    assert _errors(response) == {"last_name": [BLANK]}
    response = post(client, owner, {"company": False, "name": "Jan K."})
    assert _errors(response) == {"last_name": [BLANK]}


def test_the_references_update_example_with_an_eleven_digit_nip_is_refused(client, owner):
    made = make_client(owner, "Klient1", tax_no="6272616681")
    response = put(client, owner, made.pk, {"name": "Klient2", "tax_no": "62726166812"})
    assert _errors(response) == {
        "tax_no": ["is not a valid NIP: it must have 10 digits (e.g. 5252445767 or PL5252445767)"]
    }
    made.refresh_from_db()
    assert (made.name, made.tax_no) == ("Klient1", "6272616681")


@pytest.mark.parametrize("country", ["", "PL", "Polska"])
def test_a_nip_with_a_wrong_check_digit_is_refused(client, owner, country):
    response = post(client, owner, {"name": "K", "tax_no": "525-244-57-68", "country": country})
    assert _errors(response) == {"tax_no": ["is not a valid NIP: the check digit does not match"]}


def test_a_prefixed_polish_nip_is_checked_whatever_the_country(client, owner):
    response = post(client, owner, {"name": "K", "tax_no": "PL5252445768", "country": "DE"})
    assert list(_errors(response)) == ["tax_no"]


def test_a_badly_formed_eu_vat_number_is_refused_with_an_example(client, owner):
    response = post(client, owner, {"name": "K", "tax_no": "DE12345678", "tax_no_kind": "nip_ue"})
    assert _errors(response) == {
        "tax_no": ["is not a valid DE VAT number (expected a number like DE123456789)"]
    }


@pytest.mark.parametrize(
    "client_data",
    [
        {"tax_no": "DE123456789", "tax_no_kind": "nip_ue"},
        {"tax_no": "EL123456789"},
        {"tax_no": "XI123456789"},
        {"tax_no": "12345", "country": "DE"},
        {"tax_no": "85010112345", "tax_no_kind": "PESEL"},
        {"tax_no": "abc", "tax_no_kind": "other"},
        {"tax_no": "", "tax_no_kind": "empty"},
        {"tax_no": "5252445768", "disable_tax_no_validation": True},
    ],
)
def test_numbers_that_are_fine_or_not_checked_are_stored_as_given(client, owner, client_data):
    response = post(client, owner, {"name": "K", **client_data})
    assert response.status_code == 201, response.content
    assert response.json()["tax_no"] == client_data["tax_no"]


def test_an_unchanged_stored_number_does_not_block_other_changes(client, owner):
    made = make_client(owner, "K", tax_no="5252445768", disable_tax_no_validation=True)
    assert put(client, owner, made.pk, {"city": "Kraków"}).status_code == 200
    response = put(client, owner, made.pk, {"disable_tax_no_validation": False})
    assert list(_errors(response)) == ["tax_no"]


def test_changing_the_country_to_poland_checks_a_foreign_number(client, owner):
    made = make_client(owner, "K", tax_no="12345", country="DE")
    assert list(_errors(put(client, owner, made.pk, {"country": "PL"}))) == ["tax_no"]


def test_an_unknown_kind_is_refused(client, owner):
    response = post(client, owner, {"name": "K", "kind": "partner"})
    assert _errors(response) == {"kind": ["must be one of: buyer, seller, both"]}


def test_another_accounts_category_price_list_and_buyer_are_refused(client, owner, other_owner):
    category = Category.objects.create(account=other_owner.account, name="Obca")
    price_list = PriceList.objects.create(account=other_owner.account, name="Obcy")
    buyer = make_client(other_owner, "Obcy")
    response = post(
        client,
        owner,
        {
            "name": "K",
            "category_id": category.pk,
            "price_list_id": price_list.pk,
            "buyer_id": buyer.pk,
        },
    )
    assert _errors(response) == {
        "category_id": [NOT_HERE],
        "price_list_id": [NOT_HERE],
        "buyer_id": [NOT_HERE],
    }
    assert not Client.objects.filter(account=owner.account).exists()


def test_missing_and_absurd_ids_are_refused_too(client, owner):
    response = post(client, owner, {"name": "K", "category_id": 10**30, "buyer_id": -1})
    assert _errors(response) == {"category_id": [NOT_HERE], "buyer_id": [NOT_HERE]}


def test_a_client_cannot_be_its_own_buyer(client, owner):
    made = make_client(owner, "K")
    response = put(client, owner, made.pk, {"buyer_id": made.pk})
    assert _errors(response) == {"buyer_id": ["cannot be the client itself"]}


@pytest.mark.parametrize(
    ("discount", "reason"),
    [
        ("101", "must be a percentage from 0 to 100"),
        ("-1", "must be a percentage from 0 to 100"),
        ("1e9", "must be a percentage from 0 to 100"),
        ("1.23456", "may have at most 4 decimal places"),
    ],
)
def test_a_discount_outside_percentages_is_refused(client, owner, discount, reason):
    assert _errors(post(client, owner, {"name": "K", "discount": discount})) == {
        "discount": [reason]
    }


def test_a_discount_that_is_no_number_is_refused(client, owner):
    assert list(_errors(post(client, owner, {"name": "K", "discount": "dużo"}))) == ["discount"]


@pytest.mark.parametrize(
    ("sent", "stored"), [(23, "23"), ("8%", "8"), ("5.0", "5"), ("ZW", "zw"), ("np.", "np")]
)
def test_default_tax_is_stored_as_its_code(client, owner, sent, stored):
    response = post(client, owner, {"name": "K", "default_tax": sent})
    assert response.json()["default_tax"] == stored


def test_a_default_tax_that_is_no_tax_is_refused(client, owner):
    assert _errors(post(client, owner, {"name": "K", "default_tax": "vat"})) == {
        "default_tax": ["must be a VAT rate (e.g. 23) or one of: zw, np, oo, disabled"]
    }


@pytest.mark.parametrize(
    ("sent", "stored"),
    [(30, "30"), ("0", "0"), ("007", "7"), ("OFF", "off"), ("2022-12-31", "2022-12-31")],
)
def test_payment_to_kind_takes_days_off_or_a_date(client, owner, sent, stored):
    response = post(client, owner, {"name": "K", "payment_to_kind": sent})
    assert response.json()["payment_to_kind"] == stored


@pytest.mark.parametrize("sent", ["-5", "30 dni", "2022-02-30", "20221231", "10000", "1.5"])
def test_payment_to_kind_refuses_anything_else(client, owner, sent):
    assert _errors(post(client, owner, {"name": "K", "payment_to_kind": sent})) == {
        "payment_to_kind": [
            'must be a whole number of days (e.g. 30), "off" or a date (YYYY-MM-DD)'
        ]
    }


@pytest.mark.parametrize(
    ("field", "limit"), [("name", 255), ("tax_no", 50), ("city", 100), ("external_id", 255)]
)
def test_overlong_text_is_refused_before_the_database(client, owner, field, limit):
    data = {"name": "K", field: "5" * (limit + 1)}
    assert list(_errors(post(client, owner, data))) == [field]


def test_an_overlong_tag_is_refused(client, owner):
    response = post(client, owner, {"name": "K", "tag_list": ["ok", "x" * 101]})
    assert list(_errors(response)) == ["tag_list"]


def test_a_wrong_boolean_is_refused(client, owner):
    assert list(_errors(post(client, owner, {"name": "K", "company": "maybe"}))) == ["company"]


def test_every_wrong_field_is_named_at_once(client, owner):
    response = post(client, owner, {"kind": "x", "tax_no": "1", "payment_to_kind": "x"})
    assert sorted(_errors(response)) == ["kind", "name", "payment_to_kind", "tax_no"]


def test_a_refused_update_changes_nothing(client, owner):
    made = make_client(owner, "K", city="Kraków")
    response = put(client, owner, made.pk, {"city": "Gdańsk", "kind": "x"})
    assert list(_errors(response)) == ["kind"]
    made.refresh_from_db()
    assert made.city == "Kraków"


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"name": "a\x00b"}, "client.name"),
        ({"name": "K", "note": "\x00"}, "client.note"),
        ({"name": "K", "tag_list": ["\x00"]}, "client.tag_list.0"),
    ],
)
def test_nul_characters_are_refused_naming_the_field(client, owner, data, field):
    # PostgreSQL cannot store NUL: the API refuses it for every resource (faktura.api.parsing).
    response = post(client, owner, data)
    assert response.status_code == 400
    assert response.json()["message"] == (
        f"Parameter {field!r} contains a NUL character, which is not allowed"
    )
    assert not Client.objects.exists()
