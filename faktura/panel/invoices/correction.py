"""A correction of an invoice from the panel: each line as it was and as it is to be.

Only the lines whose after-values differ are sent, as the API's
`correction_before_attributes` / `correction_after_attributes`, to `invoice_create`.
"""

from decimal import Decimal

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from faktura.errors import Invalid
from faktura.invoicing.api.writing import InvoiceIn, service_data
from faktura.invoicing.models import Invoice
from faktura.invoicing.services.create import invoice_create
from faktura.panel.access import panel_page
from faktura.panel.invoices.form import TAXES
from faktura.panel.schemas import validated
from faktura.panel.selectors import visible_invoices


def _corrected(request: HttpRequest, id: int) -> Invoice:
    invoice = visible_invoices(request.membership).filter(pk=id).first()
    if invoice is None or invoice.kind == Invoice.Kind.CORRECTION:
        raise Http404
    return invoice


def _side(kind: str, name: str, quantity, price_net, tax: str) -> dict:
    return {"kind": kind, "name": name, "quantity": quantity, "price_net": price_net, "tax": tax}


@panel_page(form=True)
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
            data = service_data(validated(InvoiceIn, invoice_values))
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
