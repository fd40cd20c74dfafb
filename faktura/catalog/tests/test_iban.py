"""Bank account numbers: normalization and the IBAN check (pure, no database)."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from faktura.catalog import iban

VALID = [
    "PL61 1090 1014 0000 0712 1981 2874",
    "DE89 3704 0044 0532 0130 00",
    "GB82 WEST 1234 5698 7654 32",
    "FR14 2004 1010 0505 0001 3M02 606",
    "NL91 ABNA 0417 1643 00",
    "CH93 0076 2011 6238 5295 7",
    "NO93 8601 1117 947",
    "MT84 MALT 0110 0001 2345 MTLC AST0 01S",
]


@pytest.mark.parametrize("number", VALID)
def test_published_example_ibans_are_valid(number):
    assert iban.iban_is_valid(iban.normalize(number))


def test_normalize_removes_spaces_and_hyphens_and_upper_cases():
    assert iban.normalize(" pl61 1090-1014 0000\t0712 1981 2874 ") == "PL61109010140000071219812874"


def test_a_bare_nrb_gets_the_polish_prefix():
    assert iban.normalize("61 1090 1014 0000 0712 1981 2874") == "PL61109010140000071219812874"


def test_other_formats_are_only_compacted():
    assert iban.normalize("021000021 1234-5678") == "02100002112345678"


@pytest.mark.parametrize(
    "number",
    [
        "PL61 1090 1014 0000 0712 1981 2875",  # last digit changed
        "PL16 1090 1014 0000 0712 1981 2874",  # check digits swapped
        "61 1090 1014 0000 0712 1981 2875",  # an NRB with a typo
        "PL61 1090 1014 0000 0712 1981 287",  # too short for Poland
        "DE89 3704 0044 0532 0130 0000",  # too long for Germany
        "PL00 0000 0000 0000 0000 0000 0000",  # check digits 00 never occur
    ],
)
def test_wrong_ibans_and_nrbs_are_refused(number):
    assert not iban.is_acceptable(number)


@pytest.mark.parametrize(
    "number",
    [
        "021000021 123456789",  # US routing number + account number
        "062-000 12345678",  # Australian BSB + account
        "1234567890",  # digits of another length than an NRB's 26
        "PL 1234",  # too short to claim to be an IBAN
    ],
)
def test_numbers_of_other_formats_are_accepted_as_they_are(number):
    assert not iban.is_iban_shaped(iban.normalize(number))
    assert iban.is_acceptable(number)


def test_an_iban_of_a_country_without_a_known_length_gets_the_checksum_only():
    bban = "12345678901234"
    valid = "ZZ" + iban.check_digits("ZZ", bban) + bban
    assert iban.iban_is_valid(valid)
    assert not iban.iban_is_valid(valid[:-1] + "5")


def test_check_digits_rebuild_a_known_iban():
    assert iban.check_digits("PL", "109010140000071219812874") == "61"
    assert iban.check_digits("GB", "WEST12345698765432") == "82"


@st.composite
def valid_ibans(draw):
    country = draw(st.sampled_from(sorted(iban.IBAN_LENGTHS)))
    alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    length = iban.IBAN_LENGTHS[country] - 4
    bban = draw(st.text(alphabet=alphabet, min_size=length, max_size=length))
    return country + iban.check_digits(country, bban) + bban


@given(valid_ibans())
def test_generated_ibans_are_valid(number):
    assert iban.iban_is_valid(number)


@given(valid_ibans(), st.data())
def test_changing_any_one_digit_of_a_valid_iban_makes_it_invalid(number, data):
    digit_positions = [i for i, char in enumerate(number) if char.isdigit()]
    position = data.draw(st.sampled_from(digit_positions))
    replacement = data.draw(st.sampled_from([d for d in "0123456789" if d != number[position]]))
    changed = number[:position] + replacement + number[position + 1 :]
    assert not iban.iban_is_valid(changed)
    assert not iban.is_acceptable(changed)
