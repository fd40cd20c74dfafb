"""Tax numbers: NIP check digits, EU VAT formats, which numbers are checked at all."""

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from faktura.catalog import tax_numbers
from faktura.catalog.tax_numbers import Problem

nine_digits = st.text(alphabet="0123456789", min_size=9, max_size=9)


def _with_check_digit(first_nine: str) -> str | None:
    digit = tax_numbers.nip_check_digit(first_nine)
    return None if digit is None else first_nine + str(digit)


@given(first_nine=nine_digits)
def test_a_nip_completed_with_its_computed_check_digit_is_valid(first_nine):
    nip = _with_check_digit(first_nine)
    assume(nip is not None)
    assert tax_numbers.is_valid_nip(nip)
    assert tax_numbers.check(nip) is None
    assert tax_numbers.check("PL" + nip) is None


@given(first_nine=nine_digits, position=st.integers(0, 9), shift=st.integers(1, 9))
def test_changing_any_one_digit_of_a_valid_nip_makes_it_invalid(first_nine, position, shift):
    nip = _with_check_digit(first_nine)
    assume(nip is not None)
    changed = str((int(nip[position]) + shift) % 10)
    broken = nip[:position] + changed + nip[position + 1 :]
    assert not tax_numbers.is_valid_nip(broken)
    assert tax_numbers.check(broken) == tax_numbers.TaxNumberError(Problem.NIP_CHECKSUM)


@given(first_eight=st.text(alphabet="0123456789", min_size=8, max_size=8))
def test_nine_digits_whose_weighted_sum_gives_ten_complete_no_nip(first_eight):
    partial = sum(w * int(d) for w, d in zip(tax_numbers.NIP_WEIGHTS, first_eight, strict=False))
    # The ninth digit (weight 7) that brings the sum to 10 modulo 11; 8 is 7's inverse mod 11.
    ninth = (10 - partial) * 8 % 11
    assume(ninth < 10)
    first_nine = first_eight + str(ninth)
    assert tax_numbers.nip_check_digit(first_nine) is None
    assert not any(tax_numbers.is_valid_nip(first_nine + str(d)) for d in range(10))


def test_check_digit_of_known_numbers():
    # 5*6+2*5+5*7+2*2+4*3+4*4+5*5+7*6+6*7 = 216, 216 mod 11 = 7
    assert tax_numbers.nip_check_digit("525244576") == 7
    assert tax_numbers.nip_check_digit("627261668") == 1
    # 1*6 + 2*2 = 10: no tenth digit completes it.
    assert tax_numbers.nip_check_digit("100200000") is None


@pytest.mark.parametrize(
    "written",
    ["5252445767", "PL5252445767", "pl 525-244-57-67", "525 244 57 67", "PL 525.244.57.67"],
)
def test_a_nip_may_be_written_with_prefix_spaces_hyphens_and_dots(written):
    assert tax_numbers.is_valid_nip(written)
    assert tax_numbers.check(written) is None


@pytest.mark.parametrize(
    ("tax_no", "problem"),
    [
        ("5252445768", Problem.NIP_CHECKSUM),
        ("PL5252445768", Problem.NIP_CHECKSUM),
        ("62726166812", Problem.NIP_FORMAT),
        ("525244576", Problem.NIP_FORMAT),
        ("brak", Problem.NIP_FORMAT),
        ("52524457６7", Problem.NIP_FORMAT),  # a full-width digit is no digit of a NIP
    ],
)
def test_wrong_polish_numbers_are_refused_with_the_reason(tax_no, problem):
    assert tax_numbers.check(tax_no, country="PL") == tax_numbers.TaxNumberError(problem)


@pytest.mark.parametrize("country", ["", "PL", "pl", "Polska", "POLSKA", "Poland", " PL "])
def test_a_number_without_prefix_is_a_nip_in_poland_or_without_a_country(country):
    assert tax_numbers.check("5252445768", country=country) is not None
    assert tax_numbers.check("5252445767", country=country) is None


@pytest.mark.parametrize("country", ["DE", "Niemcy", "US", "GB"])
def test_a_number_without_prefix_and_with_a_foreign_country_is_not_checked(country):
    assert tax_numbers.check("123", country=country) is None


