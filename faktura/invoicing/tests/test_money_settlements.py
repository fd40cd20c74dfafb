"""Charges, deductions, payments and the payment status (money.amount_due, payment_status)."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from faktura.invoicing.money import CalculationError, amount_due, payment_status

D = Decimal
amounts = st.decimals(min_value=0, max_value=1_000_000, places=2)
settlements = st.lists(
    st.tuples(
        st.sampled_from(["charge", "deduction"]), st.decimals("0.01", "9999999.99", places=2)
    ),
    max_size=5,
)


def test_reference_settlement_example():
    # 123.00 gross + 100.00 and 50.00 charged − 30.00 deducted = 243.00 to pay.
    due = amount_due(
        D("123.00"),
        [("charge", D("100.00")), ("charge", D("50.00")), ("deduction", D("30.00"))],
    )
    assert (due.charges, due.deductions, due.to_pay) == (D("150.00"), D("30.00"), D("243.00"))
    assert (due.paid, due.left) == (D("0.00"), D("243.00"))
    assert payment_status(due.to_pay, due.paid) == "issued"


def test_part_payment_leaves_the_rest():
    due = amount_due(D("243.00"), [], D("100.00"))
    assert due.left == D("143.00")
    assert payment_status(due.to_pay, due.paid) == "partial"


def test_full_payment():
    due = amount_due(D("243.00"), [], D("243.00"))
    assert (due.left, due.overpaid) == (D("0.00"), D("0.00"))
    assert payment_status(due.to_pay, due.paid) == "paid"


def test_overpayment_is_shown_not_hidden():
    # 250.00 paid on 243.00: 7.00 left below zero, shown as overpaid.
    due = amount_due(D("243.00"), [], D("250.00"))
    assert (due.left, due.overpaid) == (D("-7.00"), D("7.00"))
    assert payment_status(due.to_pay, due.paid) == "paid"


def test_deductions_may_exceed_the_gross():
    # A deduction larger than the invoice leaves money owed to the buyer.
    due = amount_due(D("100.00"), [("deduction", D("150.00"))])
    assert due.to_pay == D("-50.00")


@pytest.mark.parametrize(
    ("to_pay", "paid", "status"),
    [
        ("-50.00", "0.00", "issued"),
        ("-50.00", "-20.00", "partial"),
        ("-50.00", "-50.00", "paid"),
        ("0.00", "0.00", "paid"),
        ("100.00", "-1.00", "issued"),
        ("100.00", "99.99", "partial"),
    ],
)
def test_payment_status_of_refunds_and_empty_documents(to_pay, paid, status):
    assert payment_status(D(to_pay), D(paid)) == status


@pytest.mark.parametrize(
    ("settlement", "field"),
    [
        (("bonus", D(1)), "kind"),
        (("charge", D(0)), "amount"),
        (("deduction", D(-5)), "amount"),
        (("charge", 1.5), "amount"),
    ],
)
def test_invalid_settlements_are_refused(settlement, field):
    with pytest.raises(CalculationError) as caught:
        amount_due(D(100), [settlement])
    assert caught.value.field == field


@given(amounts, settlements, amounts)
def test_what_is_left_and_what_was_paid_make_what_is_due(gross, items, paid):
    due = amount_due(gross, items, paid)
    charges = sum((amount for kind, amount in items if kind == "charge"), D(0))
    deductions = sum((amount for kind, amount in items if kind == "deduction"), D(0))
    assert due.to_pay == gross + charges - deductions
    assert due.left + due.paid == due.to_pay
    assert due.overpaid == max(-due.left, D(0))
    for amount in (due.charges, due.deductions, due.to_pay, due.paid, due.left):
        assert amount.as_tuple().exponent == -2


@given(amounts, amounts)
def test_an_invoice_is_paid_exactly_when_nothing_is_left(to_pay, paid):
    status = payment_status(to_pay, paid)
    assert (status == "paid") == (amount_due(to_pay, [], paid).left <= 0)
    assert (status == "issued") == (paid == 0 and to_pay > 0)
