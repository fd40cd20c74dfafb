"""Reads of invoices, always within one account.

The list is built from `invoice_list` (filters) and then paged by the API's
`list_page`; `invoices_for_output` loads what the output needs for a page of
invoices in a fixed number of queries, whatever the page size: one for the
invoices, one per related collection shown (positions only when asked for),
one counting their attachments.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Prefetch, QuerySet
from django.db.models.base import ModelState
from django.db.models.signals import post_init, pre_init

from faktura.accounts.models import Account
from faktura.errors import NotFound
from faktura.invoicing import money
from faktura.invoicing.models import Invoice, SettlementPosition
from faktura.tenancy import get_owned, possible_id

# The dates `search_date_type` may pick for the period filter; the first is the default.
SEARCH_DATE_TYPES = ("issue_date", "paid_date", "transaction_date")

# What `additional_fields[invoice]=…` may add to an invoice.
ADDITIONAL_FIELDS = (
    "cancel_reason",
    "corrected_content_before",
    "corrected_content_after",
    "connected_payments",
)


@dataclass(frozen=True)
class InvoiceFilters:
    """The list's search parameters; None (or empty) means "any".

    `income` True keeps sales documents, False expenses, None both. `number` and
    `oid` match exactly. `kinds` keeps any of the kinds (and `kind`, when given too,
    must match as well); `ids` the invoices with
    those ids. `invoice_id` and `from_invoice_id` keep the documents linked to that
    document (see `Invoice.invoice` and `Invoice.from_invoice`).
    """

    income: bool | None = True
    client_id: int | None = None
    number: str | None = None
    oid: str | None = None
    kind: str | None = None
    kinds: tuple[str, ...] = ()
    ids: tuple[int, ...] | None = None
    invoice_id: int | None = None
    from_invoice_id: int | None = None
    status: str | None = None


@dataclass(frozen=True)
class Include:
    """What an invoice's output carries besides its own fields and bank accounts.

    `positions`: its positions; `descriptions`: its notes (`include=descriptions`);
    `additional_fields`: names from ADDITIONAL_FIELDS; `correction_positions`: a
    correction's lines with their sides before and after the correction nested
    (`correction_positions=full`). Settlement positions, bank accounts and further
    parties (recipients, issuers) are always loaded (the output shows settlement
    positions and parties only when there are some).
    """

    positions: bool = True
    descriptions: bool = False
    additional_fields: frozenset[str] = frozenset()
    correction_positions: bool = False


# Set on every invoice `invoices_for_output` returns; read by the output schema.
INCLUDE_ATTR = "output_include"
LOADED = "loaded_"
ATTACHMENTS_COUNT_ATTR = f"{LOADED}attachments_count"


def _invoices(account: Account) -> QuerySet[Invoice]:
    # Through the account's related manager, every invoice fetched already holds
    # `account` (Django fills in the known related object), so the output can
    # build `view_url` from the prefix without a query per invoice.
    return account.invoice_set.all()


def get_invoice(*, account: Account, id: int) -> Invoice:
    """The account's invoice; another account's id raises the same NotFound as a missing one."""
    return get_owned(_invoices(account), account=account, id=id)


def invoice_list(*, account: Account, filters: InvoiceFilters | None = None) -> QuerySet[Invoice]:
    """The account's invoices matching `filters`, unordered and unpaged."""
    invoices = _invoices(account)
    filters = filters or InvoiceFilters()
    if filters.income is not None:
        invoices = invoices.filter(income=filters.income)
    for name, value in (
        ("client_id", filters.client_id),
        ("invoice_id", filters.invoice_id),
        ("from_invoice_id", filters.from_invoice_id),
    ):
        if value is not None:
            if not possible_id(value):
                return invoices.none()
            invoices = invoices.filter(**{name: value})
    if filters.ids is not None:
        invoices = invoices.filter(pk__in=[pk for pk in filters.ids if possible_id(pk)])
    if filters.number is not None:
        invoices = invoices.filter(number=filters.number)
    if filters.oid is not None:
        invoices = invoices.filter(oid=filters.oid)
    if filters.kind is not None:
        invoices = invoices.filter(kind=filters.kind)
    if filters.kinds:
        invoices = invoices.filter(kind__in=filters.kinds)
    if filters.status is not None:
        invoices = invoices.filter(status=filters.status)
    return invoices


