"""Attachment pages outside the API: the signed upload endpoint and the buyer's downloads.

`POST /attachments/upload` (signing.UPLOAD_PATH) is the `url` of
`get_new_attachment_credentials`: a multipart form as an S3 browser POST takes
it (`AWSAccessKeyId`, `key`, `policy`, `signature`, `acl`,
`success_action_status`, then `file`), authorised by the signature alone (no
api_token, no cookie, so no CSRF token either). It answers as S3 does:

- `success_action_status` 201: 201 with `<PostResponse>` holding `Location`
  (where the invoice's attachments are listed), `Bucket` ("faktura"), `Key`
  (the key with `${filename}` replaced) and `ETag` (MD5 of the file); 200 or
  204: that status with no body.
- refusals: an S3 `<Error>` document with `Code`, `Message` and `ArgumentName`
  (the form field at fault): 400 InvalidArgument (a missing field or file, a
  form that is not multipart), 400 InvalidPolicyDocument, 400 EntityTooSmall
  (an empty file), 403 InvalidAccessKeyId, 403 SignatureDoesNotMatch, 403
  AccessDenied (an expired policy, a field that is not the policy's, the Host of
  another account), 404 NoSuchInvoice (deleted since), 413 EntityTooLarge (a
  file over the policy's limit; bodies far over it get the body limit's 413).

`GET /invoice/{token}/attachments/{attachment_id}`: one attachment of the
invoice behind a public link, when the invoice shows its attachments
(`show_attachments`); 404 otherwise. Always a download (Content-Disposition
attachment, `X-Content-Type-Options: nosniff`, a sandboxing CSP).
"""

import hashlib

from django.core.exceptions import SuspiciousOperation
from django.http import Http404, HttpResponse
from django.http.multipartparser import MultiPartParserError
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST, require_safe
from lxml import etree

from faktura.accounts.urls import account_url, host_prefix
from faktura.attachments import responses, selectors, services, signing
from faktura.errors import NotFound

FORM_FIELDS = ("AWSAccessKeyId", "key", "policy", "signature", "acl", "success_action_status")
BUCKET = "faktura"
XML_CONTENT_TYPE = "application/xml"


def _xml(root: etree._Element, status: int) -> HttpResponse:
    body = etree.tostring(root, encoding="UTF-8", xml_declaration=True)
    return HttpResponse(body, status=status, content_type=XML_CONTENT_TYPE)


def _error(status: int, code: str, message: str, field: str | None) -> HttpResponse:
    root = etree.Element("Error")
    etree.SubElement(root, "Code").text = code
    etree.SubElement(root, "Message").text = message
    if field:
        etree.SubElement(root, "ArgumentName").text = field
    return _xml(root, status)


def _policy_error(exc: signing.PolicyError) -> HttpResponse:
    field = exc.field
    if exc.reason == signing.MISSING:
        return _error(
            400,
            "InvalidArgument",
            _("The form field %(field)s is missing.") % {"field": field},
            field,
        )
    if exc.reason == signing.MALFORMED:
        if field == "policy":
            return _error(
                400, "InvalidPolicyDocument", _("The policy is not a valid policy."), field
            )
        return _error(
            400,
            "InvalidArgument",
            _("The form field %(field)s is malformed.") % {"field": field},
            field,
        )
    if exc.reason == signing.BAD_SIGNATURE:
        return _error(
            403,
            "SignatureDoesNotMatch",
            _("The signature does not match the policy."),
            field,
        )
    if exc.reason == signing.EXPIRED:
        return _error(403, "AccessDenied", _("The policy has expired."), field)
    if field == "AWSAccessKeyId":
        return _error(403, "InvalidAccessKeyId", _("The access key id is not Faktura's."), field)
    return _error(
        403,
        "AccessDenied",
        _("The form field %(field)s does not match the policy.") % {"field": field},
        field,
    )


def _refused(exc: services.UploadRefused) -> HttpResponse:
    field = exc.field
    if exc.reason == services.NO_FILE:
        return _error(400, "InvalidArgument", _("The form has no file field."), field)
    if exc.reason == services.EMPTY_FILE:
        return _error(400, "EntityTooSmall", _("The file is empty."), field)
    if exc.reason == services.TOO_LARGE:
        return _error(413, "EntityTooLarge", _("The file is larger than the policy allows."), field)
    if exc.reason == services.NO_INVOICE:
        return _error(404, "NoSuchInvoice", _("The invoice no longer exists."), field)
    return _error(
        403, "AccessDenied", _("This upload belongs to another account's address."), field
    )


def _md5(file) -> str:
    digest = hashlib.md5(usedforsecurity=False)
    for chunk in file.chunks():
        digest.update(chunk)
    file.seek(0)
    return digest.hexdigest()


@csrf_exempt
@require_POST
def attachment_upload(request):
    """Receive one file posted with signed credentials (see the module docstring)."""
    try:
        form, files = request.POST, request.FILES
    except (MultiPartParserError, SuspiciousOperation):
        return _error(400, "MalformedPOSTRequest", _("The body is not a valid form."), None)
    if request.content_type != "multipart/form-data":
        return _error(
            400,
            "InvalidArgument",
            _("The upload must be sent as multipart/form-data."),
            "Content-Type",
        )
    fields = {name: form.get(name, "") for name in FORM_FIELDS}
    file = files.get("file")
    try:
        policy, pending = services.upload_receive(
            fields=fields, file=file, host_prefix=host_prefix(request)
        )
    except signing.PolicyError as exc:
        return _policy_error(exc)
    except services.UploadRefused as exc:
        return _refused(exc)
    status = int(policy.success_action_status)
    if status != 201:
        return HttpResponse(status=status)
    root = etree.Element("PostResponse")
    location = f"{account_url(pending.account.prefix)}/invoices/{pending.invoice_id}/attachments"
    etree.SubElement(root, "Location").text = location + ".json"
    etree.SubElement(root, "Bucket").text = BUCKET
    etree.SubElement(root, "Key").text = policy.key.replace(
        signing.FILENAME_VARIABLE, pending.file_name
    )
    etree.SubElement(root, "ETag").text = f'"{_md5(file)}"'
    return _xml(root, 201)


@require_safe
def public_attachment(request, token: str, attachment_id: int):
    """One attachment of a publicly linked invoice that shows them (module docstring)."""
    try:
        attachment = selectors.public_attachment(
            token=token, id=attachment_id, host_prefix=host_prefix(request)
        )
        return responses.attachment_response(attachment)
    except NotFound:
        raise Http404("No such attachment") from None
