"""Day masks: the matching days of one month of a `DaySet` as bits 1..31, cached per matcher."""

from __future__ import annotations

from bisect import bisect_left
from datetime import date
from functools import lru_cache

from tomodachi_schedule.runtime.engine.dates import (
    days_in_month,
    first_weekday,
    is_leap,
    month_start,
    monthrange,
    year_start,
)
from tomodachi_schedule.runtime.engine.days import FIRST_YEAR, DaySet
from tomodachi_schedule.runtime.engine.monthmask import compute_month_mask

__all__ = ["DayMatcher", "compute_month_mask", "day_matcher", "days_in_month", "monthrange"]

_CACHE_LIMIT = 600  # month masks kept per day set: 50 years of months


class DayMatcher:
    """Month masks of one `DaySet`.

    Without a period or year list, a month's mask depends only on the month, whether it is a
    leap February and the weekday of its 1st: a cache keyed by that shape never exceeds 91
    entries, so walking centuries computes each shape once, and one keyed by the shape of a
    year (leap or not, weekday of January 1: 14 of them) finds a year's first matching day
    without looking at its months. Other day sets keep a small cache of months.
    """

    __slots__ = (
        "days", "months", "masks", "shapes", "by_shape", "year_days", "later_days", "year_cycle"
    )  # fmt: skip

    def __init__(self, days: DaySet) -> None:
        self.days = days
        self.months = days.months
        self.masks: dict[int, int] = {}  # day number of a month's 1st -> its mask
        self.shapes: dict[int, int] = {}
        self.year_days: dict[int, tuple[int, ...]] = {}  # year shape -> days after January 1
        self.later_days: dict[int, tuple[int, ...]] = {}  # year shape -> see `_later_table`
        self.year_cycle: tuple[tuple[int, int] | None, ...] | None = None
        self.by_shape = days.period is None and days.years is None

    def month_mask(self, year: int, month: int) -> int:
        """Matching days of (year, month) as bits 1..31."""
        return self.mask_at(month_start(year, month), year, month)

    def mask_at(self, first_day: int, year: int, month: int) -> int:
        """`month_mask` of (year, month), whose 1st is day number ``first_day``.

        Without a period or year list it is read by the month's shape, which needs no cache
        per month (a start far from the last one would miss it); else from a month cache.
        """
        if self.by_shape:
            leap_february = month == 2 and year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)
            shape = first_day % 7 << 4 | (13 if leap_february else month)
            mask = self.shapes.get(shape)
            if mask is None:
                mask = self.shapes[shape] = compute_month_mask(self.days, year, month)
            return mask
        mask = self.masks.get(first_day)
        if mask is None:
            if len(self.masks) >= _CACHE_LIMIT:
                self.masks.clear()
            mask = self.masks[first_day] = compute_month_mask(self.days, year, month)
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
        """For each year of the 400-year cycle: (years ahead, first day) of the first year from
        it on with a matching day."""
        if self.by_shape:  # a year's first day depends on its shape alone: 14 to look at
            years = {shape: year_and_start for *year_and_start, shape in _cycle_years()}
            by_shape = {shape: self.first_in_year(*years[shape]) for shape in years}
            firsts = [by_shape[shape] for _, _, shape in _cycle_years()]
        else:
            firsts = [self.first_in_year(year, start) for year, start, _ in _cycle_years()]
        # backwards over two cycles, remembering the nearest matching year: one pass, where
        # asking each year in turn would scan the whole cycle 400 times when no year matches
        cycle: list[tuple[int, int] | None] = [None] * 400
        nearest: tuple[int, int] | None = None
        for index in range(799, -1, -1):
            first = firsts[index % 400]
            if first is not None:
                nearest = (index, first)
            if index < 400 and nearest is not None:
                cycle[index] = (nearest[0] - index, nearest[1])
        return tuple(cycle)

    def later_in_year(self, year: int, month: int, first_day: int) -> int | None:
        """The day number of the first matching day after (year, month), whose 1st is day
        number ``first_day``, in the same year; None when none."""
        if not self.by_shape:
            following = first_day + days_in_month(year, month)
            for later in range(month + 1, 13):
                mask = self.mask_at(following, year, later)
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
                mask = self.mask_at(first_day, year, month)
                found += [first_day - january_first + day - 1 for day in _bits(mask)]
                first_day += days_in_month(year, month)
            offsets = self.year_days[shape] = tuple(found)
        return offsets

    def _scan_year(self, year: int, january_first: int) -> int | None:
        # years and months that are not listed are passed without a mask in the month cache: a
        # schedule due in 2099 scans the decades before it at every search (the compiler's
        # "never fires" check is one), and would fill the cache with empty months
        years = self.days.years
        if years is not None and not (year >= FIRST_YEAR and years >> (year - FIRST_YEAR) & 1):
            return None
        first_day = january_first
        for month in range(1, 13):
            if self.months >> month & 1:
                mask = self.mask_at(first_day, year, month)
                if mask:
                    return first_day - january_first + (mask & -mask).bit_length() - 2
            first_day += days_in_month(year, month)
        return None

    def matches(self, day: date) -> bool:
        """Whether the local date matches."""
        return bool(self.month_mask(day.year, day.month) >> day.day & 1)


@lru_cache(maxsize=1)
def _cycle_years() -> tuple[tuple[int, int, int], ...]:
    """(year, day number of its January 1, its shape as `_year_days` keys it) for the 400 years
    of the Gregorian cycle from 2000."""
    years = []
    january_first = year_start(2000)
    for year in range(2000, 2400):
        years.append((year, january_first, first_weekday(january_first) * 2 + is_leap(year)))
        january_first += 366 if is_leap(year) else 365
    return tuple(years)


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
