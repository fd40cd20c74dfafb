"""The invoice form: a new document of any kind, its live totals, and a correction.

The form's fields carry the API's names (`buyer_name`, `positions-0-tax` for
`positions[0].tax`); what is posted is checked by the API's own schema
(`InvoiceIn`) and handed to the same service (`invoice_create`), so the panel
takes and refuses exactly what the API does, with the same messages on the
same fields. Totals are computed as the user types by the server's money
engine (`fields.position_input` + `fields.line_amounts` + `money.invoice_totals`,
the steps `invoice_create` takes), never by the browser.
"""

import re
from decimal import Decimal

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from faktura.catalog.models import Client
from faktura.documents import labels
from faktura.documents.formatting import amount_text
from faktura.errors import Invalid
from faktura.invoicing import money
from faktura.invoicing.api.writing import InvoiceIn, PositionIn, _data
from faktura.invoicing.models import Invoice
from faktura.invoicing.services.create import KINDS, invoice_create
from faktura.invoicing.services.fields import line_amounts, position_input
from faktura.panel.access import panel_page
from faktura.panel.schemas import validated
from faktura.panel.selectors import visible_invoices

ROW = re.compile(r"^positions-(\d+)-(\w+)$")
ROW_FIELDS = ("name", "quantity", "quantity_unit", "price_net", "tax")
MAX_ROWS = 200
TAXES = ("23", "8", "5", "0", "zw", "np", "oo")
PAYMENT_TYPES = ("transfer", "card", "cash", "cash_on_delivery", "compensation", "barter")
LANGUAGES = ("pl", "en", "de", "uk", "pl/en")
HEAD_FIELDS = (
    "kind",
    "number",
    "issue_date",
    "sell_date",
    "payment_to",
    "payment_type",
    "currency",
    "lang",
    "client_id",
    "buyer_name",
    "buyer_tax_no",
    "buyer_street",
    "buyer_post_code",
    "buyer_city",
    "buyer_email",
    "description",
)


def _rows(post) -> list[dict]:
    """The position rows posted, in their order, without the rows left empty."""
    found: dict[int, dict] = {}
    for key, value in post.items():
        match = ROW.match(key)
        if match and match[2] in ROW_FIELDS and int(match[1]) < MAX_ROWS:
            found.setdefault(int(match[1]), {})[match[2]] = value.strip()
    return [row for _index, row in sorted(found.items()) if any(row.values())]


def _values(post) -> dict:
    """The invoice as the API's `invoice` object, from the posted fields."""
    values = {
        name: post.get(name, "").strip() for name in HEAD_FIELDS if post.get(name, "").strip()
    }
    values["positions"] = [{k: v for k, v in row.items() if v} for row in _rows(post)]
    return values


def _blank_values(request: HttpRequest) -> dict:
    today = timezone.localdate().isoformat()
    kind = request.GET.get("kind", "vat")
    return {
        "kind": kind if kind in KINDS else "vat",
        "issue_date": today,
        "sell_date": today,
        "payment_type": "transfer",
        "currency": "PLN",
        "lang": "pl",
        "positions": [{"quantity": "1", "quantity_unit": "szt", "tax": "23"}],
    }


def _context(request: HttpRequest, values: dict, errors: dict) -> dict:
    clients = Client.objects.filter(account=request.account).order_by("name").only("pk", "name")
    return {
        "section": "invoices",
        "values": values,
        "errors": errors,
        "kinds": KINDS,
        "taxes": TAXES,
        "payment_types": PAYMENT_TYPES,
        "languages": LANGUAGES,
        "clients": clients[:500],
        "totals": _totals(request, values),
    }


