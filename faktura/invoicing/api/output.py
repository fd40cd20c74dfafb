"""What an invoice looks like in API responses: `InvoiceOut`, for reads and writes alike.

Declare `response=InvoiceOut` (one invoice) or `response=InvoiceListOut` (a list)
and return `invoice_out(invoice)` / `invoice_list_out(invoices)`. Load the
invoices first with `faktura.invoicing.selectors.invoice_detail` (one) or
`invoices_for_output` (a page): they fetch positions, settlement positions and
bank accounts in a constant number of queries and record what to include. An
invoice not loaded that way (e.g. fresh from a service) renders as
`GET /invoices/{id}.json` does, positions included, at the cost of a query per
collection. Returning the model itself with `response=InvoiceOut` works too
(Ninja then validates it field by field, the same output, only slower). Do not
put `invoice_out(...)` results inside another response schema (e.g.
`list[InvoiceOut]`): Ninja would validate them again as if they were models.

Keys follow the recorded 2018 responses (api-wire-format.md §1.1), in that order,
and the newer fields after them. Types: money is a string with two decimals,
quantities and rates strings ("13.0"), dates "YYYY-MM-DD", timestamps ISO 8601
with milliseconds and offset, booleans real booleans, ids integers, unset values
null; text stored as given, blank included ("").

Keys whose value the data model does not hold (yet) are always present and null,
or false/0 for flags and counts the service does not have:
`app`, `seller_bank_account_id`, `correction` (its meaning is not documented),
`product_cache` (a cache of position names in the hosted service), `discount`,
`discount_net` (the invoice-level discount sums), `product_id`, `invoice_template_id`,
`delivery_address`, `exchange_date`, `exchange_rate_den`,
`exchange_currency_rate_den`, `exchange_difference`, `fiscal_status`,
`email_status`, `accounting_scheme`, `accounting_other_tax_date`,
`accounting_status`, `approval_status`, `payment_url` (no online payment page),
`sales_code`, `adjust_invoice_price`, `additional_fields`, `search_data`, and the
KSeF fields `gov_id`, `gov_kind`, `gov_status`, `gov_send_date`, `gov_sell_date`,
`gov_error_messages`, `gov_verification_link`, `gov_link`,
`gov_corrected_invoice_number`; false: `tax2_visible`, `use_delivery_address`,
`exclude_from_accounting`, `not_cost`, `test`, `check_fiscal_print`, `deleted`.

Derived values:
- `sell_date` is "YYYY-MM" when it was given as a month (`sell_date_kind` "month").
- `view_url` is the account's URL + "/invoice/" + `token` (the form the reference
  documents for public links); the public page itself arrives with printing.
- `attachments_count` is the number of files attached (`faktura.attachments`),
  `has_attachments` whether there is one; `show_attachments` (settable, default
  false) whether the buyer's public page offers them.
- `"overdue?"`: `payment_to` is before today, and the invoice is neither paid
  (status `paid`) nor cancelled.
- `"tax_visible?"`: false for the kinds that carry no VAT (see NO_TAX_KINDS).
- `pattern_nr`, `pattern_nr_m`, `pattern_nr_d`: the invoice's counter under the
  one that matches its pattern's reset (yearly, monthly, daily); all null for
  numbers given by hand and for counters that never reset (`nr-a`).
- `issue_year` is the year of `issue_date`; `client_company` is `buyer_company`;
  `use_moss` is `use_oss`; `issuer` / `use_issuer` are `invoice_issuer` /
  `use_invoice_issuer` (both names are shown); `origin` is "api" for invoices
  made through the API.
- `exchange_rate` is `exchange_currency_rate` when set, "1.0" when nothing is
  converted (no `exchange_currency`), else null (a rate looked up later).
- `calculating_strategy` is always an object with its defaults filled in.
- Positions carry their invoice's `created_at`/`updated_at` (they are written only
  together with it), `price_tax` = `price_gross` − `price_net`, and `kind` null for
  normal positions ("correction" for a correction's change of a line). The sides
  of a corrected line (rows of kind "correction_before"/"correction_after") are
  not lines of their own: with `correction_positions=full` they are nested in
  their line as `correction_before_attributes` / `correction_after_attributes`,
  the shape a correction is created with; otherwise left out.
- `recipients` and `issuers` (further parties, KSeF's Podmiot3) hold `id`, `name`,
  `first_name`, `last_name`, `tax_no`, `company`, `country`, `city`, `post_code`,
  `street`, `phone`, `email`, `note`, `role`, `participation` (a share: a string
  with two decimals, "10.00", or null) and `role_description`. No recorded
  response shows them (the wire notes know them as input only), so they follow
  the reference's rule for the other list an invoice may lack
  (`settlement_positions`): present only when the invoice has some, which leaves
  every invoice without them exactly as existing clients know it.
- `bank_accounts` items show the catalog bank account's id (null when that account
  was deleted since) with the data the invoice keeps (API_RACHUNKI_BANKOWE.md §2).

Keys present only sometimes (OPTIONAL_KEYS): `positions` (always on one invoice,
in lists with `include_positions=true`), `descriptions` (with
`include=descriptions`), `settlement_positions`, `recipients` and `issuers` (when
the invoice has some),
`cancel_reason`, `corrected_content_before`, `corrected_content_after` and
`connected_payments` (with `additional_fields[invoice]=…`; `connected_payments`
is an empty list until payments exist).
"""

