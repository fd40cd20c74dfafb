"""The panel's recurring invoices: made from an invoice, refused as the API refuses,
paused, their issued invoices listed; the account's own only, accountants read only."""

import datetime as dt
import re

import pytest
from django.test import Client as Browser
from django.utils import timezone

from faktura.invoicing.recurring.models import Recurring
from faktura.invoicing.recurring.services import recurring_create, recurring_issue_due
from faktura.invoicing.tests import factories_invoices
from faktura.tests import factories
from faktura.tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


def _browser(login: str) -> Browser:
    browser = Browser(HTTP_HOST="acme.faktura.test", HTTP_ACCEPT="text/html")
    assert browser.post("/login", {"login": login, "password": PASSWORD}).status_code == 302
    return browser


def _text(response) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", response.content.decode()).split())


@pytest.fixture
def browser(owner) -> Browser:
    return _browser(owner.user.login)


@pytest.fixture
def template(owner):
    return factories_invoices.numbered_invoice(owner, buyer_name="Najemca sp. z o.o.")


def _fields(template, **changes) -> dict:
    fields = {
        "name": "Czynsz",
        "invoice_id": str(template.pk),
        "every": "1m",
        "start_date": timezone.localdate().isoformat(),
        "state": "active",
        "catch_up": "on",
    }
    fields.update(changes)
    return {name: value for name, value in fields.items() if value is not None}


def test_made_from_the_invoice_page(browser, owner, template):
    page = browser.get(f"/invoices/{template.pk}").content.decode()
    assert f"/recurrings/new?invoice_id={template.pk}" in page
    form = browser.get(f"/recurrings/new?invoice_id={template.pk}").content.decode()
    assert re.search(rf'<option value="{template.pk}" selected>', form)
    assert 'value="Najemca sp. z o.o."' in form
    response = browser.post("/recurrings/new", _fields(template, send_email="on"))
    assert response.status_code == 302, _text(response)
    recurring = Recurring.objects.get(account=owner.account)
    assert (recurring.invoice_id, recurring.every, recurring.send_email) == (
        template.pk,
        "1m",
        True,
    )
    assert recurring.next_invoice_date == timezone.localdate()
    listed = _text(browser.get("/recurrings/"))
    assert "Czynsz co miesiąc" in listed


def test_refusals_are_the_apis_on_their_fields(browser, owner, template, other_owner):
    today = timezone.localdate()
    refused = browser.post(
        "/recurrings/new",
        _fields(template, end_date=(today - dt.timedelta(days=1)).isoformat(), buyer_email="x"),
    )
    assert refused.status_code == 422
    html = refused.content.decode()
    assert "id_end_date-errors" in html
    assert "id_buyer_email-errors" in html
    assert 'value="Czynsz"' in html
    foreign = factories_invoices.numbered_invoice(other_owner)
    assert (
        browser.post("/recurrings/new", _fields(template, invoice_id=str(foreign.pk))).status_code
        == 422
    )
    assert not Recurring.objects.exists()


def test_paused_then_resumed_and_its_invoices_listed(browser, owner, template):
    today = timezone.localdate()
    recurring = recurring_create(
        account=owner.account,
        data={"name": "Czynsz", "invoice_id": template.pk, "every": "1d", "start_date": today},
    )
    (invoice,) = recurring_issue_due(today=today)
    page = browser.get(f"/recurrings/{recurring.pk}/edit")
    assert f'href="/invoices/{invoice.pk}"' in page.content.decode()
    assert invoice.number in _text(page)
    paused = browser.post(
        f"/recurrings/{recurring.pk}/edit", _fields(template, every="1d", state="paused")
    )
    assert paused.status_code == 302
    recurring.refresh_from_db()
    assert recurring.state == "paused"
    assert recurring_issue_due(today=today + dt.timedelta(days=3)) == []
    browser.post(f"/recurrings/{recurring.pk}/edit", _fields(template, every="1d"))
    recurring.refresh_from_db()
    assert recurring.state == "active"


def test_another_accounts_and_an_accountant(owner, other_owner, template):
    foreign_template = factories_invoices.numbered_invoice(other_owner)
    foreign = recurring_create(
        account=other_owner.account,
        data={"name": "Obcy", "invoice_id": foreign_template.pk, "every": "1m"},
    )
    browser = _browser(owner.user.login)
    assert browser.get(f"/recurrings/{foreign.pk}/edit").status_code == 404
    assert browser.post(f"/recurrings/{foreign.pk}/delete").status_code == 404
    assert "Obcy" not in _text(browser.get("/recurrings/"))
    # The template select offers this account's invoices only.
    assert f'value="{foreign_template.pk}"' not in browser.get("/recurrings/new").content.decode()
    accountant = _browser(factories.member(owner, role="accountant").user.email)
    assert accountant.get("/recurrings/").status_code == 200
    assert accountant.post("/recurrings/new", _fields(template)).status_code == 403
    assert Recurring.objects.filter(account=owner.account).count() == 0
