"""Lowering of cron: a valid cron expression's fields to one runtime `Calendar`."""

from __future__ import annotations

from tomodachi_schedule import runtime as rt
from tomodachi_schedule.compiler.spec.rules.cron_fields import CronFields


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
