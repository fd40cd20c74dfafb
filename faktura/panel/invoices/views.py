"""The invoices' list and an invoice's page with what can be done to it.

Every action calls the service the API calls for it (status changes, cancel,
delete, send by e-mail, payments, copies through `invoice_create`), so the panel
refuses what the API refuses, with the same words. An action that succeeds
redirects back with a message; one that is refused shows the invoice page again
(422) with the service's reasons (listed above the actions, and beside the fields of
the e-mail and payment forms) and what was typed kept.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from faktura.delivery.invoices import invoice_send_by_email
from faktura.delivery.selectors import invoice_emails
from faktura.documents.pdf import PRINT_OPTIONS, invoice_pdf
from faktura.documents.responses import pdf_filename, pdf_response
from faktura.documents.snapshot import invoice_title
from faktura.documents.views import invoice_page_context
from faktura.errors import BadParameter, Invalid, NotFound
from faktura.events.selectors import resource_deliveries
from faktura.invoicing.api.writing import InvoiceIn, service_data
from faktura.invoicing.models import Invoice
from faktura.invoicing.selectors import order_advances_to_settle
from faktura.invoicing.services import status as status_services
from faktura.invoicing.services.create import invoice_create
from faktura.panel.access import can_change, can_manage_settings, panel_page
from faktura.panel.htmx import wants_fragment
from faktura.panel.invoices import listing
from faktura.panel.invoices.form import editable
from faktura.panel.schemas import iso_date, validated
from faktura.panel.selectors import visible_invoices
from faktura.payments.api import PaymentIn
from faktura.payments.models import Allocation
from faktura.payments.services.payments import invoice_pay_rest, payment_create
from faktura.tenancy import find_owned

STATUS_CHOICES = ("issued", "sent", "rejected")
HISTORY_ROWS = 20
# The documents a copy may make, beside one of the source's own kind: a proforma
# becomes the VAT invoice, an order its advance and final invoices.
COPY_KINDS = {
    Invoice.Kind.PROFORMA: (Invoice.Kind.VAT,),
    Invoice.Kind.ESTIMATE: (Invoice.Kind.ADVANCE, Invoice.Kind.FINAL),
    Invoice.Kind.CLIENT_ORDER: (Invoice.Kind.ADVANCE, Invoice.Kind.FINAL),
}
# Kinds that are no document of their own to copy: a correction belongs to the
# invoice it corrects, advance and final invoices to their order (they are made from
# it), a cancelled document is only a record.
NOT_COPIED = (
    Invoice.Kind.CORRECTION,
    Invoice.Kind.ADVANCE,
    Invoice.Kind.FINAL,
    Invoice.Kind.CANCELED,
)


def copy_kinds(invoice: Invoice) -> list[str]:
    """The kinds of the documents the page offers to make from `invoice`."""
    if invoice.cancelled or invoice.kind in NOT_COPIED:
        return []
    return [invoice.kind, *COPY_KINDS.get(invoice.kind, ())]


def _invoice(request: HttpRequest, id: int) -> Invoice:
    invoice = find_owned(visible_invoices(request.membership), account=request.account, id=id)
    if invoice is None:
        raise Http404
    return invoice


@panel_page()
def invoice_list(request: HttpRequest) -> HttpResponse:
    filters = listing.Filters.from_query(request.GET)
    today = timezone.localdate()
    rows = listing.invoices(request.membership, filters, today=today)
    context = {
        "section": "invoices",
        "filters": filters,
        "page": listing.page_of(rows, request.GET.get("page")),
        "today": today,
        "query": request.GET.copy(),
    }
    if wants_fragment(request):
        return render(request, "panel/invoices/rows.html", context)
    context.update(
        periods=listing.PERIODS,
        statuses=listing.STATUSES,
        kinds=Invoice.Kind.values,
        clients=listing.clients_offered(request.membership, filters.client_id),
    )
    return render(request, "panel/invoices/list.html", context)


def _history(request: HttpRequest, invoice: Invoice) -> dict:
    allocations = (
        Allocation.objects.filter(invoice=invoice, account=request.account)
        .select_related("payment")
        .order_by("payment__paid_date", "id")
    )
    deliveries = resource_deliveries(
        account=request.account, resource="invoice", resource_id=invoice.pk
    )
    return {
        "emails": list(
            invoice_emails(account=request.account, invoice_id=invoice.pk)[:HISTORY_ROWS]
        ),
        "allocations": list(allocations[:HISTORY_ROWS]),
        "deliveries": list(deliveries[:HISTORY_ROWS]),
    }


def _page(
    request: HttpRequest, invoice: Invoice, *, refused: str = "", errors: dict | None = None
) -> HttpResponse:
    """The invoice's page; after a refused action (`refused`: its name) with the
    service's `errors` by field, and what was posted kept in the action's form."""
    today = timezone.localdate()
    context = {
        **invoice_page_context(invoice, translation.get_language()),
        "section": "invoices",
        "invoice": invoice,
        "print_options": PRINT_OPTIONS,
        "statuses": STATUS_CHOICES,
        "copy_kinds": copy_kinds(invoice),
        "can_change": can_change(request.membership),
        "can_edit": can_change(request.membership) and editable(invoice),
        "can_see_webhooks": can_manage_settings(request.membership),
        "today": today,
        "refused": refused,
        "errors": errors or {},
        "posted": request.POST if refused else {},
        **_history(request, invoice),
    }
    status = 422 if refused else 200
    return render(request, "panel/invoices/page.html", context, status=status)


@panel_page()
def invoice_page(request: HttpRequest, id: int) -> HttpResponse:
    return _page(request, _invoice(request, id))


@panel_page()
def invoice_pdf_download(request: HttpRequest, id: int) -> HttpResponse:
    invoice = _invoice(request, id)
    option = request.GET.get("print_option", "original")
    if option not in PRINT_OPTIONS:
        return HttpResponseBadRequest(
            _("print_option must be one of: %(allowed)s.") % {"allowed": ", ".join(PRINT_OPTIONS)}
        )
    content = invoice_pdf(invoice, print_option=option)
    return pdf_response(content, pdf_filename(invoice_title(invoice), invoice.number))


def _reasons(error: Exception) -> dict[str, list[str]]:
    """A service's refusal as reasons by field."""
    if isinstance(error, Invalid):
        return error.errors
    if isinstance(error, BadParameter):
        return {error.name: [error.reason]}
    return {"id": [str(error)]}


