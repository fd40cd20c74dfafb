"""The reference's three steps with Django's test client: credentials, multipart POST,
add_attachment; then the list, the ZIP and the invoice's output agree."""

import base64
import hashlib
import io
import json
import re
import zipfile

import pytest
from lxml import etree

from faktura.attachments.models import Attachment, PendingUpload
from faktura.attachments.tests import factories as uploads
from faktura.invoicing.tests import factories_invoices as invoices

pytestmark = pytest.mark.django_db


@pytest.fixture
def invoice(owner):
    return invoices.numbered_invoice(owner)


def test_credentials_are_the_s3_fields_for_fakturas_own_upload_url(client, owner, invoice):
    given = uploads.credentials(client, owner, invoice.pk)

    assert list(given) == [
        "url",
        "AWSAccessKeyId",
        "key",
        "policy",
        "signature",
        "acl",
        "success_action_status",
    ]
    assert given["url"] == "https://acme.faktura.test/attachments/upload"
    assert given["AWSAccessKeyId"] == "faktura"
    assert re.fullmatch(r"uploads/[0-9a-f]{32}/\$\{filename\}", given["key"])
    assert given["acl"] == "private"
    assert given["success_action_status"] == "201"
    policy = json.loads(base64.b64decode(given["policy"]))
    assert policy["account_id"] == owner.account.pk
    assert policy["invoice_id"] == invoice.pk
    assert policy["max_size"] == 10 * 1024 * 1024
    assert {"key": given["key"]} in policy["conditions"]
    assert ["content-length-range", 1, 10 * 1024 * 1024] in policy["conditions"]
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", policy["expiration"])
    assert len(base64.b64decode(given["signature"])) == 32  # HMAC-SHA256


def test_each_request_gets_a_new_key(client, owner, invoice):
    first = uploads.credentials(client, owner, invoice.pk)
    second = uploads.credentials(client, owner, invoice.pk)
    assert first["key"] != second["key"]


def test_the_three_steps_attach_the_file_and_the_zip_holds_its_bytes(
    client, owner, invoice, media_root
):
    content = b"Umowa do faktury\n" * 1000
    response = uploads.upload(client, owner, invoice.pk, file_name="umowa.pdf", content=content)

    assert response.status_code == 201, response.content
    assert response["Content-Type"] == "application/xml"
    root = etree.fromstring(response.content)
    assert root.tag == "PostResponse"
    assert re.fullmatch(r"uploads/[0-9a-f]{32}/umowa\.pdf", root.findtext("Key"))
    assert root.findtext("Bucket") == "faktura"
    assert root.findtext("Location") == (
        f"https://acme.faktura.test/invoices/{invoice.pk}/attachments.json"
    )

    assert root.findtext("ETag") == f'"{hashlib.md5(content).hexdigest()}"'  # noqa: S324
    assert PendingUpload.objects.filter(invoice=invoice).count() == 1
    assert Attachment.objects.count() == 0

    added = uploads.attach(client, owner, invoice.pk, "umowa.pdf")

    assert added.status_code == 201, added.content
    body = added.json()
    assert body["invoice_id"] == invoice.pk
    assert body["file_name"] == "umowa.pdf"
    assert body["size"] == len(content)
    assert body["content_type"] == "application/pdf"  # guessed: curl sent octet-stream
    assert PendingUpload.objects.count() == 0
    [attachment] = Attachment.objects.all()
    assert attachment.account == owner.account
    assert re.fullmatch(rf"attachments/{owner.account.pk}/[0-9a-f]{{32}}", attachment.file.name)
    assert (media_root / attachment.file.name).read_bytes() == content

    listed = client.get(f"/invoices/{invoice.pk}/attachments.json?api_token={owner.api_token}")
    assert listed.status_code == 200
    assert listed.json() == [body]
    assert set(body) == {"id", "invoice_id", "file_name", "content_type", "size", "created_at"}

    archive = client.get(f"/invoices/{invoice.pk}/attachments_zip.json?api_token={owner.api_token}")
    assert archive.status_code == 200
    assert archive["Content-Type"] == "application/zip"
    assert archive["Content-Disposition"].startswith("attachment; filename=")
    with zipfile.ZipFile(io.BytesIO(b"".join(archive.streaming_content))) as zipped:
        assert zipped.namelist() == ["umowa.pdf"]
        assert zipped.read("umowa.pdf") == content


def test_the_invoice_output_counts_its_attachments(client, owner, invoice):
    def shown():
        return client.get(f"/invoices/{invoice.pk}.json?api_token={owner.api_token}").json()

    assert (shown()["attachments_count"], shown()["has_attachments"]) == (0, False)
    uploads.upload_and_attach(client, owner, invoice.pk, "a.pdf")
    uploads.upload_and_attach(client, owner, invoice.pk, "b.pdf")

    body = shown()
    assert body["attachments_count"] == 2
    assert body["has_attachments"] is True
    assert body["show_attachments"] is False
    listed = client.get(f"/invoices.json?api_token={owner.api_token}").json()
    assert [(row["id"], row["attachments_count"]) for row in listed] == [(invoice.pk, 2)]


