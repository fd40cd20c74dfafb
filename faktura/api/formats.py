"""The response formats of the API and how a request picks one."""

import re

JSON = "json"
XML = "xml"
PDF = "pdf"
API_FORMATS = (JSON, XML)

# Paths (without suffix) of the resources that have a `.pdf` form.
PDF_PATHS: list[re.Pattern] = [
    re.compile(r"/invoices/\d+"),
    re.compile(r"/warehouse_documents/\d+"),
]

CONTENT_TYPES = {
    JSON: "application/json; charset=utf-8",
    XML: "application/xml; charset=utf-8",
    PDF: "application/pdf",
}


def format_from_accept(accept: str) -> str | None:
    """The API format an `Accept` header asks for, or None when it prefers HTML or nothing."""
    best: tuple[float, str] | None = None
    for item in accept.split(","):
        media, _, params = item.strip().partition(";")
        media = media.strip().lower()
        quality = 1.0
        for param in params.split(";"):
            key, _, value = param.strip().partition("=")
            if key == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        kind = {
            "application/json": JSON,
            "application/xml": XML,
            "text/xml": XML,
            "text/html": "html",
            "application/xhtml+xml": "html",
        }.get(media)
        if kind and quality > 0 and (best is None or quality > best[0]):
            best = (quality, kind)
    if best is None or best[1] == "html":
        return None
    return best[1]


def request_format(request) -> str:
    """The format a request was made in; JSON unless the path or Accept said otherwise."""
    return getattr(request, "api_format", JSON)
