"""What issuing (`create`) and changing (`update`) an invoice share.

Ids in the body found within the account, a position's engine input from what a
client sent, a stored position's columns from its computed amounts, an explicit
number checked against its series, and the bank accounts an invoice prints. None
of these open a transaction: they run inside the caller's. Problems are collected
in `errors` (`{"field": ["reason"]}`) for the caller to raise together, except
where a function says it raises.
"""

from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

from faktura.accounts.models import Account
from faktura.catalog.models import Client, Department, PriceList, Product
from faktura.catalog.selectors.price_lists import price_for_product
from faktura.catalog.services.bank_accounts import bank_accounts_for_invoice
from faktura.invoicing import money, numbering, series
from faktura.invoicing.models import Invoice, InvoiceBankAccount, InvoicePosition
from faktura.tenancy import find_owned, owned_or_error

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
    "show_attachments",
    "warehouse_id",
    "correction_reason",
    "corrected_content_before",
    "corrected_content_after",
    "exchange_currency",
    "exchange_kind",
    "exchange_currency_rate",
    "exchange_note",
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


def take_client_as_buyer(invoice: Invoice, client: Client) -> None:
    """Link the client and copy its data into the invoice's buyer_* snapshot."""
    invoice.client = client
    for field, target in CLIENT_TO_BUYER.items():
        setattr(invoice, target, getattr(client, field))
    if not client.person and (client.first_name or client.last_name):
        invoice.buyer_person = f"{client.first_name} {client.last_name}".strip()


def price_list_for(account: Account, invoice: Invoice, data: dict, errors: dict):
    """The price list new positions take product prices from (`use_prices_from_price_lists`)."""
    if not data.get("use_prices_from_price_lists"):
        return None
    if data.get("price_list_id") is not None:
        return owned_or_error(PriceList, account, data, "price_list_id", errors)
    return invoice.client.price_list if invoice.client is not None else None


def position_input(
    account: Account, entry: dict, where: str, price_list, errors: dict
) -> tuple[money.PositionInput, dict] | None:
    """What the money engine needs for one line, and the line's stored texts.

    `entry` is one item of `positions` (or a corrected line's side) as the schema
    dumped it; errors are named `<where>.<field>` (`positions.0.tax`), or just the
    field when `where` is empty. A product (`product_id`) fills what the entry leaves
    out: name, code, GTU code, unit, tax, and the price (from `price_list` when given)
    when no price at all is given.
    """
    prefix = f"{where}." if where else ""
    product = None
    if entry.get("product_id") is not None:
        product = find_owned(Product, account=account, id=entry["product_id"])
        if product is None:
            errors.setdefault(f"{prefix}product_id", []).append(_("does not exist in this account"))
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
        errors.setdefault(f"{prefix}name", []).append(_("can't be blank"))
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
        errors.setdefault(f"{prefix}tax", []).append(str(exc))
        return None
    texts["tax"] = tax.code
    if all(value is None for value in prices.values()):
        errors.setdefault(f"{prefix}price_net", []).append(
            _("give a price: price_net, price_gross, total_price_net or total_price_gross")
        )
        return None
    margin_tax = None
    if entry.get("vat_margin_tax") is not None:
        try:
            margin_tax = money.parse_tax(entry["vat_margin_tax"])
        except money.TaxError as exc:
            errors.setdefault(f"{prefix}vat_margin_tax", []).append(str(exc))
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


def position_values(amounts: money.PositionAmounts, texts: dict) -> dict:
    """The columns of a stored position: its texts and computed amounts.

    `texts` is what `position_input` returned, with the line's discount inputs
    (`discount_percent`, `discount_amount`) and `total_purchase_price` added.
    """
    return {
        "product": texts["product"],
        "name": texts["name"],
        "description": texts["description"],
        "additional_info": texts["additional_info"],
        "code": texts["code"],
        "gtu_code": texts["gtu_code"],
        "quantity": amounts.quantity,
        "quantity_unit": texts["quantity_unit"],
        "tax": texts["tax"],
        # Unit prices as list prices (before the discount), like the input: saving
        # the line again gives the same amounts instead of discounting twice.
        "price_net": amounts.list_price_net,
        "price_gross": amounts.list_price_gross,
        "total_price_net": amounts.total_price_net,
        "total_price_tax": amounts.total_price_tax,
        "total_price_gross": amounts.total_price_gross,
        "discount_percent": texts["discount_percent"],
        "discount": texts["discount_amount"],
        "lump_sum_tax": texts["lump_sum_tax"],
        "total_purchase_price": texts["total_purchase_price"],
    }


