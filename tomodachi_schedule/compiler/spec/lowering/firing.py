"""Whether a lowered schedule fires at all: obvious for most, a search for the rest.

The façade refuses a schedule that can never fire. Asking the schedule for its first fire builds
its fire finder (search tables, zone timeline), which costs more than compiling most specs; a
calendar with every weekday, or a day of the month every month has (or a 29th-31st a listed month
has), in no restricted year or period, plainly fires, and only what is not plain is searched.
"""

from __future__ import annotations

from datetime import datetime, timezone

from tomodachi_schedule import runtime as rt
from tomodachi_schedule.runtime.engine.days import ALL_MONTHS

_EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)
_DAYS_EVERY_MONTH_HAS = ((1 << 29) - 1) & ~1  # month days 1..28
_EVERY_MONTHDAY = ((1 << 32) - 1) & ~1  # month days 1..31
# month days 29..31 -> the months that have them (bit n = month n; February's 29th in leap years)
_MONTHS_WITH = {
    29: 0b1_1111_1111_1110,
    30: 0b1_1111_1111_1010,
    31: sum(1 << month for month in (1, 3, 5, 7, 8, 10, 12)),
}


def ever_fires(schedule) -> bool:
    """True when ``schedule`` has a fire after 1970-01-01."""
    return plainly_fires(schedule) or schedule.next_after(_EPOCH) is not None


def plainly_fires(schedule) -> bool:
    """True when the schedule's fields alone show that it fires; False means "search"."""
    kind = type(schedule)
    if kind is rt.Interval:
        return True  # a positive step from the epoch, unbounded
    if kind is rt.AnyOf:
        return any(plainly_fires(part) for part in schedule.parts)
    if kind is rt.Calendar:  # its masks are never empty (the constructor checks)
        return _days_plainly_match(schedule.days)
    if kind is rt.Excluding:  # every day but some dates of the year ("except on december 25")
        inner = schedule.inner
        return type(inner) is rt.Calendar and inner.days.is_every_day and _some_dates(schedule.days)
    return False


def _some_dates(days: rt.DaySet) -> bool:
    """Days that leave other days free: listed days of the month, in no restricted year."""
    monthdays = days.monthdays
    return (
        days.years is None
        and days.period is None
        and days.weekdays is None
        and monthdays is not None
        and monthdays.days != _EVERY_MONTHDAY
        and not (monthdays.from_end or monthdays.nearest_weekday or monthdays.last_weekday)
    )


def _days_plainly_match(days: rt.DaySet) -> bool:
    if days.years is not None:
        return False
    if days.period is not None:  # every other friday: each weekday comes every week
        return _weekly(days)
    monthdays, weekdays = days.monthdays, days.weekdays
    if monthdays is None or weekdays is None:  # one day part or none (most calendars)
        part = weekdays if monthdays is None else monthdays
        return part is None or _in_a_listed_month(part, days.months)
    if days.combine == "and":
        return False  # both must match on one date: leave it to the search
    return _in_a_listed_month(monthdays, days.months) or _in_a_listed_month(weekdays, days.months)


def _in_a_listed_month(part: rt.MonthDays | rt.WeekDays, months: int) -> bool:
    """A day part that matches at least one date in every month, or a 29th-31st of a listed
    month that has it (the 29th of February: in leap years, unrestricted here)."""
    if isinstance(part, rt.WeekDays):
        return bool(part.days) or any(1 <= n <= 4 or n == -1 for _, n in part.nth)
    if part.days & _DAYS_EVERY_MONTH_HAS or part.last_weekday:
        return True
    return any(part.days >> day & 1 and months & _MONTHS_WITH[day] for day in _MONTHS_WITH)


def _weekly(days: rt.DaySet) -> bool:
    """Every n-th week on plain weekdays, in every month: each listed weekday comes in each
    n-th week."""
    assert days.period is not None
    weekdays = days.weekdays
    return (
        days.period.unit == "week"
        and days.months == ALL_MONTHS
        and days.monthdays is None
        and weekdays is not None
        and bool(weekdays.days)
        and not weekdays.nth
    )
