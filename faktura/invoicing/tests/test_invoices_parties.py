"""Further recipients and issuers on invoices (`recipients`, `issuers`): create, update, show."""

import json
from decimal import Decimal
from urllib.parse import urlencode

import pytest
from django.test import RequestFactory

from faktura.catalog.tests.factories_clients import english
from faktura.invoicing import selectors
from faktura.invoicing.api.output import InvoiceOut, invoice_out
from faktura.invoicing.models import Invoice, InvoiceParty
from faktura.invoicing.tests import factories_invoices as factories

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english_messages(owner):
    english(owner)


INVOICE = {
    "kind": "vat",
    "issue_date": "2026-11-20",
    "buyer_name": "Klient1 Sp. z o.o.",
    "buyer_tax_no": "5252445767",
    "positions": [{"name": "Produkt A1", "tax": 23, "price_net": 100, "quantity": 1}],
}
# The reference's example entry.
REFERENCE_RECIPIENT = {"name": "Odbiorca1", "company": "true", "email": "odbiorca1@email.pl"}


def _post(client, owner, invoice: dict, fmt: str = "json"):
    body = {"api_token": owner.api_token, "invoice": invoice}
    return client.post(f"/invoices.{fmt}", data=json.dumps(body), content_type="application/json")


def _create(client, owner, **fields) -> dict:
    response = _post(client, owner, {**INVOICE, **fields})
    assert response.status_code == 201, response.content
    return response.json()


def _put(client, owner, invoice_id: int, invoice: dict):
    body = {"api_token": owner.api_token, "invoice": invoice}
    return client.put(
        f"/invoices/{invoice_id}.json", data=json.dumps(body), content_type="application/json"
    )


def _show(client, owner, invoice_id: int) -> dict:
    response = client.get(f"/invoices/{invoice_id}.json?api_token={owner.api_token}")
    assert response.status_code == 200, response.content
    return response.json()


def _errors(response) -> dict:
    assert response.status_code == 422, response.content
    return response.json()["message"]


def _names(parties: list[dict]) -> list[str]:
    return [party["name"] for party in parties]


def test_the_reference_example_creates_recipients_and_issuers_with_every_field(client, owner):
    body = _create(
        client,
        owner,
        recipients=[
            REFERENCE_RECIPIENT,
            {
                "name": "Odbiorca2",
                "first_name": "Jan",
                "last_name": "Nowak",
                "tax_no": "5252445767",
                "company": False,
                "country": "PL",
                "city": "Warszawa",
                "post_code": "00-001",
                "street": "Prosta 1",
                "phone": "123456789",
                "email": "odbiorca2@email.pl",
                "note": "Uwaga",
                "role": "Dodatkowy nabywca",
                "participation": "10,5",
            },
        ],
        issuers=[{"name": "Wystawca1", "role": "Faktor", "participation": 10}],
    )
    first, second = body["recipients"]
    assert first == {
        "id": first["id"],
        "name": "Odbiorca1",
        "first_name": "",
        "last_name": "",
        "tax_no": "",
        "company": True,
        "country": "",
        "city": "",
        "post_code": "",
        "street": "",
        "phone": "",
        "email": "odbiorca1@email.pl",
        "note": "",
        "role": "Odbiorca",
        "participation": None,
        "role_description": "",
    }
    assert second == {
        "id": second["id"],
        "name": "Odbiorca2",
        "first_name": "Jan",
        "last_name": "Nowak",
        "tax_no": "5252445767",
        "company": False,
        "country": "PL",
        "city": "Warszawa",
        "post_code": "00-001",
        "street": "Prosta 1",
        "phone": "123456789",
        "email": "odbiorca2@email.pl",
        "note": "Uwaga",
        "role": "Dodatkowy nabywca",
        "participation": "10.50",
        "role_description": "",
    }
    (issuer,) = body["issuers"]
    assert (issuer["name"], issuer["role"], issuer["participation"]) == (
        "Wystawca1",
        "Faktor",
        "10.00",
    )
    assert _show(client, owner, body["id"])["recipients"] == body["recipients"]


def test_without_a_role_each_side_takes_its_first(client, owner):
    body = _create(client, owner, recipients=[{"name": "O"}], issuers=[{"last_name": "Kowal"}])
    assert body["recipients"][0]["role"] == "Odbiorca"
    assert body["issuers"][0]["role"] == "Wystawca faktury"
    assert body["issuers"][0]["last_name"] == "Kowal"


