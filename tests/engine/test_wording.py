"""English derived from the fields: the words of the schedule language, which read back."""

from __future__ import annotations

from datetime import datetime, timezone
from itertools import islice

import pytest

from tomodachi_schedule import parse_schedule
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
        (Calendar(minutes=bits(*range(0, 60, 5)), zone="UTC"), "every 5 minutes every day in UTC"),
        (
            Calendar(
                minutes=bits(*range(1, 60, 2)),
                hours=bits(*range(8, 19)),
                days=DaySet(weekdays=WEEKDAYS),
                zone="UTC",
            ),
            "every 2 minutes from 08:01 to 18:59 on weekdays in UTC",
        ),
        (Calendar(minutes=bits(7), zone=None), "every hour from 00:07 to 23:07 in local time"),
        (
            Calendar(
                minutes=1,
                hours=1,
                days=DaySet(monthdays=MonthDays(days=2), weekdays=WeekDays(days=1)),
            ),
            "at 00:00 on the 1st and mondays in local time",
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
            "every monday on the 1st, the 2nd, the 3rd, the 4th, the 5th, the 6th and the 7th at 09:00 in local time",
        ),
        (
            Calendar(
                minutes=bits(30),
                hours=bits(5),
                days=DaySet(months=bits(1, 3), weekdays=WeekDays(nth=((1, -1),))),
                zone="Europe/Stockholm",
            ),
            "at 05:30 on the last tuesday of the month in january and march in Europe/Stockholm",
        ),
        (
            Calendar(
                minutes=1,
                hours=bits(8),
                days=DaySet(weekdays=WeekDays(nth=tuple((d, -1) for d in range(7)))),
            ),
            "at 08:00 on the last 7 days of the month in local time",
        ),
        (
            Calendar(
                minutes=1,
                hours=bits(12),
                days=DaySet(
                    monthdays=MonthDays(from_end=(0, 2), nearest_weekday=(15,), last_weekday=True)
                ),
            ),
            "at 12:00 on the last day, the 3rd to last day, the weekday nearest the 15th and the last weekday of the month in local time",
        ),
        (
            Calendar(
                minutes=1,
                hours=bits(9),
                days=DaySet(weekdays=WeekDays(days=1), period=Period(unit="week", every=2)),
            ),
            "every 2 weeks on mondays at 09:00 in local time counted from 2026-01-12",
        ),
        (
            Calendar(minutes=1, hours=1, days=DaySet(years=bits(2028 - 1970))),
            "every day in 2028 at 00:00 in local time",
        ),
        (Interval(every=5400), "every 90 minutes"),
        (Interval(every=86400 * 2), "every 48 hours"),
        (Once(at="2026-12-24T18:00", zone="UTC"), "on 2026-12-24 at 18:00 in UTC"),
        (
            Excluding(
                inner=Calendar(minutes=1, hours=bits(10), zone="UTC"), days=DaySet(months=bits(7))
            ),
            "every day at 10:00 in UTC except in july",
        ),
        (
            AnyOf(
                parts=(
                    Calendar(minutes=bits(15), hours=bits(16), zone="UTC"),
                    Calendar(minutes=bits(30), hours=bits(18), zone="UTC"),
                )
            ),
            "every day at 16:15 and 18:30 in UTC",
        ),
    ],
)
def test_describe(schedule, text):
    assert schedule.explain() == schedule.describe() == text  # no description given
    # the words are a spec: compiled, they fire exactly as the object does
    again = parse_schedule(text, timezone="UTC")
    for start in (
        datetime(2026, 3, 1, tzinfo=timezone.utc),
        datetime(2026, 10, 24, tzinfo=timezone.utc),
    ):
        assert list(islice(again.iter_after(start), 30)) == list(
            islice(schedule.iter_after(start), 30)
        )


def test_explain_prefers_the_kept_wording():
    schedule = Calendar(minutes=1, hours=bits(9), description="every day at 9am", zone="UTC")
    assert schedule.explain() == "every day at 9am"
    assert schedule.describe() == "every day at 09:00 in UTC"
