"""The summary per VAT rate and the invoice's totals (money.invoice_totals)."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from faktura.invoicing.money import (
    CalculationError,
    InvoiceTotals,
    PositionInput,
    SumStrategy,
    gross_from_net,
    invoice_totals,
    net_from_gross,
    parse_tax,
    position_amounts,
    round_money,
    saved_input,
)
from faktura.invoicing.tests.test_money_positions import compute, position_cases

D = Decimal
VAT23, VAT8, VAT0 = parse_tax("23"), parse_tax("8"), parse_tax("0")
STRATEGIES = list(SumStrategy)


def rows(totals: InvoiceTotals) -> list[tuple]:
    return [(row.code, row.net, row.tax, row.gross) for row in totals.per_rate]


def sums(totals: InvoiceTotals) -> tuple:
    return (totals.price_net, totals.price_tax, totals.price_gross)


def net_line(tax, net: str, quantity: int = 1):
    return position_amounts(PositionInput(tax=tax, quantity=D(quantity), price_net=D(net)))


# --- Worked examples -------------------------------------------------------------


def test_three_lines_of_33_33_net_under_each_sum_strategy():
    # Each line: 33.33 net, tax = round(33.33 × 0.23) = round(7.6659) = 7.67, gross 41.00.
    # sum:        net 3 × 33.33 = 99.99, tax 3 × 7.67 = 23.01, gross 123.00
    # keep_net:   net 99.99, tax = round(99.99 × 0.23) = round(22.9977) = 23.00,
    #             gross 122.99: one grosz less tax than the sum of the lines
    # keep_gross: gross 3 × 41.00 = 123.00, net = round(123 / 1.23) = 100.00, tax 23.00:
    #             the same gross as the lines, one grosz more net
    lines = [net_line(VAT23, "33.33") for _ in range(3)]
    expected = {
        "sum": (D("99.99"), D("23.01"), D("123.00")),
        "keep_net": (D("99.99"), D("23.00"), D("122.99")),
        "keep_gross": (D("100.00"), D("23.00"), D("123.00")),
    }
    for strategy, amounts in expected.items():
        totals = invoice_totals(lines, [VAT23] * 3, sum_strategy=strategy)
        assert sums(totals) == amounts, strategy
        assert rows(totals) == [("23", *amounts)], strategy
    # The lines themselves are the same under every strategy.
    assert all(line.total_price_tax == D("7.67") for line in lines)


def test_reference_example_invoice():
    # 10.23 gross at 23% (8.32 + 1.91) and 3 pieces for 50 gross at 0%.
    first = position_amounts(PositionInput(tax=VAT23, total_price_gross=D("10.23")))
    second = position_amounts(PositionInput(tax=VAT0, quantity=D(3), total_price_gross=D(50)))
    totals = invoice_totals([first, second], [VAT23, VAT0])
    assert rows(totals) == [
        ("23", D("8.32"), D("1.91"), D("10.23")),
        ("0", D("50.00"), D("0.00"), D("50.00")),
    ]
    assert sums(totals) == (D("58.32"), D("1.91"), D("60.23"))


def test_exempt_and_outside_scope_lines_mixed_with_taxed_ones():
    # 23%: 100.00 net → 23.00 tax; 0.99 net → round(0.2277) = 0.23 tax, 1.22 gross
    #      row: 100.99 / 23.23 / 124.22
    # 8%:  10.80 gross → net round(10.80 / 1.08) = 10.00, tax 0.80
    # zw:  50.00 net, no tax; np: 30.00 gross, no tax
    # totals: net 100.99 + 10.00 + 50 + 30 = 190.99; tax 23.23 + 0.80 = 24.03;
    #         gross 124.22 + 10.80 + 50 + 30 = 215.02
    zw, np = parse_tax("zw"), parse_tax("np")
    lines = [
        net_line(zw, "50.00"),
        net_line(VAT23, "100.00"),
        position_amounts(PositionInput(tax=np, total_price_gross=D("30.00"))),
        position_amounts(PositionInput(tax=VAT8, price_gross=D("10.80"))),
        net_line(VAT23, "0.99"),
    ]
    totals = invoice_totals(lines, [zw, VAT23, np, VAT8, VAT23])
    assert rows(totals) == [
        ("23", D("100.99"), D("23.23"), D("124.22")),
        ("8", D("10.00"), D("0.80"), D("10.80")),
        ("zw", D("50.00"), D("0.00"), D("50.00")),
        ("np", D("30.00"), D("0.00"), D("30.00")),
    ]
    assert sums(totals) == (D("190.99"), D("24.03"), D("215.02"))


def test_rows_are_ordered_by_rate_then_special_codes():
    codes = ["0", "zw", "5", "np", "23", "disabled", "8.5", "oo", "8"]
    taxes = [parse_tax(code) for code in codes]
    lines = [net_line(tax, "1.00") for tax in taxes]
    totals = invoice_totals(lines, taxes)
    assert [row.code for row in totals.per_rate] == [
        "23",
        "8.5",
        "8",
        "5",
        "0",
        "zw",
        "np",
        "oo",
        "disabled",
    ]


def test_an_invoice_without_lines_totals_zero():
    totals = invoice_totals([], [])
    assert totals.per_rate == ()
    assert sums(totals) == (D("0.00"), D("0.00"), D("0.00"))
    assert all(amount.as_tuple().exponent == -2 for amount in sums(totals))


def test_every_line_needs_its_tax():
    with pytest.raises(CalculationError) as caught:
        invoice_totals([net_line(VAT23, "1.00")], [])
    assert caught.value.field == "positions"


def test_unknown_sum_strategies_are_refused():
    with pytest.raises(CalculationError) as caught:
        invoice_totals([], [], sum_strategy="default")
    assert caught.value.field == "calculating_strategy"


# --- Properties ------------------------------------------------------------------

invoices = st.lists(position_cases(corrections=True), max_size=12)


def computed(cases) -> tuple[list, list]:
    return [compute(case) for case in cases], [case[0].tax for case in cases]


@given(invoices, st.sampled_from(STRATEGIES))
def test_net_plus_tax_is_gross_on_every_row_and_the_totals(cases, strategy):
    totals = invoice_totals(*computed(cases), sum_strategy=strategy)
    for row in totals.per_rate:
        assert row.net + row.tax == row.gross
    assert totals.price_net + totals.price_tax == totals.price_gross


@given(invoices, st.sampled_from(STRATEGIES))
def test_totals_are_the_sums_of_the_rows_with_two_decimals(cases, strategy):
    totals = invoice_totals(*computed(cases), sum_strategy=strategy)
    assert totals.price_net == sum(row.net for row in totals.per_rate)
    assert totals.price_tax == sum(row.tax for row in totals.per_rate)
    assert totals.price_gross == sum(row.gross for row in totals.per_rate)
    for amount in (*sums(totals), *(a for row in rows(totals) for a in row[1:])):
        assert amount.as_tuple().exponent == -2


@given(invoices)
def test_sum_strategy_rows_are_the_sums_of_their_lines(cases):
    lines, taxes = computed(cases)
    totals = invoice_totals(lines, taxes, sum_strategy="sum")
    assert sums(totals) == (
        sum((line.total_price_net for line in lines), D(0)),
        sum((line.total_price_tax for line in lines), D(0)),
        sum((line.total_price_gross for line in lines), D(0)),
    )


@given(invoices)
def test_keep_net_takes_the_tax_from_the_net_of_each_rate(cases):
    lines, taxes = computed(cases)
    totals = invoice_totals(lines, taxes, sum_strategy="keep_net")
    rates = {tax.code: tax for tax in taxes}
    for row in totals.per_rate:
        in_row = [line for line, tax in zip(lines, taxes, strict=True) if tax.code == row.code]
        assert row.net == sum(line.total_price_net for line in in_row)
        assert row.tax == round_money(row.net * rates[row.code].rate / 100)
        assert row.gross == gross_from_net(row.net, rates[row.code])


@given(invoices)
def test_keep_gross_takes_the_net_from_the_gross_of_each_rate(cases):
    lines, taxes = computed(cases)
    totals = invoice_totals(lines, taxes, sum_strategy="keep_gross")
    rates = {tax.code: tax for tax in taxes}
    for row in totals.per_rate:
        in_row = [line for line, tax in zip(lines, taxes, strict=True) if tax.code == row.code]
        assert row.gross == sum(line.total_price_gross for line in in_row)
        assert row.net == net_from_gross(row.gross, rates[row.code])


@given(invoices, st.sampled_from(STRATEGIES))
def test_saving_an_invoice_again_changes_no_total(cases, strategy):
    lines, taxes = computed(cases)
    again = [
        position_amounts(
            saved_input(pi, line), strategy=s, discount_kind=kind, allow_negative=negative
        )
        for (pi, s, kind, negative), line in zip(cases, lines, strict=True)
    ]
    assert again == lines
    assert invoice_totals(again, taxes, sum_strategy=strategy) == invoice_totals(
        lines, taxes, sum_strategy=strategy
    )


@given(invoices, st.sampled_from(STRATEGIES))
def test_rows_follow_rates_downwards_then_special_codes(cases, strategy):
    totals = invoice_totals(*computed(cases), sum_strategy=strategy)
    codes = [row.code for row in totals.per_rate]
    rated = [code for code in codes if code not in ("zw", "np", "oo", "disabled")]
    special = codes[len(rated) :]
    assert codes[: len(rated)] == rated
    assert [D(code) for code in rated] == sorted((D(code) for code in rated), reverse=True)
    order = ["zw", "np", "oo", "disabled"]
    assert special == sorted(special, key=order.index)
    assert len(set(codes)) == len(codes)
