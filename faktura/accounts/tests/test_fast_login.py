"""Partner fast login: a one-time link (60 s, once) and the reference's
`?api_token=…&fast_login=yes`, both only for accounts made with integration_fast_login."""

import datetime as dt
import json

import pytest
from django.test import Client
from django.utils import timezone

from faktura.accounts.models import Account, FastLoginLink

pytestmark = pytest.mark.django_db

HOST = "acme.faktura.test"


@pytest.fixture
def partner_owner(owner):
    Account.objects.filter(pk=owner.account_id).update(
        integration_fast_login=True, integration_logout_url="https://partner.example/back"
    )
    owner.account.refresh_from_db()
    return owner


def _link(owner, **body):
    response = Client(HTTP_HOST="app.faktura.test").post(
        "/account/fast_login.json",
        data=json.dumps({"api_token": owner.api_token, **body}),
        content_type="application/json",
    )
    return response


def _path(url: str) -> str:
    """The link's path, after checking it is on the account's own host."""
    assert url.startswith("https://acme.faktura.test/fast_login/")
    return "/" + url.split("/", 3)[3]


def test_a_one_time_link_signs_in_once_within_a_minute(partner_owner):
    response = _link(partner_owner)
    assert response.status_code == 200, response.content
    body = response.json()
    expires = dt.datetime.fromisoformat(body["expires_at"])
    assert dt.timedelta(seconds=55) < expires - timezone.now() <= dt.timedelta(seconds=60)
    browser = Client(HTTP_HOST=HOST, HTTP_ACCEPT="text/html")
    entered = browser.get(_path(body["url"]))
    assert entered.status_code == 302
    assert entered["Location"] == "/"
    assert browser.get("/").status_code == 200  # the dashboard, signed in
    again = Client(HTTP_HOST=HOST, HTTP_ACCEPT="text/html").get(_path(body["url"]))
    assert again.status_code == 404
    assert FastLoginLink.objects.get().used_at is not None


def test_an_expired_or_unknown_link_signs_nobody_in(partner_owner):
    body = _link(partner_owner).json()
    FastLoginLink.objects.update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    browser = Client(HTTP_HOST=HOST, HTTP_ACCEPT="text/html")
    assert browser.get(_path(body["url"])).status_code == 404
    assert browser.get("/fast_login/not-a-token").status_code == 404
    assert browser.get("/")["Location"].startswith("/login")


def test_the_link_lands_where_the_partner_asks_on_this_site_only(partner_owner):
    body = _link(partner_owner, next="/invoices/new").json()
    browser = Client(HTTP_HOST=HOST, HTTP_ACCEPT="text/html")
    assert browser.get(_path(body["url"]))["Location"] == "/invoices/new"
    refused = _link(partner_owner, next="https://evil.example/")
    assert refused.status_code == 400
    assert "next" in json.dumps(refused.json())


def test_an_account_without_fast_login_refuses_both_forms(owner):
    assert _link(owner).status_code == 403
    assert not FastLoginLink.objects.exists()
    browser = Client(HTTP_HOST=HOST, HTTP_ACCEPT="text/html")
    response = browser.get(f"/invoices/?api_token={owner.api_token}&fast_login=yes&kind=vat")
    assert response["Location"] == "/invoices/?kind=vat"
    assert browser.get("/invoices/?kind=vat")["Location"].startswith("/login")


def test_the_references_form_signs_in_and_drops_the_token_from_the_address(partner_owner):
    browser = Client(HTTP_HOST=HOST, HTTP_ACCEPT="text/html")
    response = browser.get(
        f"/invoices/?api_token={partner_owner.api_token}&fast_login=yes&kind=vat"
    )
    assert response.status_code == 302
    assert response["Location"] == "/invoices/?kind=vat"
    assert browser.get("/invoices/?kind=vat").status_code == 200
    # Sign-out goes back to the partner.
    assert browser.post("/logout")["Location"] == "https://partner.example/back"


def test_another_accounts_token_does_not_open_this_account(partner_owner, other_owner):
    Account.objects.filter(pk=other_owner.account_id).update(integration_fast_login=True)
    browser = Client(HTTP_HOST=HOST, HTTP_ACCEPT="text/html")
    browser.get(f"/?api_token={other_owner.api_token}&fast_login=yes")
    assert browser.get("/")["Location"].startswith("/login")
    url = _link(other_owner).json()["url"]
    assert url.startswith("https://globex.faktura.test/fast_login/")
    path = "/" + url.split("/", 3)[3]
    assert browser.get(path).status_code == 404  # globex's link on acme's host
