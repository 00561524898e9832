"""Validated AST to runtime schedule objects (the contract in docs/architecture.md)."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import cast

from tomodachi_schedule import runtime as rt
from tomodachi_schedule.compiler.spec import nodes as n
from tomodachi_schedule.compiler.spec.lowering.clock_rule import follow_clock
from tomodachi_schedule.compiler.spec.lowering.cron import lower_cron
from tomodachi_schedule.compiler.spec.lowering.days import (
    ALL_MONTHS,
    dayset,
    except_daysets,
    group_by_months,
    intersection,
)
from tomodachi_schedule.compiler.spec.lowering.times import (
    day_ranges,
    grid_seconds,
    group_range,
    group_seconds,
    seconds_of,
)
from tomodachi_schedule.compiler.spec.node_support import maker
from tomodachi_schedule.compiler.spec.rules.phrase import SUB_DAY, is_elapsed_interval
from tomodachi_schedule.compiler.spec.validate import CheckedSpec
from tomodachi_schedule.compiler.spec.vocabulary import UNIT_SECONDS
from tomodachi_schedule.errors import ScheduleError, schedule_error
from tomodachi_schedule.runtime.engine.masks import bits

# the records most phrases lower to, made without calling their classes (`node_support.maker`)
_Calendar = maker(rt.Calendar)
_AnyOf = maker(rt.AnyOf)
_Excluding = maker(rt.Excluding)
_Period = maker(rt.Period)
_MIDNIGHT = n.TimeOfDay(hour=0)
_LAST_SECOND = n.TimeOfDay(hour=23, minute=59, second=59)


def lower(checked: CheckedSpec):
    """The runtime schedule of a checked spec (without spec text or description)."""
    body = checked.spec.body
    if isinstance(body, n.CronExpr):
        assert checked.cron is not None  # validation resolved the fields of a cron spec
        return lower_cron(checked.cron, checked.zone)
    if isinstance(body, n.Union):
        parts = [_Lowering(checked, part).schedule() for part in body.parts]
        return follow_clock(_any_of(parts))
    return follow_clock(_Lowering(checked, body).schedule())


class _Lowering:
    """Lowers one English phrase: the recurrence first, then exclusions and bounds around it."""

    def __init__(self, checked: CheckedSpec, phrase: n.Phrase) -> None:
        self.phrase = phrase
        self.zone = checked.zone
        self.cron = checked.cron if phrase.find(n.CronClause) else None
        self.every = (phrase.find(n.Every) or (None,))[0]
        self.starting = (phrase.find(n.Starting) or (None,))[0]

    def schedule(self):
        inner = self._recurrence()
        for excluded in self.phrase.find(n.Except):
            for days in except_daysets(excluded):
                inner = _Excluding(inner=inner, days=days, zone=self.zone)
        return self._bounded(inner)

    def _recurrence(self):
        if self.cron is not None:
            return lower_cron(self.cron, self.zone)
        moments = self.phrase.find(n.Moment)
        if moments:
            return self._once(moments[0].at, moments[0].at.time)
        listed = self.phrase.find(n.Days)
        dates = _dates(listed) if listed else None
        if dates:
            return _any_of([self._once(d, t) for d in dates for t in self._times()])
        if self.every is not None and self.every.unit in SUB_DAY:
            return self._sub_day()
        times = self.phrase.find(n.Times)
        if not times:
            return self._calendars(group_seconds([0]))  # midnight
        clock = [time.hour * 3600 + time.minute * 60 + time.second for time in times[0].times]
        return self._calendars(group_seconds(clock))

    # --- one-offs and bounds ----------------------------------------------------------------------

    def _once(self, when: n.DateTime, time: n.TimeOfDay | None):
        zone = _offset_zone(when.offset) if when.offset else self.zone
        return rt.Once(at=_iso(when, time or _MIDNIGHT), zone=zone)

    def _bounded(self, inner):
        until = (self.phrase.find(n.Until) or (None,))[0]
        if self.starting is None and until is None:
            return inner
        start = (
            _iso(self.starting.at, self.starting.at.time or _MIDNIGHT) if self.starting else None
        )
        end = _exclusive_end(until.at) if until else None
        return rt.Bounded(inner=inner, start=start, end=end, zone=self.zone)

    # --- elapsed-time intervals and wall-clock grids --------------------------------------------

    def _sub_day(self):
        step = (self.every.count or 1) * UNIT_SECONDS[self.every.unit]
        if is_elapsed_interval(self.phrase):
            return rt.Interval(every=step, anchor=self._anchor(), zone=self.zone)
        windows = self.phrase.find(n.Window) or (n.Window(start=_MIDNIGHT, end=_LAST_SECOND),)
        marks = self.phrase.find(n.Minutes)
        if len(windows) == 1 and not marks:  # one plain grid: its masks without listing its times
            first, last = seconds_of(windows[0].start), seconds_of(windows[0].end)
            parts = [
                self._calendars(group_range(begin, end, step), shift)
                for begin, end, shift in day_ranges(first, last, step)
            ]
            return _any_of(parts)
        seconds: set[int] = set()
        for window in windows:
            if marks:  # "every hour at :15": the hours of the grid, at those minutes
                offsets = [minute * 60 for minute in marks[0].minutes]
                start = n.TimeOfDay(hour=window.start.hour)
                seconds |= grid_seconds(start, window.end, step, offsets)
            else:
                seconds |= grid_seconds(window.start, window.end, step)
        # an overnight window belongs to the day it starts: its times after midnight fall on
        # the next day (the validator allows it only with weekdays, which shift by one)
        if max(seconds, default=0) < 86400:
            return self._calendars(group_seconds(seconds))
        today = [t for t in seconds if t < 86400]
        tomorrow = [t - 86400 for t in seconds if t >= 86400]
        parts = [
            self._calendars(group_seconds(times), shift)
            for times, shift in ((today, 0), (tomorrow, 1))
            if times
        ]
        return _any_of(parts)

    def _anchor(self) -> int:
        if self.starting is None:
            return 0
        from tomodachi_schedule.runtime.engine.schedules import local_instant
        from tomodachi_schedule.runtime.engine.zones.names import resolve_zone

        # read exactly as Bounded reads the same `starting` value
        at = self.starting.at
        return int(
            local_instant(_iso(at, at.time or _MIDNIGHT), resolve_zone(self.zone)).timestamp()
        )

    def _times(self) -> list[n.TimeOfDay]:
        times = self.phrase.find(n.Times)
        return list(times[0].times) if times else [_MIDNIGHT]

    def _calendars(self, masks: list[tuple[int, int, int]], shift: int = 0):
        """Calendars on the phrase's days (shifted by ``shift``) at the times of these masks."""
        daysets = self._daysets(shift)
        if len(daysets) == 1 and len(masks) == 1:  # one day set, one set of times: most phrases
            (seconds, minutes, hours), days = masks[0], daysets[0]
            return _Calendar(
                seconds=seconds, minutes=minutes, hours=hours, days=days, zone=self.zone
            )
        parts = [
            _Calendar(seconds=s, minutes=m, hours=h, days=days, zone=self.zone)
            for days in daysets
            for s, m, h in masks
        ]
        if not parts:  # e.g. "every hour at :45 from 09:00 to 09:30": no time is left
            raise never_fires(self.phrase.span)
        return _any_of(parts)

    # --- which days ---------------------------------------------------------------------------

    def _daysets(self, shift: int = 0) -> list:
        find = self.phrase.find
        lists = find(n.Days)
        if shift:
            lists = tuple([_shifted(d, shift) for d in lists])
        chosen = find(n.Months)
        months = bits(chosen[0].months) if chosen else ALL_MONTHS
        period = self._period(lists)
        named = find(n.Years)
        years = bits(y - 1970 for y in named[0].years) if named else None
        if len(lists) == 2:
            return [intersection(lists, months, period, years)]
        items = lists[0].items if lists else self._default_items()
        groups = group_by_months(items)
        return [
            dayset(group, scope & months, period, "or", years)
            for scope, group in groups.items()
            if scope & months
        ]

    def _default_items(self) -> tuple:
        unit = self.every.unit if self.every else "day"
        if unit == "week":
            return (n.Weekdays(days=(0,)),)  # tomodachi: weekly = Monday 00:00
        if unit == "month":
            return (n.MonthDay(day=1),)
        if unit == "year":
            return (n.Scoped(item=n.MonthDay(day=1), months=(1,)),)
        return ()

    def _period(self, lists):
        """Every n-th week of an 'every other' day list, or every n-th day, week, month or year
        of the 'every' clause; None for most phrases."""
        for days in lists:
            if days.every:
                return _Period(unit="week", every=days.every, anchor=self._anchor_date())
        every = self.every
        if every is not None and every.unit not in SUB_DAY and (every.count or 1) > 1:
            return _Period(unit=every.unit, every=every.count, anchor=self._anchor_date())
        return None

    def _anchor_date(self) -> str:
        counted = self.phrase.find(n.Counted) or ([self.starting] if self.starting else [])
        return _iso_date(counted[0].at) if counted else "1970-01-01"


