"""Margin positions on vat_margin invoices: VAT on the margin (art. 119, art. 120 VAT act)."""

from decimal import Decimal

import pytest

from faktura.invoicing.money import (
    CalculationError,
    PositionAmounts,
    PositionInput,
    invoice_totals,
    parse_tax,
    position_amounts,
    saved_input,
)

D = Decimal
VAT23, DISABLED = parse_tax("23"), parse_tax("disabled")


def margin_line(sale: str, purchase: str, rate: str = "23", **fields) -> PositionAmounts:
    pi = PositionInput(
        tax=DISABLED,
        total_price_gross=D(sale),
        total_purchase_price=D(purchase),
        vat_margin_tax=parse_tax(rate),
        **fields,
    )
    return position_amounts(pi)


def test_reference_margin_example_greece():
    # Sale 5000.00 gross, purchase 4200.00, VAT on the margin 23%:
    #   margin = 5000.00 − 4200.00 = 800.00
    #   tax = round(800 × 23 / 123) = round(149.5934…) = 149.59; margin net 650.41.
    # The line itself carries no tax (tax "disabled"): net = gross = 5000.00.
    pa = margin_line("5000.00", "4200.00")
    assert (pa.margin, pa.margin_tax, pa.margin_net) == (D("800.00"), D("149.59"), D("650.41"))
    assert (pa.total_price_net, pa.total_price_tax, pa.total_price_gross) == (
        D("5000.00"),
        D("0.00"),
        D("5000.00"),
    )


def test_reference_margin_example_italy():
    # 3500.00 − 3100.00 = 400.00; tax = round(400 × 23 / 123) = round(74.7967) = 74.80.
    pa = margin_line("3500.00", "3100.00")
    assert (pa.margin, pa.margin_tax, pa.margin_net) == (D("400.00"), D("74.80"), D("325.20"))


def test_margin_at_8_percent():
    # Used goods: 1500.00 − 960.00 = 540.00; tax = 540 × 8 / 108 = 40.00 exactly.
    pa = margin_line("1500.00", "960.00", "8")
    assert (pa.margin, pa.margin_tax) == (D("540.00"), D("40.00"))


def test_margin_of_several_units_uses_the_line_gross():
    # 2 × 2500.00 = 5000.00 gross; the purchase price is the whole line's.
    pi = PositionInput(
        tax=DISABLED,
        quantity=D(2),
        price_gross=D("2500.00"),
        total_purchase_price=D("4200.00"),
        vat_margin_tax=VAT23,
    )
    assert position_amounts(pi).margin == D("800.00")


def test_a_sale_below_the_purchase_price_has_no_margin_tax():
    pa = margin_line("3000.00", "3100.00")
    assert (pa.margin, pa.margin_tax) == (D("-100.00"), D("0.00"))


def test_mixed_margin_invoice_shows_no_tax_on_the_margin():
    # Reference: a tour under the margin scheme and an own service at 23%.
    # 246.00 gross at 23%: net = round(246 / 1.23) = 200.00, tax 46.00.
    # The margin's tax is not on the invoice (art. 106e ust. 3): the summary has
    # the "disabled" row at 5000.00 with no tax.
    tour = margin_line("5000.00", "4200.00")
    transfer = position_amounts(PositionInput(tax=VAT23, total_price_gross=D("246.00")))
    totals = invoice_totals([tour, transfer], [DISABLED, VAT23])
    assert [(r.code, r.net, r.tax, r.gross) for r in totals.per_rate] == [
        ("23", D("200.00"), D("46.00"), D("246.00")),
        ("disabled", D("5000.00"), D("0.00"), D("5000.00")),
    ]
    assert (totals.price_net, totals.price_tax, totals.price_gross) == (
        D("5200.00"),
        D("46.00"),
        D("5246.00"),
    )


def test_a_margin_line_saved_again_keeps_its_margin():
    pi = PositionInput(
        tax=DISABLED,
        quantity=D(3),
        total_price_gross=D("1000.00"),
        total_purchase_price=D("700.00"),
        vat_margin_tax=VAT23,
    )
    first = position_amounts(pi)
    assert position_amounts(saved_input(pi, first)) == first


def test_ordinary_lines_have_no_margin():
    pa = position_amounts(PositionInput(tax=DISABLED, price_net=D(10)))
    assert (pa.margin, pa.margin_tax, pa.margin_net) == (None, None, None)


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"tax": VAT23, "total_purchase_price": D(1), "vat_margin_tax": VAT23}, "tax"),
        ({"tax": DISABLED, "total_purchase_price": D(1)}, "vat_margin_tax"),
        ({"tax": DISABLED, "vat_margin_tax": VAT23}, "total_purchase_price"),
        (
            {"tax": DISABLED, "total_purchase_price": D(1), "vat_margin_tax": parse_tax("zw")},
            "vat_margin_tax",
        ),
        (
            {"tax": DISABLED, "total_purchase_price": D(-1), "vat_margin_tax": VAT23},
            "total_purchase_price",
        ),
    ],
)
def test_incomplete_margin_positions_are_refused(fields, field):
    with pytest.raises(CalculationError) as caught:
        position_amounts(PositionInput(total_price_gross=D(100), **fields))
    assert caught.value.field == field
