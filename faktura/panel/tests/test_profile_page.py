"""The user's own page: name, language, password and API token, open to every role."""

import pytest
from django.test import Client

from faktura.accounts.models import Membership
from faktura.tests import factories
from faktura.tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


def _browser(login: str, password: str = PASSWORD) -> Client:
    browser = Client(HTTP_HOST="acme.faktura.test", HTTP_ACCEPT="text/html")
    assert browser.post("/login", {"login": login, "password": password}).status_code == 302
    return browser


def test_the_language_chosen_is_the_panels(owner):
    browser = _browser(owner.user.login)
    response = browser.post(
        "/profile", {"save_profile": "1", "first_name": "Anna", "last_name": "Nowak", "lang": "en"}
    )
    assert response["Location"] == "/profile"
    owner.user.refresh_from_db()
    assert (owner.user.first_name, owner.user.lang) == ("Anna", "en")
    assert "Invoices" in browser.get("/").content.decode()
    refused = browser.post("/profile", {"save_profile": "1", "lang": "xx"})
    assert refused.status_code == 422
    owner.user.refresh_from_db()
    assert owner.user.lang == "en"


def test_a_password_change_needs_the_current_one_and_the_accounts_rule(owner):
    browser = _browser(owner.user.login)
    wrong = browser.post(
        "/profile",
        {
            "save_password": "1",
            "current": "nie to",
            "password": "Nowe-Haslo-1",
            "password_again": "Nowe-Haslo-1",
        },
    )
    assert "To nie jest Twoje obecne hasło." in wrong.content.decode()
    short = browser.post(
        "/profile",
        {
            "save_password": "1",
            "current": PASSWORD,
            "password": "krótkie",
            "password_again": "krótkie",
        },
    )
    assert "errorlist" in short.content.decode()
    done = browser.post(
        "/profile",
        {
            "save_password": "1",
            "current": PASSWORD,
            "password": "Nowe-Haslo-1",
            "password_again": "Nowe-Haslo-1",
        },
    )
    assert done["Location"] == "/profile"
    assert browser.get("/").status_code == 200  # still signed in
    _browser(owner.user.login, "Nowe-Haslo-1")


def test_the_api_token_is_shown_on_request_and_regenerated(owner):
    browser = _browser(owner.user.login)
    old = owner.api_token
    assert old not in browser.get("/profile").content.decode()
    assert old in browser.post("/profile", {"reveal": "1"}).content.decode()
    browser.post("/profile/api_token")  # not confirmed: nothing changes
    assert Membership.objects.get(pk=owner.pk).api_token == old
    browser.post("/profile/api_token", {"confirm": "yes"})
    new = Membership.objects.get(pk=owner.pk).api_token
    assert new != old
    assert new in browser.post("/profile", {"reveal": "1"}).content.decode()
    api = Client(HTTP_HOST="acme.faktura.test")
    assert api.get(f"/account.json?api_token={old}").status_code == 401
    assert api.get(f"/account.json?api_token={new}").status_code == 200


def test_an_accountant_changes_only_their_own_profile(owner):
    accountant = factories.member(owner, role="accountant")
    browser = _browser(accountant.user.email)
    response = browser.post("/profile", {"save_profile": "1", "lang": "uk"})
    assert response.status_code == 302
    accountant.user.refresh_from_db()
    assert accountant.user.lang == "uk"
    assert browser.post("/invoices/new", {}).status_code == 403


def test_an_email_is_changed_through_the_accounts_rules(owner, other_owner):
    browser = _browser(owner.user.login)
    taken = browser.post(
        "/profile",
        {"save_profile": "1", "first_name": "Anna", "email": other_owner.user.email, "lang": "pl"},
    )
    assert taken.status_code == 422
    html = taken.content.decode()
    assert "jest już zajęte" in html
    assert 'value="Anna"' in html
    assert f'value="{other_owner.user.email}"' in html
    owner.user.refresh_from_db()
    assert (owner.user.first_name, owner.user.email) == ("", "owner@acme.example")
    bad = browser.post("/profile", {"save_profile": "1", "email": "anna@", "lang": "pl"})
    assert "nie jest poprawnym adresem e-mail" in bad.content.decode()
    saved = browser.post(
        "/profile", {"save_profile": "1", "email": "anna@acme.example", "lang": "pl"}
    )
    assert saved["Location"] == "/profile"
    owner.user.refresh_from_db()
    assert owner.user.email == "anna@acme.example"
    _browser("anna@acme.example")
