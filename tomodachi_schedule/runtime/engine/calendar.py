"""`Calendar`: wall-clock schedules (cron and plain-English times) with exact DST rules."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, tzinfo
from functools import lru_cache
from math import floor as _floor
from typing import Any

from tomodachi_schedule.runtime.engine.base import (
    CRON_SPEC_LEAD,
    FireFinder,
    Schedule,
    invalid,
    require_aware,
)
from tomodachi_schedule.runtime.engine.days import DaySet
from tomodachi_schedule.runtime.engine.masks import ALL_HOURS
from tomodachi_schedule.runtime.engine.record import private
from tomodachi_schedule.runtime.engine.zones.names import resolve_zone

ALL_SECONDS = ALL_MINUTES = (1 << 60) - 1


class Calendar(Schedule):
    """Fires at every matching local wall time in ``zone`` (None: the machine's zone).

    ``seconds``, ``minutes`` and ``hours`` are bitmasks (bit n set: value n matches).
    A nonexistent local time (spring forward) fires shifted forward by the gap; a repeated one
    fires at its first occurrence, or at both when the schedule follows the clock: ``hours``
    matches all 24 hours, or ``follow_clock`` is set (the compiler sets it on every part of a
    union whose hours together cover the day, such as ``every 7 minutes on sundays``).
    """

    seconds: int = 1
    minutes: int = ALL_MINUTES
    hours: int = ALL_HOURS
    days: DaySet = DaySet()
    zone: str | None = None
    follow_clock: bool = False
    _tz: Any = private()

    def __post_init__(self) -> None:
        seconds, minutes, hours = self.seconds, self.minutes, self.hours
        # `type(...) is int` refuses bools too; the common case in one test (a generated module
        # makes calendars by the ten thousand), the field at fault named only on a failure
        if not (
            type(seconds) is int  # noqa: E721
            and type(minutes) is int  # noqa: E721
            and type(hours) is int  # noqa: E721
            and 0 < seconds <= ALL_SECONDS
            and 0 < minutes <= ALL_MINUTES
            and 0 < hours <= ALL_HOURS
        ):
            _refuse_masks(self)
        if type(self.days) is not DaySet and not isinstance(self.days, DaySet):
            raise invalid("Calendar.days must be a DaySet")
        if self.follow_clock is not False and self.follow_clock is not True:
            raise invalid("Calendar.follow_clock must be True or False")
        object.__setattr__(self, "_tz", resolve_zone(self.zone))  # a misspelt zone fails here
        # the fire finder is built at first use: a module declaring 10,000 calendars imports
        # without building 10,000 search tables it may never need in that process
        object.__setattr__(self, "_derived", None)

    @property
    def tzinfo(self) -> tzinfo:
        """The resolved zone."""
        return self._tz

    def finder(self) -> FireFinder:
        """The fire finder of this calendar (shared by equal calendars), built at first use."""
        found = self._derived
        if found is None:
            clock = self.follow_clock or self.hours == ALL_HOURS
            found = _engine(self.seconds, self.minutes, self.hours, self.days, self._tz, clock)
            self._set_derived(found)
        return found

    def next_after(self, dt: datetime) -> datetime | None:
        if dt.tzinfo is None:
            require_aware(dt)
        finder = self._derived
        return (finder or self.finder()).next_after(dt)

    def iter_after(self, dt: datetime) -> Iterator[datetime]:
        require_aware(dt)
        return self.finder().iterate(_floor(dt.timestamp()))

    def describe(self) -> str:
        from tomodachi_schedule.runtime.engine.wording import describe

        return describe(self)


def cron_calendar(**fields: Any) -> Calendar:
    """A `Calendar` read from a cron spec written with one space between fields (generated
    modules, interface version 3): its `explain()` begins ``cron '<spec>': ``, as the compiler's
    does, and is worded when first asked for, so the compiler need not word it for the module."""
    calendar = Calendar(**fields)
    object.__setattr__(calendar, "_lead", CRON_SPEC_LEAD)
    return calendar


def is_cron_calendar(schedule: object) -> bool:
    """Whether `cron_calendar` with ``schedule``'s fields rebuilds it, words included."""
    return (
        type(schedule) is Calendar
        and bool(schedule.spec)  # first: a part of a union has no spec, nor a `_lead` to read
        and getattr(schedule, "_lead", "") is CRON_SPEC_LEAD
        and not schedule.description
    )


def _refuse_masks(calendar: Calendar) -> None:
    for name, full in (("seconds", ALL_SECONDS), ("minutes", ALL_MINUTES), ("hours", ALL_HOURS)):
        value = getattr(calendar, name)
        if not isinstance(value, int) or isinstance(value, bool) or not 0 < value <= full:
            raise invalid(
                f"Calendar.{name} must be a non-empty bitmask within 0..{full.bit_length() - 1}"
            )


@lru_cache(maxsize=512)
def _engine(
    seconds: int, minutes: int, hours: int, days: DaySet, tz: tzinfo, clock: bool
) -> FireFinder:
    """The fire finder of a calendar; equal calendars share one (and its caches).
    ``clock``: follows the clock. The search modules load with the first finder: declaring
    calendars (importing a generated module) does not need them."""
    from tomodachi_schedule.runtime.engine.search.fastpath import FastPath

    return FastPath(seconds, minutes, hours, days, tz, clock)
