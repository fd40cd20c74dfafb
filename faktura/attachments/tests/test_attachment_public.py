"""The buyer's side: `show_attachments` set by PUT, `public_attachments`, and the public
download `GET /invoice/{token}/attachments/{id}`."""

import json

import pytest
from django.test import Client

from faktura.attachments.selectors import public_attachments
from faktura.attachments.tests import factories as uploads
from faktura.invoicing.models import Invoice
from faktura.invoicing.tests import factories_invoices as invoices

pytestmark = pytest.mark.django_db


@pytest.fixture
def invoice(owner):
    return invoices.numbered_invoice(owner)


def _show(client, owner, invoice_id: int, value) -> dict:
    # The reference's call: PUT /invoices/{id}.json with {"invoice": {"show_attachments": true}}
    response = client.put(
        f"/invoices/{invoice_id}.json",
        data=json.dumps({"api_token": owner.api_token, "invoice": {"show_attachments": value}}),
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    return response.json()


def _public(url: str, host: str = "acme.faktura.test"):
    return Client(HTTP_HOST=host).get(url)


def test_attachments_are_hidden_by_default_and_shown_after_put(client, owner, invoice):
    attachment = uploads.upload_and_attach(client, owner, invoice.pk, "cennik.pdf", b"CENNIK")
    url = f"/invoice/{invoice.token}/attachments/{attachment['id']}"

    assert public_attachments(invoice) == []
    assert _public(url).status_code == 404

    assert _show(client, owner, invoice.pk, True)["show_attachments"] is True

    invoice.refresh_from_db()
    assert invoice.show_attachments is True
    assert [item.pk for item in public_attachments(invoice)] == [attachment["id"]]
    response = _public(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"CENNIK"
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        "attachment; filename=\"cennik.pdf\"; filename*=UTF-8''cennik.pdf"
    )
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]
    shown = client.get(f"/invoices/{invoice.pk}.json?api_token={owner.api_token}").json()
    assert shown["show_attachments"] is True

    assert _show(client, owner, invoice.pk, "0")["show_attachments"] is False
    assert _public(url).status_code == 404


def test_a_put_without_the_field_keeps_it(client, owner, invoice):
    Invoice.objects.filter(pk=invoice.pk).update(show_attachments=True)
    response = client.put(
        f"/invoices/{invoice.pk}.json",
        data=json.dumps({"api_token": owner.api_token, "invoice": {"buyer_name": "Nowy"}}),
        content_type="application/json",
    )
    assert response.json()["show_attachments"] is True


def test_an_invoice_may_be_created_showing_its_attachments(client, owner):
    body = {
        "api_token": owner.api_token,
        "invoice": {
            "buyer_name": "Klient",
            "show_attachments": True,
            "positions": [{"name": "A", "tax": 23, "total_price_gross": "12.30"}],
        },
    }
    response = client.post("/invoices.json", data=body, content_type="application/json")
    assert response.status_code == 201, response.content
    assert response.json()["show_attachments"] is True


def test_the_public_download_is_404_for_an_unknown_token(client, owner, invoice):
    attachment = uploads.upload_and_attach(client, owner, invoice.pk)
    Invoice.objects.filter(pk=invoice.pk).update(show_attachments=True)
    assert _public(f"/invoice/nie-ma-takiego/attachments/{attachment['id']}").status_code == 404


def test_the_public_download_is_404_for_another_invoices_attachment(client, owner, invoice):
    other = invoices.numbered_invoice(owner)
    attachment = uploads.upload_and_attach(client, owner, other.pk)
    Invoice.objects.filter(pk__in=[invoice.pk, other.pk]).update(show_attachments=True)

    assert _public(f"/invoice/{invoice.token}/attachments/{attachment['id']}").status_code == 404
    assert _public(f"/invoice/{other.token}/attachments/{attachment['id']}").status_code == 200


def test_the_public_download_is_404_on_another_accounts_host(client, owner, other_owner, invoice):
    attachment = uploads.upload_and_attach(client, owner, invoice.pk)
    Invoice.objects.filter(pk=invoice.pk).update(show_attachments=True)
    url = f"/invoice/{invoice.token}/attachments/{attachment['id']}"

    assert _public(url, host="globex.faktura.test").status_code == 404
    assert _public(url, host="app.faktura.test").status_code == 200


def test_an_id_no_row_can_have_is_404(owner, invoice):
    Invoice.objects.filter(pk=invoice.pk).update(show_attachments=True)
    assert _public(f"/invoice/{invoice.token}/attachments/{2**64}").status_code == 404


def test_the_public_download_takes_only_reads(client, owner, invoice):
    attachment = uploads.upload_and_attach(client, owner, invoice.pk)
    Invoice.objects.filter(pk=invoice.pk).update(show_attachments=True)
    url = f"/invoice/{invoice.token}/attachments/{attachment['id']}"
    assert Client(HTTP_HOST="acme.faktura.test").post(url).status_code == 405


def test_the_public_page_lists_the_attachments_only_when_shown(client, owner, invoice):
    attachment = uploads.upload_and_attach(
        client, owner, invoice.pk, "Cennik & regulamin.pdf", b"REGULAMIN"
    )
    link = f"/invoice/{invoice.token}/attachments/{attachment['id']}"
    hidden = _public(f"/invoice/{invoice.token}").content.decode()
    assert link not in hidden
    _show(client, owner, invoice.pk, True)
    page = _public(f"/invoice/{invoice.token}").content.decode()
    assert f'href="{link}"' in page
    assert "Cennik &amp; regulamin.pdf" in page
    assert _public(link).status_code == 200
