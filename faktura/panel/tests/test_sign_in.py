"""Signing in to the panel: login or e-mail, the account by host or picker, sign-out, reset."""

import re

import pytest
from django.test import Client

from faktura.accounts import services
from faktura.delivery.models import OutgoingEmail
from faktura.invoicing.tests import factories_invoices
from faktura.tests import factories
from faktura.tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


def _browser(host: str = "app.faktura.test") -> Client:
    # Pages are asked for as a browser does: HTML first.
    return Client(HTTP_HOST=host, HTTP_ACCEPT="text/html,application/xhtml+xml")


def _sign_in(browser: Client, login: str, password: str = PASSWORD, next_url: str = ""):
    return browser.post(f"/login?next={next_url}", {"login": login, "password": password})


def _main(response) -> str:
    html = response.content.decode()
    return html[html.index("<main") :]


def test_a_page_asks_to_sign_in_first(owner):
    response = _browser().get("/")
    assert response.status_code == 302
    assert response["Location"] == "/login?next=%2F"


def test_sign_in_by_login_or_e_mail_opens_the_only_account(owner):
    for identifier in (owner.user.login, owner.user.email.upper()):
        browser = _browser()
        response = _sign_in(browser, identifier)
        assert response.status_code == 302
        assert response["Location"] == "/"
        page = browser.get("/")
        assert page.status_code == 200
        assert "Acme sp. z o.o." in page.content.decode()


def test_a_wrong_password_keeps_what_was_typed_and_says_so(owner):
    response = _sign_in(_browser(), owner.user.login, "wrong")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Nieprawidłowy login lub hasło." in html
    assert f'value="{owner.user.login}"' in html


def test_a_user_of_two_accounts_picks_one(owner, other_owner):
    services.membership_add(actor=other_owner, invite=True, email=owner.user.email, role="admin")
    browser = _browser()
    response = _sign_in(browser, owner.user.login)
    assert response["Location"].startswith("/accounts/pick")
    picker = browser.get(response["Location"]).content.decode()
    assert "acme" in picker
    assert "globex" in picker
    browser.post("/accounts/pick", {"account": other_owner.account_id})
    assert "Globex sp. z o.o." in browser.get("/").content.decode()


def test_an_account_host_admits_only_its_members(owner, other_owner):
    browser = _browser("globex.faktura.test")
    response = _sign_in(browser, owner.user.login)
    assert response.status_code == 200
    assert "Nieprawidłowy login lub hasło." in response.content.decode()
    own = _browser("acme.faktura.test")
    assert _sign_in(own, owner.user.login)["Location"] == "/"
    assert own.get("/").status_code == 200


def test_a_session_of_one_account_never_shows_another(owner, other_owner):
    factories_invoices.numbered_invoice(other_owner, buyer_name="Tajny Klient Globex")
    browser = _browser("acme.faktura.test")
    _sign_in(browser, owner.user.login)
    # The same session on the other account's host is not signed in there.
    elsewhere = Client(HTTP_HOST="globex.faktura.test", HTTP_ACCEPT="text/html")
    elsewhere.cookies = browser.cookies
    response = elsewhere.get("/")
    assert response.status_code == 302
    assert "Tajny Klient Globex" not in browser.get("/").content.decode()


def test_sign_out_is_a_post_and_goes_back_to_the_partner_when_set(owner):
    browser = _browser()
    _sign_in(browser, owner.user.login)
    assert browser.get("/logout").status_code == 405
    owner.account.integration_logout_url = "https://partner.example/back"
    owner.account.save()
    response = browser.post("/logout")
    assert response["Location"] == "https://partner.example/back"
    assert browser.get("/").status_code == 302


def test_the_next_address_must_stay_on_the_site(owner):
    response = _sign_in(_browser(), owner.user.login, next_url="https://evil.example/")
    assert response["Location"] == "/"


def test_an_accountant_reads_but_changes_nothing(owner):
    accountant = factories.member(owner, role="accountant")
    browser = _browser()
    _sign_in(browser, accountant.user.email)
    assert browser.get("/").status_code == 200
    assert browser.post("/", {}).status_code == 403


def test_the_panel_speaks_the_users_language(owner):
    owner.user.lang = "en"
    owner.user.save()
    browser = _browser()
    _sign_in(browser, owner.user.login)
    html = browser.get("/").content.decode()
    assert '<html lang="en">' in html
    assert "Sales this month" in html
    owner.user.lang = "uk"
    owner.user.save()
    assert "Продажі цього місяця" in browser.get("/").content.decode()


def test_a_password_reset_link_arrives_and_works_once(owner):
    browser = _browser()
    sent = browser.post("/password-reset", {"login": owner.user.login})
    assert sent.status_code == 200
    unknown = browser.post("/password-reset", {"login": "nobody"})
    # The same page either way: it tells nobody which logins exist.
    assert _main(unknown) == _main(sent)
    (email,) = OutgoingEmail.objects.all()
    assert email.to == [owner.user.email]
    link = re.search(r"http://\S+", email.body_text)[0]
    path = link.split("app.faktura.test", 1)[1]
    form = browser.get(path)
    assert form.status_code == 200
    too_short = browser.post(path, {"password": "a1", "password_again": "a1"})
    assert "errorlist" in too_short.content.decode()
    browser.post(path, {"password": "Nowe-Hasło-2026", "password_again": "Nowe-Hasło-2026"})
    assert browser.get(path).status_code == 400  # used once
    assert _sign_in(_browser(), owner.user.login, "Nowe-Hasło-2026")["Location"] == "/"
    assert _sign_in(_browser(), owner.user.login).status_code == 200  # the old one is gone


def test_service_errors_land_on_their_fields():
    from django import forms

    from faktura.errors import Invalid
    from faktura.panel.errors import add_service_errors

    class ClientForm(forms.Form):
        name = forms.CharField(required=False)

    form = ClientForm({"name": ""})
    form.is_valid()
    add_service_errors(
        form, Invalid({"client.name": ["nie może być puste"], "tax_no": ["zły"]}), prefix="client."
    )
    assert form.errors["name"] == ["nie może być puste"]
    assert form.non_field_errors() == ["tax_no: zły"]
