"""What a correcting invoice changes, per VAT rate (money.correction_difference)."""

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from faktura.invoicing.money import (
    InvoiceTotals,
    PositionInput,
    SumStrategy,
    correction_difference,
    invoice_totals,
    parse_tax,
    position_amounts,
)
from faktura.invoicing.tests.test_money_positions import compute, position_cases

D = Decimal
VAT23, VAT8 = parse_tax("23"), parse_tax("8")


def rows(totals: InvoiceTotals) -> list[tuple]:
    return [(row.code, row.net, row.tax, row.gross) for row in totals.per_rate]


def sums(totals: InvoiceTotals) -> tuple:
    return (totals.price_net, totals.price_tax, totals.price_gross)


def nonzero(totals: InvoiceTotals) -> dict[str, tuple]:
    return {code: tuple(amounts) for code, *amounts in rows(totals) if any(amounts)}


def gross_line(tax, gross: str, quantity: int = 1):
    return position_amounts(
        PositionInput(tax=tax, quantity=D(quantity), total_price_gross=D(gross))
    )


def test_reference_correction_of_the_quantity():
    # Before: 2 for 20.00 gross at 23%: net = round(20 / 1.23) = round(16.2601) = 16.26,
    #         tax 3.74. After: 1 for 10.00: net = round(8.1300…) = 8.13, tax 1.87.
    # Difference: 8.13 − 16.26 = −8.13 net, 1.87 − 3.74 = −1.87 tax, −10.00 gross:
    # the reference's correction line {"quantity": -1, "total_price_gross": "-10"}.
    before, after = gross_line(VAT23, "20", 2), gross_line(VAT23, "10", 1)
    difference = correction_difference([before], [after], before_taxes=[VAT23], after_taxes=[VAT23])
    assert rows(difference) == [("23", D("-8.13"), D("-1.87"), D("-10.00"))]
    line = position_amounts(
        PositionInput(tax=VAT23, quantity=D(-1), total_price_gross=D(-10)), allow_negative=True
    )
    assert sums(difference) == (line.total_price_net, line.total_price_tax, line.total_price_gross)


def test_correction_of_the_rate_shows_both_rates():
    # 100.00 net at 23% (23.00 tax) corrected to 8% (8.00 tax):
    # 23%: −100.00 / −23.00 / −123.00; 8%: +100.00 / +8.00 / +108.00;
    # totals: 0.00 net, −15.00 tax, −15.00 gross.
    before = position_amounts(PositionInput(tax=VAT23, price_net=D(100)))
    after = position_amounts(PositionInput(tax=VAT8, price_net=D(100)))
    difference = correction_difference([before], [after], before_taxes=[VAT23], after_taxes=[VAT8])
    assert rows(difference) == [
        ("23", D("-100.00"), D("-23.00"), D("-123.00")),
        ("8", D("100.00"), D("8.00"), D("108.00")),
    ]
    assert sums(difference) == (D("0.00"), D("-15.00"), D("-15.00"))


def test_a_rate_that_did_not_change_is_a_zero_row():
    line = gross_line(VAT23, "10.00")
    difference = correction_difference([line], [line], before_taxes=[VAT23], after_taxes=[VAT23])
    assert rows(difference) == [("23", D("0.00"), D("0.00"), D("0.00"))]


def test_correction_under_keep_net_moves_the_totals_by_what_they_were():
    # Three lines of 33.33 net at 23% under keep_net: 99.99 / round(22.9977) = 23.00 / 122.99.
    # One removed: 66.66 / round(15.3318) = 15.33 / 81.99.
    # Difference: −33.33 / −7.67 / −41.00.
    line = position_amounts(PositionInput(tax=VAT23, price_net=D("33.33")))
    difference = correction_difference(
        [line] * 3,
        [line] * 2,
        before_taxes=[VAT23] * 3,
        after_taxes=[VAT23] * 2,
        sum_strategy="keep_net",
    )
    assert sums(difference) == (D("-33.33"), D("-7.67"), D("-41.00"))


# --- Properties ------------------------------------------------------------------

invoices = st.lists(position_cases(), max_size=6)


def computed(cases) -> tuple[list, list]:
    return [compute(case) for case in cases], [case[0].tax for case in cases]


@given(invoices, invoices, invoices, st.sampled_from(list(SumStrategy)))
def test_a_correction_of_a_correction_nets_to_the_direct_correction(b, a, a2, strategy):
    (before, tb), (after, ta), (after2, ta2) = computed(b), computed(a), computed(a2)
    first = correction_difference(
        before, after, before_taxes=tb, after_taxes=ta, sum_strategy=strategy
    )
    second = correction_difference(
        after, after2, before_taxes=ta, after_taxes=ta2, sum_strategy=strategy
    )
    direct = correction_difference(
        before, after2, before_taxes=tb, after_taxes=ta2, sum_strategy=strategy
    )
    chained = {}
    for part in (first, second):
        for code, *amounts in rows(part):
            previous = chained.get(code, (D(0), D(0), D(0)))
            chained[code] = tuple(x + y for x, y in zip(previous, amounts, strict=True))
    assert {code: amounts for code, amounts in chained.items() if any(amounts)} == nonzero(direct)
    assert tuple(x + y for x, y in zip(sums(first), sums(second), strict=True)) == sums(direct)


@given(invoices, invoices, st.sampled_from(list(SumStrategy)))
def test_a_correction_moves_the_totals_from_before_to_after(b, a, strategy):
    (before, tb), (after, ta) = computed(b), computed(a)
    difference = correction_difference(
        before, after, before_taxes=tb, after_taxes=ta, sum_strategy=strategy
    )
    old = invoice_totals(before, tb, sum_strategy=strategy)
    new = invoice_totals(after, ta, sum_strategy=strategy)
    assert sums(difference) == tuple(n - o for n, o in zip(sums(new), sums(old), strict=True))
    for row in difference.per_rate:
        assert row.net + row.tax == row.gross
        assert all(x.as_tuple().exponent == -2 for x in (row.net, row.tax, row.gross))


@given(invoices, invoices)
def test_undoing_a_correction_is_its_opposite(b, a):
    (before, tb), (after, ta) = computed(b), computed(a)
    forth = correction_difference(before, after, before_taxes=tb, after_taxes=ta)
    back = correction_difference(after, before, before_taxes=ta, after_taxes=tb)
    assert rows(back) == [(code, -net, -tax, -gross) for code, net, tax, gross in rows(forth)]


@given(invoices)
def test_correcting_nothing_changes_nothing(b):
    before, tb = computed(b)
    difference = correction_difference(before, before, before_taxes=tb, after_taxes=tb)
    assert nonzero(difference) == {}
    assert sums(difference) == (D("0.00"), D("0.00"), D("0.00"))