@pytest.mark.parametrize("kind", ["PESEL", "other", "empty", "REGON", "VAT"])
def test_numbers_of_other_kinds_are_not_checked(kind):
    assert tax_numbers.check("12345", country="PL", tax_no_kind=kind) is None


@pytest.mark.parametrize("kind", ["", "NIP", "nip", "nip_ue", "NIP UE", None])
def test_nip_kinds_are_checked(kind):
    assert tax_numbers.check("12345", country="PL", tax_no_kind=kind) is not None


@pytest.mark.parametrize(
    "number",
    [
        "ATU12345678",
        "BE0123456789",
        "BG123456789",
        "BG1234567890",
        "CY12345678X",
        "CZ12345678",
        "CZ1234567890",
        "DE123456789",
        "DK12345678",
        "EE123456789",
        "EL123456789",
        "GR123456789",
        "ESX1234567X",
        "ES12345678Z",
        "FI12345678",
        "FRXX123456789",
        "FR12345678901",
        "HR12345678901",
        "HU12345678",
        "IE1234567T",
        "IE1234567WA",
        "IE1X23456W",
        "IT12345678901",
        "LT123456789",
        "LT123456789012",
        "LU12345678",
        "LV12345678901",
        "MT12345678",
        "NL123456789B01",
        "PT123456789",
        "RO12",
        "RO1234567890",
        "SE123456789001",
        "SI12345678",
        "SK1234567890",
        "XI123456789",
        "XI123456789012",
        "XIGD123",
        "de 123-456-789",
    ],
)
def test_eu_vat_numbers_of_the_right_format_pass(number):
    assert tax_numbers.check(number, country="PL") is None


@pytest.mark.parametrize(
    ("number", "prefix", "example"),
    [
        ("AT12345678", "AT", "ATU12345678"),
        ("BE2123456789", "BE", "BE0123456789"),
        ("DE12345678", "DE", "DE123456789"),
        ("DE1234567890", "DE", "DE123456789"),
        ("EL12345678", "EL", "EL123456789"),
        ("GR12345678", "EL", "EL123456789"),
        ("FRIX123456789", "FR", "FRXX123456789"),
        ("NL123456789A01", "NL", "NL123456789B01"),
        ("RO0123", "RO", "RO12345678"),
        ("SE123456789012", "SE", "SE123456789001"),
        ("XI12345678", "XI", "XI123456789"),
    ],
)
def test_eu_vat_numbers_of_the_wrong_format_are_refused_naming_the_country(number, prefix, example):
    assert tax_numbers.check(number) == tax_numbers.TaxNumberError(
        Problem.EU_FORMAT, prefix, example
    )


def test_every_eu_example_passes_its_own_format():
    for prefix, (_, example) in tax_numbers.EU_VAT_FORMATS.items():
        assert example.startswith(prefix)
        assert tax_numbers.check(example) is None


def test_non_eu_prefixes_are_not_checked():
    assert tax_numbers.check("GB123", country="") is None
    assert tax_numbers.check("CHE-123.456.788", country="") is None


def test_an_empty_number_is_fine():
    assert tax_numbers.check("", country="PL") is None
    assert tax_numbers.check(None) is None
    assert tax_numbers.check(" - ") is None


@pytest.mark.parametrize(
    ("tax_no", "country", "kind", "expected"),
    [
        ("5252445767", "", "", "PL5252445767"),
        ("525-244-57-67", "PL", "NIP", "PL5252445767"),
        ("pl 5252445767", "", "", "PL5252445767"),
        ("123456789", "DE", "nip_ue", "DE123456789"),
        ("123456789", "gr", "", "EL123456789"),
        ("DE123456789", "PL", "", "DE123456789"),
        ("12345", "US", "", "12345"),
        ("85010112345", "PL", "PESEL", "85010112345"),
        ("", "PL", "", None),
    ],
)
def test_number_with_country_prefix(tax_no, country, kind, expected):
    assert tax_numbers.with_country_prefix(tax_no, country=country, tax_no_kind=kind) == expected


@pytest.mark.parametrize(
    ("tax_no", "key"),
    [
        ("PL 525-244-57-67", "5252445767"),
        ("5252445767", "5252445767"),
        ("de123456789", "123456789"),
        ("brak", "BRAK"),
        ("", ""),
    ],
)
def test_search_key_drops_separators_and_the_country_prefix(tax_no, key):
    assert tax_numbers.search_key(tax_no) == key
