"""What a printed invoice shows, as plain JSON-ready data: the PDF templates' only input.

`invoice_snapshot` is pure: it reads the invoice and the rows given (no database,
no Django) and decides everything the page shows — the layout for the kind, the
title and labels in the document's language, the two parties (for an expense,
`buyer_*` is printed as the seller and `seller_*` as the buyer, as the API
reference says), the lines, the VAT summary per rate from the money engine, the
totals, what is left to pay, the amount in words, payment data, the legal notes
(split payment, reverse charge, exemption and `np` bases, margin procedure),
correction sides, settled advances and the signature fields. Amounts and dates
arrive as text formatted for the language, so a template never computes.

Layouts: `cash` for the cash receipts `kp`/`kw`, `estimate` for orders
(`estimate`, `client_order`), `invoice` for every other kind.
"""

from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from faktura.documents import labels
from faktura.documents.formatting import amount_text, date_text, quantity_text
from faktura.invoicing import money
from faktura.invoicing.amount_in_words import amount_in_words

# The reference's `print_option` values; each prints these copies.
PRINT_OPTIONS = ("original", "copy", "original_and_copy", "duplicate")
_COPIES = {
    "original": ("original",),
    "copy": ("copy",),
    "original_and_copy": ("original", "copy"),
    "duplicate": ("duplicate",),
}
# Who signs an invoice: the account's `print_signatures` setting names these.
SIGNATURES = ("seller", "buyer")
CASH_KINDS = ("kp", "kw")
ORDER_KINDS = ("estimate", "client_order")
# Kinds printed without VAT columns: a bill is issued by a seller outside VAT.
NO_VAT_KINDS = ("bill",)
PARTY_FIELDS = ("name", "tax_no", "street", "post_code", "city", "country", "email", "phone")
CORRECTION_KINDS = ("correction",)


@dataclass(frozen=True)
class Related:
    """Another document the page names: the corrected invoice, the order of an advance."""

    number: str
    issue_date: Any = None
    price_gross: Decimal | None = None


@dataclass(frozen=True)
class Settled:
    """An advance invoice a final invoice deducts, with its lines (for the per-rate totals)."""

    invoice: Any
    positions: Sequence[Any] = field(default_factory=tuple)


def invoice_title(invoice: Any) -> str:
    """The document's printed title, e.g. "Faktura VAT" (both for a bilingual one)."""
    return labels.title(invoice.kind, invoice.lang)


def _layout(kind: str) -> str:
    if kind in CASH_KINDS:
        return "cash"
    if kind in ORDER_KINDS:
        return "estimate"
    return "invoice"


def _party(invoice: Any, prefix: str, words: dict[str, str]) -> dict[str, Any]:
    data = {name: getattr(invoice, f"{prefix}{name}", "") or "" for name in PARTY_FIELDS}
    place = " ".join(part for part in (data["post_code"], data["city"]) if part)
    lines = [data["street"], place, data["country"] if data["country"] != "PL" else ""]
    if data["tax_no"]:
        lines.append(f"{words['tax_no']}: {data['tax_no']}")
    lines += [data["email"], data["phone"]]
    data["lines"] = [line for line in lines if line]
    return data


def _recipient(invoice: Any) -> dict[str, Any] | None:
    name = getattr(invoice, "recipient_name", "") or ""
    if not name:
        return None
    parts = [
        getattr(invoice, f"recipient_{key}", "") or ""
        for key in ("street", "post_code", "city", "country")
    ]
    place = " ".join(part for part in parts[1:3] if part)
    return {"name": name, "lines": [line for line in (parts[0], place, parts[3]) if line]}


def _price_column(invoice: Any) -> str:
    strategy = getattr(invoice, "calculating_strategy", None) or {}
    return "price_gross" if strategy.get("position") == "keep_gross" else "price_net"


