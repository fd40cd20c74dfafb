"""Pydantic field types for the loose scalars the API's clients send, and money out.

Clients of the Fakturownia API send decimals as numbers or strings with `.` or
`,` (`"10,23"`), booleans as `true`, `"1"`, `"yes"` or `"false"`, and empty
strings where they mean "no value". These types accept all of them.
"""

import datetime as dt
from decimal import Decimal, InvalidOperation
from typing import Annotated, Any

from django.utils import timezone
from pydantic import AfterValidator, BeforeValidator, PlainSerializer

from faktura.api.railsparams import indexed_to_list

_TRUE = {"1", "true", "yes", "y", "t", "on"}
_FALSE = {"0", "false", "no", "n", "f", "off"}


def _loose_bool(value: Any) -> Any:
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, int) and value in (0, 1):
        return bool(value)
    if isinstance(value, str):
        text = value.strip().lower()
        if not text:
            return None
        if text in _TRUE:
            return True
        if text in _FALSE:
            return False
    raise ValueError("must be true or false (also accepted: 1/0, yes/no)")


def _loose_decimal(value: Any) -> Any:
    if value is None or isinstance(value, Decimal):
        return value
    if isinstance(value, bool):
        raise ValueError("must be a number")
    if isinstance(value, int | float):
        # str() first: Decimal(0.1) would carry the float's binary error.
        return Decimal(str(value))
    if isinstance(value, str):
        text = value.strip().replace("\u00a0", "").replace(" ", "")
        if not text:
            return None
        try:
            number = Decimal(text.replace(",", "."))
        except InvalidOperation:
            raise ValueError('must be a number, e.g. 10.23 or "10,23"') from None
        if not number.is_finite():
            raise ValueError("must be a finite number")
        return number
    raise ValueError("must be a number")


def _blank_to_none(value: Any) -> Any:
    if isinstance(value, str) and not value.strip():
        return None
    return value


def bounded(limit: Decimal, places: int):
    """A check that a number fits its column: below `limit` and `places` decimals at most."""

    def check(value: Decimal | None) -> Decimal | None:
        if value is None:
            return None
        if abs(value) >= limit:
            raise ValueError(f"must be less than {limit:,f} in size".replace(",", " "))
        if -value.as_tuple().exponent > places and value != round(value, places):
            raise ValueError(f"may have at most {places} decimal places")
        return value

    return AfterValidator(check)


# Both admit None: "" and null mean "no value" here too, and a union with None
# outside the annotation would see the raw "" rather than the converted value.
LooseBool = Annotated[bool | None, BeforeValidator(_loose_bool)]
LooseDecimal = Annotated[Decimal | None, BeforeValidator(_loose_decimal)]
# Numbers that must fit their columns (money: 18 digits, 2 decimals after rounding to
# the grosz; quantities: 4 decimals; percentages: 7 digits, 4 decimals).
MoneyIn = Annotated[LooseDecimal, bounded(Decimal(10) ** 15, 28)]
QuantityIn = Annotated[LooseDecimal, bounded(Decimal(10) ** 14, 4)]
PercentIn = Annotated[LooseDecimal, bounded(Decimal(1000), 4)]
OptionalText = Annotated[str | None, BeforeValidator(_blank_to_none)]
OptionalInt = Annotated[int | None, BeforeValidator(_blank_to_none)]


def _text_or_number(value: Any) -> Any:
    # Codes, taxes and tax numbers also arrive as numbers (`"tax": 23`, an EAN).
    if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
        return str(value)
    return _blank_to_none(value)


# Text that may arrive as a number; blank means no value.
LooseText = Annotated[str | None, BeforeValidator(_text_or_number)]

MAX_TAG_LENGTH = 100


def _tag_list(value: Any) -> Any:
    """Tags as a list or one comma-separated text: trimmed, blanks and repeats dropped."""
    value = indexed_to_list(value)
    if value is None:
        return None
    items = value.split(",") if isinstance(value, str) else value
    if not isinstance(items, list):
        raise ValueError("must be a list of tags or a comma-separated text")
    tags: list[str] = []
    for item in items:
        item = _text_or_number(item) or ""
        if not isinstance(item, str):
            raise ValueError("must be a list of tags or a comma-separated text")
        tag = item.strip()
        if len(tag) > MAX_TAG_LENGTH:
            raise ValueError(f"each tag may have at most {MAX_TAG_LENGTH} characters")
        if tag and tag not in tags:
            tags.append(tag)
    return tags


TagList = Annotated[list[str] | None, BeforeValidator(_tag_list)]

# A list that also arrives as a hash keyed "0", "1", … (Rails nested attributes).
IndexedList = Annotated[list, BeforeValidator(indexed_to_list)]


def _money_text(value: Decimal | None) -> str | None:
    return None if value is None else f"{value:.2f}"


def _quantity_text(value: Decimal | None) -> str | None:
    if value is None:
        return None
    text = format(value.normalize(), "f")
    return text if "." in text else f"{text}.0"


# Quantities leave the API as strings like the reference's: "9.0", "1.5", "0.125".
QuantityOut = Annotated[Decimal | None, PlainSerializer(_quantity_text, return_type=str | None)]


def _percent_text(value: Decimal | None) -> str | None:
    return None if value is None else format(value.normalize(), "f")


# Percentages leave as strings without trailing zeros: "-10", "12.5".
PercentOut = Annotated[Decimal | None, PlainSerializer(_percent_text, return_type=str | None)]

# Money leaves the API as a string with two decimals: "246.00".
MoneyOut = Annotated[Decimal | None, PlainSerializer(_money_text, return_type=str | None)]


def timestamp_text(value: dt.datetime | None, zone: dt.tzinfo | None = None) -> str | None:
    """A `Timestamp` as it leaves the API, in `zone` (default: the current time zone)."""
    if value is None:
        return None
    return timezone.localtime(value, zone).isoformat(timespec="milliseconds")


def _timestamp_text(value: dt.datetime | None) -> str | None:
    return timestamp_text(value)


# Timestamps leave the API in ISO 8601 with milliseconds and the local offset:
# "2026-02-01T10:30:00.000+01:00", as the reference's responses show.
Timestamp = Annotated[dt.datetime, PlainSerializer(_timestamp_text, return_type=str | None)]


def _id_list(value: Any) -> Any:
    """A list of ids, or ids separated by commas ("12,34"), or one id."""
    if isinstance(value, str):
        return [part.strip() for part in value.split(",") if part.strip()]
    if isinstance(value, int):
        return [value]
    return value


# `invoice_ids` and the like: ids as a list, "12,34", or one.
IdList = Annotated[list[int] | None, BeforeValidator(_id_list)]
