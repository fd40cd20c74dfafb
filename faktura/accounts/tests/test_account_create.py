import json

import pytest

from faktura.accounts.models import Account, Membership, User
from faktura.catalog.models import Department
from faktura.tests import factories

pytestmark = pytest.mark.django_db

INTEGRATION_TOKEN = "partner-integration-secret"


@pytest.fixture(autouse=True)
def _integration_token(settings):
    settings.FAKTURA_INTEGRATION_TOKEN = INTEGRATION_TOKEN


def _create(client, body: dict):
    return client.post("/account.json", data=json.dumps(body), content_type="application/json")


FULL_EXAMPLE = {
    "account": {"prefix": "prefix1", "lang": "pl"},
    "user": {
        "login": "login1",
        "email": "email1@email.pl",
        "password": "password1",
        "from_partner": "PARTNER_CODE",
    },
    "company": {
        "name": "Company1",
        "tax_no": "5252445700",
        "post_code": "00-112",
        "city": "Warsaw",
        "street": "Street 1/10",
        "person": "Jan Nowak",
        "bank": "Bank1",
        "bank_account": "111222333444555666111",
    },
    "integration_token": INTEGRATION_TOKEN,
}


def test_reference_example_creates_account_owner_and_company(client):
    response = _create(client, FULL_EXAMPLE)

    assert response.status_code == 201
    body = response.json()
    assert body == {
        "prefix": "prefix1",
        "api_token": body["api_token"],
        "url": "https://prefix1.faktura.test",
        "login": "login1",
        "email": "email1@email.pl",
    }
    assert len(body["api_token"]) == 32
    account = Account.objects.get(prefix="prefix1")
    company = Department.objects.get(account=account, main=True)
    assert (company.name, company.tax_no, company.city, company.bank_account) == (
        "Company1",
        "5252445700",
        "Warsaw",
        "111222333444555666111",
    )
    owner = Membership.objects.get(account=account)
    assert owner.role == "owner"
    assert owner.user.check_password("password1")


def test_new_accounts_token_works_on_the_api(client):
    token = _create(client, FULL_EXAMPLE).json()["api_token"]
    response = client.get(f"/account.json?api_token={token}")
    assert response.status_code == 200
    assert response.json()["company"]["name"] == "Company1"


def test_taken_prefix_and_login_get_free_variants(client):
    _create(client, FULL_EXAMPLE)
    second = {**FULL_EXAMPLE, "user": {**FULL_EXAMPLE["user"], "email": "other@email.pl"}}
    response = _create(client, second)
    assert response.status_code == 201
    assert response.json()["prefix"] == "prefix1-2"
    assert response.json()["login"] == "login1-2"


def test_taken_email_is_refused_with_422_naming_email(client):
    _create(client, FULL_EXAMPLE)
    second = {**FULL_EXAMPLE, "account": {"prefix": "another"}}
    response = _create(client, second)
    assert response.status_code == 422
    assert response.json() == {"code": "error", "message": {"email": ["jest już zajęte"]}}
    assert not Account.objects.filter(prefix="another").exists()


def test_account_without_user_gets_an_owner_holding_the_token(client):
    body = {"account": {"prefix": "solo"}, "integration_token": INTEGRATION_TOKEN}
    response = _create(client, body)
    assert response.status_code == 201
    assert response.json()["login"] == "solo"
    assert response.json()["email"] is None
    assert client.get(f"/account.json?api_token={response.json()['api_token']}").status_code == 200


def test_integration_fast_login_and_logout_url_are_stored(client):
    body = {
        **FULL_EXAMPLE,
        "account": {
            "prefix": "fast",
            "integration_fast_login": True,
            "integration_logout_url": "http://twojastrona.pl/",
        },
    }
    assert _create(client, body).status_code == 201
    account = Account.objects.get(prefix="fast")
    assert account.integration_fast_login is True
    assert account.integration_logout_url == "http://twojastrona.pl/"


@pytest.mark.parametrize(
    ("account", "field"),
    [
        ({"prefix": "bad prefix!"}, "prefix"),
        ({"prefix": "ok", "lang": "xx"}, "lang"),
        ({"prefix": "ok", "integration_logout_url": "not a url"}, "integration_logout_url"),
        ({"prefix": "x" * 41}, "prefix"),
    ],
)
def test_invalid_account_fields_answer_422_naming_the_field(client, account, field):
    response = _create(client, {**FULL_EXAMPLE, "account": account})
    assert response.status_code == 422
    assert list(response.json()["message"]) == [field]
    assert not User.objects.exists()


def test_short_password_is_refused_and_nothing_is_written(client):
    body = {**FULL_EXAMPLE, "user": {**FULL_EXAMPLE["user"], "password": "short"}}
    response = _create(client, body)
    assert response.status_code == 422
    assert "password" in response.json()["message"]
    assert not Account.objects.exists()
    assert not User.objects.exists()


def test_overlong_company_field_answers_422_not_500(client):
    body = {**FULL_EXAMPLE, "company": {"name": "N" * 300}}
    response = _create(client, body)
    assert response.status_code == 422
    assert "name" in response.json()["message"]


def test_wrong_integration_token_is_refused(client):
    response = _create(client, {**FULL_EXAMPLE, "integration_token": "guess"})
    assert response.status_code == 401
    assert not Account.objects.exists()


