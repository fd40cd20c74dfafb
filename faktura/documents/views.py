"""An invoice's public link: the page a buyer opens without logging in, and its PDF.

- `GET /invoice/{token}`: the invoice as an HTML page, in the invoice's language.
- `GET /invoice/{token}.pdf`: the same invoice printed (`documents.pdf.invoice_pdf`),
  as a download; `?inline=yes` shows it in the browser instead.

The page and the PDF read the same snapshot (`documents.pdf.invoice_snapshot_of`),
so they show the same lines, totals and amount due.

Decisions where the reference ("Link do podglądu faktury i pobieranie do PDF") is silent:

- Host: on an account's own host (`acme.example.com`, the host `view_url` names) only
  that account's tokens are found; another account's token is a 404 like an unknown
  one. On the bare service (`example.com`, `app.example.com`, any host that names no
  account) every token works: the token alone is the secret, and links made before
  a domain change keep working.
- `inline`: only `yes` (any case) displays the PDF inline; any other value, or none,
  downloads it. A wrong value is not an error: the PDF is what was asked for.
- Unknown, malformed and revoked (regenerated) tokens all answer the same plain 404
  page, which says nothing about why.
- Language: the invoice's `lang`; for a bilingual one ("pl/en") its first. Polish,
  English and Ukrainian have translations; any other language gets English.
- The page asks for payment (amount due, term, bank transfer data) only for a sales
  document that is not cancelled, not marked `paid`, and has something left to pay
  (charges and deductions counted, what is already paid subtracted). A cancelled
  document is marked so, without payment data.
- The invoice's attachments are listed, with links to download them, only when the
  seller set `show_attachments`.
- Every answer carries `X-Robots-Tag: noindex, nofollow`, `Referrer-Policy:
  no-referrer` (the token is in the address) and `Cache-Control: private, no-store`.
  The page's Content-Security-Policy allows nothing but its own inline style (by
  hash) and same-origin images (the department's logo): no scripts at all.
"""

import base64
import datetime as dt
import functools
import hashlib
import re
from decimal import Decimal

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_safe

from faktura.accounts.urls import host_prefix
from faktura.attachments.selectors import public_attachments
from faktura.documents.pdf import invoice_pdf, invoice_snapshot_of
from faktura.documents.responses import pdf_filename, pdf_response
from faktura.documents.snapshot import invoice_title
from faktura.errors import NotFound
from faktura.invoicing.models import Invoice
from faktura.invoicing.selectors import invoice_by_public_token

# What `new_token` makes (URL-safe base64); anything else cannot name an invoice.
TOKEN = re.compile(r"[A-Za-z0-9_-]{1,40}")
PAGE_LANGUAGES = ("pl", "en", "uk")
DEFAULT_LANGUAGE = "pl"
FALLBACK_LANGUAGE = "en"
STYLE_TEMPLATE = "documents/public_invoice.css"


def page_language(lang: str) -> str:
    """The language a page for an invoice in `lang` is shown in ("pl/en" → "pl", "de" → "en")."""
    first = re.split(r"[/_-]", (lang or "").strip().lower(), maxsplit=1)[0]
    if not first:
        return DEFAULT_LANGUAGE
    return first if first in PAGE_LANGUAGES else FALLBACK_LANGUAGE


@functools.cache
def _style() -> tuple[str, str]:
    """(the page's CSS, its CSP source): the style is allowed by its hash alone."""
    css = render_to_string(STYLE_TEMPLATE)
    digest = base64.b64encode(hashlib.sha256(css.encode()).digest()).decode()
    return css, f"'sha256-{digest}'"


def content_security_policy() -> str:
    return (
        "default-src 'none'; "
        f"style-src {_style()[1]}; "
        "img-src 'self'; "
        "base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
    )


def _private(response: HttpResponse) -> HttpResponse:
    """Keep a link's content out of search engines, referrers and shared caches."""
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Referrer-Policy"] = "no-referrer"
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _page(request: HttpRequest, template: str, context: dict, *, status: int = 200):
    # The CSS is our own file, inserted as it is so that its hash matches the policy.
    context = {**context, "style": mark_safe(_style()[0])}  # noqa: S308
    response = render(request, template, context, status=status)
    response["Content-Security-Policy"] = content_security_policy()
    response["Content-Language"] = context.get("page_lang", translation.get_language())
    return _private(response)


def _not_found(request: HttpRequest) -> HttpResponse:
    context = {"page_lang": translation.get_language() or DEFAULT_LANGUAGE}
    return _page(request, "documents/public_not_found.html", context, status=404)


def _invoice(request: HttpRequest, token: str) -> Invoice | None:
    if not TOKEN.fullmatch(token):
        return None
    try:
        return invoice_by_public_token(token=token, prefix=host_prefix(request))
    except NotFound:
        return None


@require_safe
def invoice_public_page(request: HttpRequest, token: str) -> HttpResponse:
    invoice = _invoice(request, token)
    if invoice is None:
        return _not_found(request)
    lang = page_language(invoice.lang)
    with translation.override(lang):
        return _page(request, "documents/public_invoice.html", invoice_page_context(invoice, lang))


@require_safe
def invoice_public_pdf(request: HttpRequest, token: str) -> HttpResponse:
    invoice = _invoice(request, token)
    if invoice is None:
        return _not_found(request)
    inline = request.GET.get("inline", "").strip().lower() == "yes"
    content = invoice_pdf(invoice)
    filename = pdf_filename(invoice_title(invoice), invoice.number)
    return _private(pdf_response(content, filename, inline=inline))


def invoice_page_context(invoice: Invoice, lang: str) -> dict:
    """What `documents/invoice_content.html` shows: the buyer's view of the invoice
    (the public page, and the panel's preview); `lang` is the page's language."""
    today = timezone.localdate()
    doc = invoice_snapshot_of(invoice, today=today)
    cancelled = invoice.cancelled or invoice.kind == Invoice.Kind.CANCELED
    paid = invoice.status == Invoice.Status.PAID
    left = Decimal(doc["due"]["left"])
    payment_due = invoice.income and not cancelled and not paid and left > 0
    payment_to = _date(doc["due"]["payment_to"])
    return {
        "page_lang": lang,
        "doc": doc,
        "title": doc["title"],
        "logo_url": _logo_url(invoice),
        "pdf_url": reverse("invoice-public-pdf", kwargs={"token": invoice.token}),
        "cancelled": cancelled,
        "paid": paid and not cancelled,
        "show_paid": not cancelled and Decimal(doc["due"]["paid"]) > 0,
        "payment_due": payment_due,
        "overdue": payment_due and payment_to is not None and payment_to < today,
        "payment_method": doc["payment"]["type"],
        "parties": [
            {"label": gettext_lazy("Seller"), "party": doc["seller"]},
            {"label": gettext_lazy("Buyer"), "party": doc["buyer"]},
        ],
        "lines": doc["lines"],
        "vat_summary": doc["vat_summary"],
        "bank_accounts": doc["bank_accounts"],
        "notes": doc["notes"] or _description_note(invoice),
        "in_words": doc["in_words"],
        "token": invoice.token,
        "attachments": public_attachments(invoice),
    }


def _date(text: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text) if text else None
    except ValueError:
        return None


def _description_note(invoice: Invoice) -> list[dict]:
    return [{"kind": "", "content": invoice.description}] if invoice.description else []


def _logo_url(invoice: Invoice) -> str:
    department = invoice.department
    if department is None or not department.logo:
        return ""
    # Served by catalog.views.department_logo on this same host (the CSP allows 'self').
    return department.logo.url
