"""Documents made from other documents, on POST /invoices.json.

`origin_of` reads what a request says about the documents the new one comes
from, and returns the request's data completed from them (the request's own
fields always win), the links to store, and the advances a final invoice
deducts:

- `copy_invoice_from: ID` copies that document into a new one of `kind` (the
  source's kind when not given): seller and buyer as the source shows them (unless
  the request names a department, a client or buyer data), positions (unless the
  request sends positions), notes, settlements, further recipients and issuers,
  bank accounts, currency, language,
  payment method, the payment term in days and the other printed fields. The new
  document is issued today with a fresh number; its `from_invoice_id` is the source.
  Proforma → vat is the common case.
- An advance from an order (`kind: advance`, `advance_creation_mode` `percent`
  or `amount`, `advance_value`, `position_name`): one position per VAT rate of the
  order, the advance split over them in proportion (`money.advance_shares`); the
  advance may not exceed what earlier advances of the order left.
- A final invoice from an order (`kind: final`, `invoice_ids` of its advances):
  the order's positions, less the advances (see `final_totals`). Each advance is
  an advance invoice of the account that no other final invoice deducts yet.
- An advance or a final invoice copied from a document (an order: `estimate`,
  `client_order`, or e.g. a proforma) has that document as `invoice_id`.
- `from_invoice_id` with `additional_params: for_receipt`: an invoice for a
  receipt; the receipt must be a receipt without an invoice yet. `invoice_id` is
  the receipt too, as the reference's example of linking them shows.
- A correction names the corrected invoice by `invoice_id` (or `from_invoice_id`);
  without a client or buyer data of its own it takes the corrected invoice's
  seller and buyer.

Everything runs in the caller's transaction; problems are collected in `errors`,
except that a document named by id and not found in the account is refused at
once (Invalid), as nothing else in the request can be judged without it.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _

from faktura.accounts.models import Account
from faktura.errors import Invalid
from faktura.invoicing import money
from faktura.invoicing.models import Invoice, InvoicePosition
from faktura.invoicing.services import parties
from faktura.invoicing.services.fields import COPIED_FIELDS, stored_entry
from faktura.tenancy import find_all_owned, owned_or_error

FOR_RECEIPT = "for_receipt"
MAX_ADVANCES = 100

# What a copy does not take: its own dates and notes, and what belongs to the
# source alone (a correction's reason and contents, stock handling).
NOT_COPIED = frozenset(
    {
        "description",
        "accounting_vat_tax_date",
        "accounting_income_tax_date",
        "delivery_date",
        "transaction_date",
        "skonto_discount_date",
        "exclude_from_stock_level",
        # A copy has no attachments of its own to show.
        "show_attachments",
        "correction_reason",
        "corrected_content_before",
        "corrected_content_after",
    }
)
# Fields a copy takes from its source as they are, unless the request sends them.
COPIED = (
    *(name for name in COPIED_FIELDS if name not in NOT_COPIED),
    "income",
    "category_id",
    "discount_kind",
    "calculating_strategy",
    "recipient_id",
)
PARTY_FIELDS = (*parties.TEXT_FIELDS, "company", "role", "participation", "role_description")


@dataclass
class Origin:
    """The request's data completed from its sources, and the links to store."""

    data: dict
    from_invoice: Invoice | None = None
    related: Invoice | None = None
    advances: list[Invoice] = field(default_factory=list)


def origin_of(*, account: Account, data: dict, errors: dict) -> Origin:
    """What the new document takes from the documents the request names (see the module)."""
    origin = Origin(data=dict(data))
    origin.from_invoice = owned_or_error(Invoice, account, data, "from_invoice_id", errors)
    origin.related = owned_or_error(Invoice, account, data, "invoice_id", errors)
    source = owned_or_error(Invoice, account, data, "copy_invoice_from", errors)
    if errors:
        # Without the documents it names, the rest of the request means nothing.
        raise Invalid(errors)
    if source is not None:
        origin.data = {**_copied(source, data), **data}
        origin.data.setdefault("kind", source.kind)
        origin.from_invoice = origin.from_invoice or source
        if origin.data["kind"] in (Invoice.Kind.ADVANCE, Invoice.Kind.FINAL):
            origin.related = origin.related or source
    kind = origin.data.get("kind") or Invoice.Kind.VAT
    if data.get("advance_creation_mode") is not None:
        _advance(account, origin, source, errors)
    if kind == Invoice.Kind.FINAL and (data.get("invoice_ids") or source is not None):
        origin.advances = _advances(account, data, errors)
    if data.get("additional_params") is not None:
        _for_receipt(account, origin, errors)
    if kind == Invoice.Kind.CORRECTION:
        corrected = origin.related or origin.from_invoice
        if corrected is not None and source is None and not _names_buyer(data):
            origin.data = {**_parties(corrected, data), **origin.data}
    return origin


