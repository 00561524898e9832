"""Wall-clock search: the first matching local (day, second of day) at or after a given one.

Times of day are a 1440-bit minute-of-day mask plus a 60-bit seconds mask; dates come from the
cached month masks of a `DayMatcher`. Whole days and months are skipped with bit tricks, never
scanned minute by minute.
"""

from __future__ import annotations

from datetime import date

from tomodachi_schedule.runtime.daymask import DayMatcher

EPOCH_ORDINAL = date(1970, 1, 1).toordinal()
MAX_YEAR = 9999
_fromordinal = date.fromordinal


def lowest_bit(mask: int) -> int:
    """Index of the lowest set bit of a non-zero mask."""
    return (mask & -mask).bit_length() - 1


def minute_of_day_mask(hours: int, minutes: int) -> int:
    """Bit h*60+m set for every matching (hour, minute)."""
    mask = 0
    for hour in range(24):
        if hours >> hour & 1:
            mask |= minutes << (hour * 60)
    return mask


class WallSearch:
    """Finds matching wall times; ``next_wall`` returns (day, sod, year, month, mday) or None.

    ``day`` counts days since 1970-01-01 and ``sod`` seconds since local midnight.
    """

    __slots__ = (
        "minutes", "seconds", "first_second", "first_sod", "matcher", "month_limit", "last_year"
    )

    def __init__(
        self, minute_mask: int, seconds: int, matcher: DayMatcher, *, year_span: int, last_year: int
    ) -> None:
        self.minutes = minute_mask
        self.seconds = seconds
        self.first_second = lowest_bit(seconds)
        self.first_sod = lowest_bit(minute_mask) * 60 + self.first_second
        self.matcher = matcher
        self.month_limit = 12 * year_span  # how many months to look ahead before giving up
        self.last_year = last_year  # no match after this year (the year field, or datetime's end)

    def next_time(self, sod: int) -> int:
        """First matching second of day ≥ ``sod``, or -1 when none is left today."""
        minute, second = divmod(sod, 60)
        minutes = self.minutes
        if minutes >> minute & 1:
            later = self.seconds >> second
            if later:
                return sod + lowest_bit(later)
            minute += 1
        later = minutes >> minute
        if not later:
            return -1
        return (minute + lowest_bit(later)) * 60 + self.first_second

    def next_wall(self, day: int, sod: int) -> tuple[int, int, int, int, int] | None:
        """First matching wall time at or after (day, sod); None past the search horizon."""
        today = _fromordinal(day + EPOCH_ORDINAL)
        year, month, mday = today.year, today.month, today.day
        mask = self.matcher.month_mask(year, month)
        if mask >> mday & 1:
            found = self.next_time(sod)
            if found >= 0:
                return day, found, year, month, mday
        later = mask >> (mday + 1)
        if later:
            step = lowest_bit(later) + 1
            return day + step, self.first_sod, year, month, mday + step
        return self._next_month(day - mday + 1, year, month)

    def _next_month(self, first_day: int, year: int, month: int):
        """First matching day in the months after (year, month), at the first matching time."""
        month_mask = self.matcher.month_mask
        for _ in range(self.month_limit):
            first_day += _days_in(year, month)
            month += 1
            if month == 13:
                year, month = year + 1, 1
                if year > self.last_year:
                    return None
            mask = month_mask(year, month)
            if mask:
                mday = lowest_bit(mask)
                return first_day + mday - 1, self.first_sod, year, month, mday
        return None


_DAYS = (0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def _days_in(year: int, month: int) -> int:
    if month == 2 and year % 4 == 0 and (year % 100 != 0 or year % 400 == 0):
        return 29
    return _DAYS[month]
