"""Recurring invoices in the panel: list, make one from an invoice, change or pause it,
and see the invoices it issued (or why a period has none).

The crud pages (`panel/crud.py`) with the API's schema (`RecurringIn`) and the
services the API's `/recurrings.json` calls, so the panel takes and refuses what
the API does, with the same words.
"""

from django import forms
from django.http import HttpRequest
from django.utils.translation import gettext_lazy

from faktura.invoicing.models import Invoice
from faktura.invoicing.recurring import services
from faktura.invoicing.recurring.api import RecurringIn
from faktura.invoicing.recurring.models import Recurring, every_label
from faktura.panel.crud import Resource
from faktura.panel.templatetags.panel import kind_title

# The template select lists the account's latest documents.
TEMPLATE_CHOICES = 300
EVERY_CHOICES = (
    ("1w", gettext_lazy("every week")),
    ("2w", gettext_lazy("every 2 weeks")),
    ("1m", gettext_lazy("every month")),
    ("2m", gettext_lazy("every 2 months")),
    ("3m", gettext_lazy("every 3 months")),
    ("6m", gettext_lazy("every 6 months")),
    ("1y", gettext_lazy("every year")),
)
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class RecurringForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Name"), max_length=255, required=False)
    invoice_id = forms.ChoiceField(label=gettext_lazy("Template invoice"), required=False)
    every = forms.ChoiceField(label=gettext_lazy("How often"), choices=EVERY_CHOICES)
    start_date = forms.DateField(label=gettext_lazy("From"), required=False, widget=DATE)
    end_date = forms.DateField(
        label=gettext_lazy("Until (empty: no end)"), required=False, widget=DATE
    )
    next_invoice_date = forms.DateField(
        label=gettext_lazy("Next invoice on (empty: by the schedule)"), required=False, widget=DATE
    )
    issue_working_day_only = forms.BooleanField(
        label=gettext_lazy("Only on working days (weekends and holidays move to the next one)"),
        required=False,
    )
    send_email = forms.BooleanField(
        label=gettext_lazy("Send each invoice by e-mail"), required=False
    )
    buyer_email = forms.CharField(
        label=gettext_lazy("To (separated by commas; empty: the buyer's address)"),
        required=False,
        max_length=2000,
    )
    catch_up = forms.BooleanField(
        label=gettext_lazy("After an outage, issue every missed period (not only the latest)"),
        required=False,
        initial=True,
    )
    state = forms.ChoiceField(
        label=gettext_lazy("State"),
        choices=[(state.value, state.label) for state in services.STATES],
        initial=Recurring.State.ACTIVE,
    )

    def for_account(self, account) -> None:
        invoices = (
            Invoice.objects.filter(account=account, cancelled=False)
            .exclude(kind=Invoice.Kind.CORRECTION)
            .order_by("-issue_date", "-id")
            .only("pk", "number", "kind", "buyer_name")[:TEMPLATE_CHOICES]
        )
        choices = [("", "—")]
        choices += [
            (
                str(invoice.pk),
                f"{invoice.number} · {kind_title(invoice.kind)} · {invoice.buyer_name}",
            )
            for invoice in invoices
        ]
        chosen = str(self.initial.get("invoice_id") or "")
        if chosen and chosen not in {value for value, _label in choices}:
            template = Invoice.objects.filter(account=account, pk=chosen).first()
            if template is not None:
                choices.insert(1, (chosen, f"{template.number} · {template.buyer_name}"))
        self.fields["invoice_id"].choices = choices
        every = self.initial.get("every")
        if every and every not in dict(EVERY_CHOICES):
            self.fields["every"].choices = [(every, every_label(every)), *EVERY_CHOICES]


def _initial(recurring: Recurring) -> dict:
    values = {name: getattr(recurring, name) for name in RecurringForm.base_fields}
    values["invoice_id"] = str(recurring.invoice_id or "")
    if recurring.state == Recurring.State.FINISHED:
        values["state"] = Recurring.State.ACTIVE
    return values


def _initial_new(request: HttpRequest) -> dict:
    """A new definition from an invoice's page (`?invoice_id=`): its buyer names it."""
    invoice_id = request.GET.get("invoice_id", "")
    values = {"every": "1m", "catch_up": True, "state": Recurring.State.ACTIVE}
    if invoice_id.isdigit():
        template = Invoice.objects.filter(account=request.account, pk=int(invoice_id)).first()
        if template is not None:
            values.update(invoice_id=str(template.pk), name=template.buyer_name)
    return values


def _issued(recurring: Recurring) -> dict:
    periods = recurring.periods.select_related("invoice").order_by("-period_date")
    return {"periods": list(periods[:100])}


RECURRINGS = Resource(
    name="recurrings",
    title=gettext_lazy("Recurring invoices"),
    model=Recurring,
    form=RecurringForm,
    schema=RecurringIn,
    create=services.recurring_create,
    update=services.recurring_update,
    delete=services.recurring_delete,
    search_fields=("name", "invoice__buyer_name", "invoice__number"),
    columns=(
        ("name", gettext_lazy("Name")),
        ("every_label", gettext_lazy("How often")),
        ("next_invoice_date", gettext_lazy("Next invoice")),
        ("state_label", gettext_lazy("State")),
        ("invoices_count", gettext_lazy("Invoices issued")),
    ),
    title_new=gettext_lazy("New recurring invoice"),
    order_by=("name", "id"),
    blank_clears=True,
    initial=_initial,
    initial_new=_initial_new,
    details_template="panel/recurring/issued.html",
    details=_issued,
)