def invoices_for_output(
    invoices: QuerySet[Invoice], include: Include, *, account: Account | None = None
) -> list[Invoice]:
    """Evaluate `invoices` with everything the output shows, in a constant number of queries.

    Each related collection is loaded into a list attribute (`loaded_<name>`,
    see `loaded`), which the output reads without building a queryset per invoice.
    With `account` (whose invoices these are), the rows are read the fast way
    (`_instances`) and every invoice holds that account, as one fetched through
    `account.invoice_set` does; without it, through the ORM's prefetch.
    """
    related = ["settlement_positions", "bank_accounts", "parties"]
    if include.positions:
        related.append("positions")
    if include.descriptions:
        related.append("descriptions")
    rows = _instances(invoices) if account is not None else None
    if rows is None:
        rows = list(
            invoices.prefetch_related(
                *(Prefetch(name, to_attr=f"{LOADED}{name}") for name in related)
            )
        )
    else:
        account_field = Invoice._meta.get_field("account")
        for invoice in rows:
            account_field.set_cached_value(invoice, account)
        _load_related(rows, related)
    _load_attachment_counts(rows)
    if "connected_payments" in include.additional_fields:
        _load_connected_payments(rows)
    for invoice in rows:
        setattr(invoice, INCLUDE_ATTR, include)
    return rows


def _load_connected_payments(invoices: list[Invoice]) -> None:
    """Each invoice's payments (`loaded_connected_payments`), with the invoices each pays.

    Read through the payments' allocations (the reverse relation `allocations` the
    payments module adds), in a fixed number of queries for the whole page.
    """
    by_id = {invoice.pk: invoice for invoice in invoices}
    grouped: dict[int, list] = {pk: [] for pk in by_id}
    allocations = Invoice._meta.get_field("allocations").related_model._default_manager
    rows = (
        allocations.filter(invoice_id__in=list(by_id))
        .select_related("payment")
        .prefetch_related("payment__allocations")
        .order_by("payment__paid_date", "payment_id")
    )
    for row in rows:
        grouped[row.invoice_id].append(row.payment)
    for pk, payments in grouped.items():
        setattr(by_id[pk], f"{LOADED}connected_payments", payments)


def _attachments_model():
    # The attachments module adds the reverse relation; invoicing does not import it.
    return Invoice._meta.get_field("attachments").related_model


def _load_attachment_counts(invoices: list[Invoice]) -> None:
    """Each invoice's number of attachments (`loaded_attachments_count`), in one query."""
    if not invoices:
        return
    counts = dict(
        _attachments_model()
        ._default_manager.filter(invoice_id__in=[invoice.pk for invoice in invoices])
        .order_by()
        .values("invoice_id")
        .annotate(n=Count("id"))
        .values_list("invoice_id", "n")
    )
    for invoice in invoices:
        setattr(invoice, ATTACHMENTS_COUNT_ATTR, counts.get(invoice.pk, 0))


def attachments_count(invoice: Invoice) -> int:
    """How many files are attached to the invoice: as loaded for output, else counted."""
    count = getattr(invoice, ATTACHMENTS_COUNT_ATTR, None)
    if count is None:
        count = (
            _attachments_model()._default_manager.filter(invoice_id=invoice.pk).count()
            if invoice.pk
            else 0
        )
        setattr(invoice, ATTACHMENTS_COUNT_ATTR, count)
    return count


def _instances(queryset: QuerySet) -> list | None:
    """The rows of a plain `queryset` as model instances, built without Model.__init__.

    A page of invoices spent more CPU in Model.__init__ (a setattr through a
    descriptor per column, ~190 of them) than SQLite took to read the rows. These
    instances are what `from_db` makes: field values in the instance dict, state
    "from the database". None when that would not be the same: a queryset with
    select_related, annotations or deferred fields, or a model someone listens to
    the init signals of.
    """
    model, query = queryset.model, queryset.query
    if (
        query.select_related
        or query.annotations
        or query.deferred_loading != (frozenset(), True)
        or pre_init.has_listeners(model)
        or post_init.has_listeners(model)
    ):
        return None
    names = [field.attname for field in model._meta.concrete_fields]
    db = queryset.db
    instances = []
    for values in queryset.values_list(*names):
        instance = model.__new__(model)
        instance.__dict__.update(zip(names, values, strict=True))
        instance._state = ModelState()
        instance._state.adding = False
        instance._state.db = db
        instances.append(instance)
    return instances


