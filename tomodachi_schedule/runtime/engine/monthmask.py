"""Month masks: the days of one (year, month) a `DaySet` matches, as bits 1..31, computed."""

from __future__ import annotations

from datetime import date

from tomodachi_schedule.runtime.engine.dates import monthrange
from tomodachi_schedule.runtime.engine.days import FIRST_YEAR, DaySet, MonthDays, Period, WeekDays


def _weekday_bits(weekdays: int, first_weekday: int, length: int) -> int:
    """Bits of the days 1..length whose weekday is in the ``weekdays`` mask."""
    mask = 0
    for day in range(1, length + 1):
        if weekdays >> ((first_weekday + day - 1) % 7) & 1:
            mask |= 1 << day
    return mask


def _nth_weekday_day(weekday: int, n: int, first_weekday: int, length: int) -> int:
    """Day of the month of the n-th (negative: n-th to last) such weekday, 0 if none."""
    if n > 0:
        day = 1 + (weekday - first_weekday) % 7 + 7 * (n - 1)
    else:
        last_weekday = (first_weekday + length - 1) % 7
        day = length - (last_weekday - weekday) % 7 + 7 * (n + 1)
    return day if 1 <= day <= length else 0


def _nearest_weekday(day: int, first_weekday: int, length: int) -> int:
    """``nW``: the Monday-Friday closest to ``day`` without leaving the month (Quartz)."""
    if day > length:
        return 0
    weekday = (first_weekday + day - 1) % 7
    if weekday == 5:  # Saturday: Friday before, or Monday after when the 1st
        return day - 1 if day > 1 else day + 2
    if weekday == 6:  # Sunday: Monday after, or Friday before when the last day
        return day + 1 if day < length else day - 2
    return day


def _last_weekday(first_weekday: int, length: int) -> int:
    last = (first_weekday + length - 1) % 7
    return length - max(0, last - 4)


def monthdays_bits(part: MonthDays, first_weekday: int, length: int) -> int:
    """Bits of the days matched by the month-day forms."""
    mask = part.days
    for n in part.from_end:
        if length - n >= 1:
            mask |= 1 << (length - n)
    for n in part.nearest_weekday:
        mask |= 1 << _nearest_weekday(n, first_weekday, length)
    if part.last_weekday:
        mask |= 1 << _last_weekday(first_weekday, length)
    return mask & ~1


def weekdays_bits(part: WeekDays, first_weekday: int, length: int) -> int:
    """Bits of the days matched by the weekday forms."""
    mask = _weekday_bits(part.days, first_weekday, length) if part.days else 0
    for weekday, n in part.nth:
        mask |= 1 << _nth_weekday_day(weekday, n, first_weekday, length)
    return mask & ~1


def period_bits(period: Period, year: int, month: int, length: int) -> int:
    """Bits of the days kept by an every-n-th-day/week/month/year period."""
    anchor, every = period.anchor_date, period.every
    full = (1 << (length + 1)) - 2
    if period.unit == "year":
        return full if (year - anchor.year) % every == 0 else 0
    if period.unit == "month":
        months = (year - anchor.year) * 12 + month - anchor.month
        return full if months % every == 0 else 0
    first = date(year, month, 1).toordinal()
    if period.unit == "day":
        start = 1 + (anchor.toordinal() - first) % every
        return sum(1 << day for day in range(start, length + 1, every))
    anchor_monday = anchor.toordinal() - anchor.weekday()
    return sum(
        1 << day
        for day in range(1, length + 1)
        if ((first + day - 1 - anchor_monday) // 7) % every == 0
    )


def compute_month_mask(days: DaySet, year: int, month: int) -> int:
    """The matching days of (year, month) as bits 1..31 (0: none)."""
    if not days.months >> month & 1:
        return 0
    if days.years is not None and not (
        year >= FIRST_YEAR and days.years >> (year - FIRST_YEAR) & 1
    ):
        return 0
    first_weekday, length = monthrange(year, month)
    full = (1 << (length + 1)) - 2
    by_monthday = monthdays_bits(days.monthdays, first_weekday, length) if days.monthdays else None
    by_weekday = weekdays_bits(days.weekdays, first_weekday, length) if days.weekdays else None
    if by_monthday is None:
        mask = full if by_weekday is None else by_weekday
    elif by_weekday is None:
        mask = by_monthday
    elif days.combine == "and":
        mask = by_monthday & by_weekday
    else:
        mask = by_monthday | by_weekday
    if days.period is not None and mask:
        mask &= period_bits(days.period, year, month, length)
    return mask & full
