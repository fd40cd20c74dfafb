"""Changing a document: PUT (and PATCH) /invoices/{id}.json.

`invoice_update` changes only what the client sent; every other field keeps its
value. PUT and PATCH mean the same (the reference's examples send a few fields
with PUT).

- Fields: a field sent with a value takes it. A field sent empty (`null`, "")
  is cleared when it may be empty (texts become "", dates and optional numbers
  null, lists []); flags, the currency, the language, the issue date and the
  status cannot be empty and keep their values.
- Seller and buyer: `seller_*`, `buyer_*` and `recipient_*` are the invoice's
  own snapshot and are edited directly; no client is looked up or created for
  them. `department_id` takes the department's data again as the seller (the
  `seller_*` sent win over it) and prints its bank accounts. `client_id` takes
  that client's data again as the buyer; the `buyer_*` sent win only with
  `buyer_override`, as on creation. `client_id: -1` finds or creates a client
  from the buyer data the invoice will have. `null` unlinks a department,
  client, recipient or category and keeps the snapshot.
- Dates: `payment_to_kind` as on creation (days count from the issue date, `off`,
  `other_date` with `payment_to`, given or kept). A `payment_to` sent alone is the
  new term (`payment_to_kind` becomes `other_date`). A new `issue_date` moves a
  term given in days (`payment_to_kind` "14"); a term given as a date stays.
  `sell_date` null means "the issue date", as on creation.
- Positions, by the reference's nested-attributes rule (api-wire-format.md §8):
  an entry with `id` changes that position of this invoice, one without `id` is
  appended after the existing ones, and `{"id": X, "_destroy": 1}` deletes one
  (`_destroy` without `id` is skipped). Positions not named stay. A changed
  position is recomputed from its stored inputs overlaid with what was sent: when
  any price is sent, the stored prices are dropped and the sent ones are the
  source; otherwise the stored list prices stay the source (a new quantity, tax
  or discount recomputes from them). A different `product_id` drops the texts,
  tax and prices the old product gave, so the new product fills them unless sent.
  Every line, named or not, is recomputed from its stored list prices and
  discount with the invoice's calculating strategy (the stored one, or the one
  sent, merged key by key), and the totals from the lines: saving an invoice
  again without changes gives exactly the same amounts (see
  `money.position_amounts` on how stored prices reproduce themselves).
  A margin line's `vat_margin_tax` is not stored, so the margin is checked again
  only when `total_purchase_price` or `vat_margin_tax` is sent for that line.
- Number: it stays, whatever the new kind, department or issue date. The series
  fields keep recording where it came from, so deleting the invoice later frees
  the right counter; an issue date in another period of the series (another
  month of "nr-m/mm/yyyy") unlinks it from its counter, which is then never freed
  by deleting it (the deletion finds the period from the issue date, and must
  not free the new period's number of the same value). A different `number` is
  checked like an explicit number on creation, in the series of the invoice's
  kind, department and issue date ("has already been taken"); the old number is
  freed first when it was the last of its series, so the series stays gapless. A
  blank or null `number` keeps the number.
- Status: `status` as in change_status; `paid` without an amount sets `paid` to
  the amount due and `paid_date` to today unless given or already set, as the
  recorded PUT `{"status": "paid"}` answer shows.
- Further recipients and issuers (`recipients`, `issuers`) follow the same
  nested-attributes rule, with their own checks (see services/parties.py); an id
  that is not one of this invoice's parties of that side is refused (`recipients.N.id`).
- Refused with 422, nothing written: a cancelled invoice (`cancelled`), an
  unknown kind, a position id that is not a line of this invoice
  (`positions.N.id`), removing the last line, values the columns cannot hold, and
  changes of lines or strategy on an invoice holding correction lines (those are
  made through the correction's own attributes). Another account's invoice is a
  404 and stays as it was.
"""

