"""Files go with their rows: deleting an invoice or an account removes them once committed,
and a delete that rolls back keeps them. The output counts them without a query per invoice."""

from urllib.parse import urlencode

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from faktura.accounts import services as account_services
from faktura.attachments.models import Attachment, PendingUpload
from faktura.attachments.tests import factories as uploads
from faktura.invoicing.models import Invoice
from faktura.invoicing.tests import factories_invoices as invoices

pytestmark = pytest.mark.django_db


def _files(media_root) -> list:
    return sorted(path for path in media_root.rglob("*") if path.is_file())


def test_deleting_an_invoice_removes_its_attachment_files_after_commit(
    client, owner, media_root, django_capture_on_commit_callbacks
):
    invoice = invoices.numbered_invoice(owner)
    kept = invoices.numbered_invoice(owner)
    uploads.upload_and_attach(client, owner, invoice.pk, "a.pdf")
    uploads.upload(client, owner, invoice.pk, file_name="pending.pdf")
    uploads.upload_and_attach(client, owner, kept.pk, "b.pdf")
    assert len(_files(media_root)) == 3
    kept_file = media_root / Attachment.objects.get(invoice=kept).file.name

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client.delete(f"/invoices/{invoice.pk}.json?api_token={owner.api_token}")
        assert response.status_code == 200
    assert len(_files(media_root)) == 3  # not before the commit
    for callback in callbacks:
        callback()

    assert _files(media_root) == [kept_file]
    assert not Attachment.objects.filter(invoice_id=invoice.pk).exists()
    assert not PendingUpload.objects.exists()


def test_a_refused_invoice_delete_keeps_the_files(
    client, owner, media_root, django_capture_on_commit_callbacks
):
    advance = invoices.numbered_invoice(owner, kind=Invoice.Kind.ADVANCE)
    final = invoices.numbered_invoice(owner, kind=Invoice.Kind.FINAL)
    final.advances.add(advance)
    uploads.upload_and_attach(client, owner, advance.pk, "a.pdf")

    with django_capture_on_commit_callbacks(execute=True):
        response = client.delete(f"/invoices/{advance.pk}.json?api_token={owner.api_token}")

    assert response.status_code == 422
    assert len(_files(media_root)) == 1
    assert Attachment.objects.filter(invoice=advance).exists()


@pytest.mark.django_db(transaction=True)
def test_deleting_the_account_removes_its_attachment_files(client, owner, other_owner, media_root):
    invoice = invoices.numbered_invoice(owner)
    foreign = invoices.numbered_invoice(other_owner)
    uploads.upload_and_attach(client, owner, invoice.pk, "a.pdf")
    uploads.upload(client, owner, invoice.pk, file_name="pending.pdf")
    uploads.upload_and_attach(client, other_owner, foreign.pk, "b.pdf")
    tokens: list[str] = []
    account_services.account_deletion_request(
        actor=owner, confirm_url_for=lambda token: tokens.append(token) or "https://x/"
    )

    assert account_services.account_delete(token=tokens[0]) == "acme"

    [left] = _files(media_root)
    assert left == media_root / Attachment.objects.get().file.name
    assert Attachment.objects.get().account == other_owner.account


def test_the_list_counts_attachments_in_one_query_whatever_the_page(client, owner):
    def attachment_queries() -> int:
        query = urlencode({"api_token": owner.api_token, "per_page": 100})
        with CaptureQueriesContext(connection) as captured:
            response = client.get(f"/invoices.json?{query}")
        assert response.status_code == 200
        return sum('"attachments_attachment"' in q["sql"] for q in captured.captured_queries)

    first = invoices.numbered_invoice(owner)
    uploads.upload_and_attach(client, owner, first.pk)
    assert attachment_queries() == 1
    for invoice in invoices.many_invoices(owner, 20):
        uploads.upload_and_attach(client, owner, invoice.pk)
    assert attachment_queries() == 1
    counts = [
        row["attachments_count"]
        for row in client.get(f"/invoices.json?api_token={owner.api_token}&per_page=100").json()
    ]
    assert counts == [1] * 21
