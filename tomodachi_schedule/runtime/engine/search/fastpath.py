"""`FastPath`: the fire finder of every calendar; most next fires in one pass, without caches.

Within a settled segment of constant UTC offset (see `transitions.Segment`; a zone without
transitions is one endless segment) a fire is a plain matching wall time read with that offset.
The path reads the day's date with one `date.fromordinal` (no cache a far start would miss), the
month's mask from the day matcher (by the month's shape when it has no period or year list),
the time of day by bisection in the table of times (or from the masks), and builds the fire with
one `datetime.combine`. A fire past the segment's end skips ahead as the general search does;
a transition's gap or repeated hour and datetime's edges go to `GeneralSearch`, whose answers
the tests compare this path with.
"""

from __future__ import annotations

from bisect import bisect_left as _bisect
from datetime import date, datetime, time, timedelta, tzinfo
from functools import lru_cache
from math import floor as _floor

from tomodachi_schedule.runtime.engine.base import require_aware
from tomodachi_schedule.runtime.engine.dates import EPOCH_ORDINAL
from tomodachi_schedule.runtime.engine.days import DaySet
from tomodachi_schedule.runtime.engine.search.general import GeneralSearch
from tomodachi_schedule.runtime.engine.search.tablewalk import MAX_INSTANT, times_of_day
from tomodachi_schedule.runtime.engine.zones.transitions import Segment

_DAY = 86400
_SKIPS = 4  # segments a call may skip on the fast path before the general search takes over
_ENDLESS = 1 << 62  # the bounds of the one segment of a zone without transitions
_AFTER = tuple(timedelta(days=n) for n in range(32))  # a date n days later: date + _AFTER[n]
_NO_FIRE: tuple[datetime | None, int] = (None, 0)
_ALL_DAYS = DaySet()
# the month mask of a day set matching every day, for any month: bits 1..31. In a shorter month
# the bit after its last day says "the next day matches", which is right: that day is the 1st
# of the next month (days are counted across months), and the 31st goes to `after_month`
_EVERY_DAY = (1 << 32) - 2
_fromordinal = date.fromordinal
_combine = datetime.combine
_time = time


@lru_cache(maxsize=32)
def endless_segment(offset: int) -> Segment:
    """The one segment of a zone without transitions: every instant, settled."""
    return Segment(-_ENDLESS, _ENDLESS, offset, offset, -_ENDLESS)


@lru_cache(maxsize=2048)
def once_a_day(sod: int) -> tuple[tuple[int], tuple[time]]:
    """The table of times of day of a calendar firing once a day, shared by equal times."""
    return (sod,), (time_of_day(sod),)


def time_of_day(sod: int) -> time:
    """The `time` of a second of the day."""
    return _time(sod // 3600, sod // 60 % 60, sod % 60)


class FastPath(GeneralSearch):
    """`GeneralSearch` with the fast path in front of its `next_after`."""

    __slots__ = (
        "matcher", "sods", "times", "first_time", "first_sod", "last_sod", "last", "every_day"
    )  # fmt: skip

    def __init__(
        self, seconds: int, minutes: int, hours: int, days: DaySet, tz: tzinfo, clock: bool = False
    ) -> None:
        super().__init__(seconds, minutes, hours, days, tz, clock)
        search = self.search
        self.matcher = search.matcher
        # every day matches (`* * *` in cron): no month mask to look up (see `_EVERY_DAY`)
        self.every_day = days == _ALL_DAYS
        self.first_sod, self.last_sod = search.first_sod, search.last_sod
        self.sods: tuple[int, ...]  # the table of times of day, or empty: see `times_of_day`
        self.times: tuple[time, ...]
        if self.first_sod == self.last_sod:  # once a day (the table cache keeps only 64)
            self.sods, self.times = once_a_day(self.first_sod)
        else:  # None (too many times a day): the masks give the time of day instead
            self.sods, self.times = times_of_day(hours, minutes, seconds) or ((), ())
        self.first_time = self.times[0] if self.times else time_of_day(self.first_sod)
        if self.fixed_offset is not None:
            self.segment = endless_segment(self.fixed_offset)
        # the last fire given and its instant, in a zone with transitions: a caller feeding it
        # back (a chained walk) skips reading the instant back, which costs zoneinfo a rule
        # computation far from today (a fixed zone's `timestamp` costs less than keeping it)
        self.last: tuple[datetime | None, int] = _NO_FIRE

    def next_after(self, dt: datetime) -> datetime | None:
        if self.fixed_offset is not None:
            return self._fire_after(_floor(dt.timestamp()))
        last_fire, last_instant = self.last
        if dt is last_fire:
            return self._fire_after(last_instant)
        shift = dt.utcoffset()  # read by its offset: `timestamp` costs zoneinfo more
        if shift is None or shift.microseconds:
            require_aware(dt)
            return self._fire_after(_floor(dt.timestamp()))
        after = (dt.toordinal() - EPOCH_ORDINAL - shift.days) * _DAY - shift.seconds
        return self._fire_after(after + dt.hour * 3600 + dt.minute * 60 + dt.second)

    def _fire_after(self, after: int) -> datetime | None:
        """The first fire > ``after`` (epoch seconds): see the module's docstring."""
        skips = 0
        while skips < _SKIPS:
            segment = self.segment
            if not segment.start <= after < segment.end - 1:
                segment = self.segment = self.timeline.segment(after + 1)
            if after < segment.settled:
                break  # just after a transition: its gap or repeated hour may hold a fire
            offset = segment.offset
            wall = after + 1 + offset  # the earliest wall second that may fire
            day, sod = divmod(wall, _DAY)
            try:
                today = _fromordinal(day + EPOCH_ORDINAL)
            except (ValueError, OverflowError):
                break  # beyond datetime's range
            mday = today.day
            if self.every_day:
                mask = _EVERY_DAY
            else:
                mask = self.matcher.mask_at(day - mday + 1, today.year, today.month)
            fire_date: date | None = today
            if mask >> mday & 1 and sod <= self.last_sod:  # later today
                if self.sods:
                    index = _bisect(self.sods, sod)
                    fire_wall, at = wall - sod + self.sods[index], self.times[index]
                else:
                    fire_wall = wall - sod + self.search.time_from(sod)
                    at = time_of_day(fire_wall - wall + sod)
            elif mask >> (mday + 1):  # a later day of this month
                later = mask >> (mday + 1)
                step = (later & -later).bit_length()
                fire_wall, at = (day + step) * _DAY + self.first_sod, self.first_time
                fire_date = today + _AFTER[step]
            else:  # a later month
                found = self.search.after_month(day - mday + 1, today.year, today.month)
                if found is None:
                    return None  # nothing up to the search horizon
                fire_wall, at, fire_date = found, self.first_time, None
            if fire_wall >= segment.end + offset:  # a wall time past this offset's end
                after = self.skip_to(after, segment, fire_wall)
                skips += 1
                continue
            instant = fire_wall - offset
            if instant > MAX_INSTANT:
                return None  # a wall time on datetime's last day, west of UTC
            if fire_date is None:
                fire_date = _fromordinal(fire_wall // _DAY + EPOCH_ORDINAL)
            fire = _combine(fire_date, at, self.tz)
            if self.fixed_offset is None:
                self.last = (fire, instant)
            return fire
        return self._general(after)

    def _general(self, after: int) -> datetime | None:
        found = self.next_instant(after)
        if found is None or found > MAX_INSTANT:
            return None
        fire = self._fire_at(found)
        if self.fixed_offset is None:
            self.last = (fire, found)
        return fire
