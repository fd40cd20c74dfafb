"""Issuing and changing invoices over the API.

`POST /invoices.json` (`invoice_create`) and `PUT`/`PATCH /invoices/{id}.json`
(`invoice_update`: only the fields sent change; positions by `id`, appended
without it, deleted with `_destroy`). Both answer with the whole invoice.
"""

import datetime as dt
from decimal import Decimal
from typing import Annotated, Any, Literal

from ninja import Schema
from pydantic import BeforeValidator, Field

from faktura.api.rendering import rendered_response, xml_root
from faktura.api.types import (
    IdList,
    IndexedList,
    LooseBool,
    LooseDecimal,
    LooseText,
    MoneyIn,
    OptionalInt,
    OptionalText,
    PercentIn,
    QuantityIn,
    bounded,
)
from faktura.catalog.api.bank_accounts import BankAccountFields
from faktura.invoicing.api.output import InvoiceOut, invoice_data
from faktura.invoicing.api.routes import router
from faktura.invoicing.selectors import invoice_detail
from faktura.invoicing.services.create import invoice_create
from faktura.invoicing.services.update import invoice_update


def _date_or_month(value: Any) -> Any:
    """`sell_date` is a date, or a month ("2026-11") as the reference allows."""
    if value is None or isinstance(value, dt.date):
        return value
    text = str(value).strip()
    if not text:
        return None
    if len(text) == 7 and text[4] == "-":
        try:
            dt.date.fromisoformat(f"{text}-01")
        except ValueError:
            raise ValueError("must be a date (YYYY-MM-DD) or a month (YYYY-MM)") from None
        return text
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise ValueError("must be a date (YYYY-MM-DD) or a month (YYYY-MM)") from None


def _blank_date(value: Any) -> Any:
    return None if isinstance(value, str) and not value.strip() else value


Day = Annotated[dt.date | None, BeforeValidator(_blank_date)]


ExchangeRateIn = Annotated[LooseDecimal, bounded(Decimal(10) ** 12, 6)]
DayOrMonth = Annotated[dt.date | str | None, BeforeValidator(_date_or_month)]


def _text(max_length: int):
    return Field(default=None, max_length=max_length)


class CalculatingStrategyIn(Schema):
    position: Literal["default", "keep_gross"] = "default"
    sum: Literal["sum", "keep_gross", "keep_net"] = "sum"
    invoice_form_price_kind: Literal["net", "gross"] = "net"


class DescriptionIn(Schema):
    """A note of the invoice (`descriptions`)."""

    id: OptionalInt = None
    destroy: LooseBool = Field(default=None, alias="_destroy")
    kind: LooseText = _text(256)
    content: OptionalText = _text(65535)
    position_index: OptionalInt = None


class SettlementIn(Schema):
    """A charge or deduction changing the amount to pay (`settlement_positions`)."""

    id: OptionalInt = None
    destroy: LooseBool = Field(default=None, alias="_destroy")
    kind: Literal["charge", "deduction"]
    amount: MoneyIn
    reason: OptionalText = _text(255)


class LineFields(Schema):
    """What describes and prices a line: a position, or a corrected line's side."""

    product_id: OptionalInt = None
    name: LooseText = _text(512)
    description: OptionalText = None
    additional_info: LooseText = _text(255)
    code: LooseText = _text(100)
    gtu_code: LooseText = _text(10)
    quantity: QuantityIn = None
    quantity_unit: LooseText = _text(20)
    tax: LooseText = _text(20)
    price_net: MoneyIn = None
    price_gross: MoneyIn = None
    total_price_net: MoneyIn = None
    total_price_gross: MoneyIn = None
    discount_percent: PercentIn = None
    discount: MoneyIn = None
    lump_sum_tax: LooseText = _text(10)


class CorrectionSideIn(LineFields):
    """A corrected line as it was (`correction_before_attributes`) or is to be (`…_after…`)."""

    kind: LooseText = _text(20)


class PositionIn(LineFields):
    # On update: `id` names a position of the invoice, `_destroy` deletes it.
    id: OptionalInt = None
    destroy: LooseBool = Field(default=None, alias="_destroy")
    kind: LooseText = _text(20)
    correction_before_attributes: CorrectionSideIn | None = None
    correction_after_attributes: CorrectionSideIn | None = None
    total_purchase_price: MoneyIn = None
    vat_margin_tax: LooseText = _text(20)


