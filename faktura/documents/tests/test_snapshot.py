"""`invoice_snapshot`: what a printed invoice shows, computed without a database."""

import datetime as dt
import json
from decimal import Decimal
from types import SimpleNamespace

from faktura.documents.snapshot import invoice_snapshot

D = Decimal


def _invoice(**fields):
    values = {
        "kind": "vat",
        "income": True,
        "lang": "pl",
        "number": "1/11/2026",
        "issue_date": dt.date(2026, 11, 22),
        "sell_date": dt.date(2026, 11, 22),
        "place": "Warszawa",
        "currency": "PLN",
        "price_net": D("150.00"),
        "price_tax": D("27.00"),
        "price_gross": D("177.00"),
        "paid": D("0.00"),
        "payment_type": "transfer",
        "payment_to": dt.date(2026, 11, 29),
        "split_payment": False,
        "reverse_charge": False,
        "description_footer": "",
        "seller_name": "Acme sp. z o.o.",
        "seller_tax_no": "5252445767",
        "buyer_name": "Klient1 SA",
        "buyer_tax_no": "6272616681",
    }
    values.update(fields)
    return SimpleNamespace(**values)


def _line(name, quantity, net, tax, tax_amount, gross, unit="szt", side=None):
    quantity = D(quantity)
    return SimpleNamespace(
        name=name,
        quantity=quantity,
        quantity_unit=unit,
        price_net=D(net) / quantity,
        price_gross=D(gross) / quantity,
        total_price_net=D(net),
        total_price_tax=D(tax_amount),
        total_price_gross=D(gross),
        tax=tax,
        correction_line_id=side,
    )


LINES = [
    _line("Usługa A", "1", "100.00", "23", "23.00", "123.00"),
    _line("Towar B", "2", "50.00", "8", "4.00", "54.00"),
]


def test_the_page_data_of_a_vat_invoice():
    page = invoice_snapshot(_invoice(), LINES)
    assert (page["title"], page["number"], page["labels"]["seller"]) == (
        "Faktura VAT",
        "1/11/2026",
        "Sprzedawca",
    )
    assert page["seller"]["name"] == "Acme sp. z o.o."
    assert page["buyer"]["tax_no"] == "6272616681"
    assert [(row["no"], row["quantity"], row["net"], row["gross"]) for row in page["lines"]] == [
        (1, "1", "100.00", "123.00"),
        (2, "2", "50.00", "54.00"),
    ]
    # The summary per rate: rates in descending order, each the sum of its lines.
    assert page["vat_summary"] == [
        {"rate": "23", "net": "100.00", "tax": "23.00", "gross": "123.00"},
        {"rate": "8", "net": "50.00", "tax": "4.00", "gross": "54.00"},
    ]
    assert page["totals"] == {
        "net": "150.00",
        "tax": "27.00",
        "gross": "177.00",
        "to_pay": "177.00",
        "paid": "0.00",
        "left": "177.00",
    }
    assert page["in_words"].startswith("sto siedemdziesiąt siedem")
    json.dumps(page)  # nothing but JSON values


def test_an_expense_prints_its_seller_as_the_seller():
    page = invoice_snapshot(_invoice(income=False), LINES)
    assert (page["seller"]["name"], page["buyer"]["name"]) == ("Klient1 SA", "Acme sp. z o.o.")


def test_settlements_and_payments_change_what_is_left():
    page = invoice_snapshot(
        _invoice(paid=D("50.00")), LINES, settlements=[("charge", D("10")), ("deduction", D("7"))]
    )
    # 177.00 + 10.00 − 7.00 = 180.00 to pay; 50.00 paid; 130.00 left.
    assert (page["totals"]["to_pay"], page["totals"]["left"]) == ("180.00", "130.00")


def test_english_and_kind_titles_and_correction_sides_left_out():
    sides = [_line("Before", "2", "20.00", "23", "4.60", "24.60", side=1)]
    page = invoice_snapshot(_invoice(lang="en", kind="proforma"), LINES + sides)
    assert (page["title"], page["labels"]["buyer"]) == ("Proforma invoice", "Buyer")
    assert [row["name"] for row in page["lines"]] == ["Usługa A", "Towar B"]
    assert invoice_snapshot(_invoice(lang="pl/en"), LINES)["lang"] == "pl"
