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
from faktura.catalog.models import Category, Client, Department, PriceList, Product
from faktura.catalog.selectors.price_lists import price_for_product
from faktura.catalog.services.bank_accounts import bank_accounts_for_invoice
from faktura.catalog.services.clients import client_find_or_create
from faktura.catalog.services.departments import seller_data
from faktura.errors import Invalid
from faktura.invoicing import money, numbering, series
from faktura.invoicing.models import Invoice, InvoiceBankAccount, InvoicePosition
from faktura.tenancy import find_owned

# Without a payment term the reference's minimal example issues a 5-day term.
DEFAULT_PAYMENT_DAYS = 5
KINDS = tuple(kind for kind in Invoice.Kind.values if kind != Invoice.Kind.CANCELED)

# Fields copied from the request as they are (text and flags the schema checked).
COPIED_FIELDS = (
    "place",
    "payment_type",
    "currency",
    "lang",
    "oid",
    "description",
    "description_footer",
    "description_long",
    "internal_note",
    "additional_info",
    "additional_info_desc",
    "additional_invoice_field",
    "split_payment",
    "reverse_charge",
    "use_oss",
    "exempt_tax_kind",
    "np_tax_kind",
    "procedure_designations",
    "gtu_codes",
    "procedure_vat_margin",
    "accounting_kind",
    "accounting_note_kind",
    "accounting_vat_tax_date",
    "accounting_income_tax_date",
    "delivery_date",
    "transaction_date",
    "skonto_active",
    "skonto_discount_date",
    "skonto_discount_value",
    "show_discount",
    "use_invoice_issuer",
    "invoice_issuer",
    "exclude_from_stock_level",
    "correction_reason",
    "corrected_content_before",
    "corrected_content_after",
    "exchange_currency",
    "exchange_kind",
    "exchange_currency_rate",
    "exchange_note",
)
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
# A client's fields as the invoice's buyer_* snapshot takes them.
CLIENT_TO_BUYER = {
    "name": "buyer_name",
    "tax_no": "buyer_tax_no",
    "tax_no_kind": "buyer_tax_no_kind",
    "street": "buyer_street",
    "post_code": "buyer_post_code",
    "city": "buyer_city",
    "country": "buyer_country",
    "email": "buyer_email",
    "phone": "buyer_phone",
    "mobile_phone": "buyer_mobile_phone",
    "fax": "buyer_fax",
    "www": "buyer_www",
    "note": "buyer_note",
    "person": "buyer_person",
    "first_name": "buyer_first_name",
    "last_name": "buyer_last_name",
    "company": "buyer_company",
    "bank": "buyer_bank",
    "bank_account": "buyer_bank_account",
    "mass_payment_code": "buyer_mass_payment_code",
}


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
    elif kind_text.isdigit():
        invoice.payment_to = invoice.issue_date + dt.timedelta(days=int(kind_text))
    elif not kind_text:
        invoice.payment_to = invoice.issue_date + dt.timedelta(days=DEFAULT_PAYMENT_DAYS)
    else:
        errors.setdefault("payment_to_kind", []).append(
            _("must be a number of days, off or other_date")
        )


def _owned_or_error(model, account, data: dict, field: str, errors: dict):
    value = data.get(field)
    if value is None:
        return None
    row = find_owned(model, account=account, id=value)
    if row is None:
        errors.setdefault(field, []).append(_("does not exist in this account"))
    return row


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
        client = _owned_or_error(Client, account, data, "client_id", errors)
    if client is not None:
        invoice.client = client
        for field, target in CLIENT_TO_BUYER.items():
            setattr(invoice, target, getattr(client, field))
        if not client.person and (client.first_name or client.last_name):
            invoice.buyer_person = f"{client.first_name} {client.last_name}".strip()
    # Given buyer_* win over the client's data only with buyer_override, or when the
    # client came from them anyway.
    if client is None or data.get("buyer_override") or client_id in (None, -1):
        for field, value in given.items():
            setattr(invoice, field, value)
    for field in RECIPIENT_FIELDS:
        if data.get(field) is not None:
            setattr(invoice, field, data[field])
    invoice.recipient = _owned_or_error(Client, account, data, "recipient_id", errors)


def _price_list_for(account: Account, invoice: Invoice, data: dict, errors: dict):
    if not data.get("use_prices_from_price_lists"):
        return None
    if data.get("price_list_id") is not None:
        return _owned_or_error(PriceList, account, data, "price_list_id", errors)
    return invoice.client.price_list if invoice.client is not None else None


