"""Wall-clock search: the first matching local (day, second of day) at or after a given one.

Times of day are the product of an hours, a minutes and a seconds bitmask (small ints, cheap to
shift); dates come from the cached month masks of a `DayMatcher`. Whole days and months are skipped with bit tricks, never
scanned minute by minute.
"""

from __future__ import annotations

from bisect import bisect_right as _bisect
from collections.abc import Iterator
from datetime import date
from typing import Any

from tomodachi_schedule.runtime.engine.daymask import DayMatcher, days_in_month

EPOCH_ORDINAL = date(1970, 1, 1).toordinal()
MAX_YEAR = 9999
_fromordinal = date.fromordinal


def set_bits(mask: int) -> list[int]:
    """The indexes of the set bits of ``mask``, ascending."""
    return [n for n in range(mask.bit_length()) if mask >> n & 1]


def lowest_bit(mask: int) -> int:
    """Index of the lowest set bit of a non-zero mask."""
    return (mask & -mask).bit_length() - 1


class WallSearch:
    """Finds matching wall times, counted as seconds since 1970-01-01T00:00 local."""

    __slots__ = (
        "hours", "minutes", "seconds", "hour_list", "minute_list", "second_list", "first_minute",
        "first_second", "first_sod", "last_sod", "matcher", "masks", "month_limit", "last_year",
        "jumps",
    )  # fmt: skip

    def __init__(
        self,
        hours: int,
        minutes: int,
        seconds: int,
        matcher: DayMatcher,
        *,
        year_span: int,
        last_year: int,
    ) -> None:
        self.hours, self.minutes, self.seconds = hours, minutes, seconds
        self.hour_list, self.minute_list, self.second_list = (
            tuple(set_bits(mask)) for mask in (hours, minutes, seconds)
        )
        self.first_minute, self.first_second = self.minute_list[0], self.second_list[0]
        self.first_sod = self.hour_list[0] * 3600 + self.first_minute * 60 + self.first_second
        self.last_sod = self.hour_list[-1] * 3600 + self.minute_list[-1] * 60 + self.second_list[-1]
        self.matcher = matcher
        self.masks = matcher.masks  # read directly on the hot path
        self.month_limit = 12 * year_span  # how many months to look ahead before giving up
        self.last_year = last_year  # no match after this year (the year field, or datetime's end)
        self.jumps: dict[int, int | None] = {}  # month key -> first fire in or after that month

    def next_wall(self, wall: int) -> int | None:
        """First matching wall time at or after ``wall``; None past the search horizon."""
        day, sod = divmod(wall, _DAY)
        index = _bisect(_MONTH_STARTS, day) - 1
        if 0 <= index < _TABLE_MONTHS:
            year, month = divmod(index, 12)
            year, month, mday = year + _TABLE_FIRST_YEAR, month + 1, day - _MONTH_STARTS[index] + 1
        elif day > LAST_DAY:
            return None  # past 9999-12-31, where datetime ends
        elif day < FIRST_DAY:  # before 0001-01-01 (an instant early in year 1, west of UTC)
            return self.next_wall(FIRST_DAY * _DAY)
        else:
            date_ = _fromordinal(day + EPOCH_ORDINAL)
            year, month, mday = date_.year, date_.month, date_.day
        mask = self.masks.get(year * 16 + month)
        if mask is None:
            mask = self.matcher.month_mask(year, month)
        if mask >> mday & 1 and sod <= self.last_sod:
            return wall - sod + self._next_time(sod)
        later = mask >> (mday + 1)
        if later:
            return (day + (later & -later).bit_length()) * _DAY + self.first_sod
        key = year * 16 + month
        jumps = self.jumps
        found = jumps.get(key, _UNKNOWN)  # one lookup: safe if another thread clears the dict
        if found is not _UNKNOWN:
            return found
        if len(jumps) >= _JUMPS_KEPT:
            jumps.clear()
        found = jumps[key] = self._next_month(day - mday + 1, year, month)
        return found

    def _next_time(self, sod: int) -> int:
        """The first matching second of the day ≥ ``sod`` (≤ the day's last one, so one exists)."""
        hour, rest = divmod(sod, 3600)
        minute, second = divmod(rest, 60)
        hours, minutes = self.hours, self.minutes
        if hours >> hour & 1:
            if minutes >> minute & 1:
                later = self.seconds >> second
                if later:
                    return sod + (later & -later).bit_length() - 1
                minute += 1
            later = minutes >> minute
            if later:
                minute += (later & -later).bit_length() - 1
                return hour * 3600 + minute * 60 + self.first_second
            hour += 1
        later = hours >> hour
        hour += (later & -later).bit_length() - 1
        return hour * 3600 + self.first_minute * 60 + self.first_second

    def walls_later_today(self, wall: int) -> Iterator[int]:
        """The matching wall times after ``wall`` on its day, which must be a matching day."""
        day_start = wall - wall % _DAY
        hour, rest = divmod(wall - day_start, 3600)
        minute, second = divmod(rest, 60)
        minute_list, second_list = self.minute_list, self.second_list
        for later_second in second_list:
            if later_second > second:
                yield wall - second + later_second
        for later_hour in self.hour_list:
            if later_hour < hour:
                continue
            hour_start = day_start + later_hour * 3600
            for later_minute in minute_list:
                if later_hour == hour and later_minute <= minute:
                    continue
                minute_start = hour_start + later_minute * 60
                for later_second in second_list:
                    yield minute_start + later_second

    def _next_month(self, first_day: int, year: int, month: int) -> int | None:
        """First matching day in the months after (year, month), at the first matching time."""
        month_mask = self.matcher.month_mask
        for _ in range(self.month_limit):
            first_day += days_in_month(year, month)
            month += 1
            if month == 13:
                year, month = year + 1, 1
                if year > self.last_year:
                    return None
            mask = month_mask(year, month)
            if mask:
                return (first_day + lowest_bit(mask) - 1) * _DAY + self.first_sod
        return None


_DAY = 86400
FIRST_DAY = date.min.toordinal() - EPOCH_ORDINAL
LAST_DAY = date.max.toordinal() - EPOCH_ORDINAL
_JUMPS_KEPT = 1024
_UNKNOWN: Any = object()  # a sentinel that type checkers let stand for any value


def _month_starts(first_year: int, last_year: int) -> list[int]:
    """Day numbers (since 1970-01-01) of the first day of each month, for a table lookup."""
    starts, day = [], date(first_year, 1, 1).toordinal() - EPOCH_ORDINAL
    for year in range(first_year, last_year + 1):
        for month in range(1, 13):
            starts.append(day)
            day += days_in_month(year, month)
    return starts


# day number -> (year, month, day) by bisection: cheaper than date.fromordinal on the hot path
_TABLE_FIRST_YEAR = 1970
_MONTH_STARTS = _month_starts(_TABLE_FIRST_YEAR, 2129)
_TABLE_MONTHS = len(_MONTH_STARTS) - 1  # the last entry only closes the one before
