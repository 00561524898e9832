"""Rules for the bounds of an English phrase: ``starting``, ``until`` and ``counted from``."""

from __future__ import annotations

from collections.abc import Iterator

from tomodachi_schedule.compiler.spec import nodes as n
from tomodachi_schedule.compiler.spec.read.merges import SUB_DAY
from tomodachi_schedule.errors import Diagnostic, problem


def check_bounds(phrase: n.Phrase) -> Iterator[Diagnostic]:
    starts, ends = phrase.find(n.Starting), phrase.find(n.Until)
    for bound in starts + ends:
        if bound.at.offset:
            yield problem(
                "bounds are local dates and times in the schedule's zone",
                bound,
                "drop the UTC offset; name the zone with 'in ...'",
            )
    if starts and ends and _key(ends[0].at) < _key(starts[0].at):
        yield problem("'until' is before 'starting': this schedule could never fire", ends[0])
    for counted in phrase.find(n.Counted)[:1]:
        if not _has_period(phrase):
            yield problem(
                "'counted from' says where every n-th day, week, month or year is counted from",
                counted,
                "use it with e.g. 'every 2 weeks on monday' or 'every other friday'",
            )


def _has_period(phrase: n.Phrase) -> bool:
    """``every other friday``, ``every 3 days``: a period counted from an anchor date."""
    every = phrase.find(n.Every)
    counted_units = every and every[0].unit not in SUB_DAY and (every[0].count or 1) > 1
    return bool(counted_units or any(days.every for days in phrase.find(n.Days)))


def _key(when: n.DateTime) -> tuple:
    time = when.time or n.TimeOfDay(hour=0)
    return (when.year, when.month, when.day, time.hour, time.minute, time.second)
