from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from faktura.invoicing.money import (
    Tax,
    TaxError,
    gross_from_net,
    net_from_gross,
    parse_tax,
    price_from_gross,
    price_from_net,
    round_money,
)

D = Decimal
amounts = st.decimals(min_value=D("-1000000"), max_value=D("1000000"), places=2)
rates = st.sampled_from(["23", "8", "5", "0", "7", "19", "21", "zw", "np"]).map(parse_tax)


@pytest.mark.parametrize(
    ("amount", "rounded"),
    [
        (D("0.005"), D("0.01")),
        (D("0.004"), D("0.00")),
        (D("-0.005"), D("-0.01")),
        (D("2.675"), D("2.68")),
    ],
)
def test_rounding_is_half_up_to_the_grosz(amount, rounded):
    assert round_money(amount) == rounded


@pytest.mark.parametrize(
    ("raw", "code", "rate"),
    [
        (23, "23", D("23")),
        ("23", "23", D("23")),
        ("23%", "23", D("23")),
        ("8,5", "8.5", D("8.5")),
        ("5.00", "5", D("5")),
        ("0", "0", D("0")),
        ("ZW", "zw", D("0")),
        ("nie podlega", "np", D("0")),
        ("n/a", "np", D("0")),
        ("N/A", "np", D("0")),
        ("na", "np", D("0")),
        ("NA", "np", D("0")),
        ("Not Applicable", "np", D("0")),
        ("NP", "np", D("0")),
        ("disabled", "disabled", D("0")),
        ("oo", "oo", D("0")),
    ],
)
def test_taxes_are_read_in_every_spelling(raw, code, rate):
    assert parse_tax(raw) == Tax(code, rate)


@pytest.mark.parametrize("raw", ["", "abc", "123", "-5", None, True, "23.456"])
def test_other_taxes_are_refused(raw):
    with pytest.raises(TaxError):
        parse_tax(raw)


def test_product_example_from_the_reference():
    # 100 net at 23% is 123 gross; 102 gross at 23% is 82.93 net.
    assert price_from_net(D("100"), parse_tax("23")) == price_from_gross(D("123"), parse_tax("23"))
    assert price_from_gross(D("102"), parse_tax("23")).net == D("82.93")
    assert price_from_gross(D("102"), parse_tax("23")).tax_amount == D("19.07")


@given(amounts, rates)
def test_gross_of_net_never_drifts_more_than_a_grosz(net, tax):
    assert abs(net_from_gross(gross_from_net(net, tax), tax) - net) <= D("0.01")


@given(amounts, rates)
def test_results_have_exactly_two_decimals(amount, tax):
    assert gross_from_net(amount, tax).as_tuple().exponent == -2
    assert net_from_gross(amount, tax).as_tuple().exponent == -2


@given(amounts, rates)
def test_net_plus_tax_is_gross(gross, tax):
    price = price_from_gross(gross, tax)
    assert price.net + price.tax_amount == price.gross


@given(amounts)
def test_special_taxes_keep_net_equal_to_gross(amount):
    for code in ("zw", "np", "disabled", "oo"):
        assert price_from_gross(amount, parse_tax(code)).net == round_money(amount)
