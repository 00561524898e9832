"""Times of day for lowering: wall-clock grids and the masks that make exactly a set of times."""

from __future__ import annotations

from bisect import bisect_left
from collections import defaultdict
from collections.abc import Iterable

from tomodachi_schedule.compiler.spec import nodes as n


def grid_seconds(start: n.TimeOfDay, end: n.TimeOfDay, step: int, offsets=(0,)) -> set[int]:
    """Seconds from the start's midnight, from ``start`` every ``step`` seconds (plus offsets) up
    to ``end`` inclusive; past 86400 when the window runs past midnight."""
    first, last = seconds_of(start), seconds_of(end)
    if last < first:
        last += 86400  # "from 22:00 to 02:00" runs past midnight
    if offsets == (0,):
        return set(range(first, last + 1, step))
    return {t + o for t in range(first, last + 1, step) for o in offsets if t + o <= last}


def group_seconds(times: Iterable[int]) -> list[tuple[int, int, int]]:
    """(seconds, minutes, hours) masks whose products are exactly the given seconds of the day."""
    ordered = sorted(set(times))
    if len(ordered) == 1:  # one time of day, the most common case: its own masks
        hour, rest = divmod(ordered[0], 3600)
        return [(1 << rest % 60, 1 << rest // 60, 1 << hour)]
    return group_ordered(ordered)


def group_ordered(ordered: list[int]) -> list[tuple[int, int, int]]:
    """group_seconds of distinct seconds of the day in ascending order, any number of them."""
    hours_by_pattern: dict[frozenset[int], int] = defaultdict(int)  # seconds into the hour
    first = 0
    while first < len(ordered):  # one hour at a time: a grid of every minute has 1,440 times
        hour = ordered[first] // 3600
        after = bisect_left(ordered, 3600 * (hour + 1), first)
        start = 3600 * hour
        hours_by_pattern[frozenset([t - start for t in ordered[first:after]])] |= 1 << hour
        first = after
    return _sorted_masks(hours_by_pattern)


def grid_masks(first: int, last: int, step: int) -> list[tuple[int, int, int]]:
    """group_seconds of ``range(first, last + 1, step)`` (seconds of one day, first <= last).

    When the step divides an hour, every whole hour of the grid holds the same seconds, so only
    the first, a middle and the last hour are looked at: the 15-minute grid of a 15-hour window
    was ~60 times grouped hour by hour.
    """
    if 3600 % step or first // 3600 == last // 3600:
        return group_seconds(range(first, last + 1, step))
    first_hour, last_hour = first // 3600, last // 3600
    into = first % step  # where the grid meets each hour
    hours_by_pattern: dict[frozenset[int], int] = defaultdict(int)
    hours_by_pattern[frozenset(range(first - 3600 * first_hour, 3600, step))] |= 1 << first_hour
    middle = ((1 << last_hour) - 1) & ~((2 << first_hour) - 1)
    if middle:
        hours_by_pattern[frozenset(range(into, 3600, step))] |= middle
    at_last = range(into, last - 3600 * last_hour + 1, step)
    if at_last:  # the grid may stop short of the last hour's first step
        hours_by_pattern[frozenset(at_last)] |= 1 << last_hour
    return _sorted_masks(hours_by_pattern)


def _sorted_masks(hours_by_pattern: dict[frozenset[int], int]) -> list[tuple[int, int, int]]:
    """The (seconds, minutes, hours) masks of hours grouped by the seconds into the hour they
    hold, in a fixed order: by first hour, first minute, then seconds."""
    result = []
    for pattern, hours in hours_by_pattern.items():
        minutes_by_second: dict[int, int] = defaultdict(int)
        for offset in pattern:
            minutes_by_second[offset % 60] |= 1 << (offset // 60)
        seconds_by_minutes: dict[int, int] = defaultdict(int)
        for second, minutes in minutes_by_second.items():
            seconds_by_minutes[minutes] |= 1 << second
        result += [(seconds, minutes, hours) for minutes, seconds in seconds_by_minutes.items()]
    return sorted(result, key=lambda masks: (masks[2] & -masks[2], masks[1] & -masks[1], masks[0]))


def seconds_of(time: n.TimeOfDay) -> int:
    """Seconds since midnight."""
    return time.hour * 3600 + time.minute * 60 + time.second