import datetime as dt
from dataclasses import fields as dataclass_fields
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from faktura.accounts.models import Account, User
from faktura.catalog.models import Category, Client, Department
from faktura.catalog.services.clients import client_find_or_create
from faktura.catalog.services.departments import seller_data
from faktura.errors import Invalid
from faktura.events import announce
from faktura.invoicing import money, series
from faktura.invoicing.models import Invoice, InvoiceBankAccount, InvoicePosition
from faktura.invoicing.numbering import Pattern, PatternError
from faktura.invoicing.selectors import invoice_amount_due
from faktura.invoicing.services import derived, notes, parties
from faktura.invoicing.services.create import (
    BUYER_FIELDS,
    KINDS,
    RECIPIENT_FIELDS,
    SELLER_FIELDS,
    Strategy,
)
from faktura.invoicing.services.fields import (
    CLIENT_TO_BUYER,
    COPIED_FIELDS,
    MONEY_LIMIT,
    line_amounts,
    number_assign,
    oid_taken,
    out_of_column,
    owned_or_error,
    position_input,
    position_values,
    price_list_for,
    store_bank_accounts,
    stored_entry,
    take_client_as_buyer,
)
from faktura.tenancy import get_owned
from faktura.warehouse.services.invoices import check_warehouse, invoice_stock_sync

PRICE_FIELDS = ("price_net", "price_gross", "total_price_net", "total_price_gross")
# What a position takes from its product when the client leaves it out.
PRODUCT_FILLED = ("name", "code", "gtu_code", "quantity_unit", "tax", *PRICE_FIELDS)
MARGIN_FIELDS = ("total_purchase_price", "vat_margin_tax")
# Keys that change a line's amounts; refused on an invoice with correction lines.
LINE_KEYS = ("positions", "calculating_strategy", "show_discount", "discount_kind")

# What the columns hold (see faktura.catalog.models.fields): digits before the point.
QUANTITY_LIMIT, QUANTITY_PLACES = Decimal(10) ** 14, 4
PERCENT_LIMIT, PERCENT_PLACES = Decimal(1000), 4
RATE_LIMIT, RATE_PLACES = Decimal(10) ** 12, 6
# A line's numbers checked before the engine: (field, limit, decimal places or None).
LINE_COLUMNS = (
    ("quantity", QUANTITY_LIMIT, QUANTITY_PLACES),
    ("discount_percent", PERCENT_LIMIT, PERCENT_PLACES),
    *((field, MONEY_LIMIT, None) for field in (*PRICE_FIELDS, "discount", "total_purchase_price")),
)


def invoice_update(*, account: Account, user: User | None, id: int, data: dict) -> Invoice:
    """Change the fields and positions `data` names (the API's `invoice` object, type-checked).

    See the module docstring for the rules. Atomic: the invoice row is locked (on
    PostgreSQL) for the whole change, and the invoice, its positions, bank accounts,
    a client made for `client_id: -1` and the series counters are written together or
    not at all. `user` is the member making the change. Raises NotFound for another
    account's invoice, Invalid with every problem found, each under its field.
    """
    errors: dict[str, list[str]] = {}
    with transaction.atomic():
        invoice = get_owned(Invoice.objects.select_for_update(), account=account, id=id)
        if invoice.cancelled:
            raise Invalid.field("cancelled", _("a cancelled invoice cannot be changed"))
        numbered_on = invoice.issue_date
        positions = list(invoice.positions.all())
        corrected = any(p.kind != InvoicePosition.Kind.NORMAL for p in positions)
        if corrected:
            for key in LINE_KEYS:
                if data.get(key) is not None:
                    errors.setdefault(key, []).append(
                        _("cannot be changed on a correction holding lines before and after")
                    )
        kind = data.get("kind")
        if kind is not None and kind not in KINDS:
            errors.setdefault("kind", []).append(_("must be one of: %s") % ", ".join(KINDS))
        elif kind is not None:
            invoice.kind = kind
        if data.get("income") is not None:
            invoice.income = data["income"]
        for field in COPIED_FIELDS:
            if field in data:
                _assign(invoice, field, data[field])
        _dates(invoice, data, errors)
        department_changed = _seller(invoice, account, data, errors)
        _buyer(invoice, account, data, errors)
        if not invoice.buyer_name and not invoice.buyer_last_name:
            errors.setdefault("buyer_name", []).append(_("can't be blank"))
        for field in RECIPIENT_FIELDS:
            if field in data:
                _assign(invoice, field, data[field])
        for field, model in (
            ("recipient_id", Client),
            ("category_id", Category),
            ("from_invoice_id", Invoice),
            ("invoice_id", Invoice),
        ):
            if field in data:
                related = owned_or_error(model, account, data, field, errors)
                setattr(invoice, field.removesuffix("_id"), related)
        strategy = _strategy(invoice, data)
        invoice.calculating_strategy = strategy.as_dict()
        if "discount_kind" in data:
            invoice.discount_kind = data["discount_kind"] or ""
        plan = None if corrected else _plan_positions(account, invoice, positions, data, errors)
        if plan is not None:
            _compute(invoice, plan, strategy, errors)
        _status(invoice, data, errors)
        _check_columns(invoice, data, errors)
        _number(invoice, account, data, numbered_on, errors)
        _check_unique(invoice, account, data, errors)
        if "warehouse_id" in data:
            check_warehouse(account, data["warehouse_id"], errors)
        note_changes = notes.descriptions_changes(invoice, _notes_sent(invoice, data), errors)
        settlement_changes = notes.settlements_changes(
            invoice, data.get("settlement_positions") or [], errors
        )
        party_changes = parties.parties_changes(invoice, data, errors)
        if errors:
            raise Invalid(errors)
        invoice.save()
        notes.apply(note_changes + settlement_changes)
        parties.apply(party_changes)
        if note_changes:
            notes.renumber(invoice)
        if plan is not None:
            plan.write(invoice)
        if "bank_accounts" in data or department_changed:
            InvoiceBankAccount.objects.filter(invoice=invoice).delete()
            store_bank_accounts(invoice, invoice.department, data)
        invoice_stock_sync(account=account, invoice=invoice)
        announce.invoice_changed(account=account, invoice_id=invoice.pk, action="update")
    return invoice


