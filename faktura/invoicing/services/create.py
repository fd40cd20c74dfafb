"""Issuing a document: POST /invoices.json.

`invoice_create` turns what a client sent into a stored invoice: seller data from
the department, buyer data from the client (found or created), positions priced
from products and price lists, amounts from the money engine, a number from its
series, and the bank accounts to print. Everything happens in one transaction.
"""

import datetime as dt
from dataclasses import dataclass
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
from faktura.invoicing import money, oss
from faktura.invoicing.models import Invoice, InvoicePosition
from faktura.invoicing.selectors import remember_loaded
from faktura.invoicing.services import corrections, derived, notes, parties
from faktura.invoicing.services.fields import (
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
    take_client_as_buyer,
)
from faktura.warehouse.services.invoices import check_warehouse, invoice_stock_sync

# Without a payment term the reference's minimal example issues a 5-day term.
DEFAULT_PAYMENT_DAYS = 5
MAX_PAYMENT_DAYS = 9999
KINDS = tuple(kind for kind in Invoice.Kind.values if kind != Invoice.Kind.CANCELED)

SELLER_FIELDS = tuple(
    f"seller_{name}"
    for name in (
        "name",
        "tax_no",
        "tax_no_kind",
        "street",
        "post_code",
        "city",
        "country",
        "email",
        "phone",
        "fax",
        "www",
        "person",
        "bank",
        "bank_account",
        "bdo_no",
        "jst",
        "gv",
    )
)
BUYER_FIELDS = tuple(
    f"buyer_{name}"
    for name in (
        "name",
        "tax_no",
        "tax_no_kind",
        "street",
        "post_code",
        "city",
        "country",
        "email",
        "phone",
        "mobile_phone",
        "fax",
        "www",
        "note",
        "person",
        "first_name",
        "last_name",
        "company",
        "bank",
        "bank_account",
        "mass_payment_code",
        "jst",
        "gv",
    )
)
RECIPIENT_FIELDS = tuple(
    f"recipient_{name}"
    for name in ("name", "street", "post_code", "city", "country", "email", "phone", "note")
)


@dataclass(frozen=True)
class Strategy:
    position: str = money.PositionStrategy.DEFAULT
    sum: str = money.SumStrategy.SUM
    invoice_form_price_kind: str = "net"

    def as_dict(self) -> dict:
        return {
            "position": str(self.position),
            "sum": str(self.sum),
            "invoice_form_price_kind": self.invoice_form_price_kind,
        }


def _dates(invoice: Invoice, data: dict, errors: dict) -> None:
    invoice.issue_date = data.get("issue_date") or timezone.localdate()
    sell = data.get("sell_date")
    if isinstance(sell, str):  # a month, "2026-11", as the reference allows
        try:
            invoice.sell_date = dt.date.fromisoformat(f"{sell}-01")
        except ValueError:
            errors.setdefault("sell_date", []).append(
                _("must be a date (YYYY-MM-DD) or a month (YYYY-MM)")
            )
            return
        invoice.sell_date_kind = "month"
    else:
        invoice.sell_date = sell or invoice.issue_date
    kind = data.get("payment_to_kind")
    kind_text = "" if kind is None else str(kind).strip()
    invoice.payment_to_kind = kind_text
    if kind_text == "off":
        invoice.payment_to = None
    elif kind_text == "other_date" or (not kind_text and data.get("payment_to")):
        invoice.payment_to = data.get("payment_to")
        if invoice.payment_to is None:
            errors.setdefault("payment_to", []).append(
                _("is required when payment_to_kind is other_date")
            )
    elif kind_text.isascii() and kind_text.isdigit() and int(kind_text) <= MAX_PAYMENT_DAYS:
        invoice.payment_to = invoice.issue_date + dt.timedelta(days=int(kind_text))
    elif not kind_text:
        invoice.payment_to = invoice.issue_date + dt.timedelta(days=DEFAULT_PAYMENT_DAYS)
    else:
        errors.setdefault("payment_to_kind", []).append(
            _("must be a number of days (up to %(max)d), off or other_date")
            % {"max": MAX_PAYMENT_DAYS}
        )


def _seller(invoice: Invoice, department: Department | None, data: dict) -> None:
    if department is not None:
        for field, value in seller_data(department).items():
            setattr(invoice, field, value)
    for field in SELLER_FIELDS:
        if data.get(field) is not None:
            setattr(invoice, field, data[field])


