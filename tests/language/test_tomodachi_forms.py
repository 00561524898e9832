"""Every interval alias and timestamp form of tomodachi 0.29, checked against tomodachi itself."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from tomodachi_schedule.compiler import parse_schedule
from tomodachi_schedule.runtime import Interval

tomodachi_schedule_module = pytest.importorskip(
    "tomodachi.transport.schedule", reason="tomodachi not installed"
)
Scheduler = tomodachi_schedule_module.Scheduler

# tomodachi/transport/schedule.py, Scheduler.next_call_at: interval_aliases, all of them
CALENDAR_ALIASES = (
    "every minute",
    "1m",
    "1 m",
    "1minute",
    "1 minute",
    "minute",
    "minutely",
    "once per minute",
    "every hour",
    "1h",
    "1 h",
    "1hour",
    "1 hour",
    "hour",
    "hourly",
    "once per hour",
    "every day",
    "1d",
    "1 d",
    "1day",
    "1 day",
    "day",
    "daily",
    "once per day",
    "nightly",
    "every month",
    "1month",
    "1 month",
    "month",
    "monthly",
    "once per month",
    "every year",
    "1y",
    "1 y",
    "1year",
    "1 year",
    "year",
    "yearly",
    "once per year",
    "annually",
    "monday",
    "mondays",
    "mon",
    "every monday",
    "once per monday",
    "weekly",
    "once per week",
    "week",
    "every week",
    "tuesday",
    "tuesdays",
    "tue",
    "every tuesday",
    "once per tuesday",
    "wednesday",
    "wednesdays",
    "wed",
    "every wednesday",
    "once per wednesday",
    "thursday",
    "thursdays",
    "thu",
    "every thursday",
    "once per thursday",
    "friday",
    "fridays",
    "fri",
    "every friday",
    "once per friday",
    "saturday",
    "saturdays",
    "sat",
    "every saturday",
    "once per saturday",
    "sunday",
    "sundays",
    "sun",
    "every sunday",
    "once per sunday",
    "weekday",
    "weekdays",
    "every weekday",
    "weekend",
    "weekends",
    "every weekend",
    "@yearly",
    "@annually",
    "@monthly",
    "@weekly",
    "@daily",
    "@hourly",
    "@minutely",
    "Every Monday",
    "HOURLY",
)
SECOND_ALIASES = (
    "every second",
    "1s",
    "1 s",
    "1second",
    "1 second",
    "second",
    "secondly",
    "once per second",
)
SECONDS_FORMS = {
    "5s": 5,
    "5 s": 5,
    "5 seconds": 5,
    "5seconds": 5,
    "90s": 90,
    "3600 seconds": 3600,
}
TIMESTAMPS = (
    "22:15:30",
    "00:00:00",
    "09:30",
    "2027-05-17 10:15",
    "2027-05-17 10:15:45",
)
INSTANTS = (1772323217, 1785000000, 1798675199)  # 2026-03-01T00:00:17Z and two others


@pytest.mark.parametrize("alias", CALENDAR_ALIASES)
def test_calendar_alias_fires_when_tomodachi_does(alias: str) -> None:
    schedule = parse_schedule(alias, timezone="UTC")
    for instant in INSTANTS:
        ours = schedule.next_after(datetime.fromtimestamp(instant, timezone.utc))
        assert int(ours.timestamp()) == Scheduler.next_call_at(instant, alias, None, "UTC")


@pytest.mark.parametrize("alias", SECOND_ALIASES)
def test_second_aliases_are_one_second_intervals(alias: str) -> None:
    assert parse_schedule(alias) == Interval(every=1)


@pytest.mark.parametrize(("form", "seconds"), SECONDS_FORMS.items())
def test_seconds_forms_are_intervals(form: str, seconds: int) -> None:
    assert parse_schedule(form) == Interval(every=seconds)
    # tomodachi counts from now; we align to the epoch (docs/semantics.md): same period
    assert Scheduler.next_call_at(1000, form, None, "UTC") == 1000 + seconds


def test_integer_interval_is_seconds() -> None:
    assert parse_schedule(20) == Interval(every=20)


@pytest.mark.parametrize("stamp", TIMESTAMPS)
def test_timestamps_fire_when_tomodachi_does(stamp: str) -> None:
    schedule = parse_schedule(stamp, timezone="UTC")
    for instant in INSTANTS[:1]:
        ours = schedule.next_after(datetime.fromtimestamp(instant, timezone.utc))
        theirs = Scheduler.next_call_at(instant, None, stamp, "UTC")
        assert int(ours.timestamp()) == theirs


def test_seed_examples_parse() -> None:
    assert parse_schedule("1/2 8-18 * * mon-fri").explain()
    assert parse_schedule("30 5 * jan,mar Ltue").explain()
    assert parse_schedule("22:15:30").explain()
    assert parse_schedule("00:00:00", timezone="Europe/Stockholm").zone == "Europe/Stockholm"
    assert parse_schedule(20) == Interval(every=20)