def _notes_sent(invoice: Invoice, data: dict) -> list[dict]:
    """`descriptions`, or a lone `description` as a change of the first note."""
    if data.get("descriptions") is not None:
        return data["descriptions"]
    if "description" in data:
        first = invoice.descriptions.order_by("row_number", "id").first()
        change = {"content": data["description"] or ""}
        return [{"id": first.pk, **change} if first else {"kind": notes.DEFAULT_KIND, **change}]
    return []


def _assign(invoice: Invoice, field: str, value) -> None:
    """Set a sent field; an empty value clears it when the column may be empty."""
    if value is not None:
        setattr(invoice, field, value)
        return
    column = Invoice._meta.get_field(field)
    if column.blank:
        setattr(invoice, field, column.get_default())


def _dates(invoice: Invoice, data: dict, errors: dict) -> None:
    old_issue_date = invoice.issue_date
    if data.get("issue_date") is not None:
        invoice.issue_date = data["issue_date"]
    if "sell_date" in data:
        sell = data["sell_date"]
        if isinstance(sell, str):  # a month, "2026-11", checked by the schema
            invoice.sell_date = dt.date.fromisoformat(f"{sell}-01")
            invoice.sell_date_kind = "month"
        else:
            invoice.sell_date = sell or invoice.issue_date
            invoice.sell_date_kind = ""
    kind = str(data.get("payment_to_kind") or "").strip()
    if kind:
        _payment_term(invoice, kind, data, errors)
    elif "payment_to" in data:
        invoice.payment_to = data["payment_to"]
        invoice.payment_to_kind = "other_date" if invoice.payment_to else ""
    elif invoice.issue_date != old_issue_date and _days(invoice.payment_to_kind) is not None:
        _payment_term(invoice, invoice.payment_to_kind, data, errors)


def _days(kind: str) -> int | None:
    # ASCII digits only: str.isdigit() also admits "²", which int() refuses.
    return int(kind) if kind.isascii() and kind.isdigit() else None


def _payment_term(invoice: Invoice, kind: str, data: dict, errors: dict) -> None:
    days = _days(kind)
    if kind == "off":
        invoice.payment_to = None
    elif kind == "other_date":
        payment_to = data.get("payment_to", invoice.payment_to)
        if payment_to is None:
            errors.setdefault("payment_to", []).append(
                _("is required when payment_to_kind is other_date")
            )
        invoice.payment_to = payment_to
    elif days is not None:
        try:
            invoice.payment_to = invoice.issue_date + dt.timedelta(days=days)
        except OverflowError:
            errors.setdefault("payment_to_kind", []).append(_("is too many days"))
            return
    else:
        errors.setdefault("payment_to_kind", []).append(
            _("must be a number of days, off or other_date")
        )
        return
    invoice.payment_to_kind = kind


