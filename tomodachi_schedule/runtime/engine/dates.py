"""Local day numbers and months: the one place that says how a date becomes a number.

A local day is counted in days since 1970-01-01 (`date_of` turns one back into its date); a month
is known by the day number of its 1st (`month_start`), the key of every per-month cache.
"""

from __future__ import annotations

from datetime import date

EPOCH_ORDINAL = date(1970, 1, 1).toordinal()
FIRST_DAY = date.min.toordinal() - EPOCH_ORDINAL  # 0001-01-01
LAST_DAY = date.max.toordinal() - EPOCH_ORDINAL  # 9999-12-31
_MONTH_LENGTHS = (0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)
_fromordinal = date.fromordinal


def date_of(day: int) -> date:
    """The date of a local day number (ValueError or OverflowError outside datetime's range).

    The hot paths inline it as ``fromordinal(day + EPOCH_ORDINAL)``: one C call, no cache to
    miss, which is what makes a start far from the last one as cheap as a near one.
    """
    return _fromordinal(day + EPOCH_ORDINAL)


def month_start(year: int, month: int) -> int:
    """The day number of the 1st of (year, month): the key of every per-month cache."""
    return date(year, month, 1).toordinal() - EPOCH_ORDINAL


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
