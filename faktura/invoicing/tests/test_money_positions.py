"""A line's amounts from the prices the client gave (money.position_amounts)."""

from dataclasses import replace
from decimal import Decimal

import pytest
from hypothesis import given, reject
from hypothesis import strategies as st

from faktura.invoicing.money import (
    CalculationError,
    DiscountKind,
    PositionAmounts,
    PositionInput,
    PositionStrategy,
    gross_from_net,
    net_from_gross,
    parse_tax,
    position_amounts,
    round_money,
    saved_input,
)

D = Decimal
VAT23, VAT8, VAT0 = parse_tax("23"), parse_tax("8"), parse_tax("0")
PRICE_FIELDS = ("price_net", "price_gross", "total_price_net", "total_price_gross")
AMOUNT_FIELDS = (
    "price_net",
    "price_gross",
    "list_price_net",
    "list_price_gross",
    "total_price_net",
    "total_price_tax",
    "total_price_gross",
    "discount",
)

taxes = st.sampled_from(["23", "8", "5", "0", "8.5", "zw", "np", "oo", "disabled"]).map(parse_tax)
quantities = st.one_of(
    st.integers(min_value=0, max_value=1000).map(Decimal),
    st.decimals(min_value=0, max_value=1000, places=4),
)
# Mostly whole groszy; some with more decimals, which are rounded on input.
prices = st.one_of(
    st.decimals(min_value=0, max_value=100_000, places=2),
    st.decimals(min_value=0, max_value=1_000, places=3),
)


@st.composite
def position_cases(draw, *, corrections: bool = False):
    """(input, strategy, discount_kind, allow_negative): any valid combination of prices.

    With `corrections`, half of the cases are correction lines, negative or not.
    """
    allow_negative = corrections and draw(st.booleans())
    sign = draw(st.sampled_from([1, -1])) if allow_negative else 1
    quantity = draw(quantities) * draw(st.sampled_from([1, -1]) if allow_negative else st.just(1))
    fields = draw(st.sets(st.sampled_from(PRICE_FIELDS), min_size=1))
    values = {field: draw(prices) * sign for field in fields}
    if not quantity:
        values.update({f: D(0) for f in ("total_price_net", "total_price_gross") if f in values})
    kind = draw(st.none() | st.sampled_from(list(DiscountKind)))
    pi = PositionInput(
        tax=draw(taxes),
        quantity=quantity,
        discount_percent=draw(st.none() | st.decimals(min_value=0, max_value=100, places=2)),
        discount_amount=draw(st.none() | st.decimals(min_value=0, max_value=50, places=2)),
        **values,
    )
    strategy = draw(st.sampled_from(list(PositionStrategy)))
    return pi, strategy, kind, allow_negative


def compute(case) -> PositionAmounts:
    pi, strategy, kind, allow_negative = case
    try:
        return position_amounts(
            pi, strategy=strategy, discount_kind=kind, allow_negative=allow_negative
        )
    except CalculationError as error:
        # A fixed discount larger than its line is refused; nothing else may be.
        if error.field != "discount":
            raise
        reject()


def line(**fields) -> PositionAmounts:
    options = {
        k: fields.pop(k) for k in ("strategy", "discount_kind", "allow_negative") if k in fields
    }
    return position_amounts(PositionInput(**fields), **options)


def amounts(pa: PositionAmounts) -> tuple:
    return (pa.total_price_net, pa.total_price_tax, pa.total_price_gross)


# --- Worked examples -------------------------------------------------------------


def test_reference_example_total_gross_at_23_percent():
    # {"tax": 23, "total_price_gross": 10.23, "quantity": 1}
    # net = round(10.23 / 1.23) = round(8.3170…) = 8.32; tax = 10.23 − 8.32 = 1.91.
    pa = line(tax=VAT23, total_price_gross=D("10.23"))
    assert amounts(pa) == (D("8.32"), D("1.91"), D("10.23"))
    assert (pa.price_net, pa.price_gross) == (D("8.32"), D("10.23"))