class PartyIn(Schema):
    """A further recipient or issuer of the invoice (`recipients`, `issuers`).

    The roles, the name and the participation are checked by services/parties.py.
    """

    id: OptionalInt = None
    destroy: LooseBool = Field(default=None, alias="_destroy")
    name: OptionalText = _text(255)
    first_name: OptionalText = _text(100)
    last_name: OptionalText = _text(100)
    tax_no: LooseText = _text(50)
    company: LooseBool = None
    country: OptionalText = _text(100)
    city: OptionalText = _text(100)
    post_code: LooseText = _text(20)
    street: OptionalText = _text(255)
    phone: LooseText = _text(50)
    email: OptionalText = _text(255)
    note: OptionalText = None
    role: OptionalText = _text(50)
    participation: LooseDecimal = None
    role_description: OptionalText = _text(25)


class InvoiceIn(Schema):
    kind: LooseText = _text(20)
    income: LooseBool = None
    number: LooseText = _text(100)
    issue_date: Day = None
    sell_date: DayOrMonth = None
    transaction_date: Day = None
    delivery_date: Day = None
    place: OptionalText = _text(255)
    payment_type: OptionalText = _text(100)
    payment_to_kind: LooseText = _text(20)
    payment_to: Day = None
    status: Literal["issued", "sent", "paid", "partial", "rejected"] | None = None
    paid: MoneyIn = None
    paid_date: Day = None
    # An ISO 4217 code: the printed amount in words names the currency by it.
    currency: OptionalText = Field(default=None, pattern=r"^[A-Za-z]{3}$")
    lang: OptionalText = _text(10)
    exchange_currency: OptionalText = _text(3)
    exchange_kind: OptionalText = _text(10)
    exchange_currency_rate: ExchangeRateIn = None
    exchange_note: OptionalText = None
    department_id: OptionalInt = None
    category_id: OptionalInt = None
    client_id: OptionalInt = None
    recipient_id: OptionalInt = None
    buyer_override: LooseBool = None
    disable_tax_no_validation: LooseBool = None
    use_prices_from_price_lists: LooseBool = None
    price_list_id: OptionalInt = None
    oid: LooseText = _text(255)
    oid_unique: LooseText = _text(10)
    description: OptionalText = None
    description_footer: OptionalText = None
    description_long: OptionalText = None
    internal_note: OptionalText = None
    additional_info: LooseBool = None
    additional_info_desc: OptionalText = _text(100)
    additional_invoice_field: OptionalText = _text(255)
    show_discount: LooseBool = None
    discount_kind: (
        Literal["percent_unit", "percent_unit_gross", "percent_total", "amount"] | None
    ) = None
    calculating_strategy: CalculatingStrategyIn | None = None
    split_payment: LooseBool = None
    reverse_charge: LooseBool = None
    use_oss: LooseBool = None
    exempt_tax_kind: OptionalText = _text(255)
    np_tax_kind: OptionalText = _text(30)
    procedure_designations: list[str] | None = None
    gtu_codes: list[str] | None = None
    procedure_vat_margin: OptionalText = _text(100)
    accounting_kind: OptionalText = _text(30)
    accounting_note_kind: Literal["credit", "debit"] | None = None
    accounting_vat_tax_date: Day = None
    accounting_income_tax_date: Day = None
    skonto_active: LooseBool = None
    skonto_discount_date: Day = None
    skonto_discount_value: PercentIn = None
    use_invoice_issuer: LooseBool = None
    invoice_issuer: OptionalText = _text(255)
    exclude_from_stock_level: LooseBool = None
    show_attachments: LooseBool = None
    warehouse_id: OptionalInt = None
    # Documents made from others (see faktura.invoicing.services.derived).
    copy_invoice_from: OptionalInt = None
    from_invoice_id: OptionalInt = None
    invoice_id: OptionalInt = None
    invoice_ids: IdList = None
    advance_creation_mode: Literal["percent", "amount"] | None = None
    advance_value: MoneyIn = None
    position_name: OptionalText = _text(512)
    additional_params: OptionalText = _text(50)
    correction_reason: OptionalText = None
    corrected_content_before: OptionalText = None
    corrected_content_after: OptionalText = None
    positions: Annotated[list[PositionIn] | None, IndexedList] = None
    bank_accounts: Annotated[list[BankAccountFields] | None, IndexedList] = None
    descriptions: Annotated[list[DescriptionIn] | None, IndexedList] = None
    settlement_positions: Annotated[list[SettlementIn] | None, IndexedList] = None
    recipients: Annotated[list[PartyIn] | None, IndexedList] = None
    issuers: Annotated[list[PartyIn] | None, IndexedList] = None

    seller_name: OptionalText = _text(255)
    seller_tax_no: LooseText = _text(50)
    seller_tax_no_kind: OptionalText = _text(20)
    seller_street: OptionalText = _text(255)
    seller_post_code: LooseText = _text(20)
    seller_city: OptionalText = _text(100)
    seller_country: OptionalText = _text(100)
    seller_email: OptionalText = _text(255)
    seller_phone: LooseText = _text(50)
    seller_fax: LooseText = _text(50)
    seller_www: OptionalText = _text(255)
    seller_person: OptionalText = _text(255)
    seller_bank: OptionalText = _text(255)
    seller_bank_account: LooseText = _text(100)
    seller_bdo_no: LooseText = _text(20)
    seller_jst: LooseBool = None
    seller_gv: LooseBool = None

    buyer_name: OptionalText = _text(255)
    buyer_tax_no: LooseText = _text(50)
    buyer_tax_no_kind: OptionalText = _text(20)
    buyer_street: OptionalText = _text(255)
    buyer_post_code: LooseText = _text(20)
    buyer_city: OptionalText = _text(100)
    buyer_country: OptionalText = _text(100)
    buyer_email: OptionalText = _text(255)
    buyer_phone: LooseText = _text(50)
    buyer_mobile_phone: LooseText = _text(50)
    buyer_fax: LooseText = _text(50)
    buyer_www: OptionalText = _text(255)
    buyer_note: OptionalText = None
    buyer_person: OptionalText = _text(255)
    buyer_first_name: OptionalText = _text(100)
    buyer_last_name: OptionalText = _text(100)
    buyer_company: LooseBool = None
    buyer_bank: OptionalText = _text(255)
    buyer_bank_account: LooseText = _text(100)
    buyer_mass_payment_code: LooseText = _text(50)
    buyer_jst: LooseBool = None
    buyer_gv: LooseBool = None

    recipient_name: OptionalText = _text(255)
    recipient_street: OptionalText = _text(255)
    recipient_post_code: LooseText = _text(20)
    recipient_city: OptionalText = _text(100)
    recipient_country: OptionalText = _text(100)
    recipient_email: OptionalText = _text(255)
    recipient_phone: LooseText = _text(50)
    recipient_note: OptionalText = None