def _sum_strategy(invoice: Any) -> str:
    strategy = getattr(invoice, "calculating_strategy", None) or {}
    return strategy.get("sum") or money.SumStrategy.SUM


def _lines(rows: Sequence[Any], lang: str) -> list[dict[str, str]]:
    return [
        {
            "no": str(index),
            "name": row.name,
            "description": getattr(row, "description", "") or "",
            "code": getattr(row, "code", "") or "",
            "quantity": quantity_text(row.quantity, lang),
            "unit": row.quantity_unit or "",
            "price_net": amount_text(row.price_net, lang),
            "price_gross": amount_text(row.price_gross, lang),
            "discount": _discount(row, lang),
            "net": amount_text(row.total_price_net, lang),
            "tax": labels.tax_code(money.parse_tax(row.tax).code, lang),
            "tax_amount": amount_text(row.total_price_tax, lang),
            "gross": amount_text(row.total_price_gross, lang),
        }
        for index, row in enumerate(rows, start=1)
    ]


def _discount(row: Any, lang: str) -> str:
    percent = getattr(row, "discount_percent", None)
    if percent:
        return f"{quantity_text(percent, lang)}%"
    amount = getattr(row, "discount", None)
    return amount_text(amount, lang) if amount else ""


def _summary(totals: money.InvoiceTotals, lang: str) -> dict[str, Any]:
    return {
        "rows": [
            {
                "rate": labels.tax_code(line.code, lang),
                "net": amount_text(line.net, lang),
                "tax": amount_text(line.tax, lang),
                "gross": amount_text(line.gross, lang),
            }
            for line in totals.per_rate
        ],
        "net": amount_text(totals.price_net, lang),
        "tax": amount_text(totals.price_tax, lang),
        "gross": amount_text(totals.price_gross, lang),
    }


def _totals_of(rows: Sequence[Any], sum_strategy: str) -> money.InvoiceTotals:
    return money.invoice_totals(
        [money.stored_amounts(row) for row in rows],
        [money.parse_tax(row.tax) for row in rows],
        sum_strategy=sum_strategy,
    )


def _sides(positions: Sequence[Any], lines: Sequence[Any]) -> tuple[list, list]:
    """The before and after rows of a correction's lines, in the lines' order."""
    index = {row.id: number for number, row in enumerate(lines)}
    before, after = [], []
    for row in positions:
        line_id = getattr(row, "correction_line_id", None)
        if line_id is None:
            continue
        side = before if row.kind == "correction_before" else after
        side.append((index.get(line_id, len(index)), row))
    return [row for _, row in sorted(before, key=lambda p: p[0])], [
        row for _, row in sorted(after, key=lambda p: p[0])
    ]


def _legal_notes(invoice: Any, codes: set[str], lang: str, words: dict[str, str]) -> list[str]:
    notes = []
    if invoice.split_payment:
        notes.append(words["split_payment"])
    if invoice.reverse_charge or "oo" in codes:
        notes.append(words["reverse_charge"])
    exempt = getattr(invoice, "exempt_tax_kind", "") or ""
    if exempt and "zw" in codes:
        notes.append(f"{words['exempt']}: {exempt}")
    np_basis = labels.np_basis(getattr(invoice, "np_tax_kind", "") or "", lang)
    if np_basis and "np" in codes:
        notes.append(f"{words['np_basis']}: {np_basis}")
    margin = labels.margin_procedure(getattr(invoice, "procedure_vat_margin", "") or "", lang)
    if invoice.kind == "vat_margin":
        notes.append(margin or words["margin"])
    return notes


def _signatures(invoice: Any, shown: Sequence[str], words: dict[str, str]) -> list[dict]:
    people = {
        "seller": getattr(invoice, "seller_person", "") or "",
        "buyer": getattr(invoice, "buyer_person", "") or "",
    }
    return [
        {"label": words[f"{side}_signature"], "name": people[side]}
        for side in SIGNATURES
        if side in shown
    ]


