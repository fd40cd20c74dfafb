"""Clients over HTTP: create, read, update, delete, formats, isolation."""

import json
from urllib.parse import urlencode

import pytest

from faktura.catalog.models import Category, Client, PriceList
from faktura.catalog.tests.factories_clients import english, listed, make_client, post, put, show

pytestmark = pytest.mark.django_db

FIELDS = [
    "id",
    "name",
    "shortcut",
    "tax_no_kind",
    "tax_no",
    "tax_no_check",
    "disable_tax_no_validation",
    "register_number",
    "accounting_id",
    "post_code",
    "city",
    "street",
    "country",
    "use_delivery_address",
    "delivery_address",
    "first_name",
    "last_name",
    "email",
    "phone",
    "mobile_phone",
    "www",
    "fax",
    "note",
    "tag_list",
    "company",
    "kind",
    "category_id",
    "bank",
    "bank_account",
    "discount",
    "default_tax",
    "price_list_id",
    "payment_to_kind",
    "default_payment_type",
    "disable_auto_reminders",
    "person",
    "buyer_id",
    "mass_payment_code",
    "external_id",
    "tp_client_connection",
    "created_at",
    "updated_at",
]


@pytest.fixture(autouse=True)
def _english_messages(owner):
    english(owner)


def _without_timestamps(data: dict) -> dict:
    return {key: value for key, value in data.items() if key not in ("created_at", "updated_at")}


def test_create_with_only_a_name_answers_201_with_the_defaults(client, owner):
    response = post(client, owner, {"name": "Klient1"})
    assert response.status_code == 201
    body = response.json()
    assert list(body) == FIELDS
    assert _without_timestamps(body) == {
        "id": Client.objects.get().pk,
        "name": "Klient1",
        "shortcut": "Klient1",
        "tax_no_kind": "",
        "tax_no": "",
        "tax_no_check": None,
        "disable_tax_no_validation": False,
        "register_number": "",
        "accounting_id": "",
        "post_code": "",
        "city": "",
        "street": "",
        "country": "",
        "use_delivery_address": False,
        "delivery_address": "",
        "first_name": "",
        "last_name": "",
        "email": "",
        "phone": "",
        "mobile_phone": "",
        "www": "",
        "fax": "",
        "note": "",
        "tag_list": [],
        "company": True,
        "kind": "buyer",
        "category_id": None,
        "bank": "",
        "bank_account": "",
        "discount": None,
        "default_tax": "",
        "price_list_id": None,
        "payment_to_kind": "",
        "default_payment_type": "",
        "disable_auto_reminders": False,
        "person": "",
        "buyer_id": None,
        "mass_payment_code": "",
        "external_id": "",
        "tp_client_connection": False,
    }


def test_the_references_create_example_is_stored_and_shown(client, owner):
    response = post(
        client,
        owner,
        {
            "name": "Klient1",
            "tax_no": "6272616681",
            "bank": "bank1",
            "bank_account": "bank_account1",
            "city": "city1",
            "country": "",
            "email": "email@gmail.com",
            "person": "person1",
            "post_code": "post-code1",
            "phone": "phone1",
            "street": "street1",
        },
    )
    assert response.status_code == 201
    body = response.json()
    assert (body["tax_no"], body["tax_no_check"], body["person"]) == (
        "6272616681",
        "PL6272616681",
        "person1",
    )
    assert show(client, owner, body["id"]) == body