import datetime as dt
import functools
import operator
import typing
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils import timezone
from ninja import Schema
from pydantic import Field, PlainSerializer, RootModel, model_serializer
from pydantic.fields import FieldInfo

from faktura.accounts.urls import account_url
from faktura.api.types import (
    MoneyOut,
    PercentOut,
    QuantityOut,
    Timestamp,
    _timestamp_text,
    timestamp_text,
)
from faktura.catalog.api.bank_accounts import BankAccountOnInvoiceOut
from faktura.invoicing.models import (
    Invoice,
    InvoiceBankAccount,
    InvoiceDescription,
    InvoiceParty,
    InvoicePosition,
    SettlementPosition,
)
from faktura.invoicing.numbering import Pattern, PatternError
from faktura.invoicing.selectors import (
    INCLUDE_ATTR,
    LOADED,
    Include,
    attachments_count,
    loaded,
)

# Kinds printed without VAT: a bill (rachunek, issued by those who do not charge
# VAT), cash receipts and payments (KP/KW), accounting notes and internal evidence.
NO_TAX_KINDS = frozenset({"bill", "kp", "kw", "accounting_note", "dw"})

CALCULATING_STRATEGY_DEFAULTS = {
    "position": "default",
    "sum": "sum",
    "invoice_form_price_kind": "net",
}

# Keys left out of the output when their value is None (see the module docstring).
OPTIONAL_KEYS = frozenset(
    {
        "positions",
        "descriptions",
        "settlement_positions",
        "recipients",
        "issuers",
        "cancel_reason",
        "corrected_content_before",
        "corrected_content_after",
        "connected_payments",
    }
)
# A correction line's sides, set on it for the output (see `_positions`).
SIDES_ATTR = "correction_sides_shown"
SIDE_KEYS = ("correction_before_attributes", "correction_after_attributes")
# Keys that are not Python names.
WIRE_NAMES = {"overdue": "overdue?", "tax_visible": "tax_visible?"}

_DEFAULT_INCLUDE = Include()
_ONE = Decimal(1)


def _include(invoice: Invoice) -> Include:
    return getattr(invoice, INCLUDE_ATTR, _DEFAULT_INCLUDE)


@functools.lru_cache(maxsize=256)
def _reset(pattern: str) -> str | None:
    try:
        return Pattern.parse(pattern).reset
    except PatternError:
        return None


def _pattern_counter(invoice: Invoice, reset: str) -> int | None:
    if invoice.counter is None or not invoice.pattern:
        return None
    return invoice.counter if _reset(invoice.pattern) == reset else None


