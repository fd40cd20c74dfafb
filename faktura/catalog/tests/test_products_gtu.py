"""GTU codes (faktura.catalog.gtu): a pure module, no database."""

import pytest

from faktura.catalog.gtu import GTU_CODES, GtuError, parse_gtu_codes


def test_there_are_thirteen_codes():
    assert GTU_CODES[0] == "GTU_01"
    assert GTU_CODES[-1] == "GTU_13"
    assert len(GTU_CODES) == 13


@pytest.mark.parametrize(
    ("raw", "codes"),
    [
        (None, []),
        ("", []),
        ([], []),
        ("gtu_01", ["GTU_01"]),
        (" GTU_10 ", ["GTU_10"]),
        ("GTU_01, gtu_02;GTU_03 GTU_04", ["GTU_01", "GTU_02", "GTU_03", "GTU_04"]),
        (["gtu_12", "GTU_01", "Gtu_12"], ["GTU_12", "GTU_01"]),
        (("GTU_13", ""), ["GTU_13"]),
    ],
)
def test_codes_are_read_upper_case_in_order_without_repeats(raw, codes):
    assert parse_gtu_codes(raw) == codes


@pytest.mark.parametrize(
    ("raw", "invalid"),
    [
        (["GTU_14"], "GTU_14"),
        ("GTU_1", "GTU_1"),
        ("GTU_01,XYZ", "XYZ"),
        ([" gtu_99 "], "gtu_99"),
        ([1], None),
        (7, None),
        ({"GTU_01": True}, None),
    ],
)
def test_anything_else_is_refused_naming_the_item(raw, invalid):
    with pytest.raises(GtuError) as error:
        parse_gtu_codes(raw)
    assert error.value.invalid == invalid