def _buyer(invoice: Invoice, account: Account, data: dict, errors: dict) -> None:
    """Buyer data from the client (`client_id`), or the client found or made from buyer_*."""
    given = {field: data[field] for field in BUYER_FIELDS if data.get(field) is not None}
    client_id = data.get("client_id")
    client = None
    identified = any(given.get(f) for f in ("buyer_name", "buyer_tax_no", "buyer_last_name"))
    if client_id == -1 or (client_id is None and identified):
        fields = {key.removeprefix("buyer_"): value for key, value in given.items()}
        fields.pop("jst", None)
        fields.pop("gv", None)
        if data.get("disable_tax_no_validation"):
            fields["disable_tax_no_validation"] = True
        try:
            client = client_find_or_create(account=account, data=fields)
        except Invalid as exc:
            for field, reasons in exc.errors.items():
                errors.setdefault(f"buyer_{field}", []).extend(reasons)
            return
    elif client_id is not None:
        client = owned_or_error(Client, account, data, "client_id", errors)
    if client is not None:
        take_client_as_buyer(invoice, client)
    # Given buyer_* win over the client's data only with buyer_override, or when the
    # client came from them anyway.
    if client is None or data.get("buyer_override") or client_id in (None, -1):
        for field, value in given.items():
            setattr(invoice, field, value)
    for field in RECIPIENT_FIELDS:
        if data.get(field) is not None:
            setattr(invoice, field, data[field])
    invoice.recipient = owned_or_error(Client, account, data, "recipient_id", errors)


def _positions(
    account: Account, invoice: Invoice, data: dict, strategy: Strategy, price_list, errors: dict
) -> list[tuple[money.PositionAmounts, dict]]:
    entries = data.get("positions") or []
    if not entries and not data.get("allow_empty_positions"):
        errors.setdefault("positions", []).append(_("at least one position is required"))
    lines = []
    discount_kind = data.get("discount_kind") if invoice.show_discount else None
    for index, entry in enumerate(entries):
        if corrections.has_sides(entry):
            if invoice.kind != Invoice.Kind.CORRECTION:
                errors.setdefault(f"positions.{index}.correction_before_attributes", []).append(
                    _("is only for corrections (kind correction)")
                )
                continue
            change = corrections.correction_line(
                account,
                entry,
                index,
                price_list=price_list,
                strategy=strategy.position,
                discount_kind=discount_kind,
                errors=errors,
            )
            if change is not None:
                lines.append(change)
            continue
        made = position_input(account, entry, f"positions.{index}", price_list, errors)
        if made is None:
            continue
        position, texts = made
        amounts, refusal = line_amounts(
            position,
            texts,
            strategy=strategy.position,
            discount_kind=discount_kind,
            allow_negative=invoice.kind == Invoice.Kind.CORRECTION,
        )
        if refusal:
            field, reason = refusal
            errors.setdefault(f"positions.{index}.{field}", []).append(reason)
            continue
        lines.append((amounts, texts))
    return lines


def _totals(lines, strategy: Strategy, advances: list[Invoice]) -> money.InvoiceTotals:
    """The summary per rate: of the lines; a correction's as after less before; a final
    invoice's less its advances."""
    amounts = [amounts for amounts, _texts in lines]
    taxes = [money.parse_tax(texts["tax"]) for _amounts, texts in lines]
    if advances:
        return derived.final_totals(amounts, taxes, advances, sum_strategy=strategy.sum)
    sides = [texts.get("sides") for _amounts, texts in lines]
    if lines and all(sides):
        before = [side[0] for side in sides]
        after = [side[1] for side in sides]
        return money.correction_difference(
            [amounts for _kind, amounts, _texts in before],
            [amounts for _kind, amounts, _texts in after],
            before_taxes=[money.parse_tax(texts["tax"]) for _kind, _amounts, texts in before],
            after_taxes=[money.parse_tax(texts["tax"]) for _kind, _amounts, texts in after],
            sum_strategy=strategy.sum,
        )
    return money.invoice_totals(amounts, taxes, sum_strategy=strategy.sum)


def _default_notes(account: Account, data: dict, notes_given: list[dict]) -> list[dict]:
    """`fill_default_descriptions`: the account's default notes after those sent."""
    if not data.get("fill_default_descriptions"):
        return notes_given
    defaults = account.settings.get("default_descriptions") or []
    return notes_given + [
        {
            "kind": (note.get("kind") or notes.DEFAULT_KIND).strip(),
            "content": (note.get("content") or "").strip(),
            "position_index": None,
        }
        for note in defaults
        if isinstance(note, dict) and (note.get("content") or "").strip()
    ]


