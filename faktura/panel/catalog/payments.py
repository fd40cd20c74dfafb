"""Payments in the panel: an amount received, the day, and the invoices it settles.

The form is read through the API's `PaymentWrite` schema and recorded, changed or
deleted by the payments services, which settle the invoices named (in the order
shown) and move their `paid` and status. The invoices offered are the account's
unpaid sales the membership may see, and those the payment already settles.
"""

from django import forms
from django.contrib import messages
from django.db.models import F, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from faktura.errors import Invalid
from faktura.invoicing.models import Invoice
from faktura.panel.access import panel_page
from faktura.panel.catalog import common
from faktura.panel.errors import add_service_errors
from faktura.panel.selectors import visible_invoices, visible_payments
from faktura.payments.api import PaymentWrite
from faktura.payments.models import Payment
from faktura.payments.services import payments as services

# Invoices offered at most, the oldest due first.
MAX_OFFERED = 200


class PaymentForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Title"), required=False, max_length=255)
    price = forms.CharField(label=gettext_lazy("Amount"), required=False, max_length=30)
    currency = forms.CharField(
        label=gettext_lazy("Currency"), required=False, max_length=3, initial="PLN"
    )
    paid_date = forms.DateField(
        label=gettext_lazy("Payment date"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    paid = forms.BooleanField(label=gettext_lazy("Received"), required=False, initial=True)
    invoice_ids = forms.MultipleChoiceField(
        label=gettext_lazy("Invoices it pays"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    description = forms.CharField(
        label=gettext_lazy("Description"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, invoices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["invoice_ids"].choices = [(str(i.pk), _invoice_label(i)) for i in invoices]


def _invoice_label(invoice: Invoice) -> str:
    return _("%(number)s · %(buyer)s · %(gross)s %(currency)s, paid %(paid)s") % {
        "number": invoice.number or f"#{invoice.pk}",
        "buyer": invoice.buyer_name,
        "gross": invoice.price_gross,
        "currency": invoice.currency,
        "paid": invoice.paid,
    }


def _offered(request: HttpRequest, payment: Payment | None) -> list[Invoice]:
    unpaid = Q(income=True, cancelled=False, price_gross__gt=F("paid")) & ~Q(
        status=Invoice.Status.PAID
    )
    if payment is not None:
        unpaid |= Q(allocations__payment=payment)
    rows = visible_invoices(request.membership).filter(unpaid).distinct()
    return list(rows.order_by("payment_to", "id")[:MAX_OFFERED])


def _form_page(request: HttpRequest, payment: Payment | None) -> HttpResponse:
    if payment is None:
        initial = {"paid": True, "paid_date": timezone.localdate(), "currency": "PLN"}
    else:
        initial = {
            "name": payment.name,
            "price": payment.price,
            "currency": payment.currency,
            "paid": payment.paid,
            "paid_date": timezone.localdate(payment.paid_date) if payment.paid_date else None,
            "description": payment.description,
            "invoice_ids": [str(row.invoice_id) for row in payment.allocations.all()],
        }
    form = PaymentForm(request.POST or None, initial=initial, invoices=_offered(request, payment))
    if request.method == "POST" and form.is_valid():
        values = {k: v for k, v in form.cleaned_data.items() if v not in ("", None)}
        values["paid"] = form.cleaned_data["paid"]
        # The invoices ticked, in the order shown: none ticked pays none.
        values["invoice_ids"] = form.cleaned_data["invoice_ids"]
        try:
            payload = common.api_payload(PaymentWrite, "banking_payment", values)
            data = payload.banking_payment.model_dump(exclude_unset=True)
            if payment is None:
                saved = services.payment_create(
                    account=request.account, user=request.user, data=data
                )
            else:
                saved = services.payment_update(account=request.account, id=payment.pk, data=data)
        except Invalid as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("%(name)s is saved.") % {"name": saved})
            return redirect("panel-payments-list")
    title = _("New payment") if payment is None else str(payment)
    context = {"section": "payments", "form": form, "title": title, "row": payment}
    return common.unprocessable(
        request, "panel/catalog/payments/form.html", context, bool(form.errors)
    )


@panel_page()
def payment_list(request: HttpRequest) -> HttpResponse:
    text = common.search_text(request)
    rows = visible_payments(request.membership).prefetch_related("allocations__invoice")
    if text:
        match = Q(name__icontains=text) | Q(description__icontains=text)
        match |= Q(allocations__invoice__number__icontains=text)
        rows = rows.filter(match).distinct()
    context = {
        "section": "payments",
        "text": text,
        "list_title": _("Payments"),
        "new_title": _("New payment"),
        "new_url": reverse("panel-payments-new"),
        "list_url": reverse("panel-payments-list"),
    }
    return common.list_page(
        request, rows.order_by("-paid_date", "-id"), "panel/catalog/payments", context
    )


@panel_page()
def payment_new(request: HttpRequest) -> HttpResponse:
    return _form_page(request, None)


@panel_page()
def payment_edit(request: HttpRequest, id: int) -> HttpResponse:
    return _form_page(request, common.own_row(visible_payments(request.membership), request, id))


@require_POST
@panel_page()
def payment_delete(request: HttpRequest, id: int) -> HttpResponse:
    payment = common.own_row(visible_payments(request.membership), request, id)
    services.payment_delete(account=request.account, id=payment.pk)
    messages.success(request, _("%(name)s is deleted.") % {"name": payment})
    return redirect("panel-payments-list")