# The values of the keys the data model does not hold (see the module docstring).
INVOICE_CONSTANTS: dict[str, Any] = {
    "app": None,
    "seller_bank_account_id": None,
    "correction": None,
    "product_cache": None,
    "discount": None,
    "tax2_visible": False,
    "product_id": None,
    "invoice_template_id": None,
    "use_delivery_address": False,
    "delivery_address": None,
    "exchange_date": None,
    "fiscal_status": None,
    "email_status": None,
    "exclude_from_accounting": False,
    "exchange_rate_den": None,
    "exchange_currency_rate_den": None,
    "accounting_scheme": None,
    "exchange_difference": None,
    "not_cost": False,
    "test": False,
    "discount_net": None,
    "approval_status": None,
    "accounting_other_tax_date": None,
    "accounting_status": None,
    "payment_url": None,
    "sales_code": None,
    "adjust_invoice_price": None,
    "check_fiscal_print": False,
    "deleted": False,
    "additional_fields": None,
    "search_data": None,
    "gov_id": None,
    "gov_kind": None,
    "gov_status": None,
    "gov_send_date": None,
    "gov_sell_date": None,
    "gov_error_messages": None,
    "gov_verification_link": None,
    "gov_link": None,
    "gov_corrected_invoice_number": None,
}
POSITION_CONSTANTS: dict[str, Any] = {
    "invoice_position_id": None,
    "deleted": False,
    "tax2": "0",
    "exchange_rate": _ONE,
    "accounting_tax_kind": None,
    "additional_fields": None,
}


def _constant_resolvers(name: str, values: dict[str, Any]) -> type[Schema]:
    """A base schema with a `resolve_<key>` per constant key.

    Without a resolver, Ninja looks a key the model lacks up through Django's
    template variable resolution before falling back to the default: tens of
    microseconds per key, per row, which a page of 100 invoices would feel.
    """
    resolvers = {
        f"resolve_{key}": staticmethod(lambda obj, value=value: value)
        for key, value in values.items()
    }
    return type(name, (Schema,), resolvers)


_InvoiceConstants = _constant_resolvers("_InvoiceConstants", INVOICE_CONSTANTS)
_InvoicePositionConstants = _constant_resolvers("_InvoicePositionConstants", POSITION_CONSTANTS)


class InvoicePositionOut(_InvoicePositionConstants):
    id: int
    invoice_id: int
    name: str
    description: str
    price_net: MoneyOut
    quantity: QuantityOut
    total_price_gross: MoneyOut
    total_price_net: MoneyOut
    account_id: int
    created_at: Timestamp
    updated_at: Timestamp
    additional_info: str
    quantity_unit: str
    tax: str
    price_gross: MoneyOut
    price_tax: MoneyOut
    total_price_tax: MoneyOut
    kind: str | None
    invoice_position_id: int | None
    product_id: int | None
    deleted: bool
    discount: MoneyOut
    discount_percent: PercentOut
    tax2: str
    exchange_rate: QuantityOut
    accounting_tax_kind: str | None
    code: str
    additional_fields: dict | None
    gtu_code: str
    lump_sum_tax: str
    total_purchase_price: MoneyOut
    # With `correction_positions=full`: a correction line's sides, else left out.
    correction_before_attributes: "InvoicePositionOut | None" = None
    correction_after_attributes: "InvoicePositionOut | None" = None

    @staticmethod
    def resolve_created_at(position: InvoicePosition) -> dt.datetime:
        return position.invoice.created_at

    @staticmethod
    def resolve_updated_at(position: InvoicePosition) -> dt.datetime:
        return position.invoice.updated_at

    @staticmethod
    def resolve_price_tax(position: InvoicePosition) -> Decimal:
        return position.price_gross - position.price_net

    @staticmethod
    def resolve_kind(position: InvoicePosition) -> str | None:
        return None if position.kind == InvoicePosition.Kind.NORMAL else position.kind

    @staticmethod
    def resolve_correction_before_attributes(position: InvoicePosition) -> Any:
        return getattr(position, SIDES_ATTR, {}).get(InvoicePosition.Kind.CORRECTION_BEFORE)

    @staticmethod
    def resolve_correction_after_attributes(position: InvoicePosition) -> Any:
        return getattr(position, SIDES_ATTR, {}).get(InvoicePosition.Kind.CORRECTION_AFTER)

    @model_serializer(mode="wrap")
    def _without_absent_sides(self, handler):
        data = handler(self)
        for key in SIDE_KEYS:
            if data.get(key) is None:
                data.pop(key, None)
        return data


