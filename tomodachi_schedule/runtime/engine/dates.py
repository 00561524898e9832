"""Local day numbers and month keys: the one place that says how a date becomes a number.

A local day is counted in days since 1970-01-01; a month is the key ``year * 16 + month``
(`month_key`), the key of every month-mask cache. `day_entry` turns a day number into its date,
its month's key and its day of the month, from a process-wide cache.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

EPOCH_ORDINAL = date(1970, 1, 1).toordinal()
FIRST_DAY = date.min.toordinal() - EPOCH_ORDINAL  # 0001-01-01
LAST_DAY = date.max.toordinal() - EPOCH_ORDINAL  # 9999-12-31
DATES_KEPT = 1024  # days in the process-wide date cache, shared by every schedule
_MONTH_LENGTHS = (0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)
_fromordinal = date.fromordinal

# local day number -> (its date, its month's key, day of month)
DATES: dict[int, tuple[date, int, int]] = {}


def month_key(year: int, month: int) -> int:
    """The key of (year, month) in every month cache; ascending with time."""
    return year << 4 | month


def key_month(key: int) -> tuple[int, int]:
    """(year, month) of a `month_key`."""
    return key >> 4, key & 15


def day_entry(day: int) -> tuple[date, int, int] | None:
    """The date of a local day number with its month key and day of month, cached; None
    outside datetime's range."""
    entry = DATES.get(day)
    if entry is None:
        if not FIRST_DAY <= day <= LAST_DAY:
            return None
        if len(DATES) >= DATES_KEPT:
            DATES.clear()
        found = _fromordinal(day + EPOCH_ORDINAL)
        entry = DATES[day] = (found, month_key(found.year, found.month), found.day)
    return entry


# `day_entry` where the day is known to lie within datetime's range (a fire was found on it)
day_in_range: Callable[[int], tuple[date, int, int]] = day_entry  # type: ignore[assignment]


def first_weekday(first_day: int) -> int:
    """The weekday (Monday = 0) of a day number: 1970-01-01 was a Thursday."""
    return (first_day + 3) % 7


def is_leap(year: int) -> bool:
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)


def days_in_month(year: int, month: int) -> int:
    if month == 2 and is_leap(year):
        return 29
    return _MONTH_LENGTHS[month]


def year_start(year: int) -> int:
    """The day number of January 1 of ``year`` (1..9999)."""
    return date(year, 1, 1).toordinal() - EPOCH_ORDINAL


def monthrange(year: int, month: int) -> tuple[int, int]:
    """``(weekday of the 1st, days in the month)`` as `calendar.monthrange` gives it.

    Our own, because the standard `calendar` module imports `locale`: a cost at every import of
    the runtime, for one line of arithmetic.
    """
    return date(year, month, 1).weekday(), days_in_month(year, month)