def _position_input(
    account: Account, entry: dict, index: int, price_list, errors: dict
) -> tuple[money.PositionInput, dict] | None:
    """What the money engine needs for one line, and the line's stored texts."""
    field = f"positions.{index}"
    product = None
    if entry.get("product_id") is not None:
        product = find_owned(Product, account=account, id=entry["product_id"])
        if product is None:
            errors.setdefault(f"{field}.product_id", []).append(_("does not exist in this account"))
            return None
    texts = {
        "name": entry.get("name") or (product.name if product else ""),
        "description": entry.get("description") or "",
        "additional_info": entry.get("additional_info") or "",
        "code": entry.get("code") or (product.code if product else ""),
        "gtu_code": entry.get("gtu_code")
        or (product.gtu_codes[0] if product and product.gtu_codes else ""),
        "quantity_unit": entry.get("quantity_unit") or (product.quantity_unit if product else ""),
        "lump_sum_tax": entry.get("lump_sum_tax") or "",
        "product": product,
    }
    if not texts["name"]:
        errors.setdefault(f"{field}.name", []).append(_("can't be blank"))
        return None
    prices = {
        key: entry.get(key)
        for key in ("price_net", "price_gross", "total_price_net", "total_price_gross")
    }
    raw_tax = entry.get("tax")
    if product is not None and all(value is None for value in prices.values()):
        quote = price_for_product(product=product, price_list=price_list)
        prices["price_gross"] = quote.gross
        raw_tax = quote.tax if raw_tax is None else raw_tax
    if raw_tax is None and product is not None:
        raw_tax = product.tax
    try:
        tax = money.parse_tax(raw_tax if raw_tax is not None else "23")
    except money.TaxError as exc:
        errors.setdefault(f"{field}.tax", []).append(str(exc))
        return None
    texts["tax"] = tax.code
    if all(value is None for value in prices.values()):
        errors.setdefault(f"{field}.price_net", []).append(
            _("give a price: price_net, price_gross, total_price_net or total_price_gross")
        )
        return None
    margin_tax = None
    if entry.get("vat_margin_tax") is not None:
        try:
            margin_tax = money.parse_tax(entry["vat_margin_tax"])
        except money.TaxError as exc:
            errors.setdefault(f"{field}.vat_margin_tax", []).append(str(exc))
            return None
    quantity = entry.get("quantity")
    position = money.PositionInput(
        tax=tax,
        quantity=Decimal(1) if quantity is None else quantity,
        discount_percent=entry.get("discount_percent"),
        discount_amount=entry.get("discount"),
        total_purchase_price=entry.get("total_purchase_price"),
        vat_margin_tax=margin_tax,
        **prices,
    )
    return position, texts


def _positions(
    account: Account, invoice: Invoice, data: dict, strategy: Strategy, price_list, errors: dict
) -> list[tuple[money.PositionAmounts, dict]]:
    entries = data.get("positions") or []
    if not entries and not data.get("allow_empty_positions"):
        errors.setdefault("positions", []).append(_("at least one position is required"))
    lines = []
    discount_kind = data.get("discount_kind") if invoice.show_discount else None
    for index, entry in enumerate(entries):
        made = _position_input(account, entry, index, price_list, errors)
        if made is None:
            continue
        position, texts = made
        try:
            amounts = money.position_amounts(
                position,
                strategy=strategy.position,
                discount_kind=discount_kind,
                allow_negative=invoice.kind == Invoice.Kind.CORRECTION,
            )
        except money.CalculationError as exc:
            name = getattr(exc, "field", None) or "price_net"
            errors.setdefault(f"positions.{index}.{name}", []).append(str(exc))
            continue
        texts["discount_percent"] = position.discount_percent
        texts["discount_amount"] = position.discount_amount
        texts["total_purchase_price"] = position.total_purchase_price
        lines.append((amounts, texts))
    return lines


def _number(invoice: Invoice, account: Account, data: dict, errors: dict) -> None:
    department_id = invoice.department_id if account.settings.get("number_per_department") else None
    invoice.series = series.series_key(invoice.kind, department_id)
    patterns = account.settings.get("number_patterns") or {}
    try:
        pattern = numbering.Pattern.parse(
            patterns.get(invoice.kind) or numbering.default_pattern(invoice.kind)
        )
    except ValueError as exc:
        errors.setdefault("pattern", []).append(str(exc))
        return
    invoice.pattern = pattern.text
    invoice.period = pattern.period_key(invoice.issue_date)
    explicit = (data.get("number") or "").strip()
    if not explicit:
        invoice.counter, invoice.number = series.number_take(
            account=account, series=invoice.series, pattern=pattern, issue_date=invoice.issue_date
        )
        return
    taken = Invoice.objects.filter(
        account=account, series=invoice.series, number=explicit, income=True
    ).exists()
    if invoice.income and taken:
        errors.setdefault("number", []).append(_("has already been taken"))
        return
    invoice.number = explicit
    counter = numbering.parse_counter(explicit, pattern, invoice.issue_date)
    if counter is not None and invoice.income:
        invoice.counter = counter
        series.number_claim(
            account=account,
            series=invoice.series,
            pattern=pattern,
            issue_date=invoice.issue_date,
            counter=counter,
        )