def _load_related(invoices: list[Invoice], names: list[str]) -> None:
    """Load each reverse relation `names` of `invoices` into `loaded_<name>`, one query each.

    As Prefetch(name, to_attr=…) does: the related model's default manager and
    ordering, and every related row holding its invoice.
    """
    by_id = {invoice.pk: invoice for invoice in invoices}
    for name in names:
        relation = Invoice._meta.get_field(name)
        grouped: dict[int, list] = {pk: [] for pk in by_id}
        if by_id:
            rows = relation.related_model._default_manager.filter(
                **{f"{relation.field.name}__in": list(by_id)}
            )
            loaded_rows = _instances(rows)
            if loaded_rows is None:
                loaded_rows = list(rows)
            for row in loaded_rows:
                invoice = by_id[getattr(row, relation.field.attname)]
                relation.field.set_cached_value(row, invoice)
                grouped[invoice.pk].append(row)
        for pk, items in grouped.items():
            setattr(by_id[pk], f"{LOADED}{name}", items)


def remember_loaded(invoice: Invoice, **rows: list) -> None:
    """Hand the output related rows a service has just written, as `invoices_for_output` would.

    Each list must hold every row of that collection, in the model's ordering.
    """
    for name, items in rows.items():
        setattr(invoice, f"{LOADED}{name}", items)


def loaded(invoice: Invoice, name: str) -> list:
    """An invoice's related rows `name` as `invoices_for_output` loaded them, else queried."""
    rows = getattr(invoice, f"{LOADED}{name}", None)
    return list(getattr(invoice, name).all()) if rows is None else rows


def invoice_detail(*, account: Account, id: int, include: Include | None = None) -> Invoice:
    """One invoice loaded for output (positions by default); NotFound as `get_invoice`."""
    rows = (
        invoices_for_output(_invoices(account).filter(pk=id), include or Include(), account=account)
        if possible_id(id)
        else []
    )
    if not rows:
        raise NotFound()
    return rows[0]


def invoice_amount_due(invoice: Invoice) -> Decimal:
    """What the buyer must pay: `price_gross` + charges − deductions (settlement positions).

    The reference's rule ("kwota_do_zapłaty = price_gross + suma_obciążeń -
    suma_odliczeń"), computed by `money.amount_due`. Advance invoices ignore
    settlement positions, as the reference says.
    """
    if invoice.kind == Invoice.Kind.ADVANCE:
        return invoice.price_gross
    settlements = SettlementPosition.objects.filter(invoice=invoice).values_list("kind", "amount")
    return money.amount_due(invoice.price_gross, settlements).to_pay


def order_advances_to_settle(*, account: Account, order: Invoice) -> list[int]:
    """Ids of the order's advance invoices that no final invoice settles yet (not
    cancelled), oldest first: what a final invoice of the order deducts."""
    return list(
        Invoice.objects.filter(
            account=account, invoice=order, kind=Invoice.Kind.ADVANCE, cancelled=False
        )
        .exclude(finals__cancelled=False)
        .order_by("issue_date", "pk")
        .values_list("pk", flat=True)
    )


def invoice_by_public_token(*, token: str, prefix: str | None = None) -> Invoice:
    """The invoice whose public link carries `token`, for anyone holding the link.

    The token is looked up through its unique index only (never compared in
    Python). `prefix` is the account named by the request's host: when given,
    another account's token is NotFound like an unknown one. The account and
    department come with the invoice (the page needs the prefix and the logo).
    """
    rows = Invoice.objects.select_related("account", "department").filter(token=token)
    if prefix is not None:
        rows = rows.filter(account__prefix=prefix)
    invoice = rows.first()
    if invoice is None:
        raise NotFound()
    return invoice
