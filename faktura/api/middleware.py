"""Request plumbing the API dialect needs before any view runs."""

import json
import re

from django.conf import settings
from django.http import HttpResponse

from faktura.api.formats import API_FORMATS, PDF, PDF_PATHS, format_from_accept
from faktura.attachments.signing import UPLOAD_PATH

# Room for the upload form's other fields and the multipart framing around the file.
MULTIPART_ALLOWANCE = 64 * 1024

API_URLCONF = "faktura.api.urls"
_SUFFIX = re.compile(r"^(?P<path>/.+)\.(?P<format>json|xml|pdf)$")


class BodySizeLimitMiddleware:
    """Answer 413 to bodies over FAKTURA_MAX_BODY_BYTES before anything reads them.

    The attachment upload path takes files up to FAKTURA_ATTACHMENT_MAX_BYTES
    instead (plus the form around them), when that is the larger limit.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        limit = settings.FAKTURA_MAX_BODY_BYTES
        if request.path_info == UPLOAD_PATH:
            limit = max(limit, settings.FAKTURA_ATTACHMENT_MAX_BYTES + MULTIPART_ALLOWANCE)
        if length > limit:
            body = {
                "code": "error",
                "message": f"Request body too large: {length} bytes, the limit is {limit} bytes",
            }
            return HttpResponse(json.dumps(body), status=413, content_type="application/json")
        return self.get_response(request)


class ApiFormatMiddleware:
    """Route API calls by their format.

    `/invoices/1.json` is the API: the suffix is removed from `path_info`, the
    format is kept on `request.api_format`, and the request resolves against
    the API's own URL configuration, so API paths never collide with the
    panel's pages. Without a suffix, an `Accept` naming JSON or XML (and not
    HTML) makes it an API call too.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        match = _SUFFIX.match(request.path_info)
        if (
            match
            and match["format"] == PDF
            and not any(pattern.fullmatch(match["path"]) for pattern in PDF_PATHS)
        ):
            # Only resources that print have a .pdf form; others are not the API's.
            match = None
        if match:
            request.api_format = match["format"]
            request.path_info = match["path"]
            request.urlconf = API_URLCONF
        else:
            accepted = format_from_accept(request.META.get("HTTP_ACCEPT", ""))
            if accepted in API_FORMATS:
                request.api_format = accepted
                request.urlconf = API_URLCONF
        if getattr(request, "urlconf", None) == API_URLCONF:
            _empty_body_as_no_parameters(request)
        return self.get_response(request)


BODY_METHODS = ("POST", "PUT", "PATCH")


def _empty_body_as_no_parameters(request) -> None:
    """Read a write without a body as one with no body parameters.

    The reference's actions are called as `curl -X POST …/change_status.json?status=paid`:
    no body and no Content-Type. Django Ninja would report its body model as missing
    ("payload: Field required"); an empty JSON object lets the query parameters and the
    endpoint's own checks speak instead.
    """
    if request.method not in BODY_METHODS or "HTTP_TRANSFER_ENCODING" in request.META:
        return
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return
    if length == 0:
        request._body = b"{}"
        request.META["CONTENT_TYPE"] = "application/json"
        request.META["CONTENT_LENGTH"] = "2"
        request.content_type = "application/json"
        request.content_params = {}