InvoicePositionOut.model_rebuild()


class InvoiceDescriptionOut(Schema):
    id: int
    kind: str
    content: str
    position_index: int | None
    row_number: int


class SettlementPositionOut(Schema):
    id: int
    kind: str
    amount: MoneyOut
    reason: str


# A party's share leaves like money, with two decimals ("10.00"); it has no more.
ShareOut = MoneyOut


class InvoicePartyOut(Schema):
    id: int
    name: str
    first_name: str
    last_name: str
    tax_no: str
    company: bool
    country: str
    city: str
    post_code: str
    street: str
    phone: str
    email: str
    note: str
    role: str
    participation: ShareOut
    role_description: str


class InvoiceBankAccountOut(BankAccountOnInvoiceOut):
    """The invoice's copy of a bank account; `id` is the account it was copied from."""

    id: int | None

    @staticmethod
    def resolve_id(row: InvoiceBankAccount) -> int | None:
        return row.bank_account_id


class CalculatingStrategyOut(Schema):
    position: str
    sum: str
    invoice_form_price_kind: str


class InvoiceOut(_InvoiceConstants):
    id: int
    user_id: int | None
    account_id: int
    app: str | None
    number: str
    place: str
    sell_date: str | None
    payment_type: str
    price_net: MoneyOut
    price_gross: MoneyOut
    price_tax: MoneyOut
    currency: str
    status: str
    description: str
    seller_name: str
    seller_tax_no: str
    seller_street: str
    seller_post_code: str
    seller_city: str
    seller_country: str
    seller_email: str
    seller_phone: str
    seller_fax: str
    seller_www: str
    seller_person: str
    seller_bank: str
    seller_bank_account: str
    seller_bank_account_id: int | None
    seller_tax_no_kind: str
    seller_bdo_no: str
    seller_jst: bool
    seller_gv: bool
    buyer_name: str
    buyer_tax_no: str
    buyer_post_code: str
    buyer_city: str
    buyer_street: str
    buyer_first_name: str
    buyer_last_name: str
    buyer_country: str
    buyer_email: str
    buyer_www: str
    buyer_fax: str
    buyer_phone: str
    buyer_mobile_phone: str
    buyer_note: str
    buyer_person: str
    buyer_bank: str
    buyer_bank_account: str
    buyer_mass_payment_code: str
    buyer_company: bool
    buyer_tax_no_kind: str
    buyer_jst: bool
    buyer_gv: bool
    created_at: Timestamp
    updated_at: Timestamp
    token: str
    kind: str
    pattern: str
    pattern_nr: int | None
    pattern_nr_m: int | None
    pattern_nr_d: int | None
    client_id: int | None
    payment_to: dt.date | None
    paid: MoneyOut
    lang: str
    issue_date: dt.date
    department_id: int | None
    correction: str | None
    additional_info_desc: str
    additional_info: bool
    product_cache: str | None
    from_invoice_id: int | None
    oid: str
    discount: MoneyOut
    show_discount: bool
    sent_time: Timestamp | None
    print_time: Timestamp | None
    recurring_id: int | None
    tax2_visible: bool
    warehouse_id: int | None
    paid_date: dt.date | None
    product_id: int | None
    issue_year: int
    internal_note: str
    invoice_id: int | None
    invoice_template_id: int | None
    description_long: str
    description_footer: str
    sell_date_kind: str
    payment_to_kind: str
    exchange_currency: str
    discount_kind: str
    income: bool
    from_api: bool
    category_id: int | None
    warehouse_document_id: int | None
    exchange_kind: str
    exchange_rate: QuantityOut
    use_delivery_address: bool
    delivery_address: str | None
    accounting_kind: str
    exchange_note: str
    client_company: bool
    show_attachments: bool
    exchange_currency_rate: QuantityOut
    has_attachments: bool
    exchange_date: dt.date | None
    attachments_count: int
    delivery_date: dt.date | None
    fiscal_status: str | None
    use_moss: bool
    transaction_date: dt.date | None
    email_status: str | None
    exclude_from_stock_level: bool
    exclude_from_accounting: bool
    exchange_rate_den: QuantityOut
    exchange_currency_rate_den: QuantityOut
    accounting_scheme: str | None
    exchange_difference: MoneyOut
    not_cost: bool
    reverse_charge: bool
    issuer: str
    use_issuer: bool
    cancelled: bool
    recipient_id: int | None
    recipient_name: str
    test: bool
    discount_net: MoneyOut
    approval_status: str | None
    accounting_vat_tax_date: dt.date | None
    accounting_income_tax_date: dt.date | None
    accounting_other_tax_date: dt.date | None
    accounting_status: str | None
    # Added by the recorded GET and PUT responses.
    payment_url: str | None
    sales_code: str | None
    adjust_invoice_price: MoneyOut
    check_fiscal_print: bool
    deleted: bool
    origin: str | None
    additional_fields: dict | None
    calculating_strategy: CalculatingStrategyOut
    search_data: str | None
    view_url: str
    # Newer fields (typed clients, 2024–2026) and the reference's field list.
    overdue: bool = Field(serialization_alias="overdue?")
    tax_visible: bool = Field(serialization_alias="tax_visible?")
    use_oss: bool
    split_payment: bool
    gtu_codes: list[str]
    procedure_designations: list[str]
    exempt_tax_kind: str
    np_tax_kind: str
    procedure_vat_margin: str
    additional_invoice_field: str
    invoice_issuer: str
    use_invoice_issuer: bool
    correction_reason: str
    accounting_note_kind: str
    skonto_active: bool
    skonto_discount_date: dt.date | None
    skonto_discount_value: PercentOut
    recipient_street: str
    recipient_post_code: str
    recipient_city: str
    recipient_country: str
    recipient_email: str
    recipient_phone: str
    recipient_note: str
    gov_id: str | None
    gov_kind: str | None
    gov_status: str | None
    gov_send_date: Timestamp | None
    gov_sell_date: Timestamp | None
    gov_error_messages: list[str] | None
    gov_verification_link: str | None
    gov_link: str | None
    gov_corrected_invoice_number: str | None
    bank_accounts: list[InvoiceBankAccountOut]
    # OPTIONAL_KEYS: left out when None.
    positions: list[InvoicePositionOut] | None = None
    descriptions: list[InvoiceDescriptionOut] | None = None
    settlement_positions: list[SettlementPositionOut] | None = None
    recipients: list[InvoicePartyOut] | None = None
    issuers: list[InvoicePartyOut] | None = None
    cancel_reason: str | None = None
    corrected_content_before: str | None = None
    corrected_content_after: str | None = None
    connected_payments: list[Any] | None = None

    @model_serializer(mode="wrap")
    def _wire_keys(self, handler):
        data = handler(self)
        return {
            WIRE_NAMES.get(key, key): value
            for key, value in data.items()
            if not (key in OPTIONAL_KEYS and value is None)
        }

    @staticmethod
    def resolve_sell_date(invoice: Invoice) -> str | None:
        day = invoice.sell_date
        if day is None:
            return None
        if invoice.sell_date_kind == "month":
            return f"{day.year:04d}-{day.month:02d}"
        return day.isoformat()

    @staticmethod
    def resolve_pattern_nr(invoice: Invoice) -> int | None:
        return _pattern_counter(invoice, "year")

    @staticmethod
    def resolve_pattern_nr_m(invoice: Invoice) -> int | None:
        return _pattern_counter(invoice, "month")

    @staticmethod
    def resolve_pattern_nr_d(invoice: Invoice) -> int | None:
        return _pattern_counter(invoice, "day")

    @staticmethod
    def resolve_issue_year(invoice: Invoice) -> int:
        return invoice.issue_date.year

    @staticmethod
    def resolve_exchange_rate(invoice: Invoice) -> Decimal | None:
        if invoice.exchange_currency_rate is not None:
            return invoice.exchange_currency_rate
        return None if invoice.exchange_currency else _ONE

    @staticmethod
    def resolve_client_company(invoice: Invoice) -> bool:
        return invoice.buyer_company

    @staticmethod
    def resolve_use_moss(invoice: Invoice) -> bool:
        return invoice.use_oss

    @staticmethod
    def resolve_issuer(invoice: Invoice) -> str:
        return invoice.invoice_issuer

    @staticmethod
    def resolve_use_issuer(invoice: Invoice) -> bool:
        return invoice.use_invoice_issuer

    @staticmethod
    def resolve_origin(invoice: Invoice) -> str | None:
        return "api" if invoice.from_api else None

    @staticmethod
    def resolve_calculating_strategy(invoice: Invoice) -> dict[str, str]:
        given = invoice.calculating_strategy
        if not isinstance(given, dict):
            given = {}
        return {
            key: str(given.get(key) or default)
            for key, default in CALCULATING_STRATEGY_DEFAULTS.items()
        }

    @staticmethod
    def resolve_view_url(invoice: Invoice) -> str:
        return f"{account_url(invoice.account.prefix)}/invoice/{invoice.token}"

    @staticmethod
    def resolve_overdue(invoice: Invoice) -> bool:
        return (
            invoice.payment_to is not None
            and invoice.payment_to < timezone.localdate()
            and invoice.status != Invoice.Status.PAID
            and not invoice.cancelled
        )

    @staticmethod
    def resolve_tax_visible(invoice: Invoice) -> bool:
        return invoice.kind not in NO_TAX_KINDS

    @staticmethod
    def resolve_attachments_count(invoice: Invoice) -> int:
        return attachments_count(invoice)

    @staticmethod
    def resolve_has_attachments(invoice: Invoice) -> bool:
        return attachments_count(invoice) > 0

    @staticmethod
    def resolve_bank_accounts(invoice: Invoice) -> list[InvoiceBankAccount]:
        return loaded(invoice, "bank_accounts")

    @staticmethod
    def resolve_positions(invoice: Invoice) -> list[InvoicePosition] | None:
        include = _include(invoice)
        return _positions(loaded(invoice, "positions"), include) if include.positions else None

    @staticmethod
    def resolve_descriptions(invoice: Invoice) -> list[InvoiceDescription] | None:
        return loaded(invoice, "descriptions") if _include(invoice).descriptions else None

    @staticmethod
    def resolve_settlement_positions(invoice: Invoice) -> list[SettlementPosition] | None:
        return loaded(invoice, "settlement_positions") or None

    @staticmethod
    def resolve_recipients(invoice: Invoice) -> list[InvoiceParty] | None:
        return _parties(invoice, InvoiceParty.Side.RECIPIENT)

    @staticmethod
    def resolve_issuers(invoice: Invoice) -> list[InvoiceParty] | None:
        return _parties(invoice, InvoiceParty.Side.ISSUER)

    @staticmethod
    def resolve_cancel_reason(invoice: Invoice) -> str | None:
        return _additional(invoice, "cancel_reason")

    @staticmethod
    def resolve_corrected_content_before(invoice: Invoice) -> str | None:
        return _additional(invoice, "corrected_content_before")

    @staticmethod
    def resolve_corrected_content_after(invoice: Invoice) -> str | None:
        return _additional(invoice, "corrected_content_after")

    @staticmethod
    def resolve_connected_payments(invoice: Invoice) -> list | None:
        if "connected_payments" not in _include(invoice).additional_fields:
            return None
        # Imported here: the payments module builds on invoices, not the reverse.
        from faktura.payments.api import payment_data

        payments = getattr(invoice, f"{LOADED}connected_payments", None)
        if payments is None:  # not loaded by invoices_for_output: read them now
            payments = list(invoice.payments.order_by("paid_date", "id"))
        return [payment_data(payment) for payment in payments]