def test_reference_example_total_gross_of_three_at_zero_percent_keeps_the_total():
    # {"tax": 0, "total_price_gross": 50, "quantity": 3}
    # The total the client gave is kept: 50.00 net and gross, no tax.
    # Unit price = round(50 / 3) = round(16.666…) = 16.67, though 3 × 16.67 = 50.01.
    pa = line(tax=VAT0, quantity=D(3), total_price_gross=D(50))
    assert amounts(pa) == (D("50.00"), D("0.00"), D("50.00"))
    assert (pa.price_net, pa.price_gross) == (D("16.67"), D("16.67"))


def test_product_example_of_the_reference_from_unit_net():
    # "price_net": "59,00", "tax": "23" → price_gross 72.57, totals 59.00 / 72.57.
    # tax = round(59.00 × 0.23) = round(13.57) = 13.57.
    pa = line(tax=VAT23, price_net=D("59.00"))
    assert amounts(pa) == (D("59.00"), D("13.57"), D("72.57"))
    assert pa.price_gross == D("72.57")


def test_default_strategy_computes_the_gross_from_the_net_of_the_line():
    # 3 × 33.33 net = 99.99; tax = round(99.99 × 0.23) = round(22.9977) = 23.00;
    # gross = 122.99. Unit gross = round(33.33 × 1.23) = round(40.9959) = 41.00.
    pa = line(tax=VAT23, quantity=D(3), price_net=D("33.33"))
    assert amounts(pa) == (D("99.99"), D("23.00"), D("122.99"))
    assert pa.price_gross == D("41.00")


def test_keep_gross_receipt_line_at_8_percent():
    # B2C: 9.99 gross at 8%: net = round(9.99 / 1.08) = 9.25 (exactly), tax 0.74.
    # Three of them: gross 3 × 9.99 = 29.97, net = round(29.97 / 1.08) = 27.75, tax 2.22.
    one = line(tax=VAT8, price_gross=D("9.99"), strategy="keep_gross")
    three = line(tax=VAT8, quantity=D(3), price_gross=D("9.99"), strategy="keep_gross")
    assert amounts(one) == (D("9.25"), D("0.74"), D("9.99"))
    assert amounts(three) == (D("27.75"), D("2.22"), D("29.97"))
    assert (three.price_net, three.price_gross) == (D("9.25"), D("9.99"))


def test_keep_gross_keeps_the_gross_unit_price_derived_from_a_net_one():
    # 7 × 0.81 net at 23%.
    # default:    net = 7 × 0.81 = 5.67; tax = round(1.3041) = 1.30; gross = 6.97.
    # keep_gross: unit gross = round(0.81 × 1.23) = round(0.9963) = 1.00;
    #             gross = 7 × 1.00 = 7.00; net = round(7 / 1.23) = round(5.6910) = 5.69;
    #             tax = 1.31.
    default = line(tax=VAT23, quantity=D(7), price_net=D("0.81"))
    keep_gross = line(tax=VAT23, quantity=D(7), price_net=D("0.81"), strategy="keep_gross")
    assert amounts(default) == (D("5.67"), D("1.30"), D("6.97"))
    assert amounts(keep_gross) == (D("5.69"), D("1.31"), D("7.00"))


def test_default_strategy_with_only_a_gross_price_keeps_the_gross():
    # 5.00 gross at 23%: net = round(5 / 1.23) = round(4.0650) = 4.07, tax 0.93.
    # (From a net of 4.07 the gross would be 4.07 + round(0.9361) = 5.01: no net
    # reaches 5.00, so the gross is kept rather than recomputed from the net.)
    pa = line(tax=VAT23, total_price_gross=D("5.00"))
    assert amounts(pa) == (D("4.07"), D("0.93"), D("5.00"))


def test_a_saved_line_is_recomputed_unchanged():
    # The same 5.00 line saved: every price is now given; 4.07 net would give a
    # 5.01 gross, but the given prices are exactly what the gross produces.
    first = line(tax=VAT23, total_price_gross=D("5.00"))
    again = position_amounts(saved_input(PositionInput(tax=VAT23), first))
    assert again == first


