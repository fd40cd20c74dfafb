"""The loose input scalars and the output formats every schema uses."""

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import BaseModel, ValidationError

from faktura.api.types import (
    IndexedList,
    LooseBool,
    LooseDecimal,
    MoneyOut,
    OptionalInt,
    OptionalText,
    Timestamp,
)


class In(BaseModel):
    flag: LooseBool = None
    amount: LooseDecimal = None
    text: OptionalText = None
    number: OptionalInt = None
    items: IndexedList | None = None


class Out(BaseModel):
    price: MoneyOut = None
    at: Timestamp | None = None


@pytest.mark.parametrize(
    ("raw", "expected"),
    [(True, True), ("1", True), ("yes", True), ("TRUE", True), (1, True), (False, False)]
    + [("0", False), ("no", False), ("false", False), (0, False), ("", None), (None, None)],
)
def test_loose_booleans(raw, expected):
    assert In(flag=raw).flag is expected


@pytest.mark.parametrize("raw", ["maybe", 2, "2", 0.5])
def test_other_booleans_are_refused(raw):
    with pytest.raises(ValidationError, match="must be true or false"):
        In(flag=raw)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (10.23, Decimal("10.23")),
        ("10,23", Decimal("10.23")),
        ("10.23", Decimal("10.23")),
        (" 1 234,50 ", Decimal("1234.50")),
        (7, Decimal("7")),
        (0.1, Decimal("0.1")),
        ("", None),
    ],
)
def test_loose_decimals(raw, expected):
    assert In(amount=raw).amount == expected


@pytest.mark.parametrize("raw", ["ten", "1,2,3", "NaN", "Infinity", True])
def test_other_decimals_are_refused(raw):
    with pytest.raises(ValidationError):
        In(amount=raw)


@given(st.decimals(allow_nan=False, allow_infinity=False, places=2, max_value=10**12))
def test_decimal_comma_and_point_read_the_same(value):
    text = f"{value:.2f}"
    assert In(amount=text.replace(".", ",")).amount == In(amount=text).amount == value


def test_blank_text_and_numbers_mean_no_value():
    parsed = In(text="  ", number="")
    assert (parsed.text, parsed.number) == (None, None)
    assert In(number="12").number == 12


def test_indexed_hash_arrives_as_a_list():
    assert In(items={"1": {"n": "b"}, "0": {"n": "a"}}).items == [{"n": "a"}, {"n": "b"}]
    assert In(items=[{"n": "a"}]).items == [{"n": "a"}]


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (Decimal("246"), "246.00"),
        (Decimal("0.1"), "0.10"),
        (Decimal("-3.5"), "-3.50"),
        (None, None),
    ],
)
def test_money_leaves_with_two_decimals(value, text):
    assert Out(price=value).model_dump(mode="json")["price"] == text


def test_timestamps_leave_with_milliseconds_and_the_warsaw_offset():
    winter = dt.datetime(2026, 2, 1, 9, 30, 0, 123456, tzinfo=dt.UTC)
    summer = dt.datetime(2026, 7, 1, 9, 30, tzinfo=dt.UTC)
    assert Out(at=winter).model_dump(mode="json")["at"] == "2026-02-01T10:30:00.123+01:00"
    assert Out(at=summer).model_dump(mode="json")["at"] == "2026-07-01T11:30:00.000+02:00"