def _addresses(text: str) -> list[str]:
    return [part.strip() for part in text.replace(";", ",").split(",") if part.strip()]


def _back(invoice: Invoice) -> HttpResponse:
    return redirect("panel-invoice", id=invoice.pk)


@require_POST
@panel_page()
def invoice_send(request: HttpRequest, id: int) -> HttpResponse:
    """The API's `send_by_email`: to up to five addresses (or the buyer's), copies, the PDF."""
    invoice = _invoice(request, id)
    try:
        sent = invoice_send_by_email(
            account=request.account,
            id=invoice.pk,
            to=_addresses(request.POST.get("email_to", "")),
            cc=_addresses(request.POST.get("email_cc", "")),
            attach_pdf=request.POST.get("email_pdf") == "on",
            print_option=request.POST.get("print_option") or None,
        )
    except (Invalid, BadParameter) as error:
        return _page(request, invoice, refused="send", errors=_reasons(error))
    messages.success(
        request, _("The invoice is on its way to %(to)s.") % {"to": ", ".join(sent.email.to)}
    )
    return _back(invoice)


@require_POST
@panel_page()
def invoice_pay(request: HttpRequest, id: int) -> HttpResponse:
    """Record a paid payment settling the invoice: of `price` (read by the payments API's
    schema, decimal commas too), or, none given, of all that is left ("mark as paid")."""
    invoice = _invoice(request, id)
    typed = request.POST.get("price", "").strip()
    try:
        details = {
            "name": _("Payment for %(number)s") % {"number": invoice.number},
            "paid_date": iso_date(request.POST.get("paid_date", ""), "paid_date")
            or timezone.localdate(),
        }
        if not typed:
            invoice_pay_rest(
                account=request.account, user=request.user, invoice_id=invoice.pk, data=details
            )
        else:
            values = {
                **details,
                "price": typed,
                "currency": invoice.currency,
                "paid": True,
                "invoice_ids": [invoice.pk],
            }
            data = validated(PaymentIn, values).model_dump(exclude_unset=True)
            if data["price"] <= 0:
                raise Invalid.field("price", _("must be greater than 0"))
            payment_create(account=request.account, user=request.user, data=data)
    except Invalid as error:
        return _page(request, invoice, refused="pay", errors=_reasons(error))
    messages.success(request, _("The payment is recorded."))
    return _back(invoice)


