"""Another account's invoice, or an attachment of another invoice, is 404 on every route,
and nothing of it is shown, changed or attached."""

import pytest

from faktura.attachments.models import Attachment, PendingUpload
from faktura.attachments.tests import factories as uploads
from faktura.invoicing.tests import factories_invoices as invoices

pytestmark = pytest.mark.django_db


@pytest.fixture
def foreign(client, other_owner):
    """globex's invoice with one attachment."""
    invoice = invoices.numbered_invoice(other_owner, buyer_name="Obcy")
    attachment = uploads.upload_and_attach(
        client, other_owner, invoice.pk, "obcy.pdf", content=b"Obcy"
    )
    return invoice, attachment["id"]


def _routes(invoice_id: int, attachment_id: int) -> list[tuple[str, str]]:
    base = f"/invoices/{invoice_id}"
    one = f"{base}/attachments/{attachment_id}"
    return [
        ("GET", f"{base}/get_new_attachment_credentials.json"),
        ("POST", f"{base}/add_attachment.json?file_name=obcy.pdf"),
        ("GET", f"{base}/attachments_zip.json"),
        ("GET", f"{base}/attachments.json"),
        ("GET", f"{one}.json"),
        ("GET", f"{one}/download.json"),
        ("DELETE", f"{one}.json"),
    ]


def _call(client, owner, method: str, url: str):
    separator = "&" if "?" in url else "?"
    return client.generic(method, f"{url}{separator}api_token={owner.api_token}")


def test_another_accounts_invoice_is_not_found_on_every_route(client, owner, foreign):
    invoice, attachment_id = foreign
    # A pending upload of globex's under the same name: add_attachment must not take it.
    uploads.upload(client, invoice.account.memberships.get(), invoice.pk, file_name="obcy.pdf")
    for method, url in _routes(invoice.pk, attachment_id):
        response = _call(client, owner, method, url)
        assert response.status_code == 404, (method, url, response.content)
        assert b"Obcy" not in b"".join(getattr(response, "streaming_content", [response.content]))
    assert Attachment.objects.filter(pk=attachment_id).exists()
    assert PendingUpload.objects.filter(invoice=invoice).count() == 1


def test_an_attachment_of_another_invoice_is_not_found_through_this_one(client, owner):
    first = invoices.numbered_invoice(owner)
    second = invoices.numbered_invoice(owner)
    attachment = uploads.upload_and_attach(client, owner, first.pk, "a.pdf")
    for method, url in _routes(second.pk, attachment["id"])[4:]:
        assert _call(client, owner, method, url).status_code == 404, (method, url)
    assert Attachment.objects.filter(pk=attachment["id"]).exists()


def test_an_upload_for_one_invoice_cannot_be_attached_to_another(client, owner):
    first = invoices.numbered_invoice(owner)
    second = invoices.numbered_invoice(owner)
    uploads.upload(client, owner, first.pk, file_name="a.pdf")

    response = uploads.attach(client, owner, second.pk, "a.pdf")

    assert response.status_code == 422
    assert PendingUpload.objects.filter(invoice=first).count() == 1


@pytest.mark.parametrize("attachment_id", ["0", str(2**64)])
def test_attachment_ids_no_row_can_have_are_not_found(client, owner, attachment_id):
    invoice = invoices.numbered_invoice(owner)
    url = f"/invoices/{invoice.pk}/attachments/{attachment_id}.json?api_token={owner.api_token}"
    assert client.get(url).status_code == 404
    assert client.delete(url).status_code == 404


def test_without_credentials_every_route_answers_401(client, owner):
    invoice = invoices.numbered_invoice(owner)
    for method, url in _routes(invoice.pk, 1):
        assert client.generic(method, url).status_code == 401, (method, url)