def _check_oid(account: Account, data: dict, errors: dict) -> None:
    unique = str(data.get("oid_unique") or "").lower() in ("yes", "true", "1")
    if unique and data.get("oid") and Invoice.objects.filter(account=account, oid=data["oid"]):
        errors.setdefault("oid", []).append(_("has already been taken"))


def invoice_create(*, account: Account, user: User | None, data: dict) -> Invoice:
    """Issue a document from the API's `invoice` object (already type-checked).

    Atomic: the invoice, its positions and bank accounts, a client created for its
    buyer, and its number are stored together or not at all. Raises Invalid with
    every problem found, each under the field it concerns (`positions.0.tax`).
    """
    errors: dict[str, list[str]] = {}
    kind = data.get("kind") or Invoice.Kind.VAT
    if kind not in KINDS:
        raise Invalid.field("kind", _("must be one of: %s") % ", ".join(KINDS))
    with transaction.atomic():
        invoice = Invoice(account=account, user=user, kind=kind, from_api=True)
        invoice.income = data.get("income") is not False
        for field in COPIED_FIELDS:
            if data.get(field) is not None:
                setattr(invoice, field, data[field])
        _dates(invoice, data, errors)
        department = (
            _owned_or_error(Department, account, data, "department_id", errors)
            if data.get("department_id") is not None
            else Department.objects.filter(account=account, main=True).first()
        )
        invoice.department = department
        invoice.category = _owned_or_error(Category, account, data, "category_id", errors)
        _seller(invoice, department, data)
        _buyer(invoice, account, data, errors)
        if not invoice.buyer_name and not invoice.buyer_last_name:
            errors.setdefault("buyer_name", []).append(_("can't be blank"))
        strategy = Strategy(**(data.get("calculating_strategy") or {}))
        invoice.calculating_strategy = strategy.as_dict()
        invoice.discount_kind = data.get("discount_kind") or ""
        price_list = _price_list_for(account, invoice, data, errors)
        lines = _positions(account, invoice, data, strategy, price_list, errors)
        _check_oid(account, data, errors)
        if errors:
            raise Invalid(errors)
        totals = money.invoice_totals(
            [amounts for amounts, _texts in lines],
            [money.parse_tax(texts["tax"]) for _amounts, texts in lines],
            sum_strategy=strategy.sum,
        )
        invoice.price_net, invoice.price_tax, invoice.price_gross = (
            totals.price_net,
            totals.price_tax,
            totals.price_gross,
        )
        invoice.status = data.get("status") or Invoice.Status.ISSUED
        invoice.paid = data.get("paid") or Decimal("0.00")
        invoice.paid_date = data.get("paid_date")
        _number(invoice, account, data, errors)
        if errors:
            raise Invalid(errors)
        invoice.save()
        _store_positions(invoice, lines)
        _store_bank_accounts(invoice, department, data)
    return invoice


def _store_positions(invoice: Invoice, lines) -> None:
    InvoicePosition.objects.bulk_create(
        InvoicePosition(
            account=invoice.account,
            invoice=invoice,
            order=order,
            product=texts["product"],
            name=texts["name"],
            description=texts["description"],
            additional_info=texts["additional_info"],
            code=texts["code"],
            gtu_code=texts["gtu_code"],
            quantity=amounts.quantity,
            quantity_unit=texts["quantity_unit"],
            tax=texts["tax"],
            # Unit prices as list prices (before the discount), like the input: saving
            # the line again gives the same amounts instead of discounting twice.
            price_net=amounts.list_price_net,
            price_gross=amounts.list_price_gross,
            total_price_net=amounts.total_price_net,
            total_price_tax=amounts.total_price_tax,
            total_price_gross=amounts.total_price_gross,
            discount_percent=texts["discount_percent"],
            discount=texts["discount_amount"],
            lump_sum_tax=texts["lump_sum_tax"],
            total_purchase_price=texts["total_purchase_price"],
        )
        for order, (amounts, texts) in enumerate(lines)
    )


def _store_bank_accounts(invoice: Invoice, department: Department | None, data: dict) -> None:
    chosen = bank_accounts_for_invoice(
        account=invoice.account, department=department, requested=data.get("bank_accounts")
    )
    InvoiceBankAccount.objects.bulk_create(
        InvoiceBankAccount(
            account=invoice.account,
            invoice=invoice,
            bank_account=bank_account,
            order=order,
            name=bank_account.name,
            bank_name=bank_account.bank_name,
            bank_account_number=bank_account.bank_account_number,
            bank_currency=bank_account.bank_currency,
            bank_swift=bank_account.bank_swift,
            account_description=bank_account.account_description,
            own_bank_account=bank_account.own_bank_account,
            own_bank_account_type=bank_account.own_bank_account_type,
            factor_bank_account=bank_account.factor_bank_account,
        )
        for order, bank_account in enumerate(chosen)
    )