def invoice_create(*, account: Account, user: User | None, data: dict) -> Invoice:
    """Issue a document from the API's `invoice` object (already type-checked).

    Atomic: the invoice, its positions and bank accounts, a client created for its
    buyer, and its number are stored together or not at all. Raises Invalid with
    every problem found, each under the field it concerns (`positions.0.tax`).
    """
    errors: dict[str, list[str]] = {}
    with transaction.atomic():
        origin = derived.origin_of(account=account, data=data, errors=errors)
        data = origin.data
        kind = data.get("kind") or Invoice.Kind.VAT
        if kind not in KINDS:
            raise Invalid.field("kind", _("must be one of: %s") % ", ".join(KINDS))
        invoice = Invoice(account=account, user=user, kind=kind, from_api=True)
        invoice.income = data.get("income") is not False
        invoice.from_invoice, invoice.invoice = origin.from_invoice, origin.related
        for field in COPIED_FIELDS:
            if data.get(field) is not None:
                setattr(invoice, field, data[field])
        _dates(invoice, data, errors)
        department = (
            owned_or_error(Department, account, data, "department_id", errors)
            if data.get("department_id") is not None
            else Department.objects.filter(account=account, main=True).first()
        )
        invoice.department = department
        invoice.category = owned_or_error(Category, account, data, "category_id", errors)
        _seller(invoice, department, data)
        _buyer(invoice, account, data, errors)
        if not invoice.buyer_name and not invoice.buyer_last_name:
            errors.setdefault("buyer_name", []).append(_("can't be blank"))
        if data.get("identify_oss"):
            invoice.use_oss = data.get("use_oss") is not False and oss.is_oss_sale(
                seller_country=invoice.seller_country,
                buyer_country=invoice.buyer_country,
                buyer_tax_no=invoice.buyer_tax_no,
            )
        strategy = Strategy(**(data.get("calculating_strategy") or {}))
        invoice.calculating_strategy = strategy.as_dict()
        invoice.discount_kind = data.get("discount_kind") or ""
        price_list = price_list_for(account, invoice, data, errors)
        lines = _positions(account, invoice, data, strategy, price_list, errors)
        check_warehouse(account, data.get("warehouse_id"), errors)
        if oid_taken(account=account, oid=data.get("oid") or "", data=data):
            errors.setdefault("oid", []).append(_("has already been taken"))
        notes_given = _default_notes(account, data, notes.descriptions_from(data, errors))
        invoice.description = notes_given[0]["content"] if notes_given else ""
        settlements = notes.settlements_from(data, errors)
        further_parties = parties.parties_from(data, errors)
        if errors:
            raise Invalid(errors)
        totals = _totals(lines, strategy, origin.advances)
        invoice.price_net, invoice.price_tax, invoice.price_gross = (
            totals.price_net,
            totals.price_tax,
            totals.price_gross,
        )
        if origin.advances and invoice.price_gross < 0:
            raise Invalid.field("invoice_ids", _("the advances exceed the order's value"))
        reason = out_of_column(invoice.price_gross, MONEY_LIMIT, None)
        if reason:
            raise Invalid({"positions": [reason]})
        invoice.status = data.get("status") or Invoice.Status.ISSUED
        invoice.paid = money.round_money(data.get("paid") or Decimal(0))
        invoice.paid_date = data.get("paid_date")
        number_assign(invoice, account, data, errors)
        if errors:
            raise Invalid(errors)
        invoice.save()
        positions = _store_positions(invoice, lines)
        bank_accounts = store_bank_accounts(invoice, department, data)
        descriptions = notes.store(invoice, notes_given)
        settlement_positions = notes.store_settlements(invoice, settlements)
        stored_parties = parties.store(invoice, further_parties)
        if origin.advances:
            invoice.advances.set(origin.advances)
        invoice_stock_sync(account=account, invoice=invoice, positions=positions, new=True)
        announce.invoice_changed(account=account, invoice_id=invoice.pk, action="create")
    # The caller answers with the invoice as stored: these are all its rows, so
    # the output need not read them back.
    remember_loaded(
        invoice,
        positions=sorted(positions, key=lambda position: (position.kind, position.order)),
        bank_accounts=bank_accounts,
        descriptions=descriptions,
        settlement_positions=settlement_positions,
        parties=sorted(stored_parties, key=lambda party: (party.side, party.order)),
    )
    return invoice


def _store_positions(invoice: Invoice, lines) -> list[InvoicePosition]:
    """The lines, then the sides of corrected lines pointing at them; all the rows written."""
    rows = InvoicePosition.objects.bulk_create(
        InvoicePosition(
            account=invoice.account,
            invoice=invoice,
            order=order,
            kind=texts.get("kind", InvoicePosition.Kind.NORMAL),
            **position_values(amounts, texts),
        )
        for order, (amounts, texts) in enumerate(lines)
    )
    sides = [
        InvoicePosition(
            account=invoice.account,
            invoice=invoice,
            order=row.order,
            kind=kind,
            correction_line=row,
            **position_values(amounts, texts),
        )
        for row, (_amounts, line_texts) in zip(rows, lines, strict=True)
        for kind, amounts, texts in line_texts.get("sides") or ()
    ]
    return rows + (InvoicePosition.objects.bulk_create(sides) if sides else [])