def test_prices_that_agree_are_all_kept():
    # 8.32 net and 10.23 gross agree at 23% (8.32 + round(1.9136) = 10.23).
    pa = line(tax=VAT23, total_price_net=D("8.32"), total_price_gross=D("10.23"))
    assert amounts(pa) == (D("8.32"), D("1.91"), D("10.23"))


def test_prices_that_disagree_follow_the_strategy():
    # 10.00 net and 12.31 gross disagree at 23%.
    # default:    from the net: tax = 2.30, gross 12.30.
    # keep_gross: from the gross: net = round(12.31 / 1.23) = round(10.0081) = 10.01.
    fields = {"tax": VAT23, "price_net": D("10.00"), "total_price_gross": D("12.31")}
    assert amounts(line(**fields)) == (D("10.00"), D("2.30"), D("12.30"))
    assert amounts(line(**fields, strategy="keep_gross")) == (D("10.01"), D("2.30"), D("12.31"))


def test_unit_price_wins_over_a_total_that_disagrees():
    # 3 × 10.00 is 30.00; the stale total of 35.00 is not used.
    pa = line(tax=VAT23, quantity=D(3), price_net=D("10.00"), total_price_net=D("35.00"))
    assert pa.total_price_net == D("30.00")


def test_unit_price_from_a_total_and_a_fractional_quantity():
    # 2.5 kg for 10.00 net at 5%: unit = 10 / 2.5 = 4.00; tax = 0.50; gross 10.50.
    pa = line(tax=parse_tax("5"), quantity=D("2.5"), total_price_net=D("10.00"))
    assert amounts(pa) == (D("10.00"), D("0.50"), D("10.50"))
    assert (pa.price_net, pa.price_gross) == (D("4.00"), D("4.20"))


def test_prices_are_rounded_to_the_grosz_on_input():
    # 10.005 → 10.01 (half up); 3 × 10.01 = 30.03; tax = round(6.9069) = 6.91.
    pa = line(tax=VAT23, quantity=D(3), price_net=D("10.005"))
    assert pa.price_net == D("10.01")
    assert amounts(pa) == (D("30.03"), D("6.91"), D("36.94"))


@pytest.mark.parametrize("code", ["zw", "np", "oo", "disabled"])
def test_special_taxes_have_no_tax(code):
    pa = line(tax=parse_tax(code), quantity=D(3), price_net=D("33.33"))
    assert amounts(pa) == (D("99.99"), D("0.00"), D("99.99"))
    assert pa.price_gross == D("33.33")


def test_zero_quantity_is_a_line_of_zero():
    pa = line(tax=VAT23, quantity=D(0), price_net=D("12.00"))
    assert amounts(pa) == (D("0.00"), D("0.00"), D("0.00"))
    assert (pa.price_net, pa.price_gross) == (D("12.00"), D("14.76"))


def test_reference_correction_line_is_negative():
    # {"quantity": -1, "total_price_gross": "-10", "tax": "23"}:
    # net = round(-10 / 1.23) = round(-8.1300…) = -8.13; tax = -1.87.
    # Unit gross = -10 / -1 = 10.00.
    pa = line(tax=VAT23, quantity=D(-1), total_price_gross=D(-10), allow_negative=True)
    assert amounts(pa) == (D("-8.13"), D("-1.87"), D("-10.00"))
    assert (pa.price_net, pa.price_gross) == (D("8.13"), D("10.00"))


# --- Refusals --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"quantity": D(-1), "price_net": D(10)}, "quantity"),
        ({"price_net": D("-10")}, "price_net"),
        ({"total_price_gross": D("-10")}, "total_price_gross"),
        ({}, "price_net"),
        ({"price_net": 10.5}, "price_net"),
        ({"price_net": D("NaN")}, "price_net"),
        ({"quantity": D("Infinity"), "price_net": D(1)}, "quantity"),
        ({"quantity": D(0), "total_price_net": D(5)}, "total_price_net"),
    ],
)
def test_invalid_lines_are_refused_naming_the_field(fields, field):
    with pytest.raises(CalculationError) as caught:
        line(tax=VAT23, **fields)
    assert caught.value.field == field
    assert isinstance(caught.value, ValueError)


