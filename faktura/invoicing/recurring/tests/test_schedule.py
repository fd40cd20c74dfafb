"""The schedule's dates: periods from the anchor, month ends, Polish holidays."""

import calendar
import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from faktura.invoicing.recurring import holidays, schedule
from faktura.invoicing.recurring.schedule import Every, nth_date, parse_every

D = dt.date


@pytest.mark.parametrize(
    ("text", "every"),
    [("1m", Every(1, "m")), ("2w", Every(2, "w")), (" 3m ", Every(3, "m")), ("1y", Every(1, "y"))],
)
def test_every_is_a_count_and_a_unit(text, every):
    assert parse_every(text) == every
    assert str(every) == text.strip()


@pytest.mark.parametrize("text", ["", "m", "0m", "1q", "1000d", "-1m", "1.5m", None, "1 month"])
def test_anything_else_is_no_period(text):
    assert parse_every(text) is None


def test_a_month_end_anchor_falls_on_each_months_last_day_and_comes_back():
    dates = [nth_date(D(2026, 1, 31), Every(1, "m"), n) for n in range(5)]
    assert dates == [D(2026, 1, 31), D(2026, 2, 28), D(2026, 3, 31), D(2026, 4, 30), D(2026, 5, 31)]
    assert nth_date(D(2024, 1, 30), Every(1, "m"), 1) == D(2024, 2, 29)


def test_weeks_days_quarters_and_years():
    assert nth_date(D(2026, 11, 22), Every(2, "w"), 3) == D(2027, 1, 3)
    assert nth_date(D(2026, 12, 30), Every(1, "d"), 3) == D(2027, 1, 2)
    assert nth_date(D(2026, 11, 30), Every(3, "m"), 1) == D(2027, 2, 28)
    leap = [nth_date(D(2024, 2, 29), Every(1, "y"), n) for n in range(5)]
    assert leap == [D(2024, 2, 29), D(2025, 2, 28), D(2026, 2, 28), D(2027, 2, 28), D(2028, 2, 29)]


@given(
    anchor=st.dates(min_value=D(2000, 1, 1), max_value=D(2100, 12, 31)),
    count=st.integers(1, 12),
    n=st.integers(0, 120),
)
def test_a_monthly_date_keeps_the_anchors_day_or_the_months_last(anchor, count, n):
    date = nth_date(anchor, Every(count, "m"), n)
    months = (date.year - anchor.year) * 12 + date.month - anchor.month
    assert months == count * n
    assert date.day == min(anchor.day, calendar.monthrange(date.year, date.month)[1])


@given(
    anchor=st.dates(min_value=D(2000, 1, 1), max_value=D(2100, 12, 31)),
    every=st.builds(Every, st.integers(1, 30), st.sampled_from("dwmy")),
    day=st.dates(min_value=D(1990, 1, 1), max_value=D(2150, 12, 31)),
)
def test_the_first_step_after_a_day_is_exactly_the_first_date_after_it(anchor, every, day):
    n = schedule.first_step_after(anchor, every, day)
    assert nth_date(anchor, every, n) > day
    if n > 0:
        assert nth_date(anchor, every, n - 1) <= day


@pytest.mark.parametrize(
    ("year", "easter"),
    [
        (2000, D(2000, 4, 23)),
        (2019, D(2019, 4, 21)),
        (2024, D(2024, 3, 31)),
        (2025, D(2025, 4, 20)),
        (2026, D(2026, 4, 5)),
        (2027, D(2027, 3, 28)),
        (2038, D(2038, 4, 25)),
    ],
)
def test_easter_sunday(year, easter):
    assert holidays.easter_sunday(year) == easter


def test_the_holidays_of_2026():
    expected = {
        D(2026, 1, 1),
        D(2026, 1, 6),
        D(2026, 4, 5),
        D(2026, 4, 6),
        D(2026, 5, 1),
        D(2026, 5, 3),
        D(2026, 5, 24),
        D(2026, 6, 4),
        D(2026, 8, 15),
        D(2026, 11, 1),
        D(2026, 11, 11),
        D(2026, 12, 24),
        D(2026, 12, 25),
        D(2026, 12, 26),
    }
    assert holidays.holidays(2026) == expected
    assert D(2024, 12, 24) not in holidays.holidays(2024)  # a working day until 2025


@pytest.mark.parametrize(
    ("day", "issued"),
    [
        (D(2026, 11, 20), D(2026, 11, 20)),  # a Friday
        (D(2026, 11, 21), D(2026, 11, 23)),  # Saturday → Monday
        (D(2026, 11, 1), D(2026, 11, 2)),  # All Saints, a Sunday
        (D(2026, 11, 11), D(2026, 11, 12)),  # Independence Day, a Wednesday
        (D(2026, 12, 24), D(2026, 12, 28)),  # Christmas Eve, Christmas, a weekend
        (D(2026, 4, 5), D(2026, 4, 7)),  # Easter Sunday and Monday
        (D(2026, 6, 4), D(2026, 6, 5)),  # Corpus Christi
    ],
)
def test_working_day_only_moves_to_the_next_working_day(day, issued):
    assert schedule.issue_date(day, working_day_only=True) == issued
    assert schedule.issue_date(day, working_day_only=False) == day
