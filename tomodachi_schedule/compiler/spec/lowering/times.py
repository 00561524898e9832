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


def day_ranges(first: int, last: int, step: int) -> list[tuple[int, int, int]]:
    """The grid from ``first`` every ``step`` seconds to ``last`` (inclusive) as ranges within a
    day: (first, last, day shift); a grid past midnight continues on the next day (shift 1)."""
    if last < first:
        last += 86400  # "from 22:00 to 02:00" runs past midnight
    if last < 86400:
        return [(first, last, 0)]
    tomorrow = first + (86400 - first + step - 1) // step * step  # first time at or after midnight
    ranges = [(first, 86399, 0)]
    if tomorrow <= last:
        ranges.append((tomorrow - 86400, last - 86400, 1))
    return ranges


def group_seconds(times: Iterable[int]) -> list[tuple[int, int, int]]:
    """(seconds, minutes, hours) masks whose products are exactly the given seconds of the day."""
    ordered = sorted(set(times))
    if not ordered:
        return []
    into_hour = ordered[0] % 3600
    hours = 0
    for time in ordered:  # the common case: one time of day, or one time into several hours
        if time % 3600 != into_hour:
            return group_ordered(ordered)
        hours |= 1 << time // 3600
    return [(1 << into_hour % 60, 1 << into_hour // 60, hours)]


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
    result = []
    for pattern, hours in hours_by_pattern.items():
        result += _hour_masks(pattern, hours)
    return _in_order(result)


def group_range(first: int, last: int, step: int) -> list[tuple[int, int, int]]:
    """group_seconds of ``range(first, last + 1, step)`` (within one day), without listing it.

    "every 2 seconds" is 43,200 times of day; each hour's part is known from its first time and
    count alone, so hours are grouped by that pair and each distinct pattern is listed once."""
    hours_by_pattern: dict[tuple[int, int], int] = defaultdict(int)
    span = range(first // 3600, last // 3600 + 1)
    # when the step divides an hour, every hour strictly inside the span holds the same times:
    # the second hour is asked for all of them
    repeated = 3600 % step == 0 and len(span) > 3
    for hour in (span[0], span[1], span[-1]) if repeated else span:
        # conditionals, not min() and max(): a two-argument call of either costs ~800
        # instructions, four of them most of a 15-hour grid's lowering
        begin = first if first > hour * 3600 else hour * 3600
        begin += -(begin - first) % step  # the first time of the grid in this hour
        end = last if last < hour * 3600 + 3599 else hour * 3600 + 3599
        if begin <= end:
            inside = repeated and hour == span[1]
            hours = (1 << span[-1]) - (1 << hour) if inside else 1 << hour
            hours_by_pattern[(begin - hour * 3600, (end - begin) // step + 1)] |= hours
    result = []
    for (offset, count), hours in hours_by_pattern.items():
        result += _hour_masks(range(offset, offset + count * step, step), hours)
    return _in_order(result)


def _in_order(masks: list[tuple[int, int, int]]) -> list[tuple[int, int, int]]:
    """Masks by their first hour, then first minute, then seconds: one order for every grouping."""
    return sorted(masks, key=lambda m: (m[2] & -m[2], m[1] & -m[1], m[0]))


def _hour_masks(pattern: Iterable[int], hours: int) -> list[tuple[int, int, int]]:
    """(seconds, minutes, hours) masks making exactly ``pattern`` (seconds into the hour)."""
    minutes_by_second: dict[int, int] = defaultdict(int)
    for offset in pattern:
        minutes_by_second[offset % 60] |= 1 << (offset // 60)
    seconds_by_minutes: dict[int, int] = defaultdict(int)
    for second, minutes in minutes_by_second.items():
        seconds_by_minutes[minutes] |= 1 << second
    return [(seconds, minutes, hours) for minutes, seconds in seconds_by_minutes.items()]


def seconds_of(time: n.TimeOfDay) -> int:
    """Seconds since midnight."""
    return time.hour * 3600 + time.minute * 60 + time.second
