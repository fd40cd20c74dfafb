"""`invoice_snapshot`: what a printed invoice shows, computed without a database."""

import datetime as dt
import json
from decimal import Decimal
from types import SimpleNamespace

from faktura.documents.snapshot import Related, Settled, invoice_snapshot

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


def _line(
    name, quantity, net, tax, tax_amount, gross, unit="szt", side=None, kind="normal", id=None
):
    quantity = D(quantity)
    return SimpleNamespace(
        id=id,
        kind=kind,
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
    assert (page["title"], page["number"], page["labels"]["seller"], page["layout"]) == (
        "Faktura VAT",
        "1/11/2026",
        "Sprzedawca",
        "invoice",
    )
    assert page["seller"]["name"] == "Acme sp. z o.o."
    assert page["buyer"]["lines"] == ["NIP: 6272616681"]
    assert [(row["no"], row["quantity"], row["net"], row["gross"]) for row in page["lines"]] == [
        ("1", "1", "100,00", "123,00"),
        ("2", "2", "50,00", "54,00"),
    ]
    # The summary per rate: rates in descending order, each the sum of its lines.
    assert page["vat_summary"] == [
        {"rate": "23%", "net": "100,00", "tax": "23,00", "gross": "123,00"},
        {"rate": "8%", "net": "50,00", "tax": "4,00", "gross": "54,00"},
    ]
    assert (page["summary"]["net"], page["summary"]["gross"]) == ("150,00", "177,00")
    assert page["totals"] == {
        "net": "150,00",
        "tax": "27,00",
        "gross": "177,00",
        "to_pay": "177,00",
        "paid": "0,00",
        "left": "177,00",
        "has_paid": False,
        "due_label": "Do zapłaty",
        "due_amount": "177,00",
    }
    assert page["in_words"].startswith("sto siedemdziesiąt siedem")
    assert page["payment"] == {"type": "przelew", "to": "2026-11-29"}
    assert page["copies"] == ["ORYGINAŁ"]
    assert [s["label"] for s in page["signatures"]] == [
        "Podpis osoby upoważnionej do wystawienia",
        "Podpis osoby upoważnionej do odbioru",
    ]
    json.dumps(page)  # nothing but JSON values


def test_an_expense_prints_its_seller_as_the_seller():
    page = invoice_snapshot(_invoice(income=False), LINES)
    assert (page["seller"]["name"], page["buyer"]["name"]) == ("Klient1 SA", "Acme sp. z o.o.")


def test_settlements_and_payments_change_what_is_left():
    page = invoice_snapshot(
        _invoice(paid=D("50.00")), LINES, settlements=[("charge", D("10")), ("deduction", D("7"))]
    )
    # 177.00 + 10.00 − 7.00 = 180.00 to pay; 50.00 paid; 130.00 left.
    assert (page["totals"]["to_pay"], page["totals"]["left"]) == ("180,00", "130,00")
    assert page["totals"]["has_paid"] is True


def test_titles_labels_and_numbers_follow_the_language():
    sides = [_line("Before", "2", "20.00", "23", "4.60", "24.60", side=1)]
    big = [_line("Serwer", "1", "12345.50", "23", "2839.47", "15184.97")]
    english = invoice_snapshot(_invoice(lang="en", kind="proforma"), LINES + sides)
    assert (english["title"], english["labels"]["buyer"]) == ("Proforma invoice", "Buyer")
    assert [row["name"] for row in english["lines"]] == ["Usługa A", "Towar B"]
    assert english["payment"] == {"type": "bank transfer", "to": "2026-11-29"}
    assert invoice_snapshot(_invoice(lang="en"), big)["lines"][0]["net"] == "12,345.50"
    german = invoice_snapshot(_invoice(lang="de"), big)
    assert (german["title"], german["lines"][0]["net"], german["issue_date"]) == (
        "Rechnung",
        "12.345,50",
        "22.11.2026",
    )
    ukrainian = invoice_snapshot(_invoice(lang="uk"), big)
    assert (ukrainian["labels"]["seller"], ukrainian["lines"][0]["net"]) == (
        "Продавець",
        "12\u00a0345,50",
    )
    assert ukrainian["in_words"].startswith("сто сімдесят сім")


def test_a_bilingual_invoice_prints_both_languages_the_first_ones_way():
    page = invoice_snapshot(_invoice(lang="pl/en"), LINES)
    assert page["lang"] == "pl"
    assert page["title"] == "Faktura VAT / VAT invoice"
    assert page["labels"]["seller"] == "Sprzedawca / Seller"
    assert page["lines"][0]["net"] == "100,00"
    assert " / one hundred seventy-seven" in page["in_words"]
    assert page["copies"] == ["ORYGINAŁ / ORIGINAL"]


def test_print_options_name_each_copy_and_a_duplicate_its_date():
    assert invoice_snapshot(_invoice(), LINES, print_option="original_and_copy")["copies"] == [
        "ORYGINAŁ",
        "KOPIA",
    ]
    duplicate = invoice_snapshot(
        _invoice(), LINES, print_option="duplicate", today=dt.date(2026, 12, 3)
    )
    assert duplicate["copies"] == ["DUPLIKAT"]
    assert duplicate["duplicate_date"] == "2026-12-03"
    assert ["Data wystawienia duplikatu", "2026-12-03"] in duplicate["dates"]


def test_legal_notes_for_split_payment_reverse_charge_exemption_np_and_margin():
    exempt = [_line("Szkolenie", "1", "100.00", "zw", "0.00", "100.00")]
    outside = [_line("Usługa za granicą", "1", "100.00", "np", "0.00", "100.00")]
    page = invoice_snapshot(
        _invoice(split_payment=True, exempt_tax_kind="art. 43 ust. 1 pkt 29 lit. c"), exempt
    )
    assert page["legal"] == [
        "Mechanizm podzielonej płatności",
        "Podstawa zwolnienia z VAT: art. 43 ust. 1 pkt 29 lit. c",
    ]
    assert page["vat_summary"][0]["rate"] == "zw"
    page = invoice_snapshot(
        _invoice(reverse_charge=True, np_tax_kind="export_service_eu", lang="en"), outside
    )
    assert page["legal"] == [
        "Reverse charge",
        "Legal basis of the out-of-scope rate: services referred to in art. 100(1)(4) "
        "of the Polish VAT act",
    ]
    assert page["lines"][0]["tax"] == "n/a"
    margin = invoice_snapshot(
        _invoice(kind="vat_margin", procedure_vat_margin="procedura marży – towary używane"), LINES
    )
    assert margin["legal"] == ["procedura marży – towary używane"]


def test_a_bill_prints_no_vat_columns():
    bill = [_line("Usługa", "1", "100.00", "disabled", "0.00", "100.00")]
    assert invoice_snapshot(_invoice(kind="bill"), bill)["show_vat"] is False
    assert invoice_snapshot(_invoice(), LINES)["show_vat"] is True


def test_a_correction_prints_both_sides_and_the_difference_per_rate():
    difference = _line(
        "Usługa A", "-1", "-50.00", "23", "-11.50", "-61.50", kind="correction", id=7
    )
    before = _line(
        "Usługa A", "2", "100.00", "23", "23.00", "123.00", side=7, kind="correction_before"
    )
    after = _line("Usługa A", "1", "50.00", "23", "11.50", "61.50", side=7, kind="correction_after")
    page = invoice_snapshot(
        _invoice(
            kind="correction",
            price_net=D("-50.00"),
            price_tax=D("-11.50"),
            price_gross=D("-61.50"),
            correction_reason="Zwrot jednej sztuki",
        ),
        [difference, before, after],
        related=Related(number="FV 1/11/2026", issue_date=dt.date(2026, 11, 2)),
    )
    correction = page["correction"]
    assert (correction["number"], correction["date"], correction["reason"]) == (
        "FV 1/11/2026",
        "2026-11-02",
        "Zwrot jednej sztuki",
    )
    assert [row["gross"] for row in correction["before"]] == ["123,00"]
    assert [row["gross"] for row in correction["after"]] == ["61,50"]
    assert [row["gross"] for row in page["lines"]] == ["-61,50"]
    assert page["vat_summary"] == [
        {"rate": "23%", "net": "-50,00", "tax": "-11,50", "gross": "-61,50"}
    ]
    # Money back: the amount to refund, in words without a minus.
    assert (page["totals"]["due_label"], page["totals"]["due_amount"]) == ("Do zwrotu", "61,50")
    assert page["in_words"].startswith("sześćdziesiąt jeden złotych")


def test_a_final_invoice_prints_the_order_the_advances_and_what_is_left_per_rate():
    advance = SimpleNamespace(
        number="FZ 1/11/2026",
        issue_date=dt.date(2026, 11, 5),
        price_net=D("50.00"),
        price_tax=D("11.50"),
        price_gross=D("61.50"),
    )
    advance_lines = [_line("Zaliczka", "1", "50.00", "23", "11.50", "61.50")]
    page = invoice_snapshot(
        _invoice(
            kind="final", price_net=D("100.00"), price_tax=D("15.50"), price_gross=D("115.50")
        ),
        LINES,
        advances=[Settled(advance, advance_lines)],
    )
    assert page["settled"]["order"]["gross"] == "177,00"
    assert page["settled"]["advances"] == [
        {
            "number": "FZ 1/11/2026",
            "date": "2026-11-05",
            "net": "50,00",
            "tax": "11,50",
            "gross": "61,50",
        }
    ]
    # What is left per rate: the order's 23% line less the advance; 8% untouched.
    assert page["vat_summary"] == [
        {"rate": "23%", "net": "50,00", "tax": "11,50", "gross": "61,50"},
        {"rate": "8%", "net": "50,00", "tax": "4,00", "gross": "54,00"},
    ]
    assert page["summary"]["gross"] == "115,50"


def test_cash_receipts_and_orders_have_their_own_layouts():
    assert invoice_snapshot(_invoice(kind="kp"), LINES)["layout"] == "cash"
    assert invoice_snapshot(_invoice(kind="kw"), LINES)["layout"] == "cash"
    assert invoice_snapshot(_invoice(kind="estimate"), LINES)["layout"] == "estimate"
    assert invoice_snapshot(_invoice(kind="advance"), LINES)["layout"] == "invoice"


def test_the_signature_fields_are_the_ones_the_account_prints():
    page = invoice_snapshot(_invoice(seller_person="Jan Kowalski"), LINES, signatures=["seller"])
    assert page["signatures"] == [
        {"label": "Podpis osoby upoważnionej do wystawienia", "name": "Jan Kowalski"}
    ]
    assert invoice_snapshot(_invoice(), LINES, signatures=[])["signatures"] == []


def test_an_amount_too_large_to_spell_is_written_in_figures():
    huge = [
        _line(
            "Elektrownia", "1", "10000000000000.00", "23", "2300000000000.00", "12300000000000.00"
        )
    ]
    page = invoice_snapshot(_invoice(price_gross=D("12300000000000.00")), huge)
    assert page["in_words"] == "12\u00a0300\u00a0000\u00a0000\u00a0000,00 PLN"
