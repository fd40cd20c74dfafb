"""`add_attachment`: which upload a `file_name` names, and what is refused."""

import pytest
from django.utils import timezone

from faktura.attachments.models import Attachment, PendingUpload
from faktura.attachments.tests import factories as uploads
from faktura.invoicing.tests import factories_invoices as invoices

pytestmark = pytest.mark.django_db


@pytest.fixture
def invoice(owner):
    return invoices.numbered_invoice(owner)


def test_a_file_name_never_uploaded_is_a_422_naming_file_name(client, owner, invoice):
    uploads.upload(client, owner, invoice.pk, file_name="jest.pdf")

    response = uploads.attach(client, owner, invoice.pk, "nie-ma.pdf")

    assert response.status_code == 422
    assert list(response.json()["message"]) == ["file_name"]
    assert "nie-ma.pdf" in response.json()["message"]["file_name"][0]
    assert not Attachment.objects.exists()


def test_without_a_file_name_it_is_a_400_naming_file_name(client, owner, invoice):
    response = client.post(
        f"/invoices/{invoice.pk}/add_attachment.json?api_token={owner.api_token}"
    )

    assert response.status_code == 400
    assert "file_name" in response.json()["message"]


def test_an_upload_is_attached_once(client, owner, invoice):
    uploads.upload(client, owner, invoice.pk, file_name="a.pdf")
    assert uploads.attach(client, owner, invoice.pk, "a.pdf").status_code == 201

    assert uploads.attach(client, owner, invoice.pk, "a.pdf").status_code == 422
    assert Attachment.objects.count() == 1


def test_the_file_name_may_come_in_the_body(client, owner, invoice):
    uploads.upload(client, owner, invoice.pk, file_name="faktura zakupu.pdf")

    response = client.post(
        f"/invoices/{invoice.pk}/add_attachment.json",
        data={"api_token": owner.api_token, "file_name": "faktura zakupu.pdf"},
        content_type="application/json",
    )

    assert response.status_code == 201, response.content
    assert response.json()["file_name"] == "faktura zakupu.pdf"


def test_an_upload_kept_past_its_time_is_not_attached(client, owner, invoice):
    uploads.upload(client, owner, invoice.pk, file_name="a.pdf")
    PendingUpload.objects.update(expires_at=timezone.now())

    assert uploads.attach(client, owner, invoice.pk, "a.pdf").status_code == 422
