"""`Calendar.iter_after` against repeated `next_after`: the same fires, as the same objects
(wall time, zone, fold), in fixed-offset zones and in zones with transitions."""

from __future__ import annotations

import random
from datetime import datetime, timedelta, timezone
from itertools import islice

import pytest
from engine_cases import DST_ZONES, random_calendar, random_days, random_instant, subset

from tomodachi_schedule.runtime import Calendar, DaySet, WeekDays

FIXED_ZONES = ["UTC", "+05:30", "-08:00", "+14:00", "-11:45", "Etc/GMT-3"]
EDGE_ZONES = ["UTC", "+14:00", "-11:45"]  # the far ends of datetime's range, and UTC itself


def repeated_next_after(calendar: Calendar, start: datetime, count: int) -> list[datetime]:
    fires, fire = [], calendar.next_after(start)
    while fire is not None and len(fires) < count:
        fires.append(fire)
        fire = calendar.next_after(fire)
    return fires


def exactly(fires: list[datetime]) -> list[tuple]:
    """Wall time, zone object and fold: equal instants are not enough."""
    return [(fire.replace(tzinfo=None), fire.tzinfo, fire.fold) for fire in fires]


def assert_iterates_as_next_after(calendar: Calendar, start: datetime, count: int) -> int:
    walked = list(islice(calendar.iter_after(start), count))
    expected = repeated_next_after(calendar, start, count)
    assert exactly(walked) == exactly(expected), (calendar, start.isoformat())
    return len(walked)


def few_times_a_day(rng: random.Random, zone: str) -> Calendar:
    """One to a few fires a day on random days: each step of the walk may change day or month."""
    return Calendar(
        seconds=1 if rng.random() < 0.8 else subset(rng, 0, 59, 2),
        minutes=subset(rng, 0, 59, 2),
        hours=subset(rng, 0, 23, 2),
        days=random_days(rng),
        zone=zone,
    )


@pytest.mark.parametrize("zone", FIXED_ZONES + DST_ZONES)
def test_walk_equals_repeated_next_after(zone):
    rng = random.Random(f"iterate {zone}")
    for _ in range(25):
        calendar = random_calendar(rng, zone=zone)
        assert_iterates_as_next_after(calendar, random_instant(rng, calendar), 40)
    for _ in range(25):
        calendar = few_times_a_day(rng, zone)
        assert_iterates_as_next_after(calendar, random_instant(rng, calendar), 80)


@pytest.mark.parametrize("zone", ["Europe/Stockholm", "Australia/Lord_Howe", "America/Havana"])
def test_walk_through_transitions(zone):
    rng = random.Random(f"transitions {zone}")
    for _ in range(30):
        calendar = random_calendar(rng, zone=zone, transition_hours=True)
        start = random_instant(rng, calendar, near_transition=True) - timedelta(days=1)
        assert_iterates_as_next_after(calendar, start, 60)


@pytest.mark.parametrize("zone", FIXED_ZONES + ["Europe/Stockholm"])
def test_schedules_with_a_last_year_end_the_walk(zone):
    rng = random.Random(f"years {zone}")
    for _ in range(15):
        calendar = Calendar(
            minutes=1 << rng.randrange(60),
            hours=subset(rng, 0, 23, 2),
            days=DaySet(
                years=subset(rng, 2026 - 1970, 2028 - 1970, 2),
                weekdays=WeekDays(days=subset(rng, 0, 6, 3)),
            ),
            zone=zone,
        )
        start = datetime(2026, 1, 1, tzinfo=timezone.utc) + timedelta(days=rng.randrange(900))
        walked = assert_iterates_as_next_after(calendar, start, 2000)
        assert walked < 2000  # the walk stopped where next_after gives None


@pytest.mark.parametrize("zone", EDGE_ZONES)
def test_walk_to_the_end_of_datetime(zone):
    rng = random.Random(f"end {zone}")
    last = datetime(9999, 12, 31, 23, 59, tzinfo=timezone.utc)
    for _ in range(10):
        calendar = few_times_a_day(rng, zone)
        start = (last - timedelta(days=rng.randrange(1, 90))).astimezone(calendar.tzinfo)
        assert_iterates_as_next_after(calendar, start, 400)


def test_walk_of_the_benchmark_expression_crosses_years():
    """Weekdays at 09:00 UTC, 10,000 fires from 2026: four decades of months and leap days."""
    calendar = Calendar(minutes=1, hours=1 << 9, days=DaySet(weekdays=WeekDays(days=0b11111)))
    start = datetime(2026, 1, 1, 0, 0, 7, tzinfo=timezone.utc)
    walked = list(islice(calendar.iter_after(start), 10_000))
    assert exactly(walked) == exactly(repeated_next_after(calendar, start, 10_000))
    assert walked[0] == datetime(2026, 1, 1, 9, tzinfo=timezone.utc)
    assert {fire.weekday() for fire in walked} == set(range(5))


@pytest.mark.parametrize("zone", EDGE_ZONES)
def test_walk_from_the_start_of_datetime(zone):
    rng = random.Random(f"start {zone}")
    first = datetime(1, 1, 1, tzinfo=timezone(timedelta(hours=14)))  # the earliest instant
    walked = 0
    for _ in range(10):
        calendar = few_times_a_day(rng, zone)
        start = first + timedelta(days=rng.randrange(60), seconds=rng.randrange(86400))
        walked += assert_iterates_as_next_after(calendar, start, 100)
    assert walked > 500  # a random day set may match no day at all, but most match some
