"""The repeated-hour rule, decided on a whole lowered schedule (the union of its parts)."""

from __future__ import annotations

from tomodachi_schedule import runtime as rt
from tomodachi_schedule.runtime.engine.record import fields

_ALL_HOURS = (1 << 24) - 1


def follow_clock(schedule):
    """The repeated-hour rule, decided on the whole schedule: when the hours of its calendars
    together cover the day (``every 7 minutes on sundays``), each follows the clock through both
    occurrences of a repeated hour."""
    if type(schedule) is rt.Calendar:  # one calendar: it covers the day alone, or not at all
        return schedule
    calendars = _calendars_in(schedule, [])
    hours = 0
    for calendar in calendars:
        hours |= calendar.hours
    if hours != _ALL_HOURS or all(c.hours == _ALL_HOURS for c in calendars):
        return schedule
    return _with_clock(schedule)


def _calendars_in(schedule, found: list) -> list:
    """The calendars in ``schedule``, appended to ``found`` (a list, not a generator: generator
    frames cost more than the walk)."""
    if isinstance(schedule, rt.Calendar):
        found.append(schedule)
        return found
    for part in getattr(schedule, "parts", ()):
        _calendars_in(part, found)
    inner = getattr(schedule, "inner", None)
    if inner is not None:
        _calendars_in(inner, found)
    return found


def _with_clock(schedule):
    if isinstance(schedule, rt.Calendar):
        values = {name: getattr(schedule, name) for name, _ in fields(schedule)}
        return rt.Calendar(**{**values, "follow_clock": True})
    if isinstance(schedule, rt.AnyOf):
        return rt.AnyOf(parts=tuple(_with_clock(part) for part in schedule.parts))
    if isinstance(schedule, (rt.Excluding, rt.Bounded)):
        values = {name: getattr(schedule, name) for name, _ in fields(schedule)}
        return type(schedule)(**{**values, "inner": _with_clock(schedule.inner)})
    return schedule