def _positions(rows: list[InvoicePosition], include: Include) -> list[InvoicePosition]:
    """The lines shown: a correction line's sides only nested in it, and only when asked."""
    lines = [row for row in rows if row.correction_line_id is None]
    if include.correction_positions and len(lines) < len(rows):
        sides: dict[int, dict[str, InvoicePosition]] = {}
        for row in rows:
            if row.correction_line_id is not None:
                sides.setdefault(row.correction_line_id, {})[row.kind] = row
        for line in lines:
            setattr(line, SIDES_ATTR, sides.get(line.pk, {}))
    return lines


def _parties(invoice: Invoice, side: str) -> list[InvoiceParty] | None:
    # Both sides come from one loaded list: one query per page, not one per side.
    return [party for party in loaded(invoice, "parties") if party.side == side] or None


def _additional(invoice: Invoice, name: str) -> str | None:
    return getattr(invoice, name) if name in _include(invoice).additional_fields else None


class InvoiceListOut(RootModel[list[InvoiceOut]]):
    """A bare array of invoices, as lists are."""


# Nested schemas, by the key that holds them.
_NESTED: dict[str, type[Schema]] = {
    "positions": InvoicePositionOut,
    "descriptions": InvoiceDescriptionOut,
    "settlement_positions": SettlementPositionOut,
    "recipients": InvoicePartyOut,
    "issuers": InvoicePartyOut,
    "bank_accounts": InvoiceBankAccountOut,
    "calculating_strategy": CalculatingStrategyOut,
    "correction_before_attributes": InvoicePositionOut,
    "correction_after_attributes": InvoicePositionOut,
}


