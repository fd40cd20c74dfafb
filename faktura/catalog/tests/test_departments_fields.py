"""Departments' invoice settings, PATCH, formats, and the seller data invoices take from them."""

import json
from urllib.parse import urlencode

import pytest

from faktura.catalog.models import BankAccount, BankAccountDepartment, Department
from faktura.catalog.services.departments import seller_data
from faktura.tests import factories

pytestmark = pytest.mark.django_db

FIELDS = [
    "id",
    "name",
    "shortcut",
    "main",
    "tax_no_kind",
    "tax_no",
    "street",
    "post_code",
    "city",
    "country",
    "person",
    "email",
    "phone",
    "mobile_phone",
    "www",
    "fax",
    "bank",
    "bank_account",
    "bank_swift",
    "logo_url",
    "invoice_lang",
    "invoice_description",
    "footer_content",
    "use_mass_payment",
    "mass_payment_pattern",
    "created_at",
    "updated_at",
]


def _send(client, method, path, body):
    return client.generic(method, path, data=json.dumps(body), content_type="application/json")


def test_a_department_is_answered_with_the_invoice_settings(client, owner):
    response = _send(
        client,
        "POST",
        "/departments.json",
        {
            "api_token": owner.api_token,
            "department": {
                "name": "Sklep",
                "shortcut": "SKL",
                "invoice_lang": "pl/en",
                "invoice_description": "Dziękujemy za zakupy",
                "footer_content": "Sklep sp. z o.o., KRS 0000000000",
                "use_mass_payment": "1",
                "mass_payment_pattern": "PL00 0000 0000 0000 0000 0000 03",
            },
        },
    )
    assert response.status_code == 201
    body = response.json()
    assert list(body) == FIELDS
    assert body["logo_url"] is None
    assert body["invoice_lang"] == "pl/en"
    assert body["invoice_description"] == "Dziękujemy za zakupy"
    assert body["footer_content"] == "Sklep sp. z o.o., KRS 0000000000"
    assert body["use_mass_payment"] is True
    assert body["mass_payment_pattern"] == "PL00 0000 0000 0000 0000 0000 03"
    stored = Department.objects.get(pk=body["id"])
    assert (stored.invoice_lang, stored.use_mass_payment) == ("pl/en", True)


def test_patch_changes_only_the_given_fields(client, owner):
    department = factories.department(owner, "Sklep", city="Kraków", footer_content="Stopka")
    response = _send(
        client,
        "PATCH",
        f"/departments/{department.pk}.json",
        {"api_token": owner.api_token, "department": {"invoice_description": "Opis"}},
    )
    assert response.status_code == 200
    assert response.json()["invoice_description"] == "Opis"
    assert response.json()["footer_content"] == "Stopka"
    assert response.json()["city"] == "Kraków"


def test_empty_values_clear_the_invoice_settings(client, owner):
    department = factories.department(
        owner, "Sklep", invoice_lang="en", footer_content="Stopka", use_mass_payment=True
    )
    response = _send(
        client,
        "PUT",
        f"/departments/{department.pk}.json",
        {
            "api_token": owner.api_token,
            "department": {"invoice_lang": "", "footer_content": None, "use_mass_payment": False},
        },
    )
    assert response.status_code == 200
    department.refresh_from_db()
    assert (department.invoice_lang, department.footer_content) == ("", "")
    assert department.use_mass_payment is False


@pytest.mark.parametrize(
    ("field", "value"),
    [("invoice_lang", "x" * 11), ("mass_payment_pattern", "1" * 65), ("use_mass_payment", "maybe")],
)
def test_invalid_invoice_settings_are_422_naming_the_field(client, owner, field, value):
    response = _send(
        client,
        "POST",
        "/departments.json",
        {"api_token": owner.api_token, "department": {"name": "Sklep", field: value}},
    )
    assert response.status_code == 422
    assert list(response.json()["message"]) == [field]
    assert not Department.objects.filter(name="Sklep").exists()


def test_invoice_settings_round_trip_through_xml(client, owner):
    xml = (
        "<department><name>Biuro</name><invoice_lang>en</invoice_lang>"
        '<use_mass_payment type="boolean">true</use_mass_payment>'
        "<footer_content>Stopka &amp; więcej</footer_content></department>"
    )
    created = client.post(
        f"/departments.xml?api_token={owner.api_token}",
        data=xml.encode(),
        content_type="application/xml",
    )
    assert created.status_code == 201
    department = Department.objects.get(account=owner.account, name="Biuro")
    text = client.get(f"/departments/{department.pk}.xml?api_token={owner.api_token}")
    body = text.content.decode()
    assert "<invoice_lang>en</invoice_lang>" in body
    assert '<use_mass_payment type="boolean">true</use_mass_payment>' in body
    assert "<footer_content>Stopka &amp; więcej</footer_content>" in body
    assert '<logo_url nil="true"/>' in body


