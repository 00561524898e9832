"""The agenda: every fire of every planned schedule in a window, in time order, with DST notes."""

from __future__ import annotations

import heapq
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone, tzinfo

from tomodachi_schedule.compiler.plan.sources import PlannedSchedule

GAP, REPEATED_FIRST, REPEATED_SECOND = "gap", "repeated-first", "repeated-second"
NOTES = {
    GAP: "shifted forward by a daylight-saving gap (its wall time does not exist that day)",
    REPEATED_FIRST: "in the repeated hour of a daylight-saving change (first occurrence)",
    REPEATED_SECOND: "in the repeated hour of a daylight-saving change (second occurrence)",
}
_JUST_BEFORE = timedelta(microseconds=1)  # iter_after is strictly after; the window includes from


@dataclass(frozen=True, slots=True)
class PlannedFire:
    """One fire: the instant (aware, in the schedule's own zone), whose it is, and a DST mark."""

    at: datetime
    row: int  # index of the schedule in the plan's list
    dst: str | None  # GAP, REPEATED_FIRST, REPEATED_SECOND or None


def fires_between(
    schedules: list[PlannedSchedule], start: datetime, end: datetime
) -> Iterator[PlannedFire]:
    """Fires with ``start <= at < end``, in time order (ties: in the order of ``schedules``)."""
    streams = [_stream(row, s, start, end) for row, s in enumerate(schedules)]
    return heapq.merge(*streams, key=lambda fire: (fire.at.timestamp(), fire.row))


def _stream(row: int, planned: PlannedSchedule, start: datetime, end: datetime):
    schedule = planned.schedule
    limit = end.timestamp()
    calendars = wall_calendars(schedule)
    for at in schedule.iter_after(start - _JUST_BEFORE):  # type: ignore[attr-defined]
        if at.timestamp() >= limit:
            return
        yield PlannedFire(at, row, dst_mark(at, calendars))


def dst_mark(at: datetime, calendars: list) -> str | None:
    """Whether the fire was moved by a gap or falls in an hour that occurs twice."""
    if calendars and not any(_matches_wall_time(c, at) for c in calendars):
        return GAP
    other = at.replace(fold=1 - at.fold)
    if other.utcoffset() != at.utcoffset():
        return REPEATED_SECOND if at.fold else REPEATED_FIRST
    return None


def wall_calendars(schedule: object) -> list:
    """The wall-clock (calendar) parts of a schedule; a fire matching none was shifted."""
    if hasattr(schedule, "hours") and hasattr(schedule, "minutes"):
        return [schedule]
    inner = getattr(schedule, "inner", None)
    parts = getattr(schedule, "parts", ()) or ((inner,) if inner is not None else ())
    return [c for part in parts for c in wall_calendars(part)]


def _matches_wall_time(calendar: object, at: datetime) -> bool:
    hours, minutes, seconds = calendar.hours, calendar.minutes, calendar.seconds  # type: ignore
    return bool(hours >> at.hour & minutes >> at.minute & seconds >> at.second & 1)


def zone_name(zone: tzinfo | None) -> str:
    """``Europe/Stockholm``, ``UTC`` or ``+05:30``: how a zone is named in the agenda."""
    key = getattr(zone, "key", None)
    if key:
        return key
    if zone is None or zone.utcoffset(None) == timedelta(0):
        return "UTC"
    offset = zone.utcoffset(None)
    assert offset is not None
    sign, total = ("-", -offset) if offset < timedelta(0) else ("+", offset)
    hours, rest = divmod(int(total.total_seconds()), 3600)
    return f"{sign}{hours:02d}:{rest // 60:02d}"


def utc(at: datetime) -> datetime:
    return at.astimezone(timezone.utc)
