"""Discounts on a line, by the account's discount kind (money.position_amounts)."""

from decimal import Decimal

import pytest

from faktura.invoicing.money import (
    CalculationError,
    PositionAmounts,
    PositionInput,
    parse_tax,
    position_amounts,
    saved_input,
)

D = Decimal
VAT23 = parse_tax("23")


def line(**fields) -> PositionAmounts:
    options = {
        k: fields.pop(k) for k in ("strategy", "discount_kind", "allow_negative") if k in fields
    }
    return position_amounts(PositionInput(**fields), **options)


def amounts(pa: PositionAmounts) -> tuple:
    return (pa.total_price_net, pa.total_price_tax, pa.total_price_gross)


def test_percent_unit_takes_the_percentage_off_the_unit_net_price():
    # 3 × 19.99 net at 23%, 15% off the unit net price:
    #   discount per unit = round(19.99 × 0.15) = round(2.9985) = 3.00; unit 16.99
    #   net = 3 × 16.99 = 50.97; tax = round(50.97 × 0.23) = round(11.7231) = 11.72
    #   gross = 62.69; taken off (net) = 3 × 19.99 − 50.97 = 59.97 − 50.97 = 9.00
    #   unit gross: list round(19.99 × 1.23) = round(24.5877) = 24.59,
    #               after round(16.99 × 1.23) = round(20.8977) = 20.90
    pa = line(
        tax=VAT23,
        quantity=D(3),
        price_net=D("19.99"),
        discount_percent=D(15),
        discount_kind="percent_unit",
    )
    assert amounts(pa) == (D("50.97"), D("11.72"), D("62.69"))
    assert pa.discount == D("9.00")
    assert (pa.list_price_net, pa.list_price_gross) == (D("19.99"), D("24.59"))
    assert (pa.price_net, pa.price_gross) == (D("16.99"), D("20.90"))


def test_percent_unit_gross_takes_the_percentage_off_the_unit_gross_price():
    # 3 × 10.00 gross at 23%, 10% off: unit 10.00 − 1.00 = 9.00; gross 27.00;
    # net = round(27 / 1.23) = round(21.9512) = 21.95; tax 5.05.
    # Taken off under "default" (net): list unit net round(10 / 1.23) = 8.13,
    #   3 × 8.13 − 21.95 = 24.39 − 21.95 = 2.44; under "keep_gross": 30.00 − 27.00 = 3.00.
    fields = {
        "tax": VAT23,
        "quantity": D(3),
        "price_gross": D("10.00"),
        "discount_percent": D(10),
        "discount_kind": "percent_unit_gross",
    }
    default = line(**fields)
    keep_gross = line(**fields, strategy="keep_gross")
    assert amounts(default) == amounts(keep_gross) == (D("21.95"), D("5.05"), D("27.00"))
    assert (default.discount, keep_gross.discount) == (D("2.44"), D("3.00"))
    assert default.price_gross == D("9.00")


def test_percent_total_takes_the_percentage_off_the_line():
    # 3 × 33.33 net = 99.99 at 23%, 10% off the line: round(9.999) = 10.00;
    # net 89.99; tax = round(89.99 × 0.23) = round(20.6977) = 20.70; gross 110.69.
    # Unit after the discount = round(89.99 / 3) = round(29.9966…) = 30.00.
    pa = line(
        tax=VAT23,
        quantity=D(3),
        price_net=D("33.33"),
        discount_percent=D(10),
        discount_kind="percent_total",
    )
    assert amounts(pa) == (D("89.99"), D("20.70"), D("110.69"))
    assert pa.discount == D("10.00")
    assert pa.price_net == D("30.00")


def test_amount_is_taken_off_the_net_under_the_default_strategy():
    # 2 × 50.00 net at 23%, 15.00 off: net 85.00; tax = round(19.55) = 19.55; gross 104.55.
    # Unit net 85 / 2 = 42.50; unit gross = round(42.50 × 1.23) = round(52.275) = 52.28
    # (half up), although 2 × 52.28 = 104.56: the line's gross is what counts.
    pa = line(
        tax=VAT23,
        quantity=D(2),
        price_net=D("50.00"),
        discount_amount=D("15.00"),
        discount_kind="amount",
    )
    assert amounts(pa) == (D("85.00"), D("19.55"), D("104.55"))
    assert (pa.price_net, pa.price_gross) == (D("42.50"), D("52.28"))
    assert pa.discount == D("15.00")