@panel_page()
def invoice_new(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        return render(
            request, "panel/invoices/form.html", _context(request, _blank_values(request), {})
        )
    values = _values(request.POST)
    try:
        data = _data(validated(InvoiceIn, values))
        invoice = invoice_create(account=request.account, user=request.user, data=data)
    except Invalid as error:
        context = _context(request, values, error.errors)
        return render(request, "panel/invoices/form.html", context, status=422)
    return redirect("panel-invoice", id=invoice.pk)


def _totals(request: HttpRequest, values: dict) -> dict:
    """Each row's amounts and the summary per rate, as the create service would compute them.

    A row the engine refuses shows its reason instead; it never fails the page.
    """
    lang = values.get("lang") or "pl"
    rows, amounts, taxes = [], [], []
    for index, row in enumerate(values.get("positions") or []):
        errors: dict[str, list[str]] = {}
        line = None
        try:
            entry = validated(PositionIn, row).model_dump(exclude_unset=True)
            made = position_input(request.account, entry, f"positions.{index}", None, errors)
            if made is not None and not errors:
                line, refusal = line_amounts(
                    made[0], made[1], strategy="default", discount_kind=None, allow_negative=False
                )
                if refusal:
                    errors.setdefault(f"positions.{index}.{refusal[0]}", []).append(refusal[1])
                    line = None
        except Invalid as error:
            errors = {f"positions.{index}.{k}": v for k, v in error.errors.items()}
        if line is not None:
            amounts.append(line)
            taxes.append(money.parse_tax(row.get("tax") or "23"))
        rows.append(
            {
                "net": amount_text(line.total_price_net, lang) if line else "",
                "gross": amount_text(line.total_price_gross, lang) if line else "",
                "problems": [reason for reasons in errors.values() for reason in reasons],
            }
        )
    summary = money.invoice_totals(amounts, taxes)
    return {
        "rows": rows,
        "per_rate": [
            {
                "rate": labels.tax_code(vat.code, lang),
                "net": amount_text(vat.net, lang),
                "tax": amount_text(vat.tax, lang),
                "gross": amount_text(vat.gross, lang),
            }
            for vat in summary.per_rate
        ],
        "net": amount_text(summary.price_net, lang),
        "tax": amount_text(summary.price_tax, lang),
        "gross": amount_text(summary.price_gross, lang),
        "currency": values.get("currency") or "PLN",
    }


@require_POST
@panel_page()
def invoice_totals(request: HttpRequest) -> HttpResponse:
    """The totals fragment for what the form holds now (htmx, as the user types)."""
    values = _values(request.POST)
    return render(request, "panel/invoices/totals.html", {"totals": _totals(request, values)})


@panel_page()
def position_row(request: HttpRequest) -> HttpResponse:
    """One more empty position row (htmx), numbered after the ones on the page."""
    try:
        index = min(max(int(request.GET.get("index", "0")), 0), MAX_ROWS - 1)
    except ValueError:
        index = 0
    row = {"quantity": "1", "quantity_unit": "szt", "tax": "23"}
    return render(
        request,
        "panel/invoices/row.html",
        {"index": index, "row": row, "taxes": TAXES, "errors": {}},
    )


def _corrected(request: HttpRequest, id: int) -> Invoice:
    invoice = visible_invoices(request.membership).filter(pk=id).first()
    if invoice is None or invoice.kind == Invoice.Kind.CORRECTION:
        raise Http404
    return invoice


def _side(kind: str, name: str, quantity, price_net, tax: str) -> dict:
    return {"kind": kind, "name": name, "quantity": quantity, "price_net": price_net, "tax": tax}


@panel_page()
def invoice_correction(request: HttpRequest, id: int) -> HttpResponse:
    """A correction of invoice `id`: each line as it was and as it is to be."""
    corrected = _corrected(request, id)
    lines = list(corrected.positions.filter(correction_line__isnull=True).order_by("order", "id"))
    values = {"correction_reason": "", "issue_date": timezone.localdate().isoformat()}
    after = [
        {
            "quantity": format(line.quantity.normalize(), "f"),
            "price_net": f"{line.price_net:.2f}",
            "tax": line.tax,
        }
        for line in lines
    ]
    errors: dict = {}
    if request.method == "POST":
        values = {
            "correction_reason": request.POST.get("correction_reason", "").strip(),
            "issue_date": request.POST.get("issue_date", "").strip(),
        }
        after = [
            {
                field: request.POST.get(f"after-{index}-{field}", "").strip()
                for field in ("quantity", "price_net", "tax")
            }
            for index in range(len(lines))
        ]
        positions = []
        for line, new in zip(lines, after, strict=True):
            was = (format(line.quantity.normalize(), "f"), f"{line.price_net:.2f}", line.tax)
            if (new["quantity"], new["price_net"], new["tax"]) == was:
                continue
            positions.append(
                {
                    "name": line.name,
                    "tax": new["tax"] or line.tax,
                    "kind": "correction",
                    "correction_before_attributes": _side("correction_before", line.name, *was),
                    "correction_after_attributes": _side(
                        "correction_after", line.name, new["quantity"], new["price_net"], new["tax"]
                    ),
                }
            )
        invoice_values = {
            "kind": "correction",
            "invoice_id": str(corrected.pk),
            "from_invoice_id": str(corrected.pk),
            "correction_reason": values["correction_reason"],
            "positions": positions,
        }
        if values["issue_date"]:
            invoice_values["issue_date"] = values["issue_date"]
        try:
            data = _data(validated(InvoiceIn, invoice_values))
            invoice = invoice_create(account=request.account, user=request.user, data=data)
        except Invalid as error:
            errors = error.errors
        else:
            return redirect("panel-invoice", id=invoice.pk)
    context = {
        "section": "invoices",
        "corrected": corrected,
        "rows": list(zip(lines, after, strict=True)),
        "values": values,
        "errors": errors,
        "taxes": TAXES,
        "zero": Decimal(0),
    }
    return render(request, "panel/invoices/correction.html", context, status=422 if errors else 200)