def _names_buyer(data: dict) -> bool:
    return data.get("client_id") is not None or any(
        key.startswith("buyer_") and key != "buyer_override" and value is not None
        for key, value in data.items()
    )


def _parties(source: Invoice, data: dict) -> dict:
    """The source's seller, buyer and recipient snapshot, unless the request sends its own."""
    taken: dict = {}
    if data.get("department_id") is None:
        taken["department_id"] = source.department_id
        taken.update(_snapshot(source, "seller_"))
    if not _names_buyer(data):
        taken.update(_snapshot(source, "buyer_"))
        taken.update(_snapshot(source, "recipient_"))
        if source.client_id is not None:
            taken["client_id"] = source.client_id
            # The buyer as the source shows it, not as the client's card says now.
            taken["buyer_override"] = True
    return {key: value for key, value in taken.items() if value is not None}


def _snapshot(source: Invoice, prefix: str) -> dict:
    return {
        column.attname: getattr(source, column.attname)
        for column in Invoice._meta.concrete_fields
        if column.attname.startswith(prefix)
    }


def _copied(source: Invoice, data: dict) -> dict:
    """What a copy takes from its source; the caller lays the request's data over it."""
    taken = _parties(source, data)
    for name in COPIED:
        taken[name] = getattr(source, name)
    taken["payment_to_kind"] = _payment_term(source)
    if data.get("positions") is None:
        taken["positions"] = [
            stored_entry(row) for row in source.positions.all() if row.correction_line_id is None
        ]
    if data.get("descriptions") is None and data.get("description") is None:
        taken["descriptions"] = [
            {"kind": note.kind, "content": note.content, "position_index": note.position_index}
            for note in source.descriptions.all()
        ]
    taken["settlement_positions"] = [
        {"kind": row.kind, "amount": row.amount, "reason": row.reason}
        for row in source.settlement_positions.all()
    ]
    for name, side in parties.LISTS.items():
        if data.get(name) is None:
            taken[name] = [
                {field: getattr(row, field) for field in PARTY_FIELDS}
                for row in source.parties.all()
                if row.side == side
            ]
    taken["bank_accounts"] = [
        {
            "name": row.name,
            "bank_name": row.bank_name,
            "bank_account_number": row.bank_account_number,
            "bank_currency": row.bank_currency,
            "bank_swift": row.bank_swift,
        }
        for row in source.bank_accounts.all()
    ]
    return {key: value for key, value in taken.items() if value is not None}


def _payment_term(source: Invoice) -> str:
    """The source's term as days from issue, so the copy's term starts from its own date."""
    if source.payment_to_kind == "off" or source.payment_to is None:
        return "off" if source.payment_to_kind == "off" else ""
    return str(max((source.payment_to - source.issue_date).days, 0))


