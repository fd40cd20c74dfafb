"""Polish public holidays (days free from work, Act of 18 January 1951), computed.

Fixed days, and the movable ones that follow Easter: Easter Sunday and Monday,
Pentecost Sunday (Easter + 49 days) and Corpus Christi (Easter + 60 days).
Christmas Eve (24 December) is free from 2025 on. Pure functions: no Django.
"""

import datetime as dt
from functools import cache

FIXED = (
    (1, 1),  # New Year
    (1, 6),  # Epiphany
    (5, 1),  # Labour Day
    (5, 3),  # Constitution Day
    (8, 15),  # Assumption
    (11, 1),  # All Saints
    (11, 11),  # Independence Day
    (12, 25),  # Christmas
    (12, 26),  # Second day of Christmas
)
CHRISTMAS_EVE_FROM = 2025
EASTER_OFFSETS = (0, 1, 49, 60)  # Sunday, Monday, Pentecost, Corpus Christi


def easter_sunday(year: int) -> dt.date:
    """Western Easter Sunday of `year` (the Gregorian computus of Meeus/Jones/Butcher)."""
    golden = year % 19
    century, year_of_century = divmod(year, 100)
    leap_centuries, century_rest = divmod(century, 4)
    correction = (century + 8) // 25
    moon_correction = (century - correction + 1) // 3
    epact = (19 * golden + century - leap_centuries - moon_correction + 15) % 30
    leap_years, year_rest = divmod(year_of_century, 4)
    weekday = (32 + 2 * century_rest + 2 * leap_years - epact - year_rest) % 7
    shift = (golden + 11 * epact + 22 * weekday) // 451
    month, day = divmod(epact + weekday - 7 * shift + 114, 31)
    return dt.date(year, month, day + 1)


@cache
def holidays(year: int) -> frozenset[dt.date]:
    days = {dt.date(year, month, day) for month, day in FIXED}
    if year >= CHRISTMAS_EVE_FROM:
        days.add(dt.date(year, 12, 24))
    easter = easter_sunday(year)
    days.update(easter + dt.timedelta(days=offset) for offset in EASTER_OFFSETS)
    return frozenset(days)


def is_working_day(day: dt.date) -> bool:
    """Monday to Friday, and not a public holiday."""
    return day.weekday() < 5 and day not in holidays(day.year)


def next_working_day(day: dt.date) -> dt.date:
    """`day` itself when it is a working day, else the first working day after it."""
    while not is_working_day(day):
        day += dt.timedelta(days=1)
    return day