def _bank_accounts(invoice: Any, rows: Sequence[Any]) -> list[dict[str, str]]:
    """The invoice's bank accounts; without any, the printed seller's own account fields."""
    if rows:
        return [
            {
                "bank": row.bank_name or "",
                "number": row.bank_account_number,
                "swift": getattr(row, "bank_swift", "") or "",
            }
            for row in rows
        ]
    prefix = "seller_" if invoice.income else "buyer_"
    number = getattr(invoice, f"{prefix}bank_account", "") or ""
    bank = getattr(invoice, f"{prefix}bank", "") or ""
    return [{"bank": bank, "number": number, "swift": ""}] if number else []


def _advances(
    settled: Sequence[Settled], lang: str, sum_strategy: str
) -> tuple[list[dict], list[Any]]:
    rows, lines = [], []
    for advance in settled:
        adv = advance.invoice
        rows.append(
            {
                "number": adv.number,
                "date": date_text(adv.issue_date, lang),
                "net": amount_text(adv.price_net, lang),
                "tax": amount_text(adv.price_tax, lang),
                "gross": amount_text(adv.price_gross, lang),
            }
        )
        lines.extend(advance.positions)
    return rows, lines


def _in_words(amount: Decimal, currency: str, lang: str) -> str:
    """The amount in words; beyond what can be spelled (a trillion and more), in figures."""
    try:
        return amount_in_words(amount, currency, lang)
    except ValueError:
        return f"{amount_text(amount, lang)} {currency}"