def _advance(account: Account, origin: Origin, order: Invoice | None, errors: dict) -> None:
    """One position per rate of the order, holding the advance (`advance_creation_mode`)."""
    data = origin.data
    if data.get("kind") != Invoice.Kind.ADVANCE:
        errors.setdefault("advance_creation_mode", []).append(
            _("is only for advance invoices (kind advance)")
        )
        return
    if order is None:
        errors.setdefault("copy_invoice_from", []).append(
            _("must name the order the advance is taken on")
        )
        return
    value = data.get("advance_value")
    if value is None or value <= 0:
        errors.setdefault("advance_value", []).append(_("must be greater than 0"))
        return
    if data["advance_creation_mode"] == "percent":
        if value > 100:
            errors.setdefault("advance_value", []).append(_("must be at most 100 (percent)"))
            return
        advance = money.advance_of(order.price_gross, value)
    else:
        advance = money.round_money(value)
    left = order.price_gross - _advanced(account, order)
    if advance > left:
        errors.setdefault("advance_value", []).append(
            _("exceeds what is left to pay in advance on the order (%(left)s)") % {"left": left}
        )
        return
    lines = [row for row in order.positions.all() if row.kind == InvoicePosition.Kind.NORMAL]
    totals = money.invoice_totals(
        [money.stored_amounts(row) for row in lines], [money.parse_tax(row.tax) for row in lines]
    )
    try:
        shares = money.advance_shares(totals.per_rate, advance)
    except money.CalculationError as exc:
        errors.setdefault(exc.field, []).append(_("the order has no value to take an advance of"))
        return
    name = data.get("position_name") or _("Advance payment for order %(number)s") % {
        "number": order.number
    }
    data["positions"] = [
        {"name": name, "quantity": Decimal(1), "tax": code, "total_price_gross": share}
        for code, share in shares
        if share
    ]
    data.pop("settlement_positions", None)


def _advanced(account: Account, order: Invoice) -> Decimal:
    """What the order's advance invoices (not cancelled) already ask for."""
    rows = Invoice.objects.filter(
        account=account, invoice=order, kind=Invoice.Kind.ADVANCE, cancelled=False
    ).values_list("price_gross", flat=True)
    return sum(rows, money.ZERO)


def _advances(account: Account, data: dict, errors: dict) -> list[Invoice]:
    """The advance invoices a final invoice deducts (`invoice_ids`)."""
    ids = data.get("invoice_ids") or []
    if not ids:
        errors.setdefault("invoice_ids", []).append(
            _("must name the advance invoices the final invoice settles")
        )
        return []
    if len(ids) > MAX_ADVANCES:
        errors.setdefault("invoice_ids", []).append(
            _("may name at most %(count)d invoices") % {"count": MAX_ADVANCES}
        )
        return []
    advances = []
    found = find_all_owned(Invoice, account=account, ids=ids)
    for invoice_id in dict.fromkeys(ids):
        advance = found.get(invoice_id)
        if advance is None or advance.kind != Invoice.Kind.ADVANCE or advance.cancelled:
            errors.setdefault("invoice_ids", []).append(
                _("%(id)s is not an advance invoice of this account") % {"id": invoice_id}
            )
            continue
        settled = advance.finals.filter(cancelled=False).first()
        if settled is not None:
            errors.setdefault("invoice_ids", []).append(
                _("%(number)s is already settled by the final invoice %(final)s")
                % {"number": advance.number, "final": settled.number}
            )
            continue
        advances.append(advance)
    return advances


def _for_receipt(account: Account, origin: Origin, errors: dict) -> None:
    if origin.data.get("additional_params") != FOR_RECEIPT:
        errors.setdefault("additional_params", []).append(_("must be for_receipt"))
        return
    receipt = origin.from_invoice
    if receipt is None or receipt.kind != Invoice.Kind.RECEIPT:
        errors.setdefault("from_invoice_id", []).append(
            _("must name a receipt of this account (kind receipt)")
        )
        return
    issued = (
        Invoice.objects.filter(account=account, from_invoice=receipt, cancelled=False)
        .exclude(kind=Invoice.Kind.RECEIPT)
        .first()
    )
    if issued is not None:
        errors.setdefault("from_invoice_id", []).append(
            _("this receipt already has an invoice: %(number)s") % {"number": issued.number}
        )
        return
    origin.related = origin.related or receipt


def final_totals(
    lines: list[money.PositionAmounts],
    taxes: list[money.Tax],
    advances: list[Invoice],
    *,
    sum_strategy: str,
) -> money.InvoiceTotals:
    """A final invoice's totals: the order's lines less its advances, per VAT rate."""
    paid_lines, paid_taxes = [], []
    for advance in advances:
        for row in advance.positions.all():
            paid_lines.append(money.stored_amounts(row))
            paid_taxes.append(money.parse_tax(row.tax))
    return money.correction_difference(
        paid_lines, lines, before_taxes=paid_taxes, after_taxes=taxes, sum_strategy=sum_strategy
    )