def _dates(lists: tuple[n.Days, ...]) -> list[n.DateTime]:
    """The one-off dates of these day lists."""
    return [item.date for days in lists for item in days.items if isinstance(item, n.SpecificDate)]


def _shifted(days: n.Days, shift: int) -> n.Days:
    """The day after each listed weekday (for the after-midnight part of an overnight window)."""
    if not shift:
        return days
    # only weekday lists are shifted: validation refuses overnight windows on other day kinds
    weekdays = [cast(n.Weekdays, item) for item in days.items]
    items = tuple(n.Weekdays(days=tuple((d + shift) % 7 for d in item.days)) for item in weekdays)
    return n.Days(items=items, every=days.every, span=days.span)


# --- small helpers --------------------------------------------------------------------------------


def never_fires(span) -> ScheduleError:
    """The error for a schedule that can never fire."""
    hint = "check the days, months, years, times and exceptions it combines"
    return schedule_error("this schedule can never fire", span, hint)


def _any_of(parts: list):
    return parts[0] if len(parts) == 1 else _AnyOf(parts=tuple(parts))


def _iso_date(when: n.DateTime) -> str:
    return date(when.year, when.month, when.day).isoformat()


def _iso(when: n.DateTime, time: n.TimeOfDay) -> str:
    return datetime(
        when.year, when.month, when.day, time.hour, time.minute, time.second
    ).isoformat()


def _exclusive_end(when: n.DateTime) -> str:
    """``until 2027-06-30`` includes that day; ``until 2027-06-30 12:00`` includes 12:00:00."""
    if when.time is None:
        return (date(when.year, when.month, when.day) + timedelta(days=1)).isoformat() + "T00:00:00"
    moment = datetime.fromisoformat(_iso(when, when.time)) + timedelta(seconds=1)
    return moment.isoformat()


def _offset_zone(offset: str) -> str:
    if offset.upper() == "Z":
        return "UTC"
    digits = offset[1:].replace(":", "")
    return f"{offset[0]}{digits[:2]}:{digits[2:4] or '00'}"