def invoice_snapshot(
    invoice: Any,
    positions: Sequence[Any],
    *,
    bank_accounts: Sequence[Any] = (),
    notes: Sequence[Any] = (),
    settlements: Sequence[tuple[str, Decimal]] = (),
    print_option: str = "original",
    today: Any = None,
    related: Related | None = None,
    advances: Sequence[Settled] = (),
    signatures: Sequence[str] = SIGNATURES,
    logo: str = "",
) -> dict[str, Any]:
    """The printed invoice as data (see the module docstring).

    `related` is the corrected invoice of a correction or the order of an
    advance; `advances` the advance invoices a final invoice settles;
    `signatures` which signature fields to print; `logo` an absolute path of
    the department's logo file.
    """
    lang = invoice.lang or labels.DEFAULT
    words = labels.words(lang)
    strategy = _sum_strategy(invoice)
    lines = [row for row in positions if getattr(row, "correction_line_id", None) is None]
    totals = _totals_of(lines, strategy)
    codes = {money.parse_tax(row.tax).code for row in lines}
    due = money.amount_due(invoice.price_gross, settlements, invoice.paid)
    seller, buyer = _party(invoice, "seller_", words), _party(invoice, "buyer_", words)
    if not invoice.income:
        seller, buyer = buyer, seller

    correction = None
    if invoice.kind in CORRECTION_KINDS or invoice.kind == "correction_note":
        before, after = _sides(positions, lines)
        totals = money.correction_difference(
            [money.stored_amounts(row) for row in before],
            [money.stored_amounts(row) for row in after],
            before_taxes=[money.parse_tax(row.tax) for row in before],
            after_taxes=[money.parse_tax(row.tax) for row in after],
            sum_strategy=strategy,
        )
        correction = {
            "number": related.number if related else "",
            "date": date_text(related.issue_date, lang) if related else "",
            "reason": getattr(invoice, "correction_reason", "") or "",
            "before": _lines(before, lang),
            "after": _lines(after, lang),
            "content_before": getattr(invoice, "corrected_content_before", "") or "",
            "content_after": getattr(invoice, "corrected_content_after", "") or "",
        }

    settled = None
    if advances:
        rows, paid_lines = _advances(advances, lang, strategy)
        order = totals
        totals = money.correction_difference(
            [money.stored_amounts(row) for row in paid_lines],
            [money.stored_amounts(row) for row in lines],
            before_taxes=[money.parse_tax(row.tax) for row in paid_lines],
            after_taxes=[money.parse_tax(row.tax) for row in lines],
            sum_strategy=strategy,
        )
        settled = {"order": _summary(order, lang), "advances": rows}

    order_of_advance = None
    if invoice.kind == "advance" and related is not None:
        order_of_advance = {
            "number": related.number,
            "value": amount_text(related.price_gross, lang),
        }

    duplicate = print_option == "duplicate" and today is not None
    dates = [[words["issue_date"], date_text(invoice.issue_date, lang)]]
    if invoice.sell_date and _layout(invoice.kind) == "invoice":
        dates.append([words["sell_date"], date_text(invoice.sell_date, lang)])
    if invoice.place:
        dates.append([words["place"], invoice.place])
    if duplicate:
        dates.append([words["duplicate_date"], date_text(today, lang)])

    payment_type = labels.payment_type(invoice.payment_type, lang)
    show_vat = invoice.kind not in NO_VAT_KINDS and "disabled" not in codes
    return {
        "lang": labels.languages(lang)[0],
        "layout": _layout(invoice.kind),
        "kind": invoice.kind,
        "title": invoice_title(invoice),
        "number": invoice.number,
        "labels": words,
        "copies": [words[copy] for copy in _COPIES[print_option]],
        "duplicate_date": date_text(today, lang) if duplicate else "",
        "cancelled": bool(getattr(invoice, "cancelled", False)),
        "dates": dates,
        "issue_date": date_text(invoice.issue_date, lang),
        "sell_date": date_text(invoice.sell_date, lang),
        "place": invoice.place,
        "seller": seller,
        "buyer": buyer,
        "recipient": _recipient(invoice),
        "currency": invoice.currency,
        "price_column": _price_column(invoice),
        "show_vat": show_vat,
        "show_discount": bool(getattr(invoice, "show_discount", False)),
        "lines": _lines(lines, lang),
        "vat_summary": _summary(totals, lang)["rows"],
        "summary": _summary(totals, lang),
        "correction": correction,
        "settled": settled,
        "advance_order": order_of_advance,
        "totals": {
            "net": amount_text(invoice.price_net, lang),
            "tax": amount_text(invoice.price_tax, lang),
            "gross": amount_text(invoice.price_gross, lang),
            "to_pay": amount_text(due.to_pay, lang),
            "paid": amount_text(due.paid, lang),
            "left": amount_text(due.left, lang),
            "has_paid": due.paid > 0,
            # A correction that lowers the amount is money back: "Do zwrotu: 23,00".
            "due_label": words["to_refund"] if due.to_pay < 0 else words["to_pay"],
            "due_amount": amount_text(abs(due.to_pay), lang),
        },
        # The same amounts and term unformatted, for pages that decide on them.
        "due": {
            "to_pay": f"{money.round_money(due.to_pay):.2f}",
            "paid": f"{money.round_money(due.paid):.2f}",
            "left": f"{money.round_money(due.left):.2f}",
            "payment_to": invoice.payment_to.isoformat() if invoice.payment_to else "",
        },
        "in_words": _in_words(abs(due.to_pay), invoice.currency, lang),
        "payment": {
            "type": payment_type,
            "to": date_text(invoice.payment_to, lang),
        },
        "bank_accounts": _bank_accounts(invoice, bank_accounts),
        "notes": [{"kind": note.kind, "content": note.content} for note in notes],
        "legal": _legal_notes(invoice, codes, lang, words),
        "split_payment": bool(invoice.split_payment),
        "reverse_charge": bool(invoice.reverse_charge),
        # `description` mirrors the first note; printed only when there are none.
        "description": "" if notes else getattr(invoice, "description", "") or "",
        "description_long": getattr(invoice, "description_long", "") or "",
        "footer": invoice.description_footer or "",
        "signatures": _signatures(invoice, signatures, words),
        "logo": logo,
    }
