"""An independent brute-force model of when a calendar schedule fires, for the phrase corpus.

It knows nothing of the compiler or the engine: a meaning is a predicate on the local wall
time, and this module scans every wall minute (and the listed seconds) of a range of local dates
in a zone, then reads each matching wall time as instants by the documented DST rules:

- a wall time that does not exist (spring forward) fires shifted forward by the gap: it is read
  with the offset in force before the gap;
- a wall time that occurs twice (fall back) fires at its first occurrence only, unless the
  schedule follows the clock: then at both. A schedule follows the clock when, over the whole
  scan, its fires fall in every one of the 24 hours of the day (the rule is decided on the whole
  schedule, whatever parts it is made of);
- one instant fires once.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

UTC = timezone.utc
Predicate = Callable[[date, int, int, int], bool]  # (local date, hour, minute, second)


def _occurrences(wall: datetime, zone: ZoneInfo) -> tuple[datetime, ...]:
    """The instants (UTC) a naive wall time stands for: one, two (repeated) or the shifted one."""
    first = wall.replace(tzinfo=zone, fold=0)
    second = wall.replace(tzinfo=zone, fold=1)
    before, after = first.utcoffset(), second.utcoffset()
    if before == after:
        return (first.astimezone(UTC),)
    if before > after:  # repeated: fold=0 is the earlier occurrence
        return (first.astimezone(UTC), second.astimezone(UTC))
    # nonexistent: zoneinfo's fold=0 reads it with the offset before the gap (shifted forward)
    return ((wall - before).replace(tzinfo=UTC),)


def walls(predicate: Predicate, first: date, last: date, seconds=(0,)) -> list[datetime]:
    """Every naive local wall time from ``first`` to ``last`` (inclusive) the predicate accepts."""
    found = []
    day = first
    while day <= last:
        for minute_of_day in range(1440):
            hour, minute = divmod(minute_of_day, 60)
            for second in seconds:
                if predicate(day, hour, minute, second):
                    found.append(datetime.combine(day, time(hour, minute, second)))
        day += timedelta(days=1)
    return found


def model_fires(
    predicate: Predicate,
    zone: str,
    first: date,
    last: date,
    seconds=(0,),
    clock: bool | None = None,
) -> list[datetime]:
    """The fires (aware, UTC, sorted, distinct) of a wall-clock predicate on local dates
    ``first`` .. ``last``. ``clock`` overrides the follows-the-clock decision (for a scan too short
    to see every hour)."""
    matched = walls(predicate, first, last, seconds)
    follows = clock if clock is not None else len({w.hour for w in matched}) == 24
    return fires_of_walls(matched, zone, follows)


def fires_of_walls(matched: list[datetime], zone: str, follows: bool) -> list[datetime]:
    """The instants (UTC, sorted, distinct) of naive wall times in ``zone`` by the DST rules."""
    tz = ZoneInfo(zone)
    instants: set[datetime] = set()
    for wall in matched:
        occurrences = _occurrences(wall, tz)
        instants.update(occurrences if follows else occurrences[:1])
    return sorted(instants)