def _seller(invoice: Invoice, account: Account, data: dict, errors: dict) -> bool:
    """Apply `department_id` and `seller_*`; whether the invoice got another department."""
    changed = False
    if "department_id" in data:
        department = owned_or_error(Department, account, data, "department_id", errors)
        if data["department_id"] is None or department is not None:
            changed = department is not None and department.pk != invoice.department_id
            invoice.department = department
        if department is not None:
            for field, value in seller_data(department).items():
                setattr(invoice, field, value)
    for field in SELLER_FIELDS:
        if field in data:
            _assign(invoice, field, data[field])
    return changed


def _buyer(invoice: Invoice, account: Account, data: dict, errors: dict) -> None:
    if "client_id" not in data:
        for field in BUYER_FIELDS:
            if field in data:
                _assign(invoice, field, data[field])
        return
    client_id = data["client_id"]
    client = None
    if client_id is not None and client_id != -1:
        client = owned_or_error(Client, account, data, "client_id", errors)
        if client is not None:
            take_client_as_buyer(invoice, client)
    if client is None or data.get("buyer_override"):
        for field in BUYER_FIELDS:
            if field in data:
                _assign(invoice, field, data[field])
    if client_id is None:
        invoice.client = None
    elif client_id == -1:
        _client_from_buyer(invoice, account, data, errors)


def _client_from_buyer(invoice: Invoice, account: Account, data: dict, errors: dict) -> None:
    """`client_id: -1`: the client matching the invoice's buyer data, found or created."""
    found = {
        field: getattr(invoice, target)
        for field, target in CLIENT_TO_BUYER.items()
        if getattr(invoice, target) not in ("", None)
    }
    if data.get("disable_tax_no_validation"):
        found["disable_tax_no_validation"] = True
    try:
        invoice.client = client_find_or_create(account=account, data=found)
    except Invalid as exc:
        for field, reasons in exc.errors.items():
            errors.setdefault(f"buyer_{field}", []).extend(reasons)


def _strategy(invoice: Invoice, data: dict) -> Strategy:
    names = {field.name for field in dataclass_fields(Strategy)}
    stored = {k: v for k, v in (invoice.calculating_strategy or {}).items() if k in names}
    return Strategy(**{**stored, **(data.get("calculating_strategy") or {})})


class _Plan:
    """The invoice's lines after the change: kept and changed rows, new rows, deleted rows.

    `lines` holds (position, entry, index, margin_sent) in the order the invoice will
    show them: `position` None for a new line, `index` the entry's place in the
    request (None for a line the request does not name). `_compute` fills `amounts`.
    """

    def __init__(self, account: Account, price_list) -> None:
        self.account = account
        self.price_list = price_list
        self.lines: list[tuple[InvoicePosition | None, dict, int | None, bool]] = []
        self.deleted: list[InvoicePosition] = []
        self.amounts: list[tuple[money.PositionAmounts, dict]] = []

    def write(self, invoice: Invoice) -> None:
        if self.deleted:
            InvoicePosition.objects.filter(pk__in=[p.pk for p in self.deleted]).delete()
        changed, new = [], []
        for order, ((position, *_rest), (amounts, texts)) in enumerate(
            zip(self.lines, self.amounts, strict=True)
        ):
            values = {**position_values(amounts, texts), "order": order}
            if position is None:
                new.append(InvoicePosition(account=self.account, invoice=invoice, **values))
            else:
                for column, value in values.items():
                    setattr(position, column, value)
                changed.append(position)
        if changed:
            InvoicePosition.objects.bulk_update(changed, _POSITION_COLUMNS)
        if new:
            InvoicePosition.objects.bulk_create(new)


