"""UTC-offset transitions of a zone, found by probing ``utcoffset`` and cached per year.

`zoneinfo` has no public list of transitions, so each UTC year is probed once a day and every
change of offset is bisected to the second. Two transitions less than a day apart that cancel
out would be missed; no zone in the tz database has had one since 1970.
"""

from __future__ import annotations

from bisect import bisect_right
from datetime import date, datetime, timedelta, timezone, tzinfo
from functools import lru_cache
from typing import NamedTuple

_EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)
_EPOCH_ORDINAL = date(1970, 1, 1).toordinal()
_DAY = 86400
_SCAN_YEARS = 2  # how far a segment search looks for a neighbouring transition
_SEGMENTS_KEPT = 4096  # per zone; then the timeline starts afresh


class Segment(NamedTuple):
    """Instants ``[start, end)`` share ``offset``; ``before`` is the offset just before start.

    A boundary may be artificial (no transition found nearby): then ``before == offset``. From
    ``settled`` on, the transition at ``start`` no longer matters: every nonexistent wall time
    of its gap and every repeated one of its fold reads as an earlier instant.
    """

    start: int
    end: int
    before: int
    offset: int
    settled: int


def offset_at(tz: tzinfo, instant: int) -> int:
    """UTC offset in seconds of ``tz`` at the epoch second ``instant``."""
    try:
        moment = datetime.fromtimestamp(instant, tz)
    except (OverflowError, OSError, ValueError):  # beyond the platform's time_t
        moment = (_EPOCH + timedelta(seconds=instant)).astimezone(tz)
    return int(moment.utcoffset().total_seconds())  # type: ignore[union-attr] # aware


_FIRST_YEAR, _LAST_YEAR = 2, 9998  # probing needs a year of datetime range on each side


def _offset_near(tz: tzinfo, instant: int) -> int:
    """The offset at ``instant``, or at the nearest instant datetime can represent."""
    lowest, highest = _year_start(1) + 2 * _DAY, _year_start(10000) - 2 * _DAY
    return offset_at(tz, max(lowest, min(instant, highest)))


def _year_start(year: int) -> int:
    """Epoch seconds of January 1 of ``year`` (proleptic Gregorian, any year)."""
    ordinal = date(1, 1, 1).toordinal() + 365 * (year - 1)
    ordinal += (year - 1) // 4 - (year - 1) // 100 + (year - 1) // 400
    return (ordinal - _EPOCH_ORDINAL) * _DAY


def _first_change(tz: tzinfo, low: int, high: int, old: int) -> int:
    """Smallest instant in (low, high] whose offset differs from ``old`` (one exists)."""
    while high - low > 1:
        middle = (low + high) // 2
        if offset_at(tz, middle) == old:
            low = middle
        else:
            high = middle
    return high


@lru_cache(maxsize=2048)
def transitions_in_year(tz: tzinfo, year: int) -> tuple[tuple[int, int, int], ...]:
    """``(instant, offset before, offset after)`` for the transitions in a UTC year."""
    if not _FIRST_YEAR <= year <= _LAST_YEAR:
        return ()  # the edges of datetime's range: taken as free of transitions
    start, end = _year_start(year), _year_start(year + 1)
    found = []
    probe, offset = start - 1, offset_at(tz, start - 1)
    while probe < end - 1:
        following = min(probe + _DAY, end - 1)
        new = offset_at(tz, following)
        if new != offset:
            instant = _first_change(tz, probe, following, offset)
            found.append((instant, offset, offset_at(tz, instant)))
        probe, offset = following, new
    return tuple(found)


def _utc_year(instant: int) -> int:
    return date.fromordinal(max(1, min(instant // _DAY + _EPOCH_ORDINAL, 3652059))).year


def segment_at(tz: tzinfo, instant: int) -> Segment:
    """The constant-offset segment holding ``instant``."""
    year = _utc_year(instant)
    start, before = _year_start(year - _SCAN_YEARS + 1), None
    for scan in range(year - _SCAN_YEARS + 1, year + 1):
        for moment, old, _ in transitions_in_year(tz, scan):
            if moment <= instant:
                start, before = moment, old
    end = _year_start(year + _SCAN_YEARS + 1)
    for scan in range(year, year + _SCAN_YEARS + 1):
        later = [moment for moment, _, _ in transitions_in_year(tz, scan) if moment > instant]
        if later:
            end = later[0]
            break
    offset = _offset_near(tz, instant)
    before = offset if before is None else before
    return Segment(start, end, before, offset, start + abs(before - offset))


class Timeline:
    """The segments of one zone found so far, sorted by start, looked up by bisection.

    Copy-on-write: a lookup reads one consistent (starts, segments) pair even while another
    thread adds a segment.
    """

    __slots__ = ("tz", "known")

    def __init__(self, tz: tzinfo) -> None:
        self.tz = tz
        self.known: tuple[list[int], list[Segment]] = ([], [])

    def segment(self, instant: int) -> Segment:
        """The constant-offset segment holding ``instant``."""
        starts, segments = self.known
        index = bisect_right(starts, instant) - 1
        if index >= 0 and segments[index].end > instant:
            return segments[index]
        found = segment_at(self.tz, instant)
        self._add(found)
        return found

    def _add(self, found: Segment) -> None:
        starts, segments = self.known
        if len(starts) >= _SEGMENTS_KEPT:
            starts, segments = [], []
        index = bisect_right(starts, found.start)
        replaced = index > 0 and segments[index - 1].start == found.start
        keep = index - 1 if replaced else index  # a longer view of a known segment replaces it
        self.known = (
            starts[:keep] + [found.start] + starts[index:],
            segments[:keep] + [found] + segments[index:],
        )


@lru_cache(maxsize=256)
def timeline(tz: tzinfo) -> Timeline:
    """The shared timeline of a zone."""
    return Timeline(tz)