def test_every_field_goes_in_and_comes_back(client, owner):
    category = Category.objects.create(account=owner.account, name="Hurtownie")
    price_list = PriceList.objects.create(account=owner.account, name="Hurt")
    buyer = make_client(owner, "Centrala")
    sent = {
        "name": "Hurtownia Kowalski sp. z o.o.",
        "shortcut": "Kowalski",
        "tax_no_kind": "NIP",
        "tax_no": "525-244-57-67",
        "disable_tax_no_validation": False,
        "register_number": "123456789",
        "accounting_id": "K-100",
        "post_code": "00-100",
        "city": "Warszawa",
        "street": "Długa 1",
        "country": "PL",
        "use_delivery_address": True,
        "delivery_address": "ul. Krótka 2\n00-200 Warszawa",
        "first_name": "Jan",
        "last_name": "Kowalski",
        "email": "jan@kowalski.example",
        "phone": "+48 22 100 00 00",
        "mobile_phone": "+48 600 000 000",
        "www": "https://kowalski.example",
        "fax": "22 100 00 01",
        "note": "Płaci w terminie",
        "tag_list": ["hurt", "stały"],
        "company": True,
        "kind": "both",
        "category_id": category.pk,
        "bank": "Bank Polski",
        "bank_account": "61 1090 1014 0000 0712 1981 2874",
        "discount": "12.5",
        "default_tax": "8",
        "price_list_id": price_list.pk,
        "payment_to_kind": "14",
        "default_payment_type": "transfer",
        "disable_auto_reminders": True,
        "person": "Anna Nowak",
        "buyer_id": buyer.pk,
        "mass_payment_code": "1234",
        "external_id": "crm-42",
        "tp_client_connection": True,
    }
    response = post(client, owner, sent)
    assert response.status_code == 201, response.content
    body = response.json()
    expected = {**sent, "id": body["id"], "tax_no_check": "PL5252445767"}
    assert _without_timestamps(body) == expected
    assert show(client, owner, body["id"]) == body


def test_show_answers_the_client(client, owner):
    made = make_client(owner, "Klient2", city="Kraków", tag_list="a,b")
    body = show(client, owner, made.pk)
    assert (body["id"], body["name"], body["city"], body["tag_list"]) == (
        made.pk,
        "Klient2",
        "Kraków",
        ["a", "b"],
    )


def test_timestamps_carry_milliseconds_and_the_offset(client, owner):
    body = show(client, owner, make_client(owner, "Centrala").pk)
    assert body["created_at"][19] == "."
    assert body["created_at"][-6] in "+-"


def test_put_changes_only_the_fields_sent(client, owner):
    made = make_client(owner, "Klient1", city="city1", email="a@example.com", tag_list=["x"])
    response = put(client, owner, made.pk, {"city": "city2", "street": "street2"})
    assert response.status_code == 200
    body = response.json()
    assert (body["name"], body["city"], body["street"], body["email"], body["tag_list"]) == (
        "Klient1",
        "city2",
        "street2",
        "a@example.com",
        ["x"],
    )
    made.refresh_from_db()
    assert (made.city, made.street) == ("city2", "street2")


def test_patch_updates_too(client, owner):
    made = make_client(owner, "Klient1")
    response = put(client, owner, made.pk, {"phone": 600100200}, method="PATCH")
    assert response.status_code == 200
    assert response.json()["phone"] == "600100200"


def test_empty_values_clear_fields(client, owner):
    category = Category.objects.create(account=owner.account, name="K")
    made = make_client(
        owner, "Klient1", city="X", category_id=category.pk, discount=5, tag_list="a"
    )
    response = put(
        client, owner, made.pk, {"city": "", "category_id": "", "discount": "", "tag_list": ""}
    )
    body = response.json()
    assert (body["city"], body["category_id"], body["discount"], body["tag_list"]) == (
        "",
        None,
        None,
        [],
    )


def test_delete_answers_ok_and_the_client_is_gone(client, owner):
    made = make_client(owner, "Do usunięcia")
    response = client.delete(f"/clients/{made.pk}.json?api_token={owner.api_token}")
    assert response.status_code == 200
    assert response.json() == "ok"
    assert not Client.objects.filter(pk=made.pk).exists()
    assert client.get(f"/clients/{made.pk}.json?api_token={owner.api_token}").status_code == 404


def test_deleting_a_buyer_keeps_the_clients_linked_to_it(client, owner):
    buyer = make_client(owner, "Centrala")
    branch = make_client(owner, "Oddział", buyer_id=buyer.pk)
    client.delete(f"/clients/{buyer.pk}.json?api_token={owner.api_token}")
    assert show(client, owner, branch.pk)["buyer_id"] is None


def test_a_private_person_needs_only_a_last_name(client, owner):
    response = post(client, owner, {"last_name": "Kowalski", "company": False})
    assert response.status_code == 201
    body = response.json()
    assert (body["name"], body["last_name"], body["company"], body["shortcut"]) == (
        "Kowalski",
        "Kowalski",
        False,
        "Kowalski",
    )


def test_a_private_persons_name_is_first_and_last_name(client, owner):
    response = post(client, owner, {"first_name": "Jan", "last_name": "Kowalski", "company": "0"})
    assert response.json()["name"] == "Jan Kowalski"


