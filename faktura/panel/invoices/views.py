"""The invoices' list and an invoice's page with what can be done to it.

Every action calls the service the API calls for it (status changes, cancel,
delete, send by e-mail, payments), so the panel refuses what the API refuses,
with the same words.
"""

import datetime as dt
from decimal import Decimal, InvalidOperation

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from faktura.delivery.invoices import invoice_send_by_email
from faktura.delivery.selectors import invoice_emails
from faktura.documents.pdf import PRINT_OPTIONS, invoice_pdf, invoice_snapshot_of
from faktura.documents.responses import pdf_filename, pdf_response
from faktura.documents.snapshot import invoice_title
from faktura.errors import BadParameter, Invalid, NotFound
from faktura.invoicing.models import Invoice
from faktura.invoicing.services import status as status_services
from faktura.panel.access import can_change, panel_page
from faktura.panel.invoices import listing
from faktura.panel.selectors import visible_invoices
from faktura.payments.models import Allocation
from faktura.payments.services.payments import payment_create

STATUS_CHOICES = ("issued", "sent", "rejected")


def _invoice(request: HttpRequest, id: int) -> Invoice:
    invoice = visible_invoices(request.membership).filter(pk=id).first()
    if invoice is None:
        raise Http404
    return invoice


@panel_page()
def invoice_list(request: HttpRequest) -> HttpResponse:
    filters = listing.Filters.from_query(request.GET)
    rows = listing.invoices(request.membership, filters, today=timezone.localdate())
    context = {
        "section": "invoices",
        "filters": filters,
        "page": listing.page_of(rows, request.GET.get("page")),
        "periods": listing.PERIODS,
        "statuses": listing.STATUSES,
        "kinds": Invoice.Kind.values,
        "today": timezone.localdate(),
        "query": request.GET.copy(),
    }
    if request.headers.get("HX-Request"):
        return render(request, "panel/invoices/rows.html", context)
    return render(request, "panel/invoices/list.html", context)


def _history(request: HttpRequest, invoice: Invoice) -> dict:
    payments = (
        Allocation.objects.filter(invoice=invoice, account=request.account)
        .select_related("payment")
        .order_by("payment__paid_date", "id")
    )
    return {
        "emails": list(invoice_emails(account=request.account, invoice_id=invoice.pk)[:20]),
        "allocations": list(payments),
    }


@panel_page()
def invoice_page(request: HttpRequest, id: int) -> HttpResponse:
    invoice = _invoice(request, id)
    context = {
        "section": "invoices",
        "invoice": invoice,
        "doc": invoice_snapshot_of(invoice),
        "print_options": PRINT_OPTIONS,
        "statuses": STATUS_CHOICES,
        "can_change": can_change(request.membership),
        "today": timezone.localdate(),
        **_history(request, invoice),
    }
    return render(request, "panel/invoices/page.html", context)


@panel_page()
def invoice_pdf_download(request: HttpRequest, id: int) -> HttpResponse:
    invoice = _invoice(request, id)
    option = request.GET.get("print_option", "original")
    if option not in PRINT_OPTIONS:
        return HttpResponseBadRequest(_("Unknown print option."))
    content = invoice_pdf(invoice, print_option=option)
    return pdf_response(content, pdf_filename(invoice_title(invoice), invoice.number))


def _addresses(text: str) -> list[str]:
    return [part.strip() for part in text.replace(";", ",").split(",") if part.strip()]


def _back(invoice: Invoice) -> HttpResponse:
    return redirect("panel-invoice", id=invoice.pk)


def _refused(request: HttpRequest, invoice: Invoice, error: Exception) -> HttpResponse:
    if isinstance(error, Invalid):
        for field, reasons in error.errors.items():
            for reason in reasons:
                messages.error(request, f"{field}: {reason}")
    else:
        messages.error(request, str(getattr(error, "reason", error)))
    return _back(invoice)


@require_POST
@panel_page()
def invoice_send(request: HttpRequest, id: int) -> HttpResponse:
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
        return _refused(request, invoice, error)
    messages.success(
        request, _("The invoice is on its way to %(to)s.") % {"to": ", ".join(sent.email.to)}
    )
    return _back(invoice)


def _amount(text: str) -> Decimal | None:
    try:
        value = Decimal(text.replace(",", ".").replace(" ", "").replace("\u00a0", ""))
    except InvalidOperation:
        return None
    return value if value.is_finite() else None


@require_POST
@panel_page()
def invoice_pay(request: HttpRequest, id: int) -> HttpResponse:
    """Record a payment for the invoice: the amount given, or all that is left."""
    invoice = _invoice(request, id)
    left = max(invoice.price_gross - invoice.paid, Decimal(0))
    raw = request.POST.get("amount", "").strip()
    amount = _amount(raw) if raw else left
    if amount is None or amount <= 0:
        messages.error(request, _("Give the amount paid, e.g. 100,00."))
        return _back(invoice)
    try:
        day = dt.date.fromisoformat(
            request.POST.get("paid_date") or timezone.localdate().isoformat()
        )
    except ValueError:
        messages.error(request, _("Give the date of the payment."))
        return _back(invoice)
    data = {
        "name": _("Payment for %(number)s") % {"number": invoice.number},
        "price": amount,
        "currency": invoice.currency,
        "paid": True,
        "paid_date": day,
        "invoice_ids": [invoice.pk],
    }
    try:
        payment_create(account=request.account, user=request.user, data=data)
    except Invalid as error:
        return _refused(request, invoice, error)
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
        return _refused(request, invoice, error)
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
        return _refused(request, invoice, error)
    messages.success(request, _("The invoice is cancelled."))
    return _back(invoice)


@require_POST
@panel_page()
def invoice_delete(request: HttpRequest, id: int) -> HttpResponse:
    invoice = _invoice(request, id)
    try:
        status_services.invoice_delete(account=request.account, id=invoice.pk)
    except (Invalid, NotFound) as error:
        return _refused(request, invoice, error)
    messages.success(request, _("The invoice %(number)s is deleted.") % {"number": invoice.number})
    return redirect("panel-invoices")
