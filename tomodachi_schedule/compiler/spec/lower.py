"""Validated AST to runtime schedule objects (the contract in docs/architecture.md)."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime, timedelta

from tomodachi_schedule import runtime as rt
from tomodachi_schedule.compiler.spec import nodes as n
from tomodachi_schedule.compiler.spec.lower_days import (
    ALL_MONTHS,
    dayset,
    except_daysets,
    group_by_months,
    intersection,
)
from tomodachi_schedule.compiler.spec.rules.cron_fields import CronFields
from tomodachi_schedule.compiler.spec.rules.phrase import SUB_DAY, is_elapsed_interval
from tomodachi_schedule.compiler.spec.validate import CheckedSpec
from tomodachi_schedule.compiler.spec.vocabulary import UNIT_SECONDS
from tomodachi_schedule.errors import ScheduleError, schedule_error
from tomodachi_schedule.runtime.engine.masks import bits

_MIDNIGHT = n.TimeOfDay(hour=0)


def lower(checked: CheckedSpec):
    """The runtime schedule of a checked spec (without spec text or description)."""
    if isinstance(checked.body, n.CronExpr):
        assert checked.cron is not None  # validation resolved the fields of a cron spec
        return lower_cron(checked.cron, checked.zone)
    return _Lowering(checked).schedule()


def lower_cron(fields: CronFields, zone: str | None):
    """A `Calendar` for a valid cron expression's fields (day fields combine with OR, as in cron)."""
    monthdays = (
        None
        if fields.monthday_any
        else rt.MonthDays(
            days=fields.monthdays,
            from_end=tuple(sorted(fields.from_end)),
            nearest_weekday=tuple(sorted(fields.nearest_weekday)),
            last_weekday=fields.last_weekday,
        )
    )
    weekdays = (
        None
        if fields.weekday_any
        else rt.WeekDays(days=fields.weekdays, nth=tuple(sorted(fields.nth)))
    )
    days = rt.DaySet(
        months=fields.months,
        years=fields.years,
        monthdays=monthdays,
        weekdays=weekdays,
        combine="or",
    )
    return rt.Calendar(seconds=1, minutes=fields.minutes, hours=fields.hours, days=days, zone=zone)