@pytest.mark.parametrize(
    ("options", "field"),
    [
        ({"strategy": "keep_net"}, "calculating_strategy"),
        ({"discount_kind": "half"}, "discount_kind"),
    ],
)
def test_unknown_strategies_and_discount_kinds_are_refused(options, field):
    with pytest.raises(CalculationError) as caught:
        line(tax=VAT23, price_net=D(10), **options)
    assert caught.value.field == field


# --- Properties ------------------------------------------------------------------


@given(position_cases(corrections=True))
def test_net_plus_tax_is_gross_on_every_line(case):
    pa = compute(case)
    assert pa.total_price_net + pa.total_price_tax == pa.total_price_gross


@given(position_cases(corrections=True))
def test_every_amount_of_a_line_has_two_decimals(case):
    pa = compute(case)
    for field in AMOUNT_FIELDS:
        assert getattr(pa, field).as_tuple().exponent == -2, field


@given(position_cases(corrections=True))
def test_saving_a_line_again_changes_nothing(case):
    pi, strategy, kind, allow_negative = case
    first = compute(case)
    options = {"strategy": strategy, "discount_kind": kind, "allow_negative": allow_negative}
    second = position_amounts(saved_input(pi, first), **options)
    assert second == first
    assert position_amounts(saved_input(pi, second), **options) == first


@given(position_cases())
def test_special_taxes_never_add_tax(case):
    pa = compute(case)
    if not case[0].tax.is_rate:
        assert pa.total_price_tax == 0
        assert pa.total_price_net == pa.total_price_gross


@given(taxes, quantities, prices, st.sampled_from(list(PositionStrategy)))
def test_a_gross_total_given_alone_is_kept(tax, quantity, total, strategy):
    total = total if quantity else D(0)
    pa = line(tax=tax, quantity=quantity, total_price_gross=total, strategy=strategy)
    assert pa.total_price_gross == round_money(total)
    assert pa.total_price_net == net_from_gross(pa.total_price_gross, tax)


@given(taxes, quantities, prices, st.sampled_from(list(PositionStrategy)))
def test_a_net_total_given_alone_is_kept(tax, quantity, total, strategy):
    total = total if quantity else D(0)
    pa = line(tax=tax, quantity=quantity, total_price_net=total, strategy=strategy)
    assert pa.total_price_net == round_money(total)
    assert pa.total_price_gross == gross_from_net(pa.total_price_net, tax)


@given(taxes, quantities, prices)
def test_default_strategy_takes_the_tax_from_the_net_of_the_line(tax, quantity, price):
    pa = line(tax=tax, quantity=quantity, price_net=price)
    assert pa.price_net == round_money(price)
    assert pa.total_price_net == round_money(quantity * pa.price_net)
    assert pa.total_price_tax == round_money(pa.total_price_net * tax.rate / 100)


@given(taxes, quantities, prices, st.sampled_from(list(PositionStrategy)))
def test_a_gross_unit_price_makes_the_gross_of_the_line(tax, quantity, price, strategy):
    pa = line(tax=tax, quantity=quantity, price_gross=price, strategy=strategy)
    assert pa.total_price_gross == round_money(quantity * round_money(price))


@given(position_cases())
def test_a_negated_line_is_the_exact_opposite(case):
    # Half-up rounding is symmetric (-0.005 → -0.01), so a correction line that
    # takes back a line takes back exactly its amounts.
    pi, strategy, kind, _ = case
    positive = compute(case)
    negated = replace(
        pi,
        quantity=-pi.quantity,
        total_price_net=None if pi.total_price_net is None else -pi.total_price_net,
        total_price_gross=None if pi.total_price_gross is None else -pi.total_price_gross,
    )
    negative = position_amounts(negated, strategy=strategy, discount_kind=kind, allow_negative=True)
    assert amounts(negative) == tuple(-amount for amount in amounts(positive))
    assert negative.discount == -positive.discount
    assert (negative.price_net, negative.price_gross) == (positive.price_net, positive.price_gross)
