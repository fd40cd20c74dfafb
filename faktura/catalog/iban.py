"""Bank account numbers: normalization and the IBAN checksum. No Django imports.

What is checked, and why no more:

- A number shaped like an IBAN (two letters, two check digits, 11 to 30 letters or digits)
  must pass the ISO 13616 / ISO 7064 mod-97-10 check, and for the countries in
  `IBAN_LENGTHS` also have that country's length.
- A Polish NRB (26 digits, the form Polish banks print) is the IBAN without "PL": it gets
  the prefix and the same check.
- Anything else is accepted as it is. The API also serves InvoiceOcean users abroad, whose
  accounts have no IBAN (a US routing + account number, a Canadian transit number, an
  Australian BSB + account): refusing them would make those sellers unable to print their
  own bank details. Typing errors in such numbers are theirs to see on the invoice.

`normalize` gives the deduplication key the reference describes: spaces and hyphens
removed, upper case, the country prefix added to a bare NRB.
"""

import re

# ISO 13616 lengths by country, from the SWIFT IBAN Registry. Countries that joined the
# registry recently and whose length has changed since (or that we could not confirm) are
# left out on purpose: their IBANs get the mod-97 check only, which is still complete
# against single-digit mistakes, and a valid number is never refused for a wrong length.
IBAN_LENGTHS: dict[str, int] = {
    "AD": 24,
    "AE": 23,
    "AL": 28,
    "AT": 20,
    "AZ": 28,
    "BA": 20,
    "BE": 16,
    "BG": 22,
    "BH": 22,
    "BR": 29,
    "BY": 28,
    "CH": 21,
    "CR": 22,
    "CY": 28,
    "CZ": 24,
    "DE": 22,
    "DK": 18,
    "DO": 28,
    "EE": 20,
    "EG": 29,
    "ES": 24,
    "FI": 18,
    "FO": 18,
    "FR": 27,
    "GB": 22,
    "GE": 22,
    "GI": 23,
    "GL": 18,
    "GR": 27,
    "GT": 28,
    "HR": 21,
    "HU": 28,
    "IE": 22,
    "IL": 23,
    "IQ": 23,
    "IS": 26,
    "IT": 27,
    "JO": 30,
    "KW": 30,
    "KZ": 20,
    "LB": 28,
    "LC": 32,
    "LI": 21,
    "LT": 20,
    "LU": 20,
    "LV": 21,
    "LY": 25,
    "MC": 27,
    "MD": 24,
    "ME": 22,
    "MK": 19,
    "MR": 27,
    "MT": 31,
    "MU": 30,
    "NL": 18,
    "NO": 15,
    "PK": 24,
    "PL": 28,
    "PS": 29,
    "PT": 25,
    "QA": 29,
    "RO": 24,
    "RS": 22,
    "RU": 33,
    "SA": 24,
    "SC": 31,
    "SD": 18,
    "SE": 24,
    "SI": 19,
    "SK": 24,
    "SM": 27,
    "ST": 25,
    "SV": 28,
    "TL": 23,
    "TN": 24,
    "TR": 26,
    "UA": 29,
    "VA": 22,
    "VG": 24,
    "XK": 20,
}

_SEPARATORS = re.compile(r"[\s\-\u2010-\u2015]+")
_NRB = re.compile(r"[0-9]{26}")
_IBAN_SHAPE = re.compile(r"[A-Z]{2}[0-9]{2}[A-Z0-9]{11,30}")


def normalize(number: str) -> str:
    """The comparable form: no spaces or hyphens, upper case, "PL" before a bare NRB.

    "pl61 1090-1014 0000 0712 1981 2874" and "61109010140000071219812874" both give
    "PL61109010140000071219812874".
    """
    compact = _SEPARATORS.sub("", number).upper()
    if _NRB.fullmatch(compact):
        return "PL" + compact
    return compact


def is_iban_shaped(normalized: str) -> bool:
    """Whether a normalized number claims to be an IBAN (and so must pass its check)."""
    return bool(_IBAN_SHAPE.fullmatch(normalized))


def _mod97(text: str) -> int:
    # Letters count as two digits, A=10 … Z=35 (ISO 7064 as ISO 13616 applies it).
    digits = "".join(str(int(char, 36)) for char in text)
    return int(digits) % 97


def iban_is_valid(normalized: str) -> bool:
    """ISO 13616: the country's length (when known) and mod-97 of the rearranged number is 1.

    Check digits are 02 to 98 by construction; 00, 01 and 99 never come out of the
    algorithm, so a number carrying them is refused even though 99 ≡ 02 (mod 97).
    """
    if not is_iban_shaped(normalized):
        return False
    expected_length = IBAN_LENGTHS.get(normalized[:2])
    if expected_length is not None and len(normalized) != expected_length:
        return False
    if not 2 <= int(normalized[2:4]) <= 98:
        return False
    return _mod97(normalized[4:] + normalized[:4]) == 1


def is_acceptable(number: str) -> bool:
    """Whether a number may be stored: a valid IBAN or NRB, or a number of another format."""
    normalized = normalize(number)
    return not is_iban_shaped(normalized) or iban_is_valid(normalized)


def check_digits(country: str, bban: str) -> str:
    """The two check digits that make `country` + digits + `bban` a valid IBAN."""
    return f"{98 - _mod97(bban.upper() + country.upper() + '00'):02d}"
