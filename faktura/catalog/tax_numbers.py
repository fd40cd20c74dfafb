"""Tax identification numbers: Polish NIP and EU VAT numbers. No Django imports.

What is checked, and how:

- Only numbers whose kind (`tax_no_kind`) is empty, "NIP" or "nip_ue" (any case) are
  checked; "PESEL", "REGON", "other", "empty" and any other kind are taken as given.
- Spaces, hyphens and dots are ignored and letters are upper-cased:
  "pl 525-244-57-67" is read as "PL5252445767".
- A number starting with two letters carries a country prefix:
  - "PL": a Polish NIP, checked by its check digit (below);
  - another EU prefix from `EU_VAT_FORMATS` ("EL" is Greece, "XI" Northern Ireland;
    "GR", Greece's ISO code, is read as "EL"): checked against that country's
    FORMAT only (length and character classes); their check digits are not verified;
  - any other two letters followed by a digit (GB, CH, NO, US…): a non-EU number, not
    checked.
- A number without a prefix is a Polish NIP when the country is empty or Poland
  ("PL", "POL", "Polska", "Poland", any case), and is checked as one. With a foreign
  country it is not checked: nothing says which country's rules apply to it.

NIP check digit: the first nine digits are weighted 6, 5, 7, 2, 3, 4, 5, 6, 7; the sum
modulo 11 is the tenth digit. A sum giving 10 is never a valid NIP (the tax office does
not issue such numbers).
"""

import re
from dataclasses import dataclass
from enum import Enum

NIP_WEIGHTS = (6, 5, 7, 2, 3, 4, 5, 6, 7)

# What follows the prefix, by EU VAT prefix, with an example of a whole number. Formats
# after the European Commission's VIES documentation.
EU_VAT_FORMATS: dict[str, tuple[str, str]] = {
    "AT": (r"U\d{8}", "ATU12345678"),
    "BE": (r"[01]\d{9}", "BE0123456789"),
    "BG": (r"\d{9,10}", "BG123456789"),
    "CY": (r"\d{8}[A-Z]", "CY12345678X"),
    "CZ": (r"\d{8,10}", "CZ12345678"),
    "DE": (r"\d{9}", "DE123456789"),
    "DK": (r"\d{8}", "DK12345678"),
    "EE": (r"\d{9}", "EE123456789"),
    "EL": (r"\d{9}", "EL123456789"),
    "ES": (r"[A-Z0-9]\d{7}[A-Z0-9]", "ESX1234567X"),
    "FI": (r"\d{8}", "FI12345678"),
    "FR": (r"[A-HJ-NP-Z0-9]{2}\d{9}", "FRXX123456789"),
    "HR": (r"\d{11}", "HR12345678901"),
    "HU": (r"\d{8}", "HU12345678"),
    "IE": (r"\d{7}[A-W][A-IW]?|\d[A-Z+*]\d{5}[A-W]", "IE1234567T"),
    "IT": (r"\d{11}", "IT12345678901"),
    "LT": (r"\d{9}|\d{12}", "LT123456789"),
    "LU": (r"\d{8}", "LU12345678"),
    "LV": (r"\d{11}", "LV12345678901"),
    "MT": (r"\d{8}", "MT12345678"),
    "NL": (r"\d{9}B\d{2}", "NL123456789B01"),
    "PL": (r"\d{10}", "PL5252445767"),
    "PT": (r"\d{9}", "PT123456789"),
    "RO": (r"[1-9]\d{1,9}", "RO12345678"),
    "SE": (r"\d{10}01", "SE123456789001"),
    "SI": (r"\d{8}", "SI12345678"),
    "SK": (r"\d{10}", "SK1234567890"),
    "XI": (r"\d{9}|\d{12}|GD\d{3}|HA\d{3}", "XI123456789"),
}
_EU_PATTERNS = {prefix: re.compile(pattern) for prefix, (pattern, _) in EU_VAT_FORMATS.items()}
# ISO 3166 codes whose VAT prefix differs.
_PREFIX_ALIASES = {"GR": "EL"}

CHECKED_KINDS = frozenset({"", "nip", "nip_ue"})
POLAND = frozenset({"", "PL", "POL", "POLSKA", "POLAND"})

_IGNORED = re.compile(r"[\s\-.]")
_PREFIX = re.compile(r"([A-Z]{2})(?=.*\d)")