@functools.cache
def _plan(schema: type[Schema]) -> tuple[tuple[str, Any, type[Schema] | None], ...]:
    """(key, resolver or None, nested schema or None) for each key of `schema`."""
    return tuple(
        (name, getattr(schema, f"resolve_{name}", None), _NESTED.get(name))
        for name in schema.model_fields
    )


def _construct(schema: type[Schema], obj: Any) -> Schema:
    """`schema` filled from `obj` as Ninja would, without validating each value again.

    Ninja validates a response from a model through a getter per key, which costs
    more than the whole database work of a page of 100 invoices. The values here
    come from the database and the resolvers with the declared types already;
    the tests compare this with Ninja's own validation of the same invoices.
    """
    values = {}
    for name, resolve, nested in _plan(schema):
        if resolve is not None:
            value = resolve(obj)
        elif isinstance(obj, dict):
            value = obj[name]
        else:
            value = getattr(obj, name)
        if nested is not None and value is not None:
            value = (
                [_construct(nested, item) for item in value]
                if isinstance(value, list)
                else _construct(nested, value)
            )
        values[name] = value
    return schema.model_construct(**values)


def invoice_out(invoice: Invoice) -> InvoiceOut:
    """One invoice, ready for `response=InvoiceOut`."""
    return _construct(InvoiceOut, invoice)


