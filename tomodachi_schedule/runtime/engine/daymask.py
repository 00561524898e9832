"""Day masks: the matching days of one (year, month) of a `DaySet` as bits 1..31, cached."""

from __future__ import annotations

from bisect import bisect_left
from datetime import date
from functools import lru_cache

from tomodachi_schedule.runtime.engine.dates import (
    days_in_month,
    first_weekday,
    is_leap,
    key_month,
    month_key,
    monthrange,
    year_start,
)
from tomodachi_schedule.runtime.engine.days import FIRST_YEAR, DaySet, MonthDays, Period, WeekDays

__all__ = ["DayMatcher", "compute_month_mask", "day_matcher", "days_in_month", "monthrange"]

_CACHE_LIMIT = 600  # (year, month) masks kept per day set: 50 years of months


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


class DayMatcher:
    """Month masks of one `DaySet`, computed once per (year, month) and kept in a small cache.

    Without a period or year list, a month's mask depends only on its length, its first
    weekday and whether the month is listed: a second cache keyed by that shape never
    exceeds 28 entries, so walking centuries computes each shape once, and a third keyed by
    the shape of a year (leap or not, weekday of January 1: 14 of them) finds a year's first
    matching day without looking at its months.
    """

    __slots__ = (
        "days", "months", "masks", "shapes", "by_shape", "year_days", "later_days", "year_cycle"
    )  # fmt: skip

    def __init__(self, days: DaySet) -> None:
        self.days = days
        self.months = days.months
        self.masks: dict[int, int] = {}  # month_key -> mask
        self.shapes: dict[int, int] = {}
        self.year_days: dict[int, tuple[int, ...]] = {}  # year shape -> days after January 1
        self.later_days: dict[int, tuple[int, ...]] = {}  # year shape -> see `_later_table`
        self.year_cycle: tuple[tuple[int, int] | None, ...] | None = None
        self.by_shape = days.period is None and days.years is None

    def month_mask(self, year: int, month: int) -> int:
        """Matching days of (year, month) as bits 1..31."""
        key = month_key(year, month)
        mask = self.masks.get(key)
        if mask is None:
            if len(self.masks) >= _CACHE_LIMIT:
                self.masks.clear()
            mask = self.masks[key] = self._compute(year, month)
        return mask

    def month_mask_at(self, key: int, first_day: int) -> int:
        """`month_mask` of the month `key` whose 1st is day number ``first_day``, cached."""
        mask = self.masks.get(key)
        if mask is None:
            if len(self.masks) >= _CACHE_LIMIT:
                self.masks.clear()
            mask = self.masks[key] = self.mask_of(*key_month(key), first_day)
        return mask

    def mask_of(self, year: int, month: int, first_day: int) -> int:
        """`month_mask` for a month whose 1st is day number ``first_day``, without touching the
        month cache (a scan over many months would only evict the months in use)."""
        if not self.months >> month & 1:
            return 0
        if not self.by_shape:
            return self.month_mask(year, month)
        length = days_in_month(year, month)
        shape = first_weekday(first_day) * 32 + length
        mask = self.shapes.get(shape)
        if mask is None:
            mask = self.shapes[shape] = compute_month_mask(self.days, year, month)
        return mask

    def first_in_year(self, year: int, january_first: int) -> int | None:
        """Days from January 1 (day number ``january_first``) of ``year`` to its first matching
        day, or None when no day of the year matches."""
        if not self.by_shape:
            return self._scan_year(year, january_first)
        offsets = self._year_days(year, january_first)
        return offsets[0] if offsets else None

    def next_matching_year(self, year: int) -> tuple[int, int] | None:
        """(the first year from ``year`` on with a matching day, days from its January 1 to the
        first one); None when no year ever matches. Without a period or year list the answer
        repeats every 400 years (146,097 days, whole weeks), so one table serves every year."""
        cycle = self.year_cycle
        if cycle is None:
            cycle = self.year_cycle = self._year_cycle()
        step = cycle[year % 400]
        return None if step is None else (year + step[0], step[1])

    def _year_cycle(self) -> tuple[tuple[int, int] | None, ...]:
        firsts: list[int | None] = []
        for year in range(2000, 2400):
            firsts.append(self.first_in_year(year, year_start(year)))
        cycle: list[tuple[int, int] | None] = []
        for residue in range(400):
            cycle.append(_first_ahead(firsts, residue))
        return tuple(cycle)

    def later_in_year(self, year: int, month: int, first_day: int) -> int | None:
        """The day number of the first matching day after (year, month), whose 1st is day
        number ``first_day``, in the same year; None when none."""
        if not self.by_shape:
            following = first_day + days_in_month(year, month)
            for later in range(month + 1, 13):
                mask = self.mask_of(year, later, following)
                if mask:
                    return following + (mask & -mask).bit_length() - 2
                following += days_in_month(year, later)
            return None
        leap = year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)
        january_first = first_day - _DAYS_BEFORE[leap][month]
        shape = (january_first + 3) % 7 * 2 + leap  # as `_year_days` keys it
        table = self.later_days.get(shape)
        if table is None:
            table = self.later_days[shape] = self._later_table(year, january_first)
        found = table[month]
        return None if found < 0 else january_first + found

    def _later_table(self, year: int, january_first: int) -> tuple[int, ...]:
        """For each month (1..12) of a year of this shape: the offset from January 1 of the
        first matching day after the month, -1 when none in the year."""
        offsets, before = self._year_days(year, january_first), _DAYS_BEFORE[is_leap(year)]
        table = [-1]
        for month in range(1, 13):
            following = before[month] + days_in_month(year, month)
            index = bisect_left(offsets, following)
            table.append(offsets[index] if index < len(offsets) else -1)
        return tuple(table)

    def _year_days(self, year: int, january_first: int) -> tuple[int, ...]:
        """The matching days of a year as offsets from January 1, shared by years of a shape
        (leap or not, weekday of January 1)."""
        shape = first_weekday(january_first) * 2 + is_leap(year)
        offsets = self.year_days.get(shape)
        if offsets is None:
            found, first_day = [], january_first
            for month in range(1, 13):
                mask = self.mask_of(year, month, first_day)
                found += [first_day - january_first + day - 1 for day in _bits(mask)]
                first_day += days_in_month(year, month)
            offsets = self.year_days[shape] = tuple(found)
        return offsets

    def _scan_year(self, year: int, january_first: int) -> int | None:
        first_day = january_first
        for month in range(1, 13):
            mask = self.mask_of(year, month, first_day)
            if mask:
                return first_day - january_first + (mask & -mask).bit_length() - 2
            first_day += days_in_month(year, month)
        return None

    def _compute(self, year: int, month: int) -> int:
        if not self.by_shape:
            return compute_month_mask(self.days, year, month)
        if not self.months >> month & 1:
            return 0
        first_weekday_, length = monthrange(year, month)
        shape = first_weekday_ * 32 + length
        mask = self.shapes.get(shape)
        if mask is None:
            mask = self.shapes[shape] = compute_month_mask(self.days, year, month)
        return mask

    def matches(self, day: date) -> bool:
        """Whether the local date matches."""
        return bool(self.month_mask(day.year, day.month) >> day.day & 1)


def _first_ahead(firsts: list[int | None], residue: int) -> tuple[int, int] | None:
    """(years ahead of ``residue`` in the 400-year cycle, its first day) of the first year with
    a matching day."""
    for ahead in range(400):
        first = firsts[(residue + ahead) % 400]
        if first is not None:
            return ahead, first
    return None


def _bits(mask: int) -> list[int]:
    return [n for n in range(mask.bit_length()) if mask >> n & 1]


def _days_before(leap: bool) -> tuple[int, ...]:
    """Days of the year before the 1st of each month (index 1..12)."""
    lengths = [31, 29 if leap else 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
    return (0, *(sum(lengths[:month]) for month in range(12)))


_DAYS_BEFORE = (_days_before(False), _days_before(True))


@lru_cache(maxsize=512)
def day_matcher(days: DaySet) -> DayMatcher:
    """The shared matcher of a day set: equal day sets share one mask cache."""
    return DayMatcher(days)
