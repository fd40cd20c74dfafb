"""Numbers and dates as a document's language writes them. No Django imports.

- pl, uk: "1 234,56" and "2026-11-22" (the form Polish invoices and the JPK use);
  uk dates as "22.11.2026".
- en: "1,234.56" and "2026-11-22" (ISO: unambiguous for any English reader).
- de: "1.234,56" and "22.11.2026".

A bilingual document is written the first language's way. Thousands are
separated by a no-break space where a space is used, so an amount never wraps.
"""

import datetime as dt
from decimal import Decimal

from faktura.documents.labels import languages
from faktura.invoicing import money

NBSP = "\u00a0"
# Thousands separator and decimal mark per language.
SEPARATORS = {"pl": (NBSP, ","), "uk": (NBSP, ","), "en": (",", "."), "de": (".", ",")}
DATE_FORMATS = {"pl": "%Y-%m-%d", "en": "%Y-%m-%d", "de": "%d.%m.%Y", "uk": "%d.%m.%Y"}


def _first(lang: str | None) -> str:
    return languages(lang)[0]


def _grouped(digits: str, separator: str) -> str:
    groups = []
    while len(digits) > 3:
        digits, tail = digits[:-3], digits[-3:]
        groups.insert(0, tail)
    return separator.join([digits, *groups])


def amount_text(amount: Decimal | None, lang: str | None) -> str:
    """Money rounded to the grosz with two decimals: "1 234,56"; None → ""."""
    if amount is None:
        return ""
    thousands, mark = SEPARATORS[_first(lang)]
    text = f"{money.round_money(amount):.2f}"
    sign, text = ("-", text[1:]) if text.startswith("-") else ("", text)
    whole, _, fraction = text.partition(".")
    return f"{sign}{_grouped(whole, thousands)}{mark}{fraction}"


def quantity_text(value: Decimal, lang: str | None) -> str:
    """A quantity without trailing zeros: "2", "1,5", "1 000"; never an exponent."""
    thousands, mark = SEPARATORS[_first(lang)]
    text = format(value.normalize(), "f")
    sign, text = ("-", text[1:]) if text.startswith("-") else ("", text)
    whole, _, fraction = text.partition(".")
    grouped = _grouped(whole, thousands)
    return f"{sign}{grouped}{mark}{fraction}" if fraction else f"{sign}{grouped}"


def date_text(value: dt.date | None, lang: str | None) -> str:
    return "" if value is None else value.strftime(DATE_FORMATS[_first(lang)])