class InvoiceWrite(Schema):
    api_token: OptionalText = None
    # Beside `invoice`, as the reference places them.
    fill_default_descriptions: LooseBool = None
    identify_oss: LooseBool = None
    invoice: InvoiceIn


def service_data(invoice: InvoiceIn) -> dict:
    data = invoice.model_dump(exclude_unset=True)
    if invoice.positions is not None:
        data["positions"] = [p.model_dump(exclude_unset=True) for p in invoice.positions]
    if invoice.invoice_ids is not None:
        data["invoice_ids"] = list(invoice.invoice_ids)
    for name in ("descriptions", "settlement_positions", "recipients", "issuers"):
        if getattr(invoice, name) is not None:
            data[name] = [item.model_dump(exclude_unset=True) for item in getattr(invoice, name)]
    if invoice.bank_accounts is not None:
        data["bank_accounts"] = [
            account.model_dump(exclude_unset=True) for account in invoice.bank_accounts
        ]
    return data


@router.post("/invoices", response={201: InvoiceOut})
@xml_root("invoice")
def invoice_create_view(request, payload: InvoiceWrite):
    membership = request.auth
    data = service_data(payload.invoice)
    for option in ("fill_default_descriptions", "identify_oss"):
        if getattr(payload, option):
            data[option] = True
    invoice = invoice_create(account=membership.account, user=membership.user, data=data)
    # As stored: the service hands over the rows it wrote (no need to read them back).
    return rendered_response(request, invoice_data(invoice), status=201)


@router.api_operation(["PUT", "PATCH"], "/invoices/{int:id}", response=InvoiceOut)
@xml_root("invoice")
def invoice_update_view(request, id: int, payload: InvoiceWrite):
    membership = request.auth
    invoice_update(
        account=membership.account, user=membership.user, id=id, data=service_data(payload.invoice)
    )
    invoice = invoice_detail(account=membership.account, id=id)
    return rendered_response(request, invoice_data(invoice))