def test_a_hyphen_minus_role_is_stored_with_the_en_dash(client, owner):
    body = _create(
        client,
        owner,
        recipients=[{"name": "O", "role": "JST - odbiorca"}],
        issuers=[{"name": "W", "role": "Członek GV \u2013 wystawca"}],
    )
    assert body["recipients"][0]["role"] == "JST \u2013 odbiorca"
    assert body["issuers"][0]["role"] == "Członek GV \u2013 wystawca"


def test_rola_inna_takes_its_description(client, owner):
    body = _create(
        client,
        owner,
        recipients=[{"name": "O", "role": "Rola inna", "role_description": "Przewoźnik"}],
    )
    assert (body["recipients"][0]["role"], body["recipients"][0]["role_description"]) == (
        "Rola inna",
        "Przewoźnik",
    )


def test_an_invoice_without_parties_shows_neither_list(client, owner):
    body = _create(client, owner)
    assert "recipients" not in body
    assert "issuers" not in body
    listed = client.get(f"/invoices.json?api_token={owner.api_token}").json()
    assert "recipients" not in listed[0]


def test_parties_from_rails_form_params(client, owner):
    form = urlencode(
        {
            "api_token": owner.api_token,
            "invoice[buyer_name]": "Klient",
            "invoice[positions][0][name]": "Produkt",
            "invoice[positions][0][price_net]": "10",
            "invoice[recipients][0][name]": "Odbiorca1",
            "invoice[recipients][0][company]": "0",
            "invoice[recipients][0][participation]": "12,25",
            "invoice[recipients][1][name]": "Odbiorca2",
            "invoice[issuers][0][name]": "Wystawca1",
            "invoice[issuers][0][role]": "Podmiot pierwotny",
        }
    )
    response = client.post(
        "/invoices.json", data=form, content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert [(p["name"], p["company"], p["participation"]) for p in body["recipients"]] == [
        ("Odbiorca1", False, "12.25"),
        ("Odbiorca2", True, None),
    ]
    assert [(p["name"], p["role"]) for p in body["issuers"]] == [("Wystawca1", "Podmiot pierwotny")]


@pytest.mark.parametrize(
    ("fields", "field", "reason"),
    [
        (
            {"recipients": [{"name": "O", "role": "Faktor"}]},
            "recipients.0.role",
            "must be one of: Odbiorca, Dodatkowy nabywca, Dokonujący płatności, "
            "JST \u2013 odbiorca, Członek GV \u2013 odbiorca, Pracownik, Rola inna",
        ),
        (
            {"issuers": [{"name": "W"}, {"name": "W", "role": "Odbiorca"}]},
            "issuers.1.role",
            "must be one of: Wystawca faktury, Faktor, Podmiot pierwotny, "
            "JST \u2013 wystawca, Członek GV \u2013 wystawca, Rola inna",
        ),
        (
            {"recipients": [{"name": "O", "role": "Rola inna"}]},
            "recipients.0.role_description",
            "is required when role is Rola inna",
        ),
        (
            {"issuers": [{"name": "W", "role": "Faktor", "role_description": "Opis"}]},
            "issuers.0.role_description",
            "is allowed only when role is Rola inna",
        ),
        (
            {"recipients": [{"name": "O", "role_description": "Opis"}]},
            "recipients.0.role_description",
            "is allowed only when role is Rola inna",
        ),
        (
            {"recipients": [{"name": "  ", "email": "a@b.pl"}]},
            "recipients.0.name",
            "give a name, or a first or last name",
        ),
        (
            {"recipients": [{"name": "O", "participation": "100.01"}]},
            "recipients.0.participation",
            "must be between 0 and 100",
        ),
        (
            {"issuers": [{"name": "W", "participation": -1}]},
            "issuers.0.participation",
            "must be between 0 and 100",
        ),
        (
            {"recipients": [{"name": "O", "participation": "10.005"}]},
            "recipients.0.participation",
            "has too many decimal places (at most 2)",
        ),
    ],
)
def test_bad_parties_are_refused_naming_the_field_and_nothing_is_written(
    client, owner, fields, field, reason
):
    response = _post(client, owner, {**INVOICE, **fields})
    assert _errors(response) == {field: [reason]}
    assert not Invoice.objects.exists()
    assert not InvoiceParty.objects.exists()


@pytest.mark.parametrize(
    ("party", "field"),
    [
        ({"name": "O", "role_description": "x" * 26, "role": "Rola inna"}, "role_description"),
        ({"name": "O", "participation": "dużo"}, "participation"),
        ({"name": "x" * 256}, "name"),
        ({"name": "O", "company": "może"}, "company"),
    ],
)
def test_values_the_schema_refuses_are_named_too(client, owner, party, field):
    response = _post(client, owner, {**INVOICE, "recipients": [party]})
    assert list(_errors(response)) == [f"recipients.0.{field}"]
    assert not Invoice.objects.exists()


def test_parties_are_changed_by_id_appended_and_destroyed(client, owner):
    body = _create(
        client,
        owner,
        recipients=[{"name": "Odbiorca1"}, {"name": "Odbiorca2", "role": "Pracownik"}],
        issuers=[{"name": "Wystawca1"}],
    )
    first, second = (party["id"] for party in body["recipients"])
    issuer = body["issuers"][0]["id"]
    response = _put(
        client,
        owner,
        body["id"],
        {
            "recipients": [
                {"id": second, "name": "Nowa nazwa"},
                {"id": first, "_destroy": 1},
                {"name": "Odbiorca3", "role": "Rola inna", "role_description": "Spedytor"},
            ]
        },
    )
    assert response.status_code == 200, response.content
    after = response.json()
    assert [(p["id"], p["name"], p["role"]) for p in after["recipients"][:1]] == [
        (second, "Nowa nazwa", "Pracownik")
    ]
    assert [(p["name"], p["role_description"]) for p in after["recipients"][1:]] == [
        ("Odbiorca3", "Spedytor")
    ]
    # A list not sent stays as it was.
    assert after["issuers"] == body["issuers"]
    assert not InvoiceParty.objects.filter(pk=first).exists()
    response = _put(client, owner, body["id"], {"issuers": [{"id": issuer, "_destroy": "1"}]})
    assert "issuers" not in response.json()
    assert _names(_show(client, owner, body["id"])["recipients"]) == ["Nowa nazwa", "Odbiorca3"]


def test_moving_away_from_rola_inna_drops_its_description(client, owner):
    body = _create(
        client, owner, issuers=[{"name": "W", "role": "Rola inna", "role_description": "Agent"}]
    )
    issuer = body["issuers"][0]["id"]
    after = _put(client, owner, body["id"], {"issuers": [{"id": issuer, "role": "Faktor"}]})
    assert after.status_code == 200, after.content
    assert (after.json()["issuers"][0]["role"], after.json()["issuers"][0]["role_description"]) == (
        "Faktor",
        "",
    )


@pytest.mark.parametrize(
    ("change", "field", "reason"),
    [
        ({"name": ""}, "recipients.0.name", "give a name, or a first or last name"),
        (
            {"role_description": None},
            "recipients.0.role_description",
            "is required when role is Rola inna",
        ),
        ({"participation": 101}, "recipients.0.participation", "must be between 0 and 100"),
    ],
)
def test_a_change_is_checked_on_the_party_it_makes(client, owner, change, field, reason):
    body = _create(
        client,
        owner,
        recipients=[{"name": "O", "role": "Rola inna", "role_description": "Agent"}],
    )
    party = body["recipients"][0]
    response = _put(
        client, owner, body["id"], {"recipients": [{"id": party["id"], **change}, {"name": "N"}]}
    )
    assert _errors(response) == {field: [reason]}
    assert _show(client, owner, body["id"])["recipients"] == [party]


def test_an_id_of_another_invoices_party_is_refused(client, owner):
    other = _create(client, owner, recipients=[{"name": "Cudzy"}])
    mine = _create(client, owner, recipients=[{"name": "Mój"}])
    foreign = other["recipients"][0]["id"]
    response = _put(
        client, owner, mine["id"], {"recipients": [{"name": "Nowy"}, {"id": foreign, "name": "X"}]}
    )
    assert _errors(response) == {"recipients.1.id": ["is not a recipient of this invoice"]}
    assert _names(_show(client, owner, other["id"])["recipients"]) == ["Cudzy"]
    assert _names(_show(client, owner, mine["id"])["recipients"]) == ["Mój"]


def test_a_recipients_id_is_not_an_issuers(client, owner):
    body = _create(client, owner, recipients=[{"name": "O"}])
    recipient = body["recipients"][0]["id"]
    response = _put(client, owner, body["id"], {"issuers": [{"id": recipient, "_destroy": 1}]})
    assert _errors(response) == {"issuers.0.id": ["is not an issuer of this invoice"]}
    assert InvoiceParty.objects.filter(pk=recipient).exists()


def test_the_same_party_twice_in_one_change_is_refused(client, owner):
    body = _create(client, owner, recipients=[{"name": "O"}])
    recipient = body["recipients"][0]["id"]
    response = _put(
        client,
        owner,
        body["id"],
        {"recipients": [{"id": recipient, "_destroy": 1}, {"id": recipient, "name": "X"}]},
    )
    assert _errors(response) == {"recipients.1.id": ["is given more than once"]}
    assert InvoiceParty.objects.get(pk=recipient).name == "O"


def test_parties_in_xml(client, owner):
    body = _create(
        client,
        owner,
        recipients=[{"name": "Odbiorca1", "participation": 5}],
        issuers=[{"name": "Wystawca1"}],
    )
    response = client.get(f"/invoices/{body['id']}.xml?api_token={owner.api_token}")
    assert response.status_code == 200
    text = response.content.decode()
    assert '<recipients type="array">' in text
    assert "<recipient>" in text
    assert "<name>Odbiorca1</name>" in text
    assert "<participation>5.00</participation>" in text
    assert '<issuers type="array">' in text
    assert "<role>Wystawca faktury</role>" in text


def test_parties_from_an_xml_body(client, owner):
    xml = (
        "<invoice><buyer_name>Klient XML</buyer_name><positions><position>"
        "<name>Produkt X1</name><price_net>20</price_net></position></positions>"
        "<recipients><recipient><name>Odbiorca XML</name><role>Pracownik</role></recipient>"
        "</recipients></invoice>"
    )
    response = client.post(
        f"/invoices.xml?api_token={owner.api_token}",
        data=xml.encode(),
        content_type="application/xml",
    )
    assert response.status_code == 201, response.content
    party = InvoiceParty.objects.get()
    assert (party.name, party.role, party.side) == ("Odbiorca XML", "Pracownik", "recipient")


def test_another_account_never_sees_or_changes_them(client, owner, other_owner):
    english(other_owner)
    body = _create(client, owner, recipients=[{"name": "Tajny"}])
    party = body["recipients"][0]["id"]
    seen = client.get(f"/invoices/{body['id']}.json?api_token={other_owner.api_token}")
    assert seen.status_code == 404
    assert "Tajny" not in seen.content.decode()
    listed = client.get(f"/invoices.json?api_token={other_owner.api_token}")
    assert "Tajny" not in listed.content.decode()
    changed = client.put(
        f"/invoices/{body['id']}.json",
        data=json.dumps(
            {
                "api_token": other_owner.api_token,
                "invoice": {"recipients": [{"id": party, "name": "Przejęty"}]},
            }
        ),
        content_type="application/json",
    )
    assert changed.status_code == 404
    theirs = _post(client, other_owner, INVOICE).json()["id"]
    stolen = client.put(
        f"/invoices/{theirs}.json",
        data=json.dumps(
            {
                "api_token": other_owner.api_token,
                "invoice": {"recipients": [{"id": party, "_destroy": 1}]},
            }
        ),
        content_type="application/json",
    )
    assert _errors(stolen) == {"recipients.0.id": ["is not a recipient of this invoice"]}
    assert InvoiceParty.objects.get(pk=party).name == "Tajny"


def test_the_list_shows_each_invoices_own_parties(client, owner):
    first = _create(client, owner, recipients=[{"name": "R1"}], issuers=[{"name": "W1"}])
    second = _create(client, owner, issuers=[{"name": "W2"}, {"name": "W3"}])
    listed = client.get(f"/invoices.json?api_token={owner.api_token}").json()
    by_id = {invoice["id"]: invoice for invoice in listed}
    assert _names(by_id[first["id"]]["recipients"]) == ["R1"]
    assert _names(by_id[first["id"]]["issuers"]) == ["W1"]
    assert "recipients" not in by_id[second["id"]]
    assert _names(by_id[second["id"]]["issuers"]) == ["W2", "W3"]


def test_the_fast_output_equals_ninjas_validation_with_parties(owner):
    invoice = factories.invoice(owner)
    for side, participation in (("recipient", Decimal("12.5")), ("issuer", None)):
        InvoiceParty.objects.create(
            account=owner.account,
            invoice=invoice,
            side=side,
            name=side,
            role="Rola inna",
            role_description="Opis",
            participation=participation,
        )
    loaded = selectors.invoice_detail(account=owner.account, id=invoice.pk)
    context = {"request": RequestFactory().get("/")}
    validated = InvoiceOut.model_validate(loaded, context=context).model_dump(mode="json")
    assert invoice_out(loaded).model_dump(mode="json") == validated
    assert validated["recipients"][0]["participation"] == "12.50"
    assert validated["issuers"][0]["participation"] is None


def test_the_reasons_speak_the_accounts_language(client, other_owner):
    response = _post(
        client,
        other_owner,
        {**INVOICE, "recipients": [{"first_name": " ", "role": "Rola inna", "participation": 200}]},
    )
    assert _errors(response) == {
        "recipients.0.name": ["podaj nazwę albo imię lub nazwisko"],
        "recipients.0.role_description": ["jest wymagane, gdy rola to Rola inna"],
        "recipients.0.participation": ["musi mieścić się w przedziale od 0 do 100"],
    }
