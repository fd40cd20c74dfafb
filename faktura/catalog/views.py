"""Catalog pages outside the API: department logos."""

import re

from django.core.files.storage import default_storage
from django.http import FileResponse, Http404
from django.views.decorators.http import require_safe

from faktura.catalog.logos import CONTENT_TYPES
from faktura.catalog.selectors.departments import logo_in_use

_LOGO_NAME = re.compile(r"[0-9a-f]{32}\.(png|jpg|svg)")
# An SVG opened on its own is a document: nothing may run or load in it.
SVG_POLICY = "default-src 'none'; style-src 'unsafe-inline'"


@require_safe
def department_logo(request, name: str):
    """A department's logo, for anyone with its (random, unguessable) address.

    No login: invoices' public pages, e-mails and PDFs show it. Only names the service
    generates and a department still refers to are served, with the type the content
    was checked to be and without letting the browser guess another one.
    """
    match = _LOGO_NAME.fullmatch(name)
    stored = f"logos/{name}"
    if match is None or not logo_in_use(stored):
        raise Http404("No such logo")
    try:
        handle = default_storage.open(stored, "rb")
    except FileNotFoundError:
        raise Http404("No such logo") from None
    extension = match[1]
    response = FileResponse(handle, content_type=CONTENT_TYPES[extension])
    response["X-Content-Type-Options"] = "nosniff"
    # A new logo gets a new name, so a name's content never changes.
    response["Cache-Control"] = "public, max-age=31536000, immutable"
    if extension == "svg":
        response["Content-Security-Policy"] = SVG_POLICY
    return response
