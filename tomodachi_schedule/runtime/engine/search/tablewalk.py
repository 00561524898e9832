"""Tables of a calendar's times of day, and `TableWalk`: successive fires read from them.

`times_of_day` gives the matching seconds of the day, sorted, and the same as `time` objects; the
fast path (`fastpath.py`) bisects it for a fire later the same day, and `TableWalk` steps through
it for `iter_after`, in a zone without transitions and between the transitions of any zone.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Generator
from datetime import date, datetime, time, timedelta, timezone, tzinfo
from functools import lru_cache

from tomodachi_schedule.runtime.engine.dates import EPOCH_ORDINAL, LAST_DAY
from tomodachi_schedule.runtime.engine.search.wallsearch import WallSearch, set_bits

_DAY = 86400
# a table costs about 150 bytes a time of day (shared by equal masks): 360 (every 4 minutes, or a
# minute pattern over a few hours) stay under 55 KB; longer ones (every minute: 190 KB) are left
# to the general search, which is only slower
_MOST_TIMES = 360
_combine = datetime.combine
_fromordinal = date.fromordinal
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

    __slots__ = ("tz", "search", "mask_at", "sods", "times", "first_time")

    def __init__(self, tz: tzinfo, search: WallSearch, table: TimesOfDay) -> None:
        self.tz, self.search = tz, search
        self.mask_at = search.matcher.mask_at
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
            today = _fromordinal(day + EPOCH_ORDINAL)  # a fire was found on it: in range
            mday = today.day
            mask = self.mask_at(day - mday + 1, today.year, today.month)
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
        first = _combine(_fromordinal(day + EPOCH_ORDINAL), self.first_time, self.tz)
        midnight, last = wall - sod, wall
        for index in range(bisect_left(sods, sod), len(sods)):
            if midnight + sods[index] >= limit:
                break
            yield first + steps[index]
            last = midnight + sods[index]
        return last


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
