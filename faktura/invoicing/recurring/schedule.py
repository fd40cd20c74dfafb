"""When a recurring invoice falls due: the reference's `every` and the dates it gives.

`every` is a count and a unit: `1d` (days), `2w` (weeks), `1m` (months), `3m`,
`1y` (years). The n-th date of a schedule is computed from its anchor, never by
adding a period to the previous date, so a schedule starting on the 31st falls on
the last day of shorter months and returns to the 31st after them (31 Jan → 28 Feb →
31 Mar). With `working_day_only` a date on a weekend or public holiday moves to the
next working day; the schedule itself does not move. Pure functions: no Django.
"""

import calendar
import datetime as dt
import re
from dataclasses import dataclass

from faktura.invoicing.recurring.holidays import next_working_day

EVERY = re.compile(r"^\s*(\d{1,3})\s*([dwmy])\s*$")
UNITS = {"d": "days", "w": "weeks", "m": "months", "y": "years"}
EVERY_HELP = "a number (1-999) and a unit: d (days), w (weeks), m (months), y (years), e.g. 1m"


@dataclass(frozen=True)
class Every:
    count: int
    unit: str  # "d", "w", "m" or "y"

    def __str__(self) -> str:
        return f"{self.count}{self.unit}"


def parse_every(text: str | None) -> Every | None:
    """The period `text` names ("1m", "2w", …), or None when it names none."""
    match = EVERY.match(text or "")
    if match is None or int(match[1]) == 0:
        return None
    return Every(int(match[1]), match[2])


def add_months(day: dt.date, months: int) -> dt.date:
    """`day` moved by `months`, on the same day of the month or the month's last day."""
    month_index = day.year * 12 + day.month - 1 + months
    year, month = divmod(month_index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return dt.date(year, month + 1, min(day.day, last))


def nth_date(anchor: dt.date, every: Every, n: int) -> dt.date:
    """The schedule's n-th date (n = 0 is the anchor itself)."""
    steps = every.count * n
    if every.unit == "d":
        return anchor + dt.timedelta(days=steps)
    if every.unit == "w":
        return anchor + dt.timedelta(weeks=steps)
    if every.unit == "m":
        return add_months(anchor, steps)
    return add_months(anchor, 12 * steps)


def issue_date(nominal: dt.date, *, working_day_only: bool) -> dt.date:
    """The day a period dated `nominal` is issued on."""
    return next_working_day(nominal) if working_day_only else nominal


def first_step_after(anchor: dt.date, every: Every, day: dt.date) -> int:
    """The first n whose date is after `day` (0 when the anchor itself is)."""
    if anchor > day:
        return 0
    # A guess from the average length of the unit, then a walk to the exact step.
    unit_days = {"d": 1, "w": 7, "m": 30.436875, "y": 365.2425}[every.unit] * every.count
    n = max(int((day - anchor).days / unit_days) - 1, 0)
    while nth_date(anchor, every, n) > day and n > 0:
        n -= 1
    while nth_date(anchor, every, n) <= day:
        n += 1
    return n
