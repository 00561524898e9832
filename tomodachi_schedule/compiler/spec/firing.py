"""Whether a lowered schedule fires at all: obvious for most, a search for the rest.

The façade refuses a schedule that can never fire. Asking the schedule for its first fire builds
its fire finder (search tables, zone timeline), which costs more than compiling most specs; a
calendar with every weekday, or a day of the month every month has, in no restricted year or
period, plainly fires, and only what is not plain is searched.
"""

from __future__ import annotations

from datetime import datetime, timezone

from tomodachi_schedule import runtime as rt

_EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)
_DAYS_EVERY_MONTH_HAS = ((1 << 29) - 1) & ~1  # month days 1..28


def ever_fires(schedule) -> bool:
    """True when ``schedule`` has a fire after 1970-01-01."""
    return plainly_fires(schedule) or schedule.next_after(_EPOCH) is not None


def plainly_fires(schedule) -> bool:
    """True when the schedule's fields alone show that it fires; False means "search"."""
    kind = type(schedule)
    if kind is rt.Interval:
        return True  # a positive step from the epoch, unbounded
    if kind is rt.AnyOf:
        return any(plainly_fires(part) for part in schedule.parts)
    if kind is rt.Calendar:  # its masks are never empty (the constructor checks)
        return _days_plainly_match(schedule.days)
    return False


def _days_plainly_match(days: rt.DaySet) -> bool:
    if days.years is not None or days.period is not None:
        return False
    parts = [part for part in (days.monthdays, days.weekdays) if part is not None]
    if days.combine == "and" and len(parts) == 2:
        return False  # both must match on one date: leave it to the search
    return not parts or any(_in_every_month(part) for part in parts)


def _in_every_month(part: rt.MonthDays | rt.WeekDays) -> bool:
    """A day part that matches at least one date in every month."""
    if isinstance(part, rt.WeekDays):
        return bool(part.days) or any(1 <= n <= 4 or n == -1 for _, n in part.nth)
    return bool(part.days & _DAYS_EVERY_MONTH_HAS) or part.last_weekday
