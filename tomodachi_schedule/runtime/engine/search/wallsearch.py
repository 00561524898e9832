"""Wall-clock search: the first matching local (day, second of day) at or after a given one.

Times of day are the product of an hours, a minutes and a seconds bitmask (small ints, cheap to
shift); dates come from the month masks of a `DayMatcher`. Whole days and months are skipped with
bit tricks, never scanned minute by minute.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

from tomodachi_schedule.runtime.engine.dates import (
    EPOCH_ORDINAL,
    FIRST_DAY,
    LAST_DAY,
    is_leap,
    year_start,
)
from tomodachi_schedule.runtime.engine.daymask import DayMatcher

MAX_YEAR = 9999


def set_bits(mask: int) -> list[int]:
    """The indexes of the set bits of ``mask``, ascending."""
    return [n for n in range(mask.bit_length()) if mask >> n & 1]


def lowest_bit(mask: int) -> int:
    """Index of the lowest set bit of a non-zero mask."""
    return (mask & -mask).bit_length() - 1


class WallSearch:
    """Finds matching wall times, counted as seconds since 1970-01-01T00:00 local."""

    __slots__ = (
        "hours", "minutes", "seconds", "first_minute", "first_second", "first_sod", "last_sod",
        "matcher", "year_span", "last_year", "jumps",
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
        self.first_minute, self.first_second = lowest_bit(minutes), lowest_bit(seconds)
        self.first_sod = lowest_bit(hours) * 3600 + self.first_minute * 60 + self.first_second
        last_hour, last_minute, last_second = (
            mask.bit_length() - 1 for mask in (hours, minutes, seconds)
        )
        self.last_sod = last_hour * 3600 + last_minute * 60 + last_second
        if self.last_sod == self.first_sod:  # once a day: one int object, not two equal ones
            self.last_sod = self.first_sod
        self.matcher = matcher
        self.year_span = year_span  # how many years to look ahead before giving up
        self.last_year = last_year  # no match after this year (the year field, or datetime's end)
        # a month's 1st (day number) -> see `after_month`. None until first used, then the
        # last month asked alone, then a table once more months are asked: a schedule asked
        # once or twice (due years ahead, among thousands in a service) keeps no table, which
        # costs ~220 bytes
        self.jumps: dict[int, int | None] | tuple[int, int | None, int] | None = None

    def next_wall(self, wall: int) -> int | None:
        """First matching wall time at or after ``wall``; None past the search horizon."""
        day, sod = divmod(wall, _DAY)
        try:
            today = _fromordinal(day + EPOCH_ORDINAL)
        except (ValueError, OverflowError):
            if day > LAST_DAY:
                return None  # past 9999-12-31, where datetime ends
            return self.next_wall(FIRST_DAY * _DAY)  # before 0001-01-01 (west of UTC)
        mday = today.day
        first_day = day - mday + 1
        mask = self.matcher.mask_at(first_day, today.year, today.month)
        if mask >> mday & 1 and sod <= self.last_sod:
            return wall - sod + self.time_from(sod)
        later = mask >> (mday + 1)
        if later:
            return (day + (later & -later).bit_length()) * _DAY + self.first_sod
        return self.after_month(first_day, today.year, today.month)

    def after_month(self, first_day: int, year: int, month: int) -> int | None:
        """The first matching wall time after the month (year, month), whose 1st is day number
        ``first_day``; None when none within the search horizon. Cached per month."""
        jumps = self.jumps
        if not isinstance(jumps, dict):  # None, or (the last month asked, its answer, months)
            if jumps is not None and jumps[0] == first_day:
                return jumps[1]
            asked = 1 if jumps is None else jumps[2] + 1
            if jumps is None or asked <= _ASKED_ALONE:
                found = self._next_month(first_day, year, month)
                self.jumps = (first_day, found, asked)
                return found
            jumps = self.jumps = {jumps[0]: jumps[1]}  # asked often: a table from now on
        found = jumps.get(first_day, _UNKNOWN)  # one lookup: safe if another thread clears it
        if found is _UNKNOWN:
            if len(jumps) >= _JUMPS_KEPT:
                jumps.clear()
            found = jumps[first_day] = self._next_month(first_day, year, month)
        return found

    def time_from(self, sod: int) -> int:
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
        minute_list, second_list = set_bits(self.minutes), set_bits(self.seconds)
        for later_second in second_list:
            if later_second > second:
                yield wall - second + later_second
        for later_hour in set_bits(self.hours):
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
        """First matching day in the months after (year, month), at the first matching time:
        the rest of this year, then whole years by their shape."""
        matcher = self.matcher
        if matcher.months >> (month + 1):  # a later month of this year may match
            found = matcher.later_in_year(year, month, first_day)
            if found is not None:
                return found * _DAY + self.first_sod
        last_year = min(self.last_year, year + self.year_span)
        if matcher.by_shape:  # the whole years in one step (see `DayMatcher.next_matching_year`)
            matching = matcher.next_matching_year(year + 1)
            if matching is None or matching[0] > last_year:
                return None
            return (year_start(matching[0]) + matching[1]) * _DAY + self.first_sod
        january_first = year_start(year + 1) if year < MAX_YEAR else LAST_DAY + 1
        first_in_year = matcher.first_in_year
        for later_year in range(year + 1, last_year + 1):
            found = first_in_year(later_year, january_first)
            if found is not None:
                return (january_first + found) * _DAY + self.first_sod
            january_first += 366 if is_leap(later_year) else 365
        return None


_DAY = 86400
_JUMPS_KEPT = 1024
# months asked before `after_month` keeps a table: the compiler's check that a schedule fires
# asks from 1970, the scheduler from now
_ASKED_ALONE = 2
_UNKNOWN: Any = object()  # a sentinel that type checkers let stand for any value
_fromordinal = date.fromordinal
