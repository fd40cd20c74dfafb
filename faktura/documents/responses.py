"""HTTP answers carrying a PDF: the download name and inline or attachment display."""

import re
from urllib.parse import quote

from django.http import HttpResponse

from faktura.api.formats import CONTENT_TYPES, PDF

_UNSAFE = re.compile(r"[^\w.-]+")


def pdf_filename(title: str, number: str) -> str:
    """`Faktura VAT`, `1/11/2026` → `Faktura_VAT_1-11-2026.pdf` (safe separators)."""
    stem = "_".join(part for part in (title, number.replace("/", "-")) if part)
    return (_UNSAFE.sub("_", stem).strip("_") or "document") + ".pdf"


def pdf_response(content: bytes, filename: str, *, inline: bool = False) -> HttpResponse:
    response = HttpResponse(content, content_type=CONTENT_TYPES[PDF])
    disposition = "inline" if inline else "attachment"
    ascii_name = filename.encode("ascii", "replace").decode().replace("?", "_")
    response["Content-Disposition"] = (
        f"{disposition}; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(filename)}"
    )
    response["Content-Length"] = str(len(content))
    return response
