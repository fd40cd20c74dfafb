"""Webhooks in the panel's settings: made, checked and refused as the API does, their
deliveries listed and sent again; for owners and admins only."""

import pytest
from django.test import Client

from faktura.events.models import Delivery, Webhook
from faktura.invoicing.tests import factories_invoices
from faktura.tests import factories
from faktura.tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


def _browser(login: str) -> Client:
    browser = Client(HTTP_HOST="acme.faktura.test", HTTP_ACCEPT="text/html")
    assert browser.post("/login", {"login": login, "password": PASSWORD}).status_code == 302
    return browser


def test_a_webhook_is_made_its_secret_shown_once_and_a_private_target_refused(owner, settings):
    browser = _browser(owner.user.login)
    refused = browser.post(
        "/settings/webhooks/new", {"kind": "invoice:create", "url": "http://127.0.0.1:9/hook"}
    )
    assert refused.status_code == 422
    assert 'value="http://127.0.0.1:9/hook"' in refused.content.decode()
    settings.FAKTURA_WEBHOOK_ALLOW_PRIVATE = True
    made = browser.post(
        "/settings/webhooks/new",
        {"kind": "invoice:create", "url": "http://127.0.0.1:9/hook", "active": "on"},
        follow=True,
    )
    webhook = Webhook.objects.get(account=owner.account)
    assert webhook.secret in made.content.decode()
    assert webhook.secret not in browser.get("/settings/webhooks/").content.decode()


def test_deliveries_are_listed_and_sent_again(owner, settings):
    settings.FAKTURA_WEBHOOK_ALLOW_PRIVATE = True
    browser = _browser(owner.user.login)
    browser.post(
        "/settings/webhooks/new",
        {"kind": "invoice:create", "url": "http://127.0.0.1:9/hook", "active": "on"},
    )
    webhook = Webhook.objects.get(account=owner.account)
    browser.post(
        "/invoices/new",
        {
            "kind": "vat",
            "buyer_name": "Klient",
            "positions-0-name": "Usługa",
            "positions-0-quantity": "1",
            "positions-0-price_net": "100",
            "positions-0-tax": "23",
        },
    )
    (delivery,) = Delivery.objects.filter(webhook=webhook)
    page = browser.get(f"/settings/webhooks/{webhook.pk}/deliveries").content.decode()
    assert "invoice:create" in page
    Delivery.objects.filter(pk=delivery.pk).update(status="failed")
    response = browser.post(
        f"/settings/webhooks/{webhook.pk}/send_again", {"delivery": str(delivery.pk)}
    )
    assert response.status_code == 302
    delivery.refresh_from_db()
    assert delivery.status == "pending"


def test_webhooks_are_for_admins_and_their_own_account(owner, other_owner):
    foreign = Webhook.objects.create(
        account=other_owner.account, kind="invoice:create", url="https://x.example/h", secret="s"
    )
    browser = _browser(owner.user.login)
    for path in ("edit", "deliveries"):
        assert browser.get(f"/settings/webhooks/{foreign.pk}/{path}").status_code == 404
    assert browser.post(f"/settings/webhooks/{foreign.pk}/delete").status_code == 404
    member = factories.member(owner, role="member")
    assert _browser(member.user.email).get("/settings/webhooks/").status_code == 403
    factories_invoices.numbered_invoice(owner)  # members still work with invoices
    assert _browser(member.user.email).get("/invoices/").status_code == 200
