"""The invoices' list: filters, text search and pages, read by the list page and its fragments.

Filters come from the query string (`income`, `period` with `date_from`/`date_to`,
`kind`, `status`, `client`, `q`, `page`); a value outside what a filter takes is
ignored, and a malformed date is named in `Filters.errors` (the list then runs
without that bound), so a hand-edited address never fails the page.
"""

import datetime as dt
from dataclasses import dataclass, field

from django.core.paginator import Page, Paginator
from django.db.models import F, Q, QuerySet
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from faktura.accounts.models import Membership
from faktura.catalog.models import Client
from faktura.errors import Invalid
from faktura.invoicing.models import Invoice
from faktura.panel.schemas import iso_date
from faktura.panel.selectors import visible_invoices
from faktura.tenancy import possible_id

PER_PAGE = 25
CLIENTS_OFFERED = 500
CUSTOM = "custom"
PERIODS = {
    "this_month": _("This month"),
    "last_month": _("Last month"),
    "this_year": _("This year"),
    "all": _("All"),
    CUSTOM: _("From – to"),
}
STATUSES = {
    "issued": _("Issued"),
    "sent": _("Sent"),
    "paid": _("Paid"),
    "partial": _("Partly paid"),
    "rejected": _("Rejected"),
    "overdue": _("Overdue"),
}
COLUMNS = (
    "id",
    "kind",
    "number",
    "buyer_name",
    "seller_name",
    "issue_date",
    "payment_to",
    "price_gross",
    "paid",
    "currency",
    "status",
    "income",
    "cancelled",
)


DATE_LABELS = {
    "date_from": _("Date from"),
    "date_to": _("Date to"),
}


def _day(query, name: str, errors: dict) -> dt.date | None:
    try:
        return iso_date(query.get(name, ""), name)
    except Invalid as error:
        errors[name] = f"{DATE_LABELS[name]}: {error.errors[name][0]}"
        return None


@dataclass(frozen=True)
class Filters:
    income: bool = True
    period: str = "all"
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    kind: str = ""
    status: str = ""
    client_id: int | None = None
    text: str = ""
    # Query parameters that could not be read, with why: {"date_from": "…"}.
    errors: dict = field(default_factory=dict)

    @classmethod
    def from_query(cls, query) -> "Filters":
        errors: dict = {}
        date_from, date_to = _day(query, "date_from", errors), _day(query, "date_to", errors)
        period = query.get("period", "all")
        # Dates typed without choosing "from – to" mean it (unless another span is chosen).
        if (date_from or date_to) and period in ("", "all"):
            period = CUSTOM
        if period not in PERIODS:
            period = "all"
        if period == CUSTOM and date_from and date_to and date_from > date_to:
            reason = gettext("the period ends before it starts")
            errors["date_to"] = f"{DATE_LABELS['date_to']}: {reason}"
            date_to = None
        client = query.get("client", "").strip()
        client_id = int(client) if client.isascii() and client.isdigit() else None
        if client_id is not None and not possible_id(client_id):
            client_id = None
        kind = query.get("kind", "")
        status = query.get("status", "")
        return cls(
            income=query.get("income", "yes") != "no",
            period=period,
            date_from=date_from if period == CUSTOM else None,
            date_to=date_to if period == CUSTOM else None,
            kind=kind if kind in Invoice.Kind.values else "",
            status=status if status in STATUSES else "",
            client_id=client_id,
            text=query.get("q", "").strip()[:100],
            errors=errors,
        )


def _span(filters: Filters, today: dt.date) -> tuple[dt.date | None, dt.date | None]:
    if filters.period == "this_month":
        return today.replace(day=1), today
    if filters.period == "last_month":
        end = today.replace(day=1) - dt.timedelta(days=1)
        return end.replace(day=1), end
    if filters.period == "this_year":
        return today.replace(month=1, day=1), today
    if filters.period == CUSTOM:
        return filters.date_from, filters.date_to
    return None, None


def invoices(membership: Membership, filters: Filters, *, today: dt.date) -> QuerySet[Invoice]:
    """The membership's invoices matching `filters`, newest first (the index's order)."""
    rows = visible_invoices(membership).filter(income=filters.income)
    start, end = _span(filters, today)
    if start is not None:
        rows = rows.filter(issue_date__gte=start)
    if end is not None:
        rows = rows.filter(issue_date__lte=end)
    if filters.kind:
        rows = rows.filter(kind=filters.kind)
    if filters.client_id is not None:
        rows = rows.filter(client_id=filters.client_id)
    if filters.status == "overdue":
        # As `is_overdue` decides for one invoice.
        rows = rows.filter(payment_to__lt=today, cancelled=False, price_gross__gt=F("paid"))
        rows = rows.exclude(status=Invoice.Status.PAID)
    elif filters.status:
        rows = rows.filter(status=filters.status)
    if filters.text:
        text = filters.text
        rows = rows.filter(
            Q(number__icontains=text)
            | Q(buyer_name__icontains=text)
            | Q(buyer_tax_no__icontains=text)
            | Q(seller_name__icontains=text)
            | Q(oid=text)
        )
    return rows.only(*COLUMNS).order_by("-issue_date", "-id")


def is_overdue(invoice: Invoice, today: dt.date) -> bool:
    """Past its payment term with something left to pay (the `overdue` status filter)."""
    return bool(
        invoice.payment_to
        and invoice.payment_to < today
        and not invoice.cancelled
        and invoice.status != Invoice.Status.PAID
        and invoice.price_gross > invoice.paid
    )


def page_of(rows: QuerySet[Invoice], number) -> Page:
    return Paginator(rows, PER_PAGE).get_page(number)


def clients_offered(membership: Membership, chosen: int | None) -> list[tuple[int, str]]:
    """The clients the filter offers, by name (the first CLIENTS_OFFERED, and the chosen one)."""
    clients = Client.objects.filter(account_id=membership.account_id).order_by("name", "id")
    offered = list(clients.values_list("pk", "name")[:CLIENTS_OFFERED])
    if chosen is not None and all(pk != chosen for pk, _name in offered):
        offered += list(clients.filter(pk=chosen).values_list("pk", "name"))
    return offered