def test_text_fields_accept_numbers(client, owner):
    response = post(
        client, owner, {"name": 123, "tax_no": 5252445767, "external_id": 100, "phone": 600}
    )
    assert response.status_code == 201
    body = response.json()
    assert (body["name"], body["tax_no"], body["external_id"], body["phone"]) == (
        "123",
        "5252445767",
        "100",
        "600",
    )


def test_tag_list_may_be_a_comma_separated_string(client, owner):
    response = post(client, owner, {"name": "K", "tag_list": " hurt, detal ,,hurt"})
    assert response.json()["tag_list"] == ["hurt", "detal"]


def test_xml_body_creates_and_reads_back_as_xml(client, owner):
    xml = (
        "<client><name>Łódzka Hurtownia</name><tax_no>5252445767</tax_no>"
        '<company type="boolean">true</company><discount type="decimal">7.5</discount>'
        '<tag_list type="array"><tag_list>hurt</tag_list><tag_list>łódź</tag_list></tag_list>'
        "</client>"
    )
    response = client.post(
        f"/clients.xml?api_token={owner.api_token}",
        data=xml.encode(),
        content_type="application/xml",
    )
    assert response.status_code == 201, response.content
    assert response["Content-Type"].startswith("application/xml")
    made = Client.objects.get()
    assert (made.name, made.tags, str(made.discount)) == (
        "Łódzka Hurtownia",
        ["hurt", "łódź"],
        "7.5000",
    )
    text = client.get(f"/clients/{made.pk}.xml?api_token={owner.api_token}").content.decode()
    assert "<name>Łódzka Hurtownia</name>" in text
    assert "<tax_no_check>PL5252445767</tax_no_check>" in text
    assert "<discount>7.5</discount>" in text
    assert '<tag_list type="array">' in text
    assert "<item>łódź</item>" in text
    assert '<company type="boolean">true</company>' in text


def test_rails_form_params_create_a_client(client, owner):
    form = urlencode(
        [
            ("api_token", owner.api_token),
            ("client[name]", "Formularz"),
            ("client[company]", "0"),
            ("client[last_name]", "Nowak"),
            ("client[tag_list][]", "a"),
            ("client[tag_list][]", "b"),
            ("client[payment_to_kind]", "off"),
        ]
    )
    response = client.post(
        "/clients.json", data=form, content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["name"], body["company"], body["tag_list"], body["payment_to_kind"]) == (
        "Formularz",
        False,
        ["a", "b"],
        "off",
    )


def test_list_is_a_bare_array_of_the_accounts_clients_in_id_order(client, owner, other_owner):
    first, second = make_client(owner, "A"), make_client(owner, "B")
    make_client(other_owner, "Obcy")
    body = listed(client, owner)
    assert [c["id"] for c in body] == [first.pk, second.pk]
    assert list(body[0]) == FIELDS


def test_list_pages(client, owner):
    made = [make_client(owner, f"K{n}").pk for n in range(3)]
    assert [c["id"] for c in listed(client, owner, "per_page=2&page=2")] == made[2:]
    assert [c["id"] for c in listed(client, owner, "order=name.desc")] == made[::-1]


def test_another_accounts_client_is_404_on_every_route_and_unchanged(client, owner, other_owner):
    foreign = make_client(other_owner, "Obcy", city="Gdańsk")
    token = owner.api_token
    assert client.get(f"/clients/{foreign.pk}.json?api_token={token}").status_code == 404
    for method in ("PUT", "PATCH"):
        response = put(client, owner, foreign.pk, {"city": "Przejęte"}, method=method)
        assert response.status_code == 404
        assert "Gdańsk" not in response.content.decode()
    assert client.delete(f"/clients/{foreign.pk}.json?api_token={token}").status_code == 404
    foreign.refresh_from_db()
    assert foreign.city == "Gdańsk"


def test_create_in_one_account_is_invisible_to_another(client, owner, other_owner):
    post(client, owner, {"name": "Tajny"})
    assert listed(client, other_owner) == []


def test_update_answers_json_with_the_full_object(client, owner):
    made = make_client(owner, "K")
    body = put(client, owner, made.pk, {"kind": "seller"}).json()
    assert list(body) == FIELDS
    assert body["kind"] == "seller"
    assert json.loads(json.dumps(body))["updated_at"] >= body["created_at"]
