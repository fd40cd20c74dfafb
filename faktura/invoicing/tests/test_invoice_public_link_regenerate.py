"""POST /invoices/{id}/regenerate_token: a new public link; the old one stops working."""

import pytest
from django.test import Client

from faktura.events.models import Event, Webhook
from faktura.invoicing.models import Invoice
from faktura.invoicing.tests import factories_invoices as factories

pytestmark = pytest.mark.django_db


def _regenerate(client, owner, invoice_id, suffix="json"):
    return client.post(
        f"/invoices/{invoice_id}/regenerate_token.{suffix}",
        data={"api_token": owner.api_token},
        content_type="application/json",
    )


def test_regenerating_answers_the_new_token_and_view_url(client, owner):
    invoice = factories.numbered_invoice(owner)
    old = invoice.token
    response = _regenerate(client, owner, invoice.id)
    assert response.status_code == 200
    body = response.json()
    invoice.refresh_from_db()
    assert invoice.token != old
    assert body == {
        "code": "success",
        "id": invoice.id,
        "token": invoice.token,
        "view_url": f"https://acme.faktura.test/invoice/{invoice.token}",
    }
    shown = client.get(f"/invoices/{invoice.id}.json?api_token={owner.api_token}").json()
    assert (shown["token"], shown["view_url"]) == (body["token"], body["view_url"])


def test_the_old_link_is_gone_and_the_new_one_works(owner):
    invoice = factories.numbered_invoice(owner)
    old = invoice.token
    api = Client(HTTP_HOST="app.faktura.test")
    new = _regenerate(api, owner, invoice.id).json()["token"]
    public = Client(HTTP_HOST="acme.faktura.test")
    assert public.get(f"/invoice/{old}").status_code == 404
    assert public.get(f"/invoice/{old}.pdf").status_code == 404
    assert public.get(f"/invoice/{new}").status_code == 200
    assert public.get(f"/invoice/{new}.pdf").status_code == 200


def test_each_regeneration_gives_another_token(client, owner):
    invoice = factories.numbered_invoice(owner)
    tokens = {invoice.token} | {
        _regenerate(client, owner, invoice.id).json()["token"] for _ in range(3)
    }
    assert len(tokens) == 4
    assert all(len(token) >= 20 for token in tokens)


def test_regenerating_over_xml_answers_the_same_fields(client, owner):
    invoice = factories.numbered_invoice(owner)
    response = client.post(
        f"/invoices/{invoice.id}/regenerate_token.xml?api_token={owner.api_token}"
    )
    assert response.status_code == 200
    invoice.refresh_from_db()
    assert f"<token>{invoice.token}</token>" in response.content.decode()


def test_another_accounts_invoice_is_not_found_and_keeps_its_token(client, owner, other_owner):
    theirs = factories.numbered_invoice(other_owner)
    response = _regenerate(client, owner, theirs.id)
    assert response.status_code == 404
    assert Invoice.objects.get(pk=theirs.pk).token == theirs.token


def test_an_unknown_invoice_is_not_found(client, owner):
    assert _regenerate(client, owner, 999999).status_code == 404


def test_without_credentials_nothing_changes(owner):
    invoice = factories.numbered_invoice(owner)
    response = Client(HTTP_HOST="app.faktura.test").post(
        f"/invoices/{invoice.id}/regenerate_token.json"
    )
    assert response.status_code == 401
    assert Invoice.objects.get(pk=invoice.pk).token == invoice.token


def test_listeners_hear_of_the_new_link(client, owner):
    Webhook.objects.create(
        account=owner.account,
        kind="invoice:update",
        url="https://example.com/hook",
        api_token="secret",
        secret="x",
    )
    invoice = factories.numbered_invoice(owner)
    new = _regenerate(client, owner, invoice.id).json()["view_url"]
    event = Event.objects.get(account=owner.account, kind="invoice:update")
    assert new in str(event.payload)
