"""The invoices' list: filters, text search and pages, read by the list page and its fragments."""

import datetime as dt
from dataclasses import dataclass

from django.core.paginator import Page, Paginator
from django.db.models import F, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from faktura.accounts.models import Membership
from faktura.invoicing.models import Invoice
from faktura.panel.selectors import visible_invoices

PER_PAGE = 25
PERIODS = {
    "this_month": _("This month"),
    "last_month": _("Last month"),
    "this_year": _("This year"),
    "all": _("All"),
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


@dataclass(frozen=True)
class Filters:
    income: bool = True
    period: str = "all"
    kind: str = ""
    status: str = ""
    text: str = ""

    @classmethod
    def from_query(cls, query) -> "Filters":
        period = query.get("period", "all")
        kind = query.get("kind", "")
        status = query.get("status", "")
        return cls(
            income=query.get("income", "yes") != "no",
            period=period if period in PERIODS else "all",
            kind=kind if kind in Invoice.Kind.values else "",
            status=status if status in STATUSES else "",
            text=query.get("q", "").strip()[:100],
        )


def _period(period: str, today: dt.date) -> tuple[dt.date, dt.date] | None:
    if period == "this_month":
        return today.replace(day=1), today
    if period == "last_month":
        end = today.replace(day=1) - dt.timedelta(days=1)
        return end.replace(day=1), end
    if period == "this_year":
        return today.replace(month=1, day=1), today
    return None


def invoices(membership: Membership, filters: Filters, *, today: dt.date) -> QuerySet[Invoice]:
    """The membership's invoices matching `filters`, newest first."""
    rows = visible_invoices(membership).filter(income=filters.income)
    span = _period(filters.period, today)
    if span is not None:
        rows = rows.filter(issue_date__range=span)
    if filters.kind:
        rows = rows.filter(kind=filters.kind)
    if filters.status == "overdue":
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


def page_of(rows: QuerySet[Invoice], number) -> Page:
    return Paginator(rows, PER_PAGE).get_page(number)