class Problem(Enum):
    """Why a tax number was refused."""

    NIP_FORMAT = "nip_format"  # not ten digits
    NIP_CHECKSUM = "nip_checksum"  # ten digits, wrong check digit
    EU_FORMAT = "eu_format"  # an EU prefix with a number of the wrong shape


@dataclass(frozen=True)
class TaxNumberError:
    problem: Problem
    prefix: str = "PL"
    example: str = "PL5252445767"


def normalize(tax_no: str | None) -> str:
    """Upper-case, without spaces, hyphens and dots: "pl 525-244-57-67" → "PL5252445767"."""
    return _IGNORED.sub("", tax_no or "").upper()


def split_prefix(tax_no: str | None) -> tuple[str, str]:
    """(country prefix or "", the rest) of a number: "PL5252445767" → ("PL", "5252445767").

    Two leading letters are a prefix only when a digit follows somewhere, so a word like
    "brak" ("none") is not read as a number from the country "BR".
    """
    value = normalize(tax_no)
    match = _PREFIX.match(value)
    if match is None:
        return "", value
    return match[1], value[2:]


def search_key(tax_no: str | None) -> str:
    """The number without separators and without its country prefix, for comparisons."""
    return split_prefix(tax_no)[1]


def nip_check_digit(first_nine: str) -> int | None:
    """The tenth digit of a NIP starting with these nine digits; None when there is none."""
    total = sum(weight * int(digit) for weight, digit in zip(NIP_WEIGHTS, first_nine, strict=True))
    remainder = total % 11
    return None if remainder == 10 else remainder


def is_valid_nip(tax_no: str | None) -> bool:
    """Whether a number (with or without "PL", separators allowed) is a valid Polish NIP."""
    prefix, digits = split_prefix(tax_no)
    return prefix in ("", "PL") and _nip_problem(digits) is None


def _nip_problem(digits: str) -> Problem | None:
    if not (len(digits) == 10 and digits.isascii() and digits.isdigit()):
        return Problem.NIP_FORMAT
    if nip_check_digit(digits[:9]) != int(digits[9]):
        return Problem.NIP_CHECKSUM
    return None


def is_polish(country: str | None) -> bool:
    return (country or "").strip().upper() in POLAND


def is_checked_kind(tax_no_kind: str | None) -> bool:
    """Whether numbers of this kind are VAT numbers: "", "NIP", "nip_ue" ("NIP UE" too)."""
    return re.sub(r"[\s\-]+", "_", (tax_no_kind or "").strip().lower()) in CHECKED_KINDS


def check(
    tax_no: str | None, *, country: str | None = "", tax_no_kind: str | None = ""
) -> TaxNumberError | None:
    """None when the number is acceptable (or not ours to check), else what is wrong."""
    if not is_checked_kind(tax_no_kind):
        return None
    prefix, rest = split_prefix(tax_no)
    if not prefix and not rest:
        return None
    prefix = _PREFIX_ALIASES.get(prefix, prefix)
    if prefix == "PL" or (not prefix and is_polish(country)):
        problem = _nip_problem(rest)
        return None if problem is None else TaxNumberError(problem)
    if prefix in _EU_PATTERNS:
        if _EU_PATTERNS[prefix].fullmatch(rest):
            return None
        return TaxNumberError(Problem.EU_FORMAT, prefix, EU_VAT_FORMATS[prefix][1])
    return None


def with_country_prefix(
    tax_no: str | None, *, country: str | None = "", tax_no_kind: str | None = ""
) -> str | None:
    """The number as `tax_no_check` shows it: country prefix plus number ("PL5252445767").

    A number that has a prefix keeps it; one without gets "PL" when the country is Poland
    (or empty), or the country's VAT prefix when the country is an EU country code
    ("DE", "GR" → "EL"). Other numbers, and numbers of kinds that are no VAT numbers
    (PESEL…), are shown without separators only. None when there is no number.
    """
    prefix, rest = split_prefix(tax_no)
    if not prefix and not rest:
        return None
    if prefix or not is_checked_kind(tax_no_kind):
        return prefix + rest
    if is_polish(country):
        return "PL" + rest
    code = (country or "").strip().upper()
    code = _PREFIX_ALIASES.get(code, code)
    return code + rest if code in EU_VAT_FORMATS else rest
