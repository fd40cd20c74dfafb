"""Invoices for tests, written straight through the ORM with consistent amounts.

Until the create service exists, these build what it will store: the seller and
buyer snapshot, positions and totals. Each position's amounts follow from its net
unit price, quantity and tax (the reference's default strategy): total net = unit
net × quantity, rounded to the grosz; total gross = gross of the total net; tax =
gross − net. The invoice's totals are the sums of its positions, so net + tax =
gross holds on every line and on the invoice.
"""

import datetime as dt
import itertools
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from faktura.accounts.models import Membership
from faktura.invoicing.models import Invoice, InvoicePosition
from faktura.invoicing.money import gross_from_net, parse_tax, price_from_net, round_money
from faktura.invoicing.numbering import Pattern, default_pattern
from faktura.invoicing.series import number_take, series_key

_bulk_numbers = itertools.count(1)

SELLER = {
    "seller_name": "Acme sp. z o.o.",
    "seller_tax_no": "5252445767",
    "seller_street": "ul. Olesińska 21",
    "seller_post_code": "02-548",
    "seller_city": "Warszawa",
    "seller_country": "PL",
}
BUYER = {
    "buyer_name": "Klient1 sp. z o.o.",
    "buyer_tax_no": "6272616681",
    "buyer_street": "Nowa 44",
    "buyer_post_code": "30-314",
    "buyer_city": "Kraków",
    "buyer_country": "PL",
    "buyer_email": "buyer@example.com",
}


def line(name: str = "Usługa", *, quantity="1", price_net="100.00", tax="23", **fields) -> dict:
    """A position's data with every amount computed (see the module docstring)."""
    rate = parse_tax(tax)
    quantity = Decimal(quantity)
    unit = price_from_net(Decimal(price_net), rate)
    total_net = round_money(unit.net * quantity)
    total_gross = gross_from_net(total_net, rate)
    return {
        "name": name,
        "quantity": quantity,
        "tax": rate.code,
        "price_net": unit.net,
        "price_gross": unit.gross,
        "total_price_net": total_net,
        "total_price_tax": total_gross - total_net,
        "total_price_gross": total_gross,
        **fields,
    }


def _totals(lines: list[dict]) -> dict:
    net = sum((entry["total_price_net"] for entry in lines), Decimal(0))
    gross = sum((entry["total_price_gross"] for entry in lines), Decimal(0))
    return {"price_net": net, "price_tax": gross - net, "price_gross": gross}


def _new_invoice(owner: Membership, lines: list[dict], fields: dict) -> Invoice:
    issue_date = fields.pop("issue_date", None) or timezone.localdate()
    defaults = {
        "kind": Invoice.Kind.VAT,
        "sell_date": issue_date,
        "payment_to": issue_date + dt.timedelta(days=7),
        "payment_to_kind": "other_date",
        "payment_type": "transfer",
        "place": "Warszawa",
        **SELLER,
        **BUYER,
    }
    return Invoice(
        account=owner.account,
        user=owner.user,
        issue_date=issue_date,
        **{**defaults, **_totals(lines), **fields},
    )


def _positions(owner: Membership, invoice: Invoice, lines: list[dict]) -> list[InvoicePosition]:
    return [
        InvoicePosition(account=owner.account, invoice=invoice, order=index, **entry)
        for index, entry in enumerate(lines)
    ]


def invoice(owner: Membership, *, lines: list[dict] | None = None, **fields) -> Invoice:
    """An invoice with `lines` (default: one service for 100.00 net at 23%).

    Other fields override the defaults: today's date, a 7-day term, the SELLER and
    BUYER snapshots, kind `vat`.
    """
    lines = [line()] if lines is None else lines
    with transaction.atomic():
        row = _new_invoice(owner, lines, dict(fields))
        row.save()
        InvoicePosition.objects.bulk_create(_positions(owner, row, lines))
    return row


def numbered_invoice(
    owner: Membership,
    *,
    kind: str = Invoice.Kind.VAT,
    pattern: str | None = None,
    department_id: int | None = None,
    issue_date: dt.date | None = None,
    **fields,
) -> Invoice:
    """An invoice numbered as the create service will: the next number of its series."""
    issue_date = issue_date or timezone.localdate()
    parsed = Pattern.parse(pattern or default_pattern(kind))
    series = series_key(kind, department_id)
    with transaction.atomic():
        counter, number = number_take(
            account=owner.account, series=series, pattern=parsed, issue_date=issue_date
        )
        return invoice(
            owner,
            kind=kind,
            issue_date=issue_date,
            department_id=department_id,
            number=number,
            series=series,
            pattern=parsed.text,
            counter=counter,
            period=parsed.period_key(issue_date),
            **fields,
        )


def many_invoices(
    owner: Membership, count: int, *, lines_each: int = 2, issue_date: dt.date | None = None
) -> list[Invoice]:
    """`count` invoices with `lines_each` positions each, written in two bulk inserts."""
    lines = [
        line(f"Produkt {n}", quantity=str(n), price_net="19.99") for n in range(1, lines_each + 1)
    ]
    with transaction.atomic():
        rows = Invoice.objects.bulk_create(
            [
                _new_invoice(
                    owner, lines, {"issue_date": issue_date, "number": f"{next(_bulk_numbers)}/B"}
                )
                for _ in range(count)
            ]
        )
        InvoicePosition.objects.bulk_create(
            [position for row in rows for position in _positions(owner, row, lines)]
        )
    return rows
