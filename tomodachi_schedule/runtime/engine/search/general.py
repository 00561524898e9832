"""`GeneralSearch`: a calendar's next fire in any zone, on integer epoch seconds, exact at every
transition. The fast path (`fastpath.py`) answers most calls and leaves the rest to it."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, time, tzinfo
from math import floor as _floor
from typing import Any

from tomodachi_schedule.runtime.engine.base import FireFinder
from tomodachi_schedule.runtime.engine.dates import EPOCH_ORDINAL
from tomodachi_schedule.runtime.engine.daymask import day_matcher
from tomodachi_schedule.runtime.engine.days import FIRST_YEAR, DaySet
from tomodachi_schedule.runtime.engine.masks import ALL_HOURS
from tomodachi_schedule.runtime.engine.search.tablewalk import MAX_INSTANT, TableWalk, times_of_day
from tomodachi_schedule.runtime.engine.search.wallsearch import MAX_YEAR, WallSearch
from tomodachi_schedule.runtime.engine.zones.names import constant_offset
from tomodachi_schedule.runtime.engine.zones.transitions import Segment, timeline

_DAY = 86400
_DST_REACH = 26 * 3600  # more than any change of UTC offset at one transition
_fromtimestamp = datetime.fromtimestamp
_fromordinal = date.fromordinal
_combine = datetime.combine
_time = time


def _year_limits(days: DaySet) -> tuple[int, int]:
    """(years to search ahead, last possible year): bounds the search for sparse schedules."""
    if days.years is not None:
        return MAX_YEAR, FIRST_YEAR + days.years.bit_length() - 1
    # dates and weekdays repeat every 400 Gregorian years (146097 days, a whole number of
    # weeks); with every n-th day/week/month/year on top, the pattern repeats within 400*n
    every = days.period.every if days.period else 1
    return min(400 * every, MAX_YEAR), MAX_YEAR


class GeneralSearch(FireFinder):
    """The next-fire computation of a calendar in any zone, segment by segment of constant UTC
    offset (`transitions.Timeline`), with the gap and repeated-hour rules at each transition."""

    __slots__ = ("tz", "fixed_offset", "search", "all_hours", "segment", "timeline")

    def __init__(
        self, seconds: int, minutes: int, hours: int, days: DaySet, tz: tzinfo, clock: bool = False
    ) -> None:
        self.tz = tz
        span, last_year = _year_limits(days)
        matcher = day_matcher(days)
        self.search = WallSearch(
            hours, minutes, seconds, matcher, year_span=span, last_year=last_year
        )
        # follows the clock: a repeated wall time fires at both occurrences
        self.all_hours = clock or hours == ALL_HOURS
        self.fixed_offset = constant_offset(tz)
        self.segment = Segment(0, 0, 0, 0, 0)  # the last one used: most calls stay in it
        self.timeline = timeline(tz)

    def next_after(self, dt: datetime) -> datetime | None:
        return self.fire_after(_floor(dt.timestamp()))

    def fire_after(self, after: int) -> datetime | None:
        """The first fire > ``after`` (epoch seconds) as a datetime, or None."""
        found = self.next_instant(after)
        if found is None or found > MAX_INSTANT:
            return None
        return self._fire_at(found)

    def _fire_at(self, found: int) -> datetime:
        """The fire at epoch second ``found`` as a datetime: built from its wall time when it lies
        in the settled part of the last segment used (no fold to decide), else by zoneinfo."""
        _, end, _, offset, settled = segment = self.segment
        if settled <= found < end and segment.start <= found:
            day, sod = divmod(found + offset, _DAY)
            try:
                today = _fromordinal(day + EPOCH_ORDINAL)
            except (ValueError, OverflowError):
                return _fromtimestamp(found, self.tz)
            return _combine(today, _time(sod // 3600, sod // 60 % 60, sod % 60), self.tz)
        return _fromtimestamp(found, self.tz)

    def next_instant(self, after: int) -> int | None:
        """The first fire > ``after`` (epoch seconds), or None."""
        offset = self.fixed_offset
        if offset is not None:
            wall = self.search.next_wall(after + 1 + offset)
            return None if wall is None else wall - offset
        segment = self.segment
        if not segment.start <= after < segment.end - 1:
            # the segment holding after + 1, the earliest instant a fire may have
            segment = self.segment = self.timeline.segment(after + 1)
        if after < segment.settled:
            return self._next_in_zone(after)
        # the common case, inlined: past the last transition's gap or repeated hour, only plain
        # wall times read with this offset count
        offset = segment.offset
        wall = self.search.next_wall(after + 1 + offset)
        if wall is None:
            return None
        if wall < segment.end + offset:
            return wall - offset
        return self._next_in_zone(self.skip_to(after, segment, wall))

    def _next_in_zone(self, after: int) -> int | None:
        while True:
            segment = self.segment
            if not segment.start <= after < segment.end - 1:
                segment = self.segment = self.timeline.segment(after + 1)
            fire, wall = self._next_in_segment(after, segment)
            if fire is not _NEXT_SEGMENT:
                return fire
            after = self.skip_to(after, segment, wall)

    @staticmethod
    def skip_to(after: int, segment: Segment, wall: int) -> int:
        """Where to search next when ``segment`` holds no fire but wall time ``wall`` matches.

        No fire lies before ``wall`` reads as an instant, give or take any offset change, unless
        a transition within a day after ``after`` repeats earlier wall times: then step over
        just this segment. Jumping saves walking the transitions of years without a match.
        """
        step = segment.end - 1
        if segment.end - after <= _DST_REACH:
            return step
        return max(step, wall - segment.offset - 2 * _DST_REACH)

    def _next_in_segment(self, after: int, segment: Segment) -> tuple[int | None, int]:
        """(the first fire > ``after`` owned by ``segment``, or None when none ever, or
        ``_NEXT_SEGMENT``; the first matching wall time ≥ after read with the segment's offset).

        A segment owns the wall times read with its offset and, after a spring-forward
        transition, the nonexistent wall times of the gap (read with the offset before).
        """
        start, end, before, offset, settled = segment
        low = after + 1 + offset
        if before < offset and after < settled:
            return self._next_after_gap(after, segment)
        if before > offset and not self.all_hours:
            # wall times below start + before occurred in the last segment already
            low = max(low, start + before)
        wall = self.search.next_wall(low)
        if wall is None:
            return None, 0  # nothing matches up to the search horizon
        return (wall - offset if wall < end + offset else _NEXT_SEGMENT), wall

    def _next_after_gap(self, after: int, segment: Segment) -> tuple[int | None, int]:
        """`_next_in_segment` just after a spring-forward transition: the nonexistent wall
        times of the gap fire too, read with the offset before (shifted forward by the gap)."""
        start, end, before, offset, _ = segment
        low, gap_end = after + 1 + offset, start + offset
        gap_low = max(after + 1 + before, start + before)
        gap_fire = wall = None
        if gap_low < gap_end:
            first = self.search.next_wall(gap_low)
            if first is None:
                return None, 0
            if first < gap_end:
                gap_fire = first - before
            elif first >= low:
                wall = first  # also the first matching wall time from low on
        if wall is None:
            wall = self.search.next_wall(low)
        fires = [gap_fire] if gap_fire is not None else []
        if wall is not None and wall < end + offset:
            fires.append(wall - offset)
        if fires:
            return min(fires), 0 if wall is None else wall
        return (None, 0) if wall is None else (_NEXT_SEGMENT, wall)

    def iterate(self, after: int) -> Iterator[datetime]:
        """Successive fires > ``after``; the rest of a day's fires come straight from the masks."""
        search = self.search
        offset, table = self.fixed_offset, times_of_day(
            search.hours, search.minutes, search.seconds
        )
        if offset is not None and table is not None:
            walk = TableWalk(self.tz, self.search, table)
            return walk.fires(self.search.next_wall(after + 1 + offset), MAX_INSTANT + 1 + offset)
        if offset is not None:
            return self._iterate_fixed(after, offset)
        if table is not None:
            return self._walk_zone(after, table)
        return self._iterate_zone(after)

    def _walk_zone(self, after: int, table: Any) -> Iterator[datetime]:
        """`iterate` in a zone with transitions, with a table of times of day: in a settled
        segment, plain wall times up to its end are walked on the table; the rest one by one."""
        tz, next_instant = self.tz, self.next_instant
        walk = TableWalk(tz, self.search, table)
        found = next_instant(after)
        while found is not None and found <= MAX_INSTANT:
            _, end, _, offset, settled = self.timeline.segment(found)
            if settled <= found:
                end = min(end, MAX_INSTANT + 1)
                last = yield from walk.fires(found + offset, end + offset)
                assert last is not None  # the walk starts at a fire, before the segment's end
                found = last - offset
            else:
                yield _fromtimestamp(found, tz)
            found = next_instant(found)

    def _iterate_fixed(self, after: int, offset: int) -> Iterator[datetime]:
        tz, search = self.tz, self.search
        next_wall, last_sod, later_today = (
            search.next_wall,
            search.last_sod,
            search.walls_later_today,
        )
        wall = next_wall(after + 1 + offset)
        try:
            while wall is not None:
                yield _fromtimestamp(wall - offset, tz)
                if wall % _DAY != last_sod:
                    for wall in later_today(wall):  # noqa: B020 (the walk goes on from the last)
                        yield _fromtimestamp(wall - offset, tz)
                wall = next_wall(wall + 1)
        except (OverflowError, ValueError):  # past datetime's end: no further fire
            return

    def _iterate_zone(self, after: int) -> Iterator[datetime]:
        tz, next_instant = self.tz, self.next_instant
        found = next_instant(after)
        try:
            while found is not None:
                yield _fromtimestamp(found, tz)
                offset = self._steady_offset(found)
                if offset is not None and (found + offset) % _DAY != self.search.last_sod:
                    for wall in self.search.walls_later_today(found + offset):
                        found = wall - offset
                        yield _fromtimestamp(found, tz)
                found = next_instant(found)
        except (OverflowError, ValueError):  # past datetime's end: no further fire
            return

    def _steady_offset(self, fire: int) -> int | None:
        """The offset that holds from ``fire`` to the end of its local day, far from any
        transition's gap or repeated hour (zones with transitions); None when the day needs the
        full search."""
        _, end, _, offset, settled = self.segment
        midnight = fire + offset - (fire + offset) % _DAY + _DAY  # the next local midnight
        if settled <= fire and midnight - offset <= end:
            return offset
        return None


# sentinel: nothing in this segment, look in the next one (Any: it stands in for a fire)
_NEXT_SEGMENT: Any = object()
