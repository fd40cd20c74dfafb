"""What the panel's pages read, scoped to the account (and the membership's departments)."""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import F, Q, QuerySet, Sum

from faktura.accounts.models import Membership
from faktura.invoicing.models import Invoice
from faktura.payments.models import Payment
from faktura.warehouse.models import WarehouseDocument

# Documents that are no sale or cost of their own: offers, orders, pro formas,
# cash receipts, notes and internal documents.
NOT_TURNOVER = (
    "proforma",
    "estimate",
    "client_order",
    "kp",
    "kw",
    "canceled",
    "correction_note",
    "accounting_note",
    "dw",
)


def in_departments(membership: Membership, rows: QuerySet) -> QuerySet:
    """The account's `rows` (of a model with a `department`) the membership may see.

    A membership limited to departments sees only those departments' rows; rows of
    no department belong to the whole company and are not theirs either.
    """
    rows = rows.filter(account_id=membership.account_id)
    departments = list(membership.departments.values_list("pk", flat=True))
    if departments:
        rows = rows.filter(department_id__in=departments)
    return rows


def visible_invoices(membership: Membership) -> QuerySet[Invoice]:
    return in_departments(membership, Invoice.objects.all())


def visible_payments(membership: Membership) -> QuerySet[Payment]:
    return in_departments(membership, Payment.objects.all())


def visible_warehouse_documents(membership: Membership) -> QuerySet[WarehouseDocument]:
    return in_departments(membership, WarehouseDocument.objects.all())


@dataclass(frozen=True)
class Dashboard:
    month_start: dt.date
    sales: list[tuple[str, Decimal]]
    costs: list[tuple[str, Decimal]]
    unpaid: list[Invoice]
    overdue_count: int
    unpaid_total: list[tuple[str, Decimal]]
    latest: list[Invoice]


def _sums(invoices: QuerySet[Invoice], field: str) -> list[tuple[str, Decimal]]:
    rows = invoices.values("currency").annotate(total=Sum(field)).order_by("currency")
    return [(row["currency"], row["total"] or Decimal(0)) for row in rows]


def dashboard(membership: Membership, *, today: dt.date) -> Dashboard:
    invoices = visible_invoices(membership)
    month_start = today.replace(day=1)
    turnover = invoices.filter(cancelled=False, issue_date__gte=month_start, issue_date__lte=today)
    turnover = turnover.exclude(kind__in=NOT_TURNOVER)
    open_sales = (
        invoices.filter(income=True, cancelled=False)
        .exclude(kind__in=NOT_TURNOVER)
        .exclude(status=Invoice.Status.PAID)
        .filter(price_gross__gt=F("paid"))
        .annotate(left=F("price_gross") - F("paid"))
    )
    overdue = Q(payment_to__lt=today)
    return Dashboard(
        month_start=month_start,
        sales=_sums(turnover.filter(income=True), "price_gross"),
        costs=_sums(turnover.filter(income=False), "price_gross"),
        unpaid=list(open_sales.order_by("payment_to", "id")[:10]),
        overdue_count=open_sales.filter(overdue).count(),
        unpaid_total=_sums(open_sales, "left"),
        latest=list(invoices.order_by("-created_at", "-id")[:10]),
    )