# The columns `position_values` fills, and the order.
_POSITION_COLUMNS = [
    "product",
    "name",
    "description",
    "additional_info",
    "code",
    "gtu_code",
    "quantity",
    "quantity_unit",
    "tax",
    "price_net",
    "price_gross",
    "total_price_net",
    "total_price_tax",
    "total_price_gross",
    "discount_percent",
    "discount",
    "lump_sum_tax",
    "total_purchase_price",
    "order",
]


def _merged(position: InvoicePosition, sent: dict) -> dict:
    entry = stored_entry(position)
    new_product = sent.get("product_id")
    if new_product is not None and new_product != position.product_id:
        for key in PRODUCT_FILLED:
            entry[key] = None
    if any(sent.get(key) is not None for key in PRICE_FIELDS):
        for key in PRICE_FIELDS:
            entry[key] = None
    entry.update(sent)
    return entry


def _plan_positions(
    account: Account, invoice: Invoice, positions: list[InvoicePosition], data: dict, errors: dict
) -> _Plan:
    plan = _Plan(account, price_list_for(account, invoice, data, errors))
    entries = data.get("positions") or []
    existing = {p.pk: p for p in positions}
    named: dict[int, tuple[dict, int]] = {}
    destroyed: set[int] = set()
    appended = []
    for index, entry in enumerate(entries):
        sent = {k: v for k, v in entry.items() if k not in ("id", "destroy")}
        position_id = entry.get("id")
        if position_id is None:
            if not entry.get("destroy"):
                appended.append((None, sent, index, True))
            continue
        if position_id not in existing:
            errors.setdefault(f"positions.{index}.id", []).append(
                _("is not a position of this invoice")
            )
        elif position_id in named or position_id in destroyed:
            errors.setdefault(f"positions.{index}.id", []).append(_("is given more than once"))
        elif entry.get("destroy"):
            destroyed.add(position_id)
        else:
            named[position_id] = (sent, index)
    for position in positions:
        if position.pk in destroyed:
            plan.deleted.append(position)
        elif position.pk in named:
            sent, index = named[position.pk]
            margin_sent = any(key in sent for key in MARGIN_FIELDS)
            plan.lines.append((position, _merged(position, sent), index, margin_sent))
        else:
            plan.lines.append((position, stored_entry(position), None, False))
    plan.lines.extend(appended)
    if "positions" in data and not plan.lines:
        errors.setdefault("positions", []).append(_("at least one position is required"))
    return plan


def _compute(invoice: Invoice, plan: _Plan, strategy: Strategy, errors: dict) -> None:
    """Every line's amounts, then the invoice's totals, by the invoice's strategy."""
    discount_kind = (invoice.discount_kind or None) if invoice.show_discount else None
    for position, entry, index, margin_sent in plan.lines:
        where = f"positions.{index}" if index is not None else None
        engine_entry = entry if margin_sent else {**entry, "total_purchase_price": None}
        made = _line(invoice, engine_entry, where, plan, strategy, discount_kind, errors)
        if made is None:
            continue
        amounts, texts = made
        if not margin_sent:
            texts["total_purchase_price"] = position.total_purchase_price if position else None
        plan.amounts.append((amounts, texts))
    if errors:
        return
    lines = [amounts for amounts, _texts in plan.amounts]
    taxes = [money.parse_tax(texts["tax"]) for _amounts, texts in plan.amounts]
    advances = list(invoice.advances.all()) if invoice.kind == Invoice.Kind.FINAL else []
    if advances:
        totals = derived.final_totals(lines, taxes, advances, sum_strategy=strategy.sum)
        if totals.price_gross < 0:
            errors.setdefault("positions", []).append(_("the advances exceed the order's value"))
            return
    else:
        totals = money.invoice_totals(lines, taxes, sum_strategy=strategy.sum)
    invoice.price_net, invoice.price_tax, invoice.price_gross = (
        totals.price_net,
        totals.price_tax,
        totals.price_gross,
    )


