"""UTC-offset transitions of a zone, cached per year: from its TZif file, or found by probing.

`zoneinfo` has no public list of transitions. For a tz database zone, `tzfile.py` reads the
instants from the zone's file and its footer rule; any other tzinfo is probed once a day and
every change of offset bisected to the second (two transitions less than a day apart that
cancel out would be missed; no zone in the tz database has had one since 1970).
"""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone, tzinfo
from functools import lru_cache
from typing import NamedTuple
from zoneinfo import ZoneInfo

from tomodachi_schedule.runtime.engine.zones.tzfile import PosixRule, zone_file

_EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)
_EPOCH_ORDINAL = date(1970, 1, 1).toordinal()
_DAY = 86400
_SCAN_YEARS = 2  # how far a segment search looks for a neighbouring transition


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


@lru_cache(maxsize=4096)
def transitions_in_year(tz: tzinfo, year: int) -> tuple[tuple[int, int, int], ...]:
    """``(instant, offset before, offset after)`` for the transitions in a UTC year."""
    if not _FIRST_YEAR <= year <= _LAST_YEAR:
        return ()  # the edges of datetime's range: taken as free of transitions
    start, end = _year_start(year), _year_start(year + 1)
    source = zone_file(tz.key) if isinstance(tz, ZoneInfo) else None
    if source is None:
        return probe_year(tz, start, end)
    if source.rule is not None and year >= source.rule_from:
        return tuple(source.rule_changes(year, start, end))
    found = []
    for instant in source.candidates(start, end):
        old, new = offset_at(tz, instant - 1), offset_at(tz, instant)
        if old != new:  # a change of name or of DST flag alone moves no wall time
            found.append((instant, old, new))
    return tuple(found)


def probe_year(tz: tzinfo, start: int, end: int) -> tuple[tuple[int, int, int], ...]:
    """The transitions in ``[start, end)`` found by probing the offset once a day (any tzinfo)."""
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
    return rule_segment(tz, instant, year) or scanned_segment(tz, instant, year)


def rule_segment(tz: tzinfo, instant: int, year: int) -> Segment | None:
    """`scanned_segment` where the zone's footer rule alone governs ``year`` and its neighbours
    (two changes a local year, none near January 1), read straight from the rule: far from
    today, a walk meets a new year at every call, and scanning computed three."""
    source = zone_file(tz.key) if isinstance(tz, ZoneInfo) else None
    rule = source.rule if source is not None else None
    if rule is None or rule.near_new_year or rule.std == rule.dst:
        return None
    if not source.rule_from < year < _LAST_YEAR:  # type: ignore[union-attr]
        return None
    first, second = _rule_changes(rule, year)
    if instant < first[0]:
        (start, before, offset), end = _rule_changes(rule, year - 1)[1], first[0]
    elif instant < second[0]:
        (start, before, offset), end = first, second[0]
    else:
        (start, before, offset), end = second, _rule_changes(rule, year + 1)[0][0]
    return Segment(start, end, before, offset, start + abs(before - offset))


def _rule_changes(rule: PosixRule, year: int) -> tuple[tuple[int, int, int], ...]:
    """A rule's two changes in ``year`` as ``(instant, offset before, offset after)``, in order."""
    begins, ends = rule.transitions(year)
    if begins < ends:
        return (begins, rule.std, rule.dst), (ends, rule.dst, rule.std)
    return (ends, rule.dst, rule.std), (begins, rule.std, rule.dst)


def scanned_segment(tz: tzinfo, instant: int, year: int) -> Segment:
    """The constant-offset segment holding ``instant``, from the transitions of the years
    around it (any zone)."""
    start = before = offset = end = None
    for scan in range(year, year - _SCAN_YEARS, -1):
        for moment, old, new in reversed(transitions_in_year(tz, scan)):
            if moment <= instant:
                start, before, offset = moment, old, new
                break
        if start is not None:
            break
    for scan in range(year, year + _SCAN_YEARS + 1):
        for moment, _, _ in transitions_in_year(tz, scan):
            if moment > instant:
                end = moment
                break
        if end is not None:
            break
    if start is None:  # no transition nearby: an artificial boundary
        start, before = _year_start(year - _SCAN_YEARS + 1), None
    if end is None:
        end = _year_start(year + _SCAN_YEARS + 1)
    if offset is None:
        offset = _offset_near(tz, instant)
    before = offset if before is None else before
    return Segment(start, end, before, offset, start + abs(before - offset))


_BUCKET_BITS = 25  # the timeline files segments by instant >> 25: buckets of ~388 days
_BUCKETS_KEPT = 2048  # per zone; then the timeline starts afresh


class Timeline:
    """The segments of one zone found so far, filed under every bucket of time they overlap.

    A lookup reads one bucket's tuple; adding replaces tuples whole, so a lookup on another
    thread sees the old tuple or the new one (at worst it finds the segment again itself).
    """

    __slots__ = ("tz", "buckets")

    def __init__(self, tz: tzinfo) -> None:
        self.tz = tz
        self.buckets: dict[int, tuple[Segment, ...]] = {}

    def segment(self, instant: int) -> Segment:
        """The constant-offset segment holding ``instant``."""
        for known in self.buckets.get(instant >> _BUCKET_BITS, ()):
            if known.start <= instant < known.end:
                return known
        found = segment_at(self.tz, instant)
        self._add(found)
        return found

    def _add(self, found: Segment) -> None:
        buckets = self.buckets
        if len(buckets) >= _BUCKETS_KEPT:
            buckets = self.buckets = {}
        for bucket in range(found.start >> _BUCKET_BITS, ((found.end - 1) >> _BUCKET_BITS) + 1):
            buckets[bucket] = buckets.get(bucket, ()) + (found,)


@lru_cache(maxsize=256)
def timeline(tz: tzinfo) -> Timeline:
    """The shared timeline of a zone."""
    return Timeline(tz)