@require_POST
@panel_page()
def invoice_status(request: HttpRequest, id: int) -> HttpResponse:
    invoice = _invoice(request, id)
    try:
        status_services.invoice_change_status(
            account=request.account, id=invoice.pk, status=request.POST.get("status")
        )
    except (Invalid, BadParameter) as error:
        return _page(request, invoice, refused="status", errors=_reasons(error))
    messages.success(request, _("The status is changed."))
    return _back(invoice)


@require_POST
@panel_page()
def invoice_cancel(request: HttpRequest, id: int) -> HttpResponse:
    invoice = _invoice(request, id)
    try:
        status_services.invoice_cancel(
            account=request.account, id=invoice.pk, reason=request.POST.get("reason", "")
        )
    except Invalid as error:
        return _page(request, invoice, refused="cancel", errors=_reasons(error))
    messages.success(request, _("The invoice is cancelled."))
    return _back(invoice)


@panel_page()
def invoice_delete(request: HttpRequest, id: int) -> HttpResponse:
    """GET asks to confirm; POST deletes through the service (which may refuse, e.g. an
    advance a final invoice deducts) and returns to the list."""
    invoice = _invoice(request, id)
    if not can_change(request.membership):
        raise PermissionDenied
    if request.method != "POST":
        context = {"section": "invoices", "invoice": invoice, "title": invoice_title(invoice)}
        return render(request, "panel/invoices/delete.html", context)
    try:
        status_services.invoice_delete(account=request.account, id=invoice.pk)
    except (Invalid, NotFound) as error:
        return _page(request, invoice, refused="delete", errors=_reasons(error))
    messages.success(request, _("The invoice %(number)s is deleted.") % {"number": invoice.number})
    return redirect("panel-invoices")


@require_POST
@panel_page()
def invoice_copy(request: HttpRequest, id: int) -> HttpResponse:
    """A new document from this one, as the API's `copy_invoice_from` makes it: of the
    same kind, a VAT invoice from a proforma, an advance (a percent or an amount of
    the order) or the final invoice (less the order's advances) from an order."""
    invoice = _invoice(request, id)
    kind = request.POST.get("kind", "")
    offered = copy_kinds(invoice)
    values: dict = {"copy_invoice_from": invoice.pk, "kind": kind}
    try:
        if kind not in offered:
            allowed = ", ".join(offered) or "—"
            raise Invalid.field("kind", _("must be one of: %(allowed)s") % {"allowed": allowed})
        if kind == Invoice.Kind.ADVANCE:
            values["advance_creation_mode"] = request.POST.get("advance_creation_mode") or "percent"
            values["advance_value"] = request.POST.get("advance_value", "").strip() or None
        if kind == Invoice.Kind.FINAL:
            values["invoice_ids"] = order_advances_to_settle(account=request.account, order=invoice)
        data = service_data(validated(InvoiceIn, values))
        copy = invoice_create(account=request.account, user=request.user, data=data)
    except Invalid as error:
        return _page(request, invoice, refused="copy", errors=_reasons(error))
    messages.success(
        request,
        _("%(title)s %(number)s is issued from %(source)s.")
        % {"title": invoice_title(copy), "number": copy.number, "source": invoice.number},
    )
    return _back(copy)