def test_invoice_settings_from_rails_form_params(client, owner):
    form = urlencode(
        {
            "api_token": owner.api_token,
            "department[name]": "Formularz",
            "department[invoice_lang]": "de",
            "department[use_mass_payment]": "yes",
        }
    )
    response = client.post(
        "/departments.json", data=form, content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 201
    assert response.json()["invoice_lang"] == "de"
    assert response.json()["use_mass_payment"] is True


@pytest.mark.parametrize("logo", ["logo.png", 5, True, {"name": "logo.png"}, ["x"]])
def test_a_logo_that_is_not_an_uploaded_file_is_422_naming_logo(client, owner, logo):
    response = _send(
        client,
        "POST",
        "/departments.json",
        {"api_token": owner.api_token, "department": {"name": "Sklep", "logo": logo}},
    )
    assert response.status_code == 422
    assert list(response.json()["message"]) == ["logo"]
    assert not Department.objects.filter(name="Sklep").exists()


def test_a_null_logo_on_a_new_department_means_no_logo(client, owner):
    response = _send(
        client,
        "POST",
        "/departments.json",
        {"api_token": owner.api_token, "department": {"name": "Sklep", "logo": None}},
    )
    assert response.status_code == 201
    assert response.json()["logo_url"] is None


def test_patch_of_another_accounts_department_is_404_and_changes_nothing(
    client, owner, other_owner
):
    foreign = factories.department(other_owner, "Cudzy", footer_content="Ich stopka")
    response = _send(
        client,
        "PATCH",
        f"/departments/{foreign.pk}.json",
        {"api_token": owner.api_token, "department": {"footer_content": "Nasza"}},
    )
    assert response.status_code == 404
    foreign.refresh_from_db()
    assert foreign.footer_content == "Ich stopka"


def test_seller_data_is_the_departments_company_data(owner):
    department = factories.department(
        owner,
        "Sklep Internetowy sp. z o.o.",
        tax_no="5252445767",
        tax_no_kind="nip",
        street="Prosta 1",
        post_code="00-001",
        city="Warszawa",
        country="PL",
        email="sklep@example.com",
        phone="22 123 45 67",
        mobile_phone="600 000 000",
        fax="22 123 45 68",
        www="sklep.example.com",
        person="Jan Kowalski",
        bank="mBank",
        bank_account="PL61 1090 1014 0000 0712 1981 2874",
    )
    assert seller_data(department) == {
        "seller_name": "Sklep Internetowy sp. z o.o.",
        "seller_tax_no": "5252445767",
        "seller_tax_no_kind": "nip",
        "seller_street": "Prosta 1",
        "seller_post_code": "00-001",
        "seller_city": "Warszawa",
        "seller_country": "PL",
        "seller_email": "sklep@example.com",
        "seller_phone": "22 123 45 67",
        "seller_fax": "22 123 45 68",
        "seller_www": "sklep.example.com",
        "seller_person": "Jan Kowalski",
        "seller_bank": "mBank",
        "seller_bank_account": "PL61 1090 1014 0000 0712 1981 2874",
    }


def test_seller_data_falls_back_to_the_mobile_phone_and_the_main_bank_account(owner):
    department = factories.department(owner, "Oddział", mobile_phone="600 000 000")
    main = BankAccount.objects.create(
        account=owner.account,
        bank_name="ING Bank Śląski",
        bank_account_number="DE89 3704 0044 0532 0130 00",
        number_normalized="DE89370400440532013000",
    )
    other = BankAccount.objects.create(
        account=owner.account,
        bank_name="Inny",
        bank_account_number="GB82 WEST 1234 5698 7654 32",
        number_normalized="GB82WEST12345698765432",
    )
    for bank_account, is_main in ((other, False), (main, True)):
        BankAccountDepartment.objects.create(
            account=owner.account,
            bank_account=bank_account,
            department=department,
            main_on_department=is_main,
        )
    data = seller_data(department)
    assert data["seller_phone"] == "600 000 000"
    assert data["seller_bank"] == "ING Bank Śląski"
    assert data["seller_bank_account"] == "DE89 3704 0044 0532 0130 00"


def test_seller_data_of_a_department_without_bank_data_has_empty_bank_fields(owner):
    data = seller_data(factories.department(owner, "Oddział"))
    assert (data["seller_bank"], data["seller_bank_account"]) == ("", "")


def test_the_account_shows_its_company_with_the_new_fields(client, owner):
    body = client.get(f"/account.json?api_token={owner.api_token}").json()
    assert body["company"]["logo_url"] is None
    assert body["company"]["use_mass_payment"] is False