def invoice_list_out(invoices: list[Invoice]) -> InvoiceListOut:
    """Invoices, ready for `response=InvoiceListOut`."""
    return InvoiceListOut.model_construct([invoice_out(invoice) for invoice in invoices])


def _date_text(value: Any) -> Any:
    # What the JSON encoder would write for a date; anything else is left to it.
    return value.isoformat() if type(value) is dt.date else value


def _serializer(field: FieldInfo) -> Callable[[Any], Any] | None:
    """The function that turns a value of `field` into what `model_dump()` gives for it.

    Only the shapes the output schemas use: a PlainSerializer on the field
    (money, quantities, percentages, timestamps: each also takes None), the
    same inside `X | None`, and dates. Anything else is dumped as it is.
    """
    for meta in field.metadata:
        if isinstance(meta, PlainSerializer):
            return meta.func
    annotation = field.annotation
    for arg in (annotation, *typing.get_args(annotation)):
        for meta in getattr(arg, "__metadata__", ()):
            if isinstance(meta, PlainSerializer):
                return meta.func
    if dt.date in (annotation, *typing.get_args(annotation)):
        return _date_text
    return None


@dataclass(frozen=True)
class _DumpPlan:
    """How `_dump` fills one schema's keys.

    `template` holds every key in order, with the dumped value of the keys whose
    resolver always answers the same (see `_constant_resolvers`) and None for the
    others. `plain` are (key, field name) whose value is dumped as the model holds
    it; `special` the rest: (key, field name, resolver, nested schema, serializer,
    optional). Timestamps get the serializer `timestamp_text`, which `_dump`
    calls with the time zone looked up once per response.
    """

    template: dict[str, Any]
    plain: tuple[tuple[str, str], ...]
    plain_keys: tuple[str, ...]
    plain_values: Callable[[dict], tuple]
    special: tuple[tuple, ...]