def stored_entry(position: InvoicePosition) -> dict:
    """A stored line as an entry of `positions`: its list prices, totals and inputs."""
    return {
        "product_id": position.product_id,
        "name": position.name,
        "description": position.description,
        "additional_info": position.additional_info,
        "code": position.code,
        "gtu_code": position.gtu_code,
        "quantity": position.quantity,
        "quantity_unit": position.quantity_unit,
        "tax": position.tax,
        "price_net": position.price_net,
        "price_gross": position.price_gross,
        "total_price_net": position.total_price_net,
        "total_price_gross": position.total_price_gross,
        "discount_percent": position.discount_percent,
        "discount": position.discount,
        "lump_sum_tax": position.lump_sum_tax,
        "total_purchase_price": position.total_purchase_price,
    }


def number_assign(invoice: Invoice, account: Account, data: dict, errors: dict) -> None:
    """File the invoice in its series and give it a number: `data["number"]`, or the next one.

    The series, pattern and period follow the invoice's kind, department and issue
    date. An explicit number must be free among the series' sales documents ("has
    already been taken"); when it fits the pattern, the series' counter moves past it.
    Expense documents keep the numbers their sellers gave them, taken or not,
    and stay without a number when none is given.
    """
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
    if not explicit and not invoice.income:
        # An expense carries its seller's number; without one it takes none of
        # the account's own, which would leave gaps in the sales series.
        invoice.number = ""
        return
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


def store_bank_accounts(
    invoice: Invoice, department: Department | None, data: dict
) -> list[InvoiceBankAccount]:
    """Store the bank accounts the invoice prints, with their data as it is now.

    `data["bank_accounts"]` when given, else the department's (see
    `bank_accounts_for_invoice`, which raises Invalid keyed `bank_accounts`).
    """
    chosen = bank_accounts_for_invoice(
        account=invoice.account, department=department, requested=data.get("bank_accounts")
    )
    return InvoiceBankAccount.objects.bulk_create(
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


# The largest amount a money column holds (18 digits, 2 of them decimals).
MONEY_LIMIT = Decimal(10) ** 16


def too_large(limit: Decimal) -> str:
    return _("is too large (at most %(digits)d digits before the decimal point)") % {
        "digits": len(str(int(limit))) - 1
    }


def out_of_column(value: Decimal | None, limit: Decimal, places: int | None) -> str | None:
    """Why a number does not fit its column (PostgreSQL would refuse it with an error).

    `places` None: any decimals, as for amounts the engine rounds to the grosz.
    """
    if value is None:
        return None
    if not value.is_finite() or abs(value) >= limit:
        return too_large(limit)
    if places is not None and value != value.quantize(Decimal(1).scaleb(-places)):
        return _("has too many decimal places (at most %(places)d)") % {"places": places}
    return None


def rounded(amount: Decimal | None) -> Decimal | None:
    """An amount given as input, stored as the engine used it: rounded half up to the grosz."""
    return None if amount is None else money.round_money(amount)


def oid_taken(*, account: Account, oid: str, data: dict, exclude_id: int | None = None) -> bool:
    """Whether `oid_unique` asks for a free `oid` that another invoice already has."""
    if not oid or str(data.get("oid_unique") or "").lower() not in ("yes", "true", "1"):
        return False
    return Invoice.objects.filter(account=account, oid=oid).exclude(pk=exclude_id).exists()


def line_amounts(
    position: money.PositionInput, texts: dict, *, strategy, discount_kind, allow_negative: bool
) -> tuple[money.PositionAmounts | None, tuple[str, str] | None]:
    """A line's amounts, or the (field, reason) that refuses it.

    Besides the engine's own refusals, a line whose amounts need more digits
    than the engine's decimal context or the money columns hold is refused here.
    On success, `texts` gets the line's discount and purchase inputs as stored.
    """
    try:
        amounts = money.position_amounts(
            position, strategy=strategy, discount_kind=discount_kind, allow_negative=allow_negative
        )
    except money.CalculationError as exc:
        return None, (exc.field, exc.message)
    except InvalidOperation:
        # Each input fits its column, but quantity × price needs more digits.
        return None, ("total_price_net", too_large(MONEY_LIMIT))
    reason = out_of_column(amounts.total_price_gross, MONEY_LIMIT, None)
    if reason:
        return None, ("total_price_gross", reason)
    texts["discount_percent"] = position.discount_percent
    texts["discount_amount"] = rounded(position.discount_amount)
    texts["total_purchase_price"] = rounded(position.total_purchase_price)
    return amounts, None