def test_amount_is_taken_off_the_gross_under_keep_gross():
    # 2 × 61.50 gross at 23%, 15.00 off: gross 123.00 − 15.00 = 108.00;
    # net = round(108 / 1.23) = round(87.8048…) = 87.80; tax 20.20.
    # Unit gross 54.00; unit net = round(54 / 1.23) = round(43.9024) = 43.90.
    pa = line(
        tax=VAT23,
        quantity=D(2),
        price_gross=D("61.50"),
        discount_amount=D("15.00"),
        discount_kind="amount",
        strategy="keep_gross",
    )
    assert amounts(pa) == (D("87.80"), D("20.20"), D("108.00"))
    assert (pa.price_net, pa.price_gross) == (D("43.90"), D("54.00"))
    assert pa.discount == D("15.00")


def test_a_total_given_alone_is_divided_into_a_unit_price_before_the_discount():
    # keep_gross, 100.00 gross for 1, 10% off the line: 90.00.
    # For 3: unit = round(100 / 3) = 33.33, line 99.99, 10% = round(9.999) = 10.00,
    # gross 89.99: with a discount the line is built from its unit price.
    one = line(
        tax=VAT23,
        total_price_gross=D(100),
        discount_percent=D(10),
        discount_kind="percent_total",
        strategy="keep_gross",
    )
    three = line(
        tax=VAT23,
        quantity=D(3),
        total_price_gross=D(100),
        discount_percent=D(10),
        discount_kind="percent_total",
        strategy="keep_gross",
    )
    assert one.total_price_gross == D("90.00")
    assert three.total_price_gross == D("89.99")


def test_no_discount_kind_means_no_discount():
    # The invoice's show_discount is off: the discount fields are ignored.
    pa = line(tax=VAT23, price_net=D(100), discount_percent=D(10), discount_amount=D(5))
    assert amounts(pa) == (D("100.00"), D("23.00"), D("123.00"))
    assert pa.discount == D("0.00")


@pytest.mark.parametrize("kind", ["percent_unit", "percent_unit_gross", "percent_total"])
def test_a_zero_or_missing_percentage_takes_nothing_off(kind):
    for percent in (None, D(0)):
        pa = line(tax=VAT23, price_net=D(100), discount_percent=percent, discount_kind=kind)
        assert pa.total_price_gross == D("123.00")
        assert pa.discount == D("0.00")


def test_a_full_discount_makes_a_free_line():
    pa = line(tax=VAT23, price_net=D(100), discount_percent=D(100), discount_kind="percent_unit")
    assert amounts(pa) == (D("0.00"), D("0.00"), D("0.00"))
    assert pa.discount == D("100.00")


def test_a_discounted_line_saved_again_keeps_its_amounts():
    pi = PositionInput(tax=VAT23, quantity=D(3), price_net=D("19.99"), discount_percent=D(15))
    first = position_amounts(pi, discount_kind="percent_unit")
    assert position_amounts(saved_input(pi, first), discount_kind="percent_unit") == first


def test_amount_discount_on_a_correction_line_goes_towards_zero():
    # -2 × 50.00 = -100.00 net; 15.00 off brings it to -85.00; tax = -19.55.
    pa = line(
        tax=VAT23,
        quantity=D(-2),
        price_net=D("50.00"),
        discount_amount=D(15),
        discount_kind="amount",
        allow_negative=True,
    )
    assert amounts(pa) == (D("-85.00"), D("-19.55"), D("-104.55"))
    assert pa.discount == D("-15.00")


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"discount_percent": D(101), "discount_kind": "percent_unit"}, "discount_percent"),
        ({"discount_percent": D(-1), "discount_kind": "percent_total"}, "discount_percent"),
        ({"discount_amount": D("100.01"), "discount_kind": "amount"}, "discount"),
        ({"discount_amount": D(-1), "discount_kind": "amount"}, "discount"),
    ],
)
def test_impossible_discounts_are_refused(fields, field):
    with pytest.raises(CalculationError) as caught:
        line(tax=VAT23, price_net=D(100), **fields)
    assert caught.value.field == field
