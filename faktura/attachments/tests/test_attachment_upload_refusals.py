"""The upload endpoint refuses what its signed policy does not allow, with an S3 error
naming the form field, and keeps nothing of a refused upload."""

import base64
import datetime as dt
import json

import pytest
from django.utils import timezone
from lxml import etree

from faktura.attachments import signing
from faktura.attachments.models import Attachment, PendingUpload
from faktura.attachments.tests import factories as uploads
from faktura.invoicing.models import Invoice
from faktura.invoicing.tests import factories_invoices as invoices

pytestmark = pytest.mark.django_db


@pytest.fixture
def invoice(owner):
    return invoices.numbered_invoice(owner)


@pytest.fixture
def given(client, owner, invoice):
    return uploads.credentials(client, owner, invoice.pk)


def _post(client, given, fields, **file):
    body, content_type = uploads.curl_form(fields, **file)
    return uploads.post_upload(client, given["url"], body, content_type)


def _error(response) -> tuple[str, str | None]:
    assert response["Content-Type"] == "application/xml"
    root = etree.fromstring(response.content)
    assert root.tag == "Error"
    assert root.findtext("Message")
    return root.findtext("Code"), root.findtext("ArgumentName")


def _nothing_kept(media_root):
    assert not PendingUpload.objects.exists()
    assert not Attachment.objects.exists()
    assert not any(path.is_file() for path in media_root.rglob("*"))


def _signed(settings, policy: signing.Policy) -> dict[str, str]:
    return uploads.upload_fields(
        signing.credentials(policy, url="unused", secret=settings.SECRET_KEY)
    )


def _policy(owner, invoice, **changes) -> signing.Policy:
    values = {
        "key": signing.new_key(),
        "account_id": owner.account.pk,
        "invoice_id": invoice.pk,
        "max_size": 1000,
        "expires_at": timezone.now() + dt.timedelta(minutes=5),
        **changes,
    }
    return signing.Policy(**values)


def test_a_tampered_signature_is_refused(client, given, media_root):
    fields = uploads.upload_fields(given)
    fields["signature"] = base64.b64encode(b"x" * 32).decode()

    response = _post(client, given, fields)

    assert response.status_code == 403
    assert _error(response) == ("SignatureDoesNotMatch", "signature")
    _nothing_kept(media_root)


def test_a_policy_changed_after_signing_is_refused(client, given, media_root):
    document = json.loads(base64.b64decode(given["policy"]))
    document["max_size"] = 10**12
    fields = uploads.upload_fields(given)
    fields["policy"] = base64.b64encode(json.dumps(document).encode()).decode()

    response = _post(client, given, fields)

    assert response.status_code == 403
    assert _error(response) == ("SignatureDoesNotMatch", "signature")
    _nothing_kept(media_root)


def test_an_expired_policy_is_refused(client, owner, invoice, given, settings, media_root):
    policy = _policy(owner, invoice, expires_at=timezone.now() - dt.timedelta(seconds=1))

    response = _post(client, given, _signed(settings, policy))

    assert response.status_code == 403
    assert _error(response) == ("AccessDenied", "policy")
    _nothing_kept(media_root)


def test_a_key_other_than_the_policys_is_refused(client, given, media_root):
    fields = uploads.upload_fields(given)
    fields["key"] = signing.new_key()

    response = _post(client, given, fields)

    assert response.status_code == 403
    assert _error(response) == ("AccessDenied", "key")
    _nothing_kept(media_root)


@pytest.mark.parametrize(
    ("field", "value"), [("acl", "public-read"), ("success_action_status", "200")]
)
def test_a_signed_field_changed_is_refused(client, given, media_root, field, value):
    fields = uploads.upload_fields(given)
    fields[field] = value

    response = _post(client, given, fields)

    assert response.status_code == 403
    assert _error(response) == ("AccessDenied", field)
    _nothing_kept(media_root)


def test_another_access_key_id_is_refused(client, given):
    fields = uploads.upload_fields(given)
    fields["AWSAccessKeyId"] = "AKIAIOSFODNN7EXAMPLE"

    response = _post(client, given, fields)

    assert response.status_code == 403
    assert _error(response) == ("InvalidAccessKeyId", "AWSAccessKeyId")


@pytest.mark.parametrize("missing", ["AWSAccessKeyId", "key", "policy", "signature"])
def test_a_missing_field_is_named(client, given, missing):
    fields = uploads.upload_fields(given)
    del fields[missing]

    response = _post(client, given, fields)

    assert response.status_code == 400
    assert _error(response) == ("InvalidArgument", missing)


def test_a_policy_that_is_not_base64_json_is_refused_as_malformed(client, given, settings):
    fields = uploads.upload_fields(given)
    fields["policy"] = "not a policy"
    fields["signature"] = signing.sign("not a policy", settings.SECRET_KEY)

    response = _post(client, given, fields)

    assert response.status_code == 400
    assert _error(response) == ("InvalidPolicyDocument", "policy")


def test_a_file_over_the_policys_limit_is_refused(
    client, owner, invoice, given, settings, media_root
):
    policy = _policy(owner, invoice, max_size=1000)

    response = _post(client, given, _signed(settings, policy), content=b"x" * 1001)

    assert response.status_code == 413
    assert _error(response) == ("EntityTooLarge", "file")
    _nothing_kept(media_root)