def test_a_file_attached_twice_under_one_name_is_told_apart_in_the_zip(client, owner, invoice):
    uploads.upload_and_attach(client, owner, invoice.pk, "skan.pdf", content=b"pierwszy")
    uploads.upload_and_attach(client, owner, invoice.pk, "skan.pdf", content=b"drugi")
    uploads.upload_and_attach(client, owner, invoice.pk, "SKAN.pdf", content=b"trzeci")

    archive = client.get(f"/invoices/{invoice.pk}/attachments_zip.json?api_token={owner.api_token}")

    with zipfile.ZipFile(io.BytesIO(b"".join(archive.streaming_content))) as zipped:
        assert zipped.namelist() == ["skan.pdf", "skan (1).pdf", "SKAN (2).pdf"]
        assert [zipped.read(name) for name in zipped.namelist()] == [
            b"pierwszy",
            b"drugi",
            b"trzeci",
        ]


def test_an_invoice_without_attachments_zips_to_an_empty_archive(client, owner, invoice):
    archive = client.get(f"/invoices/{invoice.pk}/attachments_zip.json?api_token={owner.api_token}")
    assert archive.status_code == 200
    with zipfile.ZipFile(io.BytesIO(b"".join(archive.streaming_content))) as zipped:
        assert zipped.namelist() == []


def test_the_last_upload_of_a_name_wins_and_the_earlier_one_is_dropped(
    client, owner, invoice, media_root, django_capture_on_commit_callbacks
):
    uploads.upload(client, owner, invoice.pk, file_name="a.txt", content=b"stara")
    uploads.upload(client, owner, invoice.pk, file_name="a.txt", content=b"nowa")
    stale = PendingUpload.objects.order_by("id").first().file.name

    with django_capture_on_commit_callbacks(execute=True):
        body = uploads.attach(client, owner, invoice.pk, "a.txt").json()

    attachment = Attachment.objects.get(pk=body["id"])
    assert (media_root / attachment.file.name).read_bytes() == b"nowa"
    assert PendingUpload.objects.count() == 0
    assert not (media_root / stale).exists()


def test_a_file_name_with_folders_is_kept_as_its_last_part(client, owner, invoice):
    response = uploads.upload(client, owner, invoice.pk, file_name="..\\..\\etc\\umowa.txt")
    assert response.status_code == 201

    added = uploads.attach(client, owner, invoice.pk, "C:/Dokumenty/umowa.txt")

    assert added.status_code == 201, added.content
    assert added.json()["file_name"] == "umowa.txt"
    assert added.json()["content_type"] == "text/plain"


def test_the_declared_content_type_is_kept_when_it_is_well_formed(client, owner, invoice):
    uploads.upload(client, owner, invoice.pk, file_name="x.bin", content_type="image/png")
    assert uploads.attach(client, owner, invoice.pk, "x.bin").json()["content_type"] == "image/png"


def test_one_attachment_is_shown_downloaded_and_deleted(
    client, owner, invoice, media_root, django_capture_on_commit_callbacks
):
    body = uploads.upload_and_attach(client, owner, invoice.pk, "zał 1.pdf", content=b"ABC")
    base = f"/invoices/{invoice.pk}/attachments/{body['id']}"
    token = f"api_token={owner.api_token}"

    assert client.get(f"{base}.json?{token}").json() == body
    download = client.get(f"{base}/download.json?{token}")
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == b"ABC"
    assert download["Content-Type"] == "application/pdf"
    assert download["X-Content-Type-Options"] == "nosniff"
    assert download["Content-Disposition"] == (
        "attachment; filename=\"za_ 1.pdf\"; filename*=UTF-8''za%C5%82%201.pdf"
    )
    stored = media_root / Attachment.objects.get().file.name

    with django_capture_on_commit_callbacks(execute=True):
        deleted = client.delete(f"{base}.json?{token}")

    assert deleted.status_code == 200
    assert deleted.json() == "ok"
    assert not Attachment.objects.exists()
    assert not stored.exists()
    assert client.get(f"{base}.json?{token}").status_code == 404
    assert client.delete(f"{base}.json?{token}").status_code == 404


def test_an_xml_list_names_its_items_attachment(client, owner, invoice):
    uploads.upload_and_attach(client, owner, invoice.pk, "a.pdf")
    response = client.get(f"/invoices/{invoice.pk}/attachments.xml?api_token={owner.api_token}")
    root = etree.fromstring(response.content)
    assert root.tag == "attachments"
    assert root[0].tag == "attachment"
    assert root[0].findtext("file_name") == "a.pdf"