@functools.cache
def _dump_plan(schema: type[Schema]) -> _DumpPlan:
    constants = {
        InvoiceOut: INVOICE_CONSTANTS,
        InvoicePositionOut: POSITION_CONSTANTS,
    }.get(schema, {})
    # InvoiceOut's model serializer (`_wire_keys`) renames keys and drops optional ones.
    wire = schema is InvoiceOut
    template: dict[str, Any] = {}
    plain: list[tuple[str, str]] = []
    special = []
    for name, field in schema.model_fields.items():
        key = WIRE_NAMES.get(name, name) if wire else name
        serialize = _serializer(field)
        resolve = getattr(schema, f"resolve_{name}", None)
        nested = _NESTED.get(name)
        # Keys the schemas' model serializers drop when None.
        optional = (wire and name in OPTIONAL_KEYS) or (
            schema is InvoicePositionOut and name in SIDE_KEYS
        )
        template[key] = None
        if name in constants:
            value = constants[name]
            template[key] = serialize(value) if serialize else value
        elif resolve is None and serialize is None and nested is None and not optional:
            plain.append((key, name))
        else:
            if serialize is _timestamp_text:
                serialize = timestamp_text
            special.append((key, name, resolve, nested, serialize, optional))
    return _DumpPlan(
        template=template,
        plain=tuple(plain),
        plain_keys=tuple(key for key, _name in plain),
        plain_values=_values_getter(tuple(name for _key, name in plain)),
        special=tuple(special),
    )


def _values_getter(names: tuple[str, ...]) -> Callable[[dict], tuple]:
    """A function returning the values under `names` of a dict, as a tuple."""
    if not names:
        return lambda values: ()
    getter = operator.itemgetter(*names)
    return getter if len(names) > 1 else lambda values: (getter(values),)


def _dump(schema: type[Schema], obj: Any, zone: dt.tzinfo, stamps: dict) -> dict[str, Any]:
    """What `_construct(schema, obj).model_dump()` gives, built directly.

    Building the pydantic models and dumping them again took most of a page's
    time; this fills the same keys from the same fields, resolvers and
    serializers, copying the plain values in bulk. The tests compare both (and
    Ninja's own validation) on the same invoices. `stamps` remembers timestamps
    already written: positions repeat their invoice's.
    """
    plan = _dump_plan(schema)
    # A model's field values sit in its __dict__ (getattr would reach them through a
    # descriptor); a deferred field is not there and is read the slow way.
    values = obj if isinstance(obj, dict) else obj.__dict__
    data = plan.template.copy()  # every key in order: updating one keeps its place
    try:
        data.update(zip(plan.plain_keys, plan.plain_values(values), strict=True))
    except KeyError:
        for key, name in plan.plain:
            data[key] = values[name] if name in values else getattr(obj, name)
    for key, name, resolve, nested, serialize, optional in plan.special:
        if resolve is not None:
            value = resolve(obj)
        elif name in values:
            value = values[name]
        else:
            value = getattr(obj, name)
        if value is None:
            if optional:
                del data[key]
            continue
        if nested is not None:
            if isinstance(value, list):
                value = [_dump(nested, item, zone, stamps) for item in value]
            else:
                value = _dump(nested, value, zone, stamps)
        elif serialize is timestamp_text:
            text = stamps.get(value)
            if text is None:
                text = stamps[value] = timestamp_text(value, zone)
            value = text
        elif serialize is not None:
            value = serialize(value)
        data[key] = value
    return data


def invoice_data(invoice: Invoice) -> dict[str, Any]:
    """One invoice as its response body holds it: `invoice_out(invoice).model_dump()`.

    For views that answer with `rendered_response` instead of handing Ninja a model.
    """
    return _dump(InvoiceOut, invoice, timezone.get_current_timezone(), {})


def invoice_list_data(invoices: list[Invoice]) -> list[dict[str, Any]]:
    """Invoices as a list's response body holds them (see `invoice_data`)."""
    zone = timezone.get_current_timezone()
    stamps: dict[dt.datetime, str] = {}
    return [_dump(InvoiceOut, invoice, zone, stamps) for invoice in invoices]