def test_no_credentials_is_refused(client):
    body = {key: value for key, value in FULL_EXAMPLE.items() if key != "integration_token"}
    assert _create(client, body).status_code == 401


def test_integration_token_does_nothing_when_the_server_has_none(client, settings):
    settings.FAKTURA_INTEGRATION_TOKEN = ""
    body = {**FULL_EXAMPLE, "integration_token": ""}
    assert _create(client, body).status_code == 401


def test_partner_api_token_creates_accounts_linked_to_the_partner(client):
    partner = factories.account(prefix="partner")
    partner.account.is_partner = True
    partner.account.save()
    body = {**FULL_EXAMPLE, "api_token": partner.api_token}
    del body["integration_token"]
    response = _create(client, body)
    assert response.status_code == 201
    assert Account.objects.get(prefix="prefix1").partner == partner.account


def test_api_token_of_a_non_partner_account_is_forbidden(client, owner):
    body = {**FULL_EXAMPLE, "api_token": owner.api_token}
    del body["integration_token"]
    response = _create(client, body)
    assert response.status_code == 403
    assert response.json()["code"] == "error"
    assert not Account.objects.filter(prefix="prefix1").exists()


def test_account_created_from_rails_form_params(client):
    form = (
        f"integration_token={INTEGRATION_TOKEN}&account[prefix]=formacct"
        "&user[email]=form@example.pl&user[password]=password1&company[name]=Firma+Formularz"
    )
    response = client.post(
        "/account.json", data=form, content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 201
    assert response.json()["prefix"] == "formacct"
    assert Department.objects.get(account__prefix="formacct").name == "Firma Formularz"


def test_account_created_from_xml_answers_in_xml(client):
    xml = (
        "<hash><integration_token>" + INTEGRATION_TOKEN + "</integration_token>"
        "<account><prefix>xmlacct</prefix></account>"
        "<user><email>xml@example.pl</email><password>password1</password></user>"
        "<company><name>Zażółć sp. z o.o.</name></company></hash>"
    )
    response = client.post("/account.xml", data=xml.encode(), content_type="application/xml")
    assert response.status_code == 201
    assert response["Content-Type"].startswith("application/xml")
    assert b"<prefix>xmlacct</prefix>" in response.content
    assert Department.objects.get(account__prefix="xmlacct").name == "Zażółć sp. z o.o."


def test_get_account_shows_the_callers_account_and_company(client, owner):
    response = client.get(f"/account.json?api_token={owner.api_token}")
    body = response.json()
    assert response.status_code == 200
    assert (body["prefix"], body["login"], body["email"], body["role"]) == (
        "acme",
        "acme-owner",
        "owner@acme.example",
        "owner",
    )
    assert body["api_token"] == owner.api_token
    assert body["company"]["name"] == "Acme sp. z o.o."
    assert body["url"] == "https://acme.faktura.test"


@pytest.mark.parametrize(
    ("lang", "reason"),
    [("pl", "nie może być puste"), ("en", "can't be blank"), ("uk", "не може бути порожнім")],
)
def test_validation_messages_speak_the_accounts_language(client, lang, reason):
    body = {**FULL_EXAMPLE, "account": {"prefix": f"lang-{lang}", "lang": lang}}
    token = _create(client, body).json()["api_token"]
    response = client.post(
        "/departments.json",
        data=json.dumps({"api_token": token, "department": {"name": ""}}),
        content_type="application/json",
    )
    assert response.json()["message"] == {"name": [reason]}


def test_unauthenticated_calls_follow_accept_language(client):
    body = {**FULL_EXAMPLE, "account": {"prefix": "bad prefix"}}
    english = client.post(
        "/account.json",
        data=json.dumps(body),
        content_type="application/json",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert english.json()["message"]["prefix"][0].startswith("may contain only letters")
    polish = _create(client, body)
    assert polish.json()["message"]["prefix"][0].startswith("może zawierać tylko litery")


def test_free_variants_of_long_prefixes_and_logins_stay_within_their_columns(client):
    prefix, login = "p" * 40, "l" * 150
    first = {
        **FULL_EXAMPLE,
        "account": {"prefix": prefix},
        "user": {"login": login, "email": "a@example.pl", "password": "password1"},
    }
    second = {**first, "user": {**first["user"], "email": "b@example.pl"}}
    assert _create(client, first).status_code == 201
    response = _create(client, second)
    assert response.status_code == 201
    assert response.json()["prefix"] == "p" * 38 + "-2"
    assert response.json()["login"] == "l" * 148 + "-2"


def test_a_prefix_taken_between_check_and_insert_gets_the_next_variant(client, monkeypatch):
    from faktura.accounts import services

    assert _create(client, FULL_EXAMPLE).status_code == 201
    real_check = services._prefix_taken
    answers = iter([False])  # the first check misses the row a racing request wrote

    def _first_or_real(prefix: str) -> bool:
        try:
            return next(answers)
        except StopIteration:
            return real_check(prefix)

    monkeypatch.setattr(services, "_prefix_taken", _first_or_real)
    second = {**FULL_EXAMPLE, "user": {**FULL_EXAMPLE["user"], "email": "race@email.pl"}}
    response = _create(client, second)
    assert response.status_code == 201
    assert response.json()["prefix"] == "prefix1-2"
    assert Account.objects.filter(prefix__startswith="prefix1").count() == 2
