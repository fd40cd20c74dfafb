"""Advances taken on an order: `money.advance_of` and `money.advance_shares`."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from faktura.invoicing.money import (
    GROSZ,
    CalculationError,
    PositionInput,
    VatLine,
    advance_of,
    advance_shares,
    correction_difference,
    parse_tax,
    position_amounts,
)

D = Decimal


def row(code: str, gross: str) -> VatLine:
    return VatLine(code, D(0), D(0), D(gross))


def test_ten_percent_of_an_order():
    # 10% of 177.00 = 17.70; 10% of 0.05 = 0.005 → half up to 0.01.
    assert advance_of(D("177.00"), D(10)) == D("17.70")
    assert advance_of(D("0.05"), D(10)) == D("0.01")


def test_shares_follow_the_rates_gross():
    # 17.70 over 123.00 (23%) and 54.00 (8%): exactly 12.30 and 5.40.
    assert advance_shares([row("23", "123.00"), row("8", "54.00")], D("17.70")) == [
        ("23", D("12.30")),
        ("8", D("5.40")),
    ]


def test_the_grosz_left_goes_to_the_largest_remainder():
    # 100 × 123/177 = 69.4915… and 100 × 54/177 = 30.5084…: cut to 69.49 and 30.50,
    # the grosz left goes to 30.50 (remainder 0.0084 against 0.0015).
    assert advance_shares([row("23", "123.00"), row("8", "54.00")], D(100)) == [
        ("23", D("69.49")),
        ("8", D("30.51")),
    ]


def test_a_single_grosz_goes_to_the_larger_remainder():
    # 0.01 over 1.00 and 2.00: exact shares 0.00333 and 0.00667, both cut to 0.00;
    # the grosz goes to the second, which lost more.
    assert advance_shares([row("8", "1.00"), row("23", "2.00")], D("0.01")) == [
        ("8", D("0.00")),
        ("23", D("0.01")),
    ]


def test_rates_without_value_get_no_share_and_an_empty_order_is_refused():
    assert advance_shares([row("23", "10.00"), row("zw", "0.00")], D(5)) == [("23", D("5.00"))]
    with pytest.raises(CalculationError):
        advance_shares([row("23", "0.00")], D(5))


grosze = st.integers(min_value=1, max_value=10**9).map(lambda n: D(n) * GROSZ)
CODES = ("23", "8", "5", "0", "zw", "np")


@given(
    order=st.lists(grosze, min_size=1, max_size=len(CODES)),
    percent=st.integers(min_value=1, max_value=10000).map(lambda n: D(n) / 100),
)
def test_shares_add_up_exactly_and_are_never_negative(order, percent):
    per_rate = [
        VatLine(code, D(0), D(0), gross)
        for code, gross in zip(CODES[: len(order)], order, strict=True)
    ]
    advance = advance_of(sum(order), percent)
    shares = advance_shares(per_rate, advance)
    assert sum(share for _code, share in shares) == advance
    assert all(share >= 0 and share == share.quantize(GROSZ) for _code, share in shares)
    # No share is more than a grosz from its exact proportion.
    total = sum(order)
    for (_code, share), gross in zip(shares, order, strict=True):
        assert abs(share - advance * gross / total) < GROSZ


@given(
    order=st.lists(grosze, min_size=1, max_size=4),
    percents=st.lists(st.integers(min_value=1, max_value=40), min_size=1, max_size=2),
)
def test_a_final_invoice_plus_its_advances_is_the_order(order, percents):
    """Per rate, the advances and the final invoice add up to the order exactly."""
    taxes = [parse_tax(code) for code in CODES[: len(order)]]
    lines = [
        position_amounts(PositionInput(tax=tax, total_price_gross=gross))
        for tax, gross in zip(taxes, order, strict=True)
    ]
    per_rate = [
        VatLine(tax.code, D(0), D(0), gross) for tax, gross in zip(taxes, order, strict=True)
    ]
    paid, paid_taxes = [], []
    for percent in percents:
        for code, share in advance_shares(per_rate, advance_of(sum(order), D(percent))):
            tax = parse_tax(code)
            paid.append(position_amounts(PositionInput(tax=tax, total_price_gross=share)))
            paid_taxes.append(tax)
    final = correction_difference(paid, lines, before_taxes=paid_taxes, after_taxes=taxes)
    for row_ in final.per_rate:
        assert row_.net + row_.tax == row_.gross
    advanced = sum((line.total_price_gross for line in paid), D(0))
    assert final.price_gross + advanced == sum(order)
