"""`Excluding`: a schedule's fires except on some local days, skipping whole runs of them."""

from __future__ import annotations

from datetime import datetime, timedelta, tzinfo

from tomodachi_schedule.runtime.engine.base import Schedule, invalid, require_aware
from tomodachi_schedule.runtime.engine.daymask import day_matcher
from tomodachi_schedule.runtime.engine.days import DaySet
from tomodachi_schedule.runtime.engine.dayskip import (
    FireDays,
    every_day,
    interval_span,
    next_free_day,
    next_possible_day,
    union,
    without,
)
from tomodachi_schedule.runtime.engine.schedules import AnyOf, Bounded, Interval, read_local
from tomodachi_schedule.runtime.engine.search.wallsearch import MAX_YEAR
from tomodachi_schedule.runtime.engine.zones.names import resolve_zone

_TICK = timedelta(microseconds=1)


class Excluding(Schedule):
    """The fires of ``inner`` except those on local dates (in ``zone``) matching ``days``."""

    inner: Schedule
    days: DaySet
    zone: str | None = None

    def __post_init__(self) -> None:
        if not isinstance(self.inner, Schedule) or not isinstance(self.days, DaySet):
            raise invalid("Excluding needs a schedule (inner) and a DaySet (days)")
        resolve_zone(self.zone)  # a misspelt zone fails here
        # the day tables are made at first use: compiling a spec builds the schedule and (for
        # most specs) never asks it for a fire, and a module of many schedules imports sooner
        object.__setattr__(self, "_derived", None)

    def _tables(self) -> tuple:
        """The zone, the excluded days' matcher, the days inner can fire on (None: unknown) and,
        over an interval, how long its fires take to repeat their days."""
        derived = self._derived
        if derived is None:
            tz, matcher = resolve_zone(self.zone), day_matcher(self.days)
            inner = self.inner.inner if type(self.inner) is Bounded else self.inner
            span = interval_span(inner.every, matcher, tz) if type(inner) is Interval else None
            derived = (tz, matcher, fire_days(self.inner, tz), span)
            self._set_derived(derived)
        return derived

    def next_after(self, dt: datetime) -> datetime | None:
        require_aware(dt)
        tz, matcher, possible, span = self._tables()
        fire = self.inner.next_after(dt)
        # an interval's fires repeat their days within `span` years of its first fire (or of
        # the zone's settling on its yearly rule, if later): no free one by then means none ever
        last_year = MAX_YEAR if span is None or fire is None else max(fire.year, span[0]) + span[1]
        while fire is not None and fire.year <= last_year:
            day = fire.astimezone(tz).date()
            if not matcher.matches(day):
                return fire
            # skip the whole excluded run of days at once (and, where the inner days are known,
            # every day inner cannot fire on as well, month by month), then ask inner again
            if possible is None:
                free = next_free_day(matcher, day)
            else:
                free = next_possible_day(possible, matcher, day)
            if free is None:
                return None
            midnight = datetime.combine(free, datetime.min.time())
            fire = self.inner.next_after(read_local(midnight, tz) - _TICK)
        return None

    def describe(self) -> str:
        from tomodachi_schedule.runtime.engine.wording import describe

        return describe(self)


def fire_days(schedule: Schedule, tz: tzinfo) -> FireDays | None:
    """The local days (in ``tz``) on which ``schedule`` can fire, when its day sets tell: a
    calendar fires on the days its day set matches; a union on its parts' days; a bounded
    schedule on (some of) its inner days; an exclusion on its inner days less the excluded ones,
    or on every day it does not exclude. None when that is not known."""
    from tomodachi_schedule.runtime.engine.calendar import Calendar

    kind = type(schedule)
    if kind is Calendar:
        if schedule.tzinfo != tz:  # type: ignore[attr-defined]
            return None
        matcher = day_matcher(schedule.days)  # type: ignore[attr-defined]
        return FireDays(matcher.month_mask, (matcher,))
    if kind is Bounded:  # its window only takes fires away
        return fire_days(schedule.inner, tz)  # type: ignore[attr-defined]
    if kind is AnyOf:
        parts = [fire_days(part, tz) for part in schedule.parts]  # type: ignore[attr-defined]
        if any(part is None for part in parts):
            return None
        known = [part for part in parts if part is not None]
        matchers = tuple(matcher for part in known for matcher in part.matchers)
        return FireDays(union([part.mask for part in known]), matchers)
    if kind is Excluding:
        own_tz, excluded, possible, _ = schedule._tables()  # type: ignore[attr-defined]
        if own_tz != tz:
            return None
        if possible is None:
            return FireDays(without(every_day, excluded), (excluded,))
        return FireDays(without(possible.mask, excluded), (*possible.matchers, excluded))
    return None