def _line(
    invoice: Invoice,
    entry: dict,
    where: str | None,
    plan: _Plan,
    strategy: Strategy,
    discount_kind: str | None,
    errors: dict,
) -> tuple[money.PositionAmounts, dict] | None:
    """One line's amounts and stored texts; errors under `where` (or `positions`)."""

    def refuse(field: str, reason: str) -> None:
        if where is None:
            # A line the request did not name fails only through the invoice's new
            # strategy or discount settings: name the line by its name.
            errors.setdefault("positions", []).append(f"{entry.get('name')}: {field} {reason}")
        else:
            errors.setdefault(f"{where}.{field}", []).append(reason)

    for field, limit, places in LINE_COLUMNS:
        reason = out_of_column(entry.get(field), limit, places)
        if reason:
            refuse(field, reason)
            return None
    own_errors: dict[str, list[str]] = {}
    made = position_input(plan.account, entry, "", plan.price_list, own_errors)
    for key, reasons in own_errors.items():
        for reason in reasons:
            refuse(key, reason)
    if made is None:
        return None
    position, texts = made
    amounts, refusal = line_amounts(
        position,
        texts,
        strategy=strategy.position,
        discount_kind=discount_kind,
        allow_negative=invoice.kind == Invoice.Kind.CORRECTION,
    )
    if refusal:
        refuse(*refusal)
        return None
    return amounts, texts


def _status(invoice: Invoice, data: dict, errors: dict) -> None:
    """`status`, `paid` and `paid_date`; "paid" without an amount records the amount due."""
    if data.get("status") is not None:
        invoice.status = data["status"]
    if "paid_date" in data:
        invoice.paid_date = data["paid_date"]
    if data.get("paid") is not None:
        reason = out_of_column(data["paid"], MONEY_LIMIT, None)
        if reason:
            errors.setdefault("paid", []).append(reason)
        else:
            invoice.paid = money.round_money(data["paid"])
    elif data.get("status") == Invoice.Status.PAID:
        invoice.paid = invoice_amount_due(invoice)
        if invoice.paid_date is None:
            invoice.paid_date = timezone.localdate()


def _check_columns(invoice: Invoice, data: dict, errors: dict) -> None:
    checks = [
        ("skonto_discount_value", PERCENT_LIMIT, PERCENT_PLACES),
        ("exchange_currency_rate", RATE_LIMIT, RATE_PLACES),
        ("price_net", MONEY_LIMIT, None),
        ("price_gross", MONEY_LIMIT, None),
    ]
    for field, limit, places in checks:
        reason = out_of_column(getattr(invoice, field), limit, places)
        if reason:
            # Totals are not sent: a too large total comes from the positions.
            errors.setdefault(field if field in data else "positions", []).append(reason)


def _number(
    invoice: Invoice, account: Account, data: dict, numbered_on: dt.date, errors: dict
) -> None:
    """A new explicit number, or the old one kept; `numbered_on` is the issue date it had."""
    number = (data.get("number") or "").strip()
    pattern = _pattern(invoice)
    if number and number != invoice.number:
        if invoice.income and invoice.counter and invoice.series and pattern is not None:
            # Deleting does the same: the old number, when the last of its series,
            # goes back to the series so that it stays gapless.
            series.number_release(
                account=account,
                series=invoice.series,
                pattern=pattern,
                issue_date=numbered_on,
                counter=invoice.counter,
            )
        invoice.counter = None
        number_assign(invoice, account, {"number": number}, errors)
    elif (
        invoice.counter
        and pattern is not None
        and pattern.period_key(invoice.issue_date) != pattern.period_key(numbered_on)
    ):
        # The number stays, but it is no counter of the new date's period any more:
        # deleting the invoice must not free that period's number of the same value
        # (series.number_release finds the period from the issue date).
        invoice.counter = None


def _pattern(invoice: Invoice) -> Pattern | None:
    if not invoice.pattern:
        return None
    try:
        return Pattern.parse(invoice.pattern)
    except PatternError:
        return None


def _check_unique(invoice: Invoice, account: Account, data: dict, errors: dict) -> None:
    """The number and (with `oid_unique`) the `oid` must stay free among the other invoices."""
    others = Invoice.objects.filter(account=account).exclude(pk=invoice.pk)
    if (
        "number" not in errors
        and invoice.income
        and invoice.number
        and others.filter(series=invoice.series, number=invoice.number, income=True).exists()
    ):
        errors.setdefault("number", []).append(_("has already been taken"))
    if oid_taken(account=account, oid=invoice.oid, data=data, exclude_id=invoice.pk):
        errors.setdefault("oid", []).append(_("has already been taken"))
