import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from faktura.invoicing.numbering import (
    DEFAULT_PATTERNS,
    MAX_COUNTER,
    MAX_LENGTH,
    Pattern,
    PatternError,
    default_pattern,
    parse_counter,
)

D = datetime.date
KINDS = [
    "vat",
    "proforma",
    "bill",
    "receipt",
    "advance",
    "final",
    "correction",
    "invoice_other",
    "vat_margin",
    "kp",
    "kw",
    "estimate",
    "vat_mp",
    "vat_rr",
    "correction_note",
    "accounting_note",
    "client_order",
    "dw",
    "wnt",
    "wdt",
    "import_service",
    "import_service_eu",
    "import_products",
    "export_products",
]


def number(pattern: str, counter: int, on: datetime.date) -> str:
    return Pattern.parse(pattern).format(counter, on)


def test_fakturownia_default_pattern_prints_the_recorded_numbers():
    assert number("nr-m/mm/yyyy", 1, D(2018, 1, 2)) == "1/01/2018"
    assert number("nr-m/mm/yyyy", 55, D(2018, 1, 31)) == "55/01/2018"
    assert number("Pnr-m/mm/yyyy", 3, D(2018, 1, 2)) == "P3/01/2018"
    assert number("FV/nr/yyyy", 1, D(2026, 2, 1)) == "FV/1/2026"


@pytest.mark.parametrize(
    ("pattern", "printed"),
    [
        ("nr/yyyy", "7/2026"),
        ("nr-m/mm/yyyy", "7/03/2026"),
        ("nr-d/dd/mm/yyyy", "7/09/03/2026"),
        ("nr-a", "7"),
        ("yyyy-nr", "2026-7"),
        ("nr/yy", "7/26"),
        ("nr-m/mm/yy", "7/03/26"),
        ("nr-d yyyymmdd", "7 20260309"),
    ],
)
def test_every_token_prints_its_value(pattern, printed):
    assert number(pattern, 7, D(2026, 3, 9)) == printed


@pytest.mark.parametrize(
    ("pattern", "printed"),
    [
        ("FV/nr-m/mm/yyyy", "FV/12/11/2026"),
        ("KOR nr-m/mm/yyyy", "KOR 12/11/2026"),
        ("Nr nr/yyyy/SKLEP-1", "Nr 12/2026/SKLEP-1"),
        ("Faktura nr-a (2026)", "Faktura 12 (2026)"),
        ("ZAŁ/nr/yyyy", "ZAŁ/12/2026"),
    ],
)
def test_anything_but_a_token_is_printed_as_written(pattern, printed):
    assert number(pattern, 12, D(2026, 11, 22)) == printed


@pytest.mark.parametrize(
    ("pattern", "counter", "printed"),
    [
        ("nr3/yyyy", 7, "007/2026"),
        ("nr-m4/mm/yyyy", 7, "0007/11/2026"),
        ("nr-d2/dd/mm/yyyy", 7, "07/22/11/2026"),
        ("nr-a6", 123, "000123"),
        ("nr3/yyyy", 1234, "1234/2026"),
        ("nr1/yyyy", 7, "7/2026"),
    ],
)
def test_a_digit_after_the_counter_pads_it_with_zeros(pattern, counter, printed):
    assert number(pattern, counter, D(2026, 11, 22)) == printed


@pytest.mark.parametrize(
    ("pattern", "reset", "printed"),
    [
        # A second m or d after the dash is the date token: the yearly counter, a dash, the date.
        ("nr-mm/yyyy", "year", "7-11/2026"),
        ("nr-dd/mm/yyyy", "year", "7-22/11/2026"),
        ("nr-m-mm/yyyy", "month", "7-11/2026"),
        ("yyyyy nr", "year", "2026y 7"),
        ("NR nr/yyyy", "year", "NR 7/2026"),
    ],
)
def test_ambiguous_spellings_read_as_documented(pattern, reset, printed):
    parsed = Pattern.parse(pattern)
    assert parsed.reset == reset
    assert parsed.format(7, D(2026, 11, 22)) == printed


@pytest.mark.parametrize(
    ("pattern", "reset"),
    [
        ("nr/yyyy", "year"),
        ("nr-m/mm/yyyy", "month"),
        ("nr-d/dd/mm/yyyy", "day"),
        ("nr-a", "never"),
        ("FV nr-a/yyyy", "never"),
    ],
)
def test_the_counter_token_sets_when_the_counter_starts_again(pattern, reset):
    assert Pattern.parse(pattern).reset == reset


