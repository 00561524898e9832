"""Next fire in a zone without transitions (UTC, ``+05:30``): the hottest path, on cached dates and times.

The general search (`WallSearch.next_wall`) gives the same answers; this path only saves time: it
reads the day's date and month mask from caches, finds the time of day by bisection in a sorted
table of the matching seconds of the day, and builds the result with one `datetime.combine`.
`TableWalk` walks the same tables for `iter_after`, here and between the transitions of any zone.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Generator, Iterator
from datetime import datetime, time, timedelta, timezone, tzinfo
from functools import lru_cache
from math import floor as _floor
from typing import TYPE_CHECKING, Any

from tomodachi_schedule.runtime.engine.base import FireFinder
from tomodachi_schedule.runtime.engine.dates import DATES, LAST_DAY, day_entry, day_in_range
from tomodachi_schedule.runtime.engine.wallsearch import WallSearch, set_bits

if TYPE_CHECKING:
    from tomodachi_schedule.runtime.engine.calendar import CalendarEngine

_DAY = 86400
# a table costs about 150 bytes a time of day (shared by equal masks): 360 (every 4 minutes, or a
# minute pattern over a few hours) stay under 55 KB; longer ones (every minute: 190 KB) are left
# to the general search, which is only slower
_MOST_TIMES = 360
_MONTHS_KEPT = 240  # months in each path's cache of the first fire after a month
_UNKNOWN: Any = object()  # a sentinel that type checkers let stand for any value
_combine = datetime.combine
_dates_get = DATES.get  # the dict is only ever cleared, never replaced
_fromtimestamp = datetime.fromtimestamp
_AFTER_FIRST_DAY = tuple(timedelta(days=n) for n in range(31))  # day n of a month: day 1 + [n - 1]
_STEPS_KEPT = 256  # month masks in the process-wide cache of their day steps
# datetime's last second, 9999-12-31T23:59:59Z, in epoch seconds: no fire lies after it (a
# wall time on the last day west of UTC may be later as an instant, so it is not a fire)
MAX_INSTANT = (LAST_DAY + 1) * _DAY - 1

# month mask -> its days as steps after the month's 1st (shared: weekday masks have 28 shapes)
DAY_STEPS: dict[int, tuple[timedelta, ...]] = {}


TimesOfDay = tuple[tuple[int, ...], tuple[time, ...]]  # seconds of the day, and as `time`s


@lru_cache(maxsize=64)
def times_of_day(hours: int, minutes: int, seconds: int) -> TimesOfDay | None:
    """The matching seconds of the day in order, and the same as `time` objects; None when
    there are more than `_MOST_TIMES`. Equal masks share one table."""
    count = hours.bit_count() * minutes.bit_count() * seconds.bit_count()
    if count > _MOST_TIMES:
        return None
    pieces = [
        (hour, minute, second)
        for hour in set_bits(hours)
        for minute in set_bits(minutes)
        for second in set_bits(seconds)
    ]
    return (
        tuple(hour * 3600 + minute * 60 + second for hour, minute, second in pieces),
        tuple(time(hour, minute, second) for hour, minute, second in pieces),
    )


class TableWalk:
    """Successive fires of a calendar read from its table of times of day, in one zone.

    Each fire is the day's first fire plus a cached step, and each day's first fire the
    month's plus a cached step: one `datetime` addition a fire, and one general search a
    month (from the month's last fire, as `next_after` would search).
    """

    __slots__ = ("tz", "search", "masks", "month_mask_at", "sods", "times", "first_time")

    def __init__(self, tz: tzinfo, search: WallSearch, table: TimesOfDay) -> None:
        self.tz, self.search = tz, search
        self.masks = search.masks  # the month masks, read directly
        self.month_mask_at = search.matcher.month_mask_at
        self.sods, self.times = table
        self.first_time = self.times[0]

    def fires(self, wall: int | None, limit: int) -> Generator[datetime, None, int | None]:
        """The fires at the matching wall times from ``wall`` (one of them) to ``limit``
        (excluded), each read as that wall time in the zone; returns the last one's wall.

        No wall time in that span may be skipped or repeated by a change of UTC offset.
        """
        search, sods = self.search, self.sods
        steps = time_steps(sods)
        later_times, last_sod, last = steps[1:], sods[-1], None
        while wall is not None and wall < limit:
            day, sod = divmod(wall, _DAY)
            today, key, mday = day_in_range(day)
            mask = self.masks.get(key)
            if mask is None:
                mask = self.month_mask_at(key, day - mday + 1)
            days_left = limit // _DAY - day
            if days_left == 0:
                return (yield from self._fires_before(wall, limit))
            if days_left <= 31:  # only the days before the limit's own are walked unchecked
                mask &= (1 << (mday + days_left)) - 1
            first = _combine(today, self.first_time, self.tz)  # the first fire of the day
            for step in steps[bisect_left(sods, sod) :]:
                yield first + step
            later_days = mask >> (mday + 1) << (mday + 1)
            if later_days:
                month_first = first - _AFTER_FIRST_DAY[mday - 1]  # the 1st at the first time
                if later_times:
                    for day_step in day_steps(later_days):
                        first = month_first + day_step
                        yield first
                        for step in later_times:
                            yield first + step
                else:  # one time a day: the hottest loop, kept bare
                    for day_step in day_steps(later_days):
                        yield month_first + day_step
            last = (day - mday + mask.bit_length() - 1) * _DAY + last_sod
            wall = search.next_wall(last + 1)
        return last

    def _fires_before(self, wall: int, limit: int) -> Generator[datetime, None, int]:
        """`fires` on the day of ``limit``, each fire checked against it."""
        sods, steps = self.sods, time_steps(self.sods)
        day, sod = divmod(wall, _DAY)
        first = _combine(day_in_range(day)[0], self.first_time, self.tz)
        midnight, last = wall - sod, wall
        for index in range(bisect_left(sods, sod), len(sods)):
            if midnight + sods[index] >= limit:
                break
            yield first + steps[index]
            last = midnight + sods[index]
        return last


class FixedOffsetPath(TableWalk, FireFinder):
    """The fire finder of a calendar in a zone whose UTC offset never changes: the hottest path.

    A fire later the same day comes from the day's month mask and a bisection in the times of
    day; a later day's from the month mask; a later month's from a cache filled by the general
    search, which also answers at the edges of datetime's range.
    """

    __slots__ = ("engine", "fixed_offset", "offset", "after_month")

    def __init__(self, engine: CalendarEngine, offset: int, table: TimesOfDay) -> None:
        super().__init__(engine.tz, engine.search, table)
        self.engine = engine  # the general search, for `next_instant`
        self.fixed_offset = self.offset = offset
        self.after_month: dict[int, datetime | None] = {}  # month key -> first fire after it

    def next_after(self, dt: datetime) -> datetime | None:
        wall = _floor(dt.timestamp()) + self.offset + 1  # the earliest wall second that may fire
        day, sod = divmod(wall, _DAY)
        entry = _dates_get(day) or day_entry(day)
        if entry is None:
            return self.general(wall)
        today, key, mday = entry
        mask = self.masks.get(key)
        if mask is None:
            mask = self.month_mask_at(key, day - mday + 1)
        sods = self.sods
        if mask >> mday & 1 and sod <= sods[-1]:
            fire = _combine(today, self.times[bisect_left(sods, sod)], self.tz)
            return fire if day < LAST_DAY else in_range(fire)
        return in_range(self.after_today(wall, day, key, mday, mask))

    def next_instant(self, after: int) -> int | None:
        return self.engine.next_instant(after)

    def after_today(self, wall: int, day: int, key: int, mday: int, mask: int) -> datetime | None:
        """The first fire after the day of ``wall``, whose own fires all precede ``wall``."""
        later = mask >> (mday + 1)
        if later:  # a later day of this month
            following = day_in_range(day + (later & -later).bit_length())
            return _combine(following[0], self.first_time, self.tz)
        fire = self.after_month.get(key, _UNKNOWN)  # a later month
        if fire is _UNKNOWN:
            fire = self._after_month(key, wall)
        return fire

    def _after_month(self, key: int, wall: int) -> datetime | None:
        """The first fire after the month of ``wall`` (which holds none from ``wall`` on), cached."""
        found = self.search.next_wall(wall)
        fire = None
        if found is not None:  # the first matching day of a later month, at the first time
            fire = _combine(day_in_range(found // _DAY)[0], self.first_time, self.tz)
        if len(self.after_month) >= _MONTHS_KEPT:
            self.after_month.clear()
        self.after_month[key] = fire
        return fire

    def iterate(self, after: int) -> Iterator[datetime]:
        start = self.search.next_wall(after + 1 + self.offset)
        return self.fires(start, MAX_INSTANT + 1 + self.offset)

    def general(self, wall: int) -> datetime | None:
        """At the edges of datetime's range: the general search, read back as an instant."""
        found = self.search.next_wall(wall)
        if found is None or found - self.offset > MAX_INSTANT:
            return None
        return _fromtimestamp(found - self.offset, self.tz)


def in_range(fire: datetime | None) -> datetime | None:
    """``fire``, or None when its instant lies past datetime's end (a wall time late on
    9999-12-31 west of UTC): `next_after` returns None there rather than an error later."""
    if fire is None or fire.year < 9999:
        return fire
    try:
        fire.astimezone(timezone.utc)
    except OverflowError:
        return None
    return fire


@lru_cache(maxsize=64)
def time_steps(sods: tuple[int, ...]) -> tuple[timedelta, ...]:
    """The matching seconds of the day as steps after the first one."""
    return tuple(timedelta(seconds=sod - sods[0]) for sod in sods)


def day_steps(mask: int) -> tuple[timedelta, ...]:
    """The days of a month mask as steps after the month's 1st, cached."""
    steps = DAY_STEPS.get(mask)
    if steps is None:
        if len(DAY_STEPS) >= _STEPS_KEPT:
            DAY_STEPS.clear()
        steps = DAY_STEPS[mask] = tuple(_AFTER_FIRST_DAY[day - 1] for day in set_bits(mask))
    return steps