class _Lowering:
    """Lowers one English phrase: the recurrence first, then exclusions and bounds around it."""

    def __init__(self, checked: CheckedSpec) -> None:
        phrase = checked.body
        assert isinstance(phrase, n.Phrase)  # lower() sends cron to lower_cron
        self.phrase = phrase
        self.zone = checked.zone
        self.cron = checked.cron
        self.every = (phrase.find(n.Every) or (None,))[0]
        self.starting = (phrase.find(n.Starting) or (None,))[0]

    def schedule(self):
        inner = self._recurrence()
        for excluded in self.phrase.find(n.Except):
            for days in except_daysets(excluded):
                inner = rt.Excluding(inner=inner, days=days, zone=self.zone)
        return self._bounded(inner)

    def _recurrence(self):
        if self.cron is not None:
            return lower_cron(self.cron, self.zone)
        moments = self.phrase.find(n.Moment)
        if moments:
            return self._once(moments[0].at, moments[0].at.time)
        dates = [
            i.date
            for d in self.phrase.find(n.Days)
            for i in d.items
            if isinstance(i, n.SpecificDate)
        ]
        if dates:
            return _any_of([self._once(d, t) for d in dates for t in self._times()])
        if self.every is not None and self.every.unit in SUB_DAY:
            return self._sub_day()
        return self._calendars(self._times())

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
        windows = self.phrase.find(n.Window)
        start, end = (windows[0].start, windows[0].end) if windows else (_MIDNIGHT, None)
        marks = self.phrase.find(n.Minutes)
        if marks:  # "every hour at :15": the hours of the grid, at those minutes
            offsets = [minute * 60 for minute in marks[0].minutes]
            return self._calendars(_grid(n.TimeOfDay(hour=start.hour), end, step, offsets))
        return self._calendars(_grid(start, end, step))

    def _anchor(self) -> int:
        if self.starting is None:
            return 0
        from tomodachi_schedule.runtime.engine.schedules import local_instant
        from tomodachi_schedule.runtime.engine.zones import resolve_zone

        # read exactly as Bounded reads the same `starting` value
        at = self.starting.at
        return int(
            local_instant(_iso(at, at.time or _MIDNIGHT), resolve_zone(self.zone)).timestamp()
        )

    def _times(self) -> list[n.TimeOfDay]:
        times = self.phrase.find(n.Times)
        return list(times[0].times) if times else [_MIDNIGHT]

    def _calendars(self, times):
        parts = [
            rt.Calendar(seconds=s, minutes=m, hours=h, days=days, zone=self.zone)
            for days in self._daysets()
            for s, m, h in group_times(times)
        ]
        if not parts:  # e.g. "every hour at :45 from 09:00 to 09:30": no time is left
            raise never_fires(self.phrase.span)
        return _any_of(parts)

    # --- which days ---------------------------------------------------------------------------

    def _daysets(self) -> list:
        lists = [d for d in self.phrase.find(n.Days)]
        months = (
            bits(self.phrase.find(n.Months)[0].months) if self.phrase.find(n.Months) else ALL_MONTHS
        )
        period = self._period(lists)
        if len(lists) == 2:
            return [intersection(lists, months, period)]
        items = lists[0].items if lists else self._default_items()
        groups = group_by_months(items)
        return [
            dayset(group, scope & months, period, "or")
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
        anchor = _iso_date(self.starting.at) if self.starting else "1970-01-01"
        every_n = [d.every for d in lists if d.every]
        if every_n:
            return rt.Period(unit="week", every=every_n[0], anchor=anchor)
        if (
            self.every is not None
            and self.every.unit not in SUB_DAY
            and (self.every.count or 1) > 1
        ):
            return rt.Period(unit=self.every.unit, every=self.every.count, anchor=anchor)
        return None


# --- times of day ---------------------------------------------------------------------------------


def _grid(
    start: n.TimeOfDay, end: n.TimeOfDay | None, step: int, offsets=(0,)
) -> list[n.TimeOfDay]:
    """Times from ``start`` every ``step`` seconds (plus offsets) up to ``end`` inclusive."""
    first = _seconds(start)
    last = _seconds(end) if end is not None else 86399
    if last < first:
        last += 86400  # "from 22:00 to 02:00" runs past midnight
    times = {t + o for t in range(first, last + 1, step) for o in offsets if t + o <= last}
    return [_time_of(t % 86400) for t in sorted(times)]


def group_times(times) -> list[tuple[int, int, int]]:
    """(seconds, minutes, hours) masks whose products are exactly the given times of day."""
    by_hour: dict[int, set] = defaultdict(set)
    for time in times:
        by_hour[time.hour].add((time.minute, time.second))
    hours_by_pattern: dict[frozenset, int] = defaultdict(int)
    for hour, pairs in by_hour.items():
        hours_by_pattern[frozenset(pairs)] |= 1 << hour
    result = []
    for pattern, hours in hours_by_pattern.items():
        minutes_by_second: dict[int, int] = defaultdict(int)
        for minute, second in pattern:
            minutes_by_second[second] |= 1 << minute
        seconds_by_minutes: dict[int, int] = defaultdict(int)
        for second, minutes in minutes_by_second.items():
            seconds_by_minutes[minutes] |= 1 << second
        result += [(seconds, minutes, hours) for minutes, seconds in seconds_by_minutes.items()]
    return sorted(result, key=lambda masks: (masks[2] & -masks[2], masks[1] & -masks[1], masks[0]))


def _seconds(time: n.TimeOfDay) -> int:
    return time.hour * 3600 + time.minute * 60 + time.second


def _time_of(seconds: int) -> n.TimeOfDay:
    return n.TimeOfDay(hour=seconds // 3600, minute=seconds // 60 % 60, second=seconds % 60)


# --- small helpers --------------------------------------------------------------------------------


def never_fires(span) -> ScheduleError:
    """The error for a schedule that can never fire."""
    hint = "check the days, months, years, times and exceptions it combines"
    return schedule_error("this schedule can never fire", span, hint)


def _any_of(parts: list):
    return parts[0] if len(parts) == 1 else rt.AnyOf(parts=tuple(parts))


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