def test_a_file_of_exactly_the_limit_is_taken(client, owner, invoice, given, settings):
    policy = _policy(owner, invoice, max_size=1000)

    response = _post(client, given, _signed(settings, policy), content=b"x" * 1000)

    assert response.status_code == 201, response.content


def test_the_size_setting_limits_credentials_and_uploads(
    client, owner, invoice, settings, media_root
):
    settings.FAKTURA_ATTACHMENT_MAX_BYTES = 2000
    given = uploads.credentials(client, owner, invoice.pk)
    assert json.loads(base64.b64decode(given["policy"]))["max_size"] == 2000

    response = _post(client, given, uploads.upload_fields(given), content=b"x" * 2001)

    assert response.status_code == 413
    assert _error(response) == ("EntityTooLarge", "file")
    _nothing_kept(media_root)


def test_a_body_far_over_the_limit_is_refused_before_it_is_read(client, owner, invoice, settings):
    settings.FAKTURA_ATTACHMENT_MAX_BYTES = 1000
    settings.FAKTURA_MAX_BODY_BYTES = 1000
    given = uploads.credentials(client, owner, invoice.pk)

    response = _post(client, given, uploads.upload_fields(given), content=b"x" * 200_000)

    assert response.status_code == 413
    assert not PendingUpload.objects.exists()


def test_the_upload_path_takes_files_larger_than_the_api_body_limit(
    client, owner, invoice, settings
):
    settings.FAKTURA_MAX_BODY_BYTES = 1000
    settings.FAKTURA_ATTACHMENT_MAX_BYTES = 50_000
    given = uploads.credentials(client, owner, invoice.pk)

    response = _post(client, given, uploads.upload_fields(given), content=b"x" * 40_000)

    assert response.status_code == 201, response.content


def test_a_form_without_a_file_is_refused(client, given):
    response = _post(client, given, uploads.upload_fields(given), file_name=None)

    assert response.status_code == 400
    assert _error(response) == ("InvalidArgument", "file")


def test_an_empty_file_is_refused(client, given, media_root):
    response = _post(client, given, uploads.upload_fields(given), content=b"")

    assert response.status_code == 400
    assert _error(response) == ("EntityTooSmall", "file")
    _nothing_kept(media_root)


def test_a_form_that_is_not_multipart_is_refused(client, given):
    response = client.post(
        "/attachments/upload",
        data=uploads.upload_fields(given),
        content_type="application/x-www-form-urlencoded",
        HTTP_HOST="acme.faktura.test",
    )
    assert response.status_code == 400
    assert _error(response) == ("InvalidArgument", "Content-Type")


def test_a_broken_multipart_body_is_a_400(client):
    response = client.generic(
        "POST",
        "/attachments/upload",
        data=b'--xyz\r\nContent-Disposition: form-data; name="key"\r\n\r\nabc',
        content_type="multipart/form-data; boundary=",
        HTTP_HOST="acme.faktura.test",
    )
    assert response.status_code == 400


def test_only_post_is_allowed(client):
    assert client.get("/attachments/upload", HTTP_HOST="acme.faktura.test").status_code == 405


def test_a_policy_is_not_taken_on_another_accounts_host(client, given, other_owner):
    body, content_type = uploads.curl_form(uploads.upload_fields(given))
    response = client.generic(
        "POST",
        "/attachments/upload",
        data=body,
        content_type=content_type,
        HTTP_HOST="globex.faktura.test",
    )
    assert response.status_code == 403
    assert _error(response) == ("AccessDenied", "url")


def test_an_upload_for_an_invoice_deleted_since_is_refused(client, given, invoice, media_root):
    Invoice.objects.filter(pk=invoice.pk).delete()

    response = _post(client, given, uploads.upload_fields(given))

    assert response.status_code == 404
    assert _error(response) == ("NoSuchInvoice", "key")
    _nothing_kept(media_root)


def test_a_policy_signed_for_204_answers_204_without_a_body(
    client, owner, invoice, given, settings
):
    policy = _policy(owner, invoice, success_action_status="204", max_size=100_000)

    response = _post(client, given, _signed(settings, policy))

    assert response.status_code == 204
    assert response.content == b""
    assert PendingUpload.objects.count() == 1


def test_a_client_accepting_json_still_reaches_the_upload(client, given):
    body, content_type = uploads.curl_form(uploads.upload_fields(given))
    response = client.generic(
        "POST",
        "/attachments/upload",
        data=body,
        content_type=content_type,
        HTTP_HOST="acme.faktura.test",
        HTTP_ACCEPT="application/json",
    )
    assert response.status_code == 201, response.content


def test_expired_pending_uploads_are_removed_when_a_new_one_arrives(
    client, owner, invoice, given, media_root, django_capture_on_commit_callbacks
):
    uploads.upload(client, owner, invoice.pk, file_name="old.pdf")
    old = PendingUpload.objects.get()
    PendingUpload.objects.filter(pk=old.pk).update(expires_at=timezone.now())

    with django_capture_on_commit_callbacks(execute=True):
        response = uploads.upload(client, owner, invoice.pk, file_name="new.pdf")

    assert response.status_code == 201
    assert list(PendingUpload.objects.values_list("file_name", flat=True)) == ["new.pdf"]
    assert not (media_root / old.file.name).exists()
    assert uploads.attach(client, owner, invoice.pk, "old.pdf").status_code == 422
