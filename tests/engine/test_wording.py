"""English derived from the fields (what `explain()` says when the compiler kept no wording)."""

from __future__ import annotations

import pytest

from tomodachi_schedule.runtime import (
    AnyOf,
    Calendar,
    DaySet,
    Excluding,
    Interval,
    MonthDays,
    Once,
    Period,
    WeekDays,
)  # fmt: skip

WEEKDAYS = WeekDays(days=0b11111)


def bits(*values: int) -> int:
    return sum(1 << v for v in values)


@pytest.mark.parametrize(
    "schedule, text",
    [
        (Calendar(minutes=bits(*range(0, 60, 5)), zone="UTC"), "every 5 minutes, every day (UTC)"),
        (
            Calendar(
                minutes=bits(*range(1, 60, 2)),
                hours=bits(*range(8, 19)),
                days=DaySet(weekdays=WEEKDAYS),
                zone="UTC",
            ),
            "every 2 minutes from minute 1, during 08:00-18:59, on weekdays (Monday through Friday) (UTC)",
        ),
        (Calendar(minutes=bits(7), zone=None), "at minute 7 of every hour, every day (local time)"),
        (
            Calendar(
                minutes=1,
                hours=1,
                days=DaySet(monthdays=MonthDays(days=2), weekdays=WeekDays(days=1)),
            ),
            "at 00:00, on the 1st of the month or on Mondays (either may match) (local time)",
        ),
        (
            Calendar(
                minutes=1,
                hours=bits(9),
                days=DaySet(
                    monthdays=MonthDays(days=bits(*range(1, 8))),
                    weekdays=WeekDays(days=1),
                    combine="and",
                ),
            ),
            "both must match",
        ),
        (
            Calendar(
                minutes=bits(30),
                hours=bits(5),
                days=DaySet(months=bits(1, 3), weekdays=WeekDays(nth=((1, -1),))),
                zone="Europe/Stockholm",
            ),
            "at 05:30, on the last Tuesday of the month in January and March (Europe/Stockholm)",
        ),
        (
            Calendar(
                minutes=1,
                hours=bits(8),
                days=DaySet(weekdays=WeekDays(nth=tuple((d, -1) for d in range(7)))),
            ),
            "on the last 7 days of the month",
        ),
        (
            Calendar(
                minutes=1,
                hours=bits(12),
                days=DaySet(
                    monthdays=MonthDays(from_end=(0, 2), nearest_weekday=(15,), last_weekday=True)
                ),
            ),
            "the last day, the last day minus 2, the weekday nearest the 15th or the last weekday of the month",
        ),
        (
            Calendar(
                minutes=1,
                hours=bits(9),
                days=DaySet(weekdays=WeekDays(days=1), period=Period(unit="week", every=2)),
            ),
            "on Mondays, every 2 weeks (counted from 1970-01-01)",
        ),
        (Calendar(minutes=1, hours=1, days=DaySet(years=bits(2028 - 1970))), "in 2028"),
        (Interval(every=5400), "every 90 minutes (elapsed time, aligned to the Unix epoch)"),
        (Interval(every=86400 * 2), "every 2 days"),
        (Once(at="2026-12-24T18:00", zone="UTC"), "once, at 2026-12-24T18:00:00+00:00"),
        (
            Excluding(
                inner=Calendar(minutes=1, hours=bits(10), zone="UTC"), days=DaySet(months=bits(7))
            ),
            "at 10:00, every day (UTC), except in July",
        ),
        (
            AnyOf(
                parts=(
                    Calendar(minutes=bits(15), hours=bits(16), zone="UTC"),
                    Calendar(minutes=bits(30), hours=bits(18), zone="UTC"),
                )
            ),
            "at 16:15, every day (UTC); and at 18:30, every day (UTC)",
        ),
    ],
)
def test_describe(schedule, text):
    assert text in schedule.explain()
    assert schedule.explain() == schedule.describe()  # no description given


def test_explain_prefers_the_kept_wording():
    schedule = Calendar(minutes=1, hours=bits(9), description="every day at 9am", zone="UTC")
    assert schedule.explain() == "every day at 9am"
    assert schedule.describe().startswith("at 09:00")