@pytest.mark.parametrize(
    ("pattern", "on", "key"),
    [
        ("nr/yyyy", D(2026, 11, 22), "2026"),
        ("nr/yyyy", D(2026, 12, 31), "2026"),
        ("nr/yyyy", D(2027, 1, 1), "2027"),
        ("nr-m/mm/yyyy", D(2026, 11, 30), "2026-11"),
        ("nr-m/mm/yyyy", D(2026, 12, 1), "2026-12"),
        ("nr-m/mm/yyyy", D(2026, 12, 31), "2026-12"),
        ("nr-m/mm/yyyy", D(2027, 1, 1), "2027-01"),
        ("nr-d/dd/mm/yyyy", D(2026, 11, 22), "2026-11-22"),
        ("nr-d/dd/mm/yyyy", D(2026, 12, 31), "2026-12-31"),
        ("nr-d/dd/mm/yyyy", D(2027, 1, 1), "2027-01-01"),
        ("nr-d/dd/mm/yyyy", D(2028, 2, 29), "2028-02-29"),
        ("nr-a", D(2026, 11, 22), ""),
        ("nr-a", D(2027, 1, 1), ""),
        ("nr-m/mm/yyyy", D(987, 3, 1), "0987-03"),
    ],
)
def test_period_key_names_the_period_that_shares_a_counter(pattern, on, key):
    assert Pattern.parse(pattern).period_key(on) == key


def test_period_key_of_a_datetime_is_that_of_its_date():
    moment = datetime.datetime(2026, 12, 31, 23, 59, tzinfo=datetime.UTC)
    assert Pattern.parse("nr-d/dd/mm/yyyy").period_key(moment) == "2026-12-31"


@pytest.mark.parametrize(
    "pattern",
    ["", "FV/2026", "NR/mm/yyyy", "nr/nr-m/mm/yyyy", "nr-a nr-a", "nr-d/nr-d/dd/mm/yyyy"],
)
def test_a_pattern_needs_exactly_one_counter(pattern):
    with pytest.raises(PatternError, match="exactly one counter"):
        Pattern.parse(pattern)


@pytest.mark.parametrize(
    ("pattern", "message"),
    [
        ("FV/nr", "must contain the year \\(yyyy or yy\\), as its counter starts again every year"),
        ("nr/mm", "must contain the year"),
        ("nr-m/yyyy", "must contain the month \\(mm\\), as"),
        ("nr-m/mm", "must contain the year \\(yyyy or yy\\), as"),
        ("nr-d/mm/yyyy", "must contain the day \\(dd\\), as"),
        ("nr-d/yy", "must contain the month \\(mm\\) and the day \\(dd\\), as"),
    ],
)
def test_a_pattern_must_tell_its_periods_apart(pattern, message):
    with pytest.raises(PatternError, match=message):
        Pattern.parse(pattern)


def test_pattern_error_is_a_value_error():
    assert issubclass(PatternError, ValueError)


def test_a_pattern_has_a_length_limit():
    longest = "nr-a" + "X" * (MAX_LENGTH - 4)
    assert Pattern.parse(longest).text == longest
    with pytest.raises(PatternError, match="at most 60 characters"):
        Pattern.parse(longest + "X")


def test_a_pattern_must_be_text():
    with pytest.raises(PatternError, match="must be text"):
        Pattern.parse(None)


@pytest.mark.parametrize("counter", [0, -1, MAX_COUNTER + 1, True])
def test_format_refuses_counters_out_of_range(counter):
    with pytest.raises(ValueError, match="counter must be between 1 and 2147483647"):
        Pattern.parse("nr-a").format(counter, D(2026, 1, 1))


def test_a_pattern_prints_as_its_text():
    assert str(Pattern.parse("FV/nr/yyyy")) == "FV/nr/yyyy"


@pytest.mark.parametrize(
    ("kind", "printed"),
    [
        ("vat", "1/11/2026"),
        ("proforma", "P1/11/2026"),
        ("bill", "R/1/11/2026"),
        ("receipt", "PAR/1/11/2026"),
        ("advance", "FZAL/1/11/2026"),
        ("final", "FKON/1/11/2026"),
        ("correction", "KOR/1/11/2026"),
        ("invoice_other", "FI/1/11/2026"),
        ("vat_margin", "FM/1/11/2026"),
        ("kp", "KP/1/11/2026"),
        ("kw", "KW/1/11/2026"),
        ("estimate", "ZAM/1/11/2026"),
        ("vat_mp", "FMP/1/11/2026"),
        ("vat_rr", "FRR/1/11/2026"),
        ("correction_note", "NK/1/11/2026"),
        ("accounting_note", "NOTA/1/11/2026"),
        ("client_order", "DOK/1/11/2026"),
        ("dw", "DW/1/11/2026"),
        ("wnt", "WNT/1/11/2026"),
        ("wdt", "WDT/1/11/2026"),
        ("import_service", "IU/1/11/2026"),
        ("import_service_eu", "IUE/1/11/2026"),
        ("import_products", "IT/1/11/2026"),
        ("export_products", "EKS/1/11/2026"),
    ],
)
def test_every_kind_has_a_default_pattern_numbering_monthly(kind, printed):
    pattern = Pattern.parse(default_pattern(kind))
    assert pattern.reset == "month"
    assert pattern.format(1, D(2026, 11, 22)) == printed


def test_default_patterns_cover_exactly_the_document_kinds():
    assert sorted(DEFAULT_PATTERNS) == sorted(KINDS)


