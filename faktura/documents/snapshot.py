"""What a printed invoice shows, as plain JSON-ready data: the PDF templates' only input.

`invoice_snapshot` is pure: it reads the invoice and the rows given (no database,
no Django) and computes what the page needs — the title for the kind and
language, the two parties (for an expense, `buyer_*` is printed as the seller
and `seller_*` as the buyer, as the API reference says), the lines, the VAT
summary per rate from the money engine, the totals, what is left to pay, the
amount in words, payment data and notes. Money is written as text with two
decimals so the template never computes.
"""

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from faktura.invoicing import money
from faktura.invoicing.amount_in_words import amount_in_words

# Document titles by kind, per language; a kind missing falls back to "vat"'s title.
TITLES: dict[str, dict[str, str]] = {
    "pl": {
        "vat": "Faktura VAT",
        "proforma": "Faktura proforma",
        "bill": "Rachunek",
        "receipt": "Paragon",
        "advance": "Faktura zaliczkowa",
        "final": "Faktura końcowa",
        "correction": "Faktura korygująca",
        "vat_margin": "Faktura VAT marża",
        "estimate": "Zamówienie",
        "kp": "KP – dowód wpłaty",
        "kw": "KW – dowód wypłaty",
        "vat_mp": "Faktura VAT MP",
        "vat_rr": "Faktura VAT RR",
        "correction_note": "Nota korygująca",
        "accounting_note": "Nota księgowa",
        "invoice_other": "Faktura",
        "wdt": "Faktura WDT",
        "export_products": "Faktura eksportowa",
    },
    "en": {
        "vat": "VAT invoice",
        "proforma": "Proforma invoice",
        "bill": "Bill",
        "receipt": "Receipt",
        "advance": "Advance invoice",
        "final": "Final invoice",
        "correction": "Corrective invoice",
        "vat_margin": "VAT margin invoice",
        "estimate": "Order",
        "correction_note": "Correction note",
        "accounting_note": "Accounting note",
        "invoice_other": "Invoice",
    },
}
LABELS: dict[str, dict[str, str]] = {
    "pl": {"seller": "Sprzedawca", "buyer": "Nabywca", "no": "nr"},
    "en": {"seller": "Seller", "buyer": "Buyer", "no": "No."},
}
# The reference's `print_option` values and the label each copy of the document carries.
PRINT_OPTIONS = ("original", "copy", "original_and_copy", "duplicate")
COPY_LABELS = {
    "pl": {"original": "ORYGINAŁ", "copy": "KOPIA", "duplicate": "DUPLIKAT"},
    "en": {"original": "ORIGINAL", "copy": "COPY", "duplicate": "DUPLICATE"},
}
PARTY_FIELDS = ("name", "tax_no", "street", "post_code", "city", "country", "email", "phone")


def _text(amount: Decimal | None) -> str:
    return "" if amount is None else f"{money.round_money(amount):.2f}"


def _quantity(value: Decimal) -> str:
    """ "2", "1.5", "0.125": no trailing zeros, never an exponent."""
    return format(value.normalize(), "f")


def _language(lang: str) -> str:
    first = (lang or "pl").split("/")[0]
    return first if first in TITLES else "pl"


def _party(invoice: Any, prefix: str) -> dict[str, str]:
    return {field: getattr(invoice, f"{prefix}{field}", "") or "" for field in PARTY_FIELDS}


def invoice_title(invoice: Any) -> str:
    """The document's printed title, e.g. "Faktura VAT", in the invoice's (first) language."""
    titles = TITLES[_language(invoice.lang)]
    return titles.get(invoice.kind, titles["vat"])


def invoice_snapshot(
    invoice: Any,
    positions: Sequence[Any],
    *,
    bank_accounts: Sequence[Any] = (),
    notes: Sequence[Any] = (),
    settlements: Sequence[tuple[str, Decimal]] = (),
    print_option: str = "original",
    today: Any = None,
) -> dict[str, Any]:
    """The printed invoice as data (see the module docstring)."""
    lang = _language(invoice.lang)
    lines = [row for row in positions if getattr(row, "correction_line_id", None) is None]
    amounts = [money.stored_amounts(row) for row in lines]
    totals = money.invoice_totals(amounts, [money.parse_tax(row.tax) for row in lines])
    due = money.amount_due(invoice.price_gross, settlements, invoice.paid)
    seller, buyer = _party(invoice, "seller_"), _party(invoice, "buyer_")
    if not invoice.income:
        seller, buyer = buyer, seller
    return {
        "lang": lang,
        "title": invoice_title(invoice),
        "number": invoice.number,
        "labels": LABELS[lang],
        "issue_date": invoice.issue_date.isoformat(),
        "sell_date": invoice.sell_date.isoformat() if invoice.sell_date else "",
        "place": invoice.place,
        "seller": seller,
        "buyer": buyer,
        "currency": invoice.currency,
        "lines": [
            {
                "no": index,
                "name": row.name,
                "quantity": _quantity(row.quantity),
                "unit": row.quantity_unit,
                "price_net": _text(row.price_net),
                "net": _text(row.total_price_net),
                "tax": row.tax,
                "tax_amount": _text(row.total_price_tax),
                "gross": _text(row.total_price_gross),
            }
            for index, row in enumerate(lines, start=1)
        ],
        "vat_summary": [
            {
                "rate": line.code,
                "net": _text(line.net),
                "tax": _text(line.tax),
                "gross": _text(line.gross),
            }
            for line in totals.per_rate
        ],
        "totals": {
            "net": _text(invoice.price_net),
            "tax": _text(invoice.price_tax),
            "gross": _text(invoice.price_gross),
            "to_pay": _text(due.to_pay),
            "paid": _text(due.paid),
            "left": _text(due.left),
        },
        "in_words": amount_in_words(due.to_pay, invoice.currency, lang),
        "payment": {
            "type": invoice.payment_type,
            "to": invoice.payment_to.isoformat() if invoice.payment_to else "",
        },
        "bank_accounts": [
            {"bank": row.bank_name or "", "number": row.bank_account_number}
            for row in bank_accounts
        ],
        "notes": [{"kind": note.kind, "content": note.content} for note in notes],
        "split_payment": bool(invoice.split_payment),
        "reverse_charge": bool(invoice.reverse_charge),
        "footer": invoice.description_footer,
        "copies": _copies(print_option, lang),
        "duplicate_date": today.isoformat() if print_option == "duplicate" and today else "",
    }


def _copies(print_option: str, lang: str) -> list[str]:
    labels = COPY_LABELS[lang]
    if print_option == "original_and_copy":
        return [labels["original"], labels["copy"]]
    return [labels[print_option]]
