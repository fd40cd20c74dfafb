"""Settings → Integrations: Multipass and the CRM's deal kinds, saved through their
services; the "CRM" link; deals only for the kinds chosen."""

import pytest

from faktura.events import announce
from faktura.events.models import Event, Webhook
from faktura.integrations.crm import crm_deal_kinds_update
from faktura.integrations.models import MultipassSettings
from faktura.invoicing.tests import factories_invoices
from faktura.tests import factories

pytestmark = pytest.mark.django_db


def _fields(**changes) -> dict:
    fields = {
        "enabled": "on",
        "url": "https://crm.example.com/multipass/login",
        "token_1": "AAAAABBBBBCCCC",
        "token_2": "XXXXYYYYZZZZ",
        "scheme": "signed",
        "crm_deal_kinds": ["vat", "receipt"],
    }
    fields.update(changes)
    return fields


def test_an_admin_sets_up_multipass_and_the_crm_link_appears(owner, signed_in):
    browser = signed_in(owner.user.login)
    assert 'href="/multipass/out"' not in browser.get("/").content.decode()
    response = browser.post("/settings/integrations", _fields())
    assert response.status_code == 302, response.content.decode()[-1500:]
    settings = MultipassSettings.objects.get(account=owner.account)
    assert (settings.enabled, settings.scheme, settings.token_2) == (True, "signed", "XXXXYYYYZZZZ")
    owner.account.refresh_from_db()
    assert owner.account.settings["crm_deal_kinds"] == ["vat", "receipt"]
    assert 'href="/multipass/out"' in browser.get("/").content.decode()
    page = browser.get("/settings/integrations").content.decode()
    assert 'value="AAAAABBBBBCCCC"' in page


def test_short_tokens_are_refused_on_their_fields_and_nothing_saved(owner, signed_in):
    response = signed_in(owner.user.login).post("/settings/integrations", _fields(token_1="krótki"))
    assert response.status_code == 422
    assert "id_token_1-errors" in response.content.decode()
    assert not MultipassSettings.objects.filter(enabled=True).exists()
    owner.account.refresh_from_db()
    assert "crm_deal_kinds" not in owner.account.settings


def test_members_do_not_open_the_integrations(owner, signed_in):
    member = factories.member(owner)
    assert signed_in(member.user.email).get("/settings/integrations").status_code == 403


def _deal_of(owner, kind: str):
    invoice = factories_invoices.numbered_invoice(owner, kind=kind)
    announce.invoice_changed(account=owner.account, invoice_id=invoice.pk, action="create")
    return Event.objects.filter(resource_id=invoice.pk).get().payload.get("deal")


def test_only_the_chosen_kinds_become_deals(owner):
    Webhook.objects.create(
        account=owner.account, kind="invoice:create", url="https://crm.example.com/h", secret="s"
    )
    deal = _deal_of(owner, "vat")
    assert deal["kind"] == "vat"
    assert "/invoice/" in deal["url"]  # the link back to the invoice (its public page)
    assert _deal_of(owner, "proforma") is None
    crm_deal_kinds_update(account=owner.account, kinds=["proforma"])
    assert _deal_of(owner, "proforma")["kind"] == "proforma"
    assert _deal_of(owner, "vat") is None