def test_default_patterns_of_different_kinds_print_different_numbers():
    printed = {Pattern.parse(p).format(1, D(2026, 11, 22)) for p in DEFAULT_PATTERNS.values()}
    assert len(printed) == len(DEFAULT_PATTERNS)


def test_an_unknown_kind_has_no_default_pattern():
    with pytest.raises(ValueError, match="no document kind 'canceled'"):
        default_pattern("canceled")


@pytest.mark.parametrize(
    ("pattern", "given", "counter"),
    [
        ("nr-m/mm/yyyy", "7/11/2026", 7),
        ("nr-m/mm/yyyy", "1234/11/2026", 1234),
        ("Pnr-m/mm/yyyy", "P3/11/2026", 3),
        ("nr3/yyyy", "007/2026", 7),
        ("nr3/yyyy", "1234/2026", 1234),
        ("nr-a", "2147483647", MAX_COUNTER),
        ("nr-mm/yyyy", "7-11/2026", 7),
        ("nr-m/mmyyyy", "7/112026", 7),
        ("mmnr-m/yyyy", "117/2026", 7),
    ],
)
def test_parse_counter_reads_a_number_that_fits_the_series(pattern, given, counter):
    assert parse_counter(given, Pattern.parse(pattern), D(2026, 11, 22)) == counter


@pytest.mark.parametrize(
    ("pattern", "given"),
    [
        ("nr-m/mm/yyyy", "7/10/2026"),  # another month
        ("nr-m/mm/yyyy", "7/11/2025"),  # another year
        ("nr-d/dd/mm/yyyy", "7/21/11/2026"),  # another day
        ("nr-m/mm/yyyy", "FV/7/11/2026"),  # another prefix
        ("nr-m/mm/yyyy", "7/11/2026 "),
        ("nr-m/mm/yyyy", "/11/2026"),  # no counter
        ("nr-m/mm/yyyy", "0/11/2026"),  # counters start at 1
        ("nr-m/mm/yyyy", "07/11/2026"),  # padding the pattern does not print
        ("nr3/yyyy", "7/2026"),  # no padding where the pattern prints it
        ("nr3/yyyy", "0007/2026"),
        ("nr-m/mm/yyyy", "-7/11/2026"),
        ("nr-m/mm/yyyy", "+7/11/2026"),
        ("nr-m/mm/yyyy", " 7/11/2026"),
        ("nr-m/mm/yyyy", "7a/11/2026"),
        ("nr-m/mm/yyyy", "\u0667/11/2026"),  # an Arabic-Indic seven
        ("nr-m/mm/yyyy", "²/11/2026"),
        ("nr-a", "2147483648"),  # beyond what a counter can hold
        ("nr-a", "9" * 5000),
        ("nr-m/mm/yyyy", ""),
        ("nr-m/mm/yyyy", "11/2026"),
    ],
)
def test_parse_counter_refuses_a_number_outside_the_series(pattern, given):
    assert parse_counter(given, Pattern.parse(pattern), D(2026, 11, 22)) is None


# Patterns built from every token and literals that cannot form a token.
literals = st.text(alphabet="ABCFKNPRVZŁ0123456789/-_ .#()", min_size=1, max_size=4)
counters = st.sampled_from(["nr", "nr-m", "nr-d", "nr-a", "nr3", "nr-m5", "nr-d2", "nr-a9"])
dates = st.sampled_from(["yyyy", "yy", "mm", "dd"])


@st.composite
def patterns(draw) -> Pattern:
    counter = draw(counters)
    needed = {"nr": ["yyyy"], "nr-m": ["yyyy", "mm"], "nr-d": ["yy", "mm", "dd"], "nr-a": []}
    tokens = [counter, *needed[counter.rstrip("0123456789")]]
    tokens += draw(st.lists(dates | literals, max_size=4))
    text = "".join(draw(st.permutations(tokens)))[:MAX_LENGTH]
    try:
        return Pattern.parse(text)
    except PatternError:
        # A truncated or token-merging join: fall back to the plain pattern.
        return Pattern.parse(counter + "/dd/mm/yyyy")


@given(
    pattern=patterns(),
    counter=st.integers(min_value=1, max_value=MAX_COUNTER),
    on=st.dates(min_value=D(1000, 1, 1), max_value=D(9999, 12, 31)),
)
def test_parse_counter_reads_back_every_printed_number(pattern, counter, on):
    assert parse_counter(pattern.format(counter, on), pattern, on) == counter


@given(
    pattern=patterns(),
    counter=st.integers(min_value=1, max_value=10**6),
    on=st.dates(min_value=D(2000, 1, 1), max_value=D(2099, 12, 30)),
)
def test_numbers_of_different_periods_never_collide(pattern, counter, on):
    later = on + datetime.timedelta(days=1)
    if pattern.period_key(later) != pattern.period_key(on):
        assert pattern.format(counter, later) != pattern.format(counter, on)
        assert parse_counter(pattern.format(counter, on), pattern, later) is None
