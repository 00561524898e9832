"""The fast path (a fire within a settled stretch of one UTC offset: all of a fixed zone, most of a
zone with transitions) against the general search it shortcuts: same answers, same objects."""

from __future__ import annotations

import math
import random
from calendar import isleap
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from engine_cases import DST_ZONES, random_calendar, random_instant
from hypothesis import given, settings
from hypothesis import strategies as st

from tomodachi_schedule.runtime import Calendar, DaySet, MonthDays
from tomodachi_schedule.runtime.engine.search.fastpath import FastPath
from tomodachi_schedule.runtime.engine.search.tablewalk import times_of_day

FIXED_ZONES = ["UTC", "+05:30", "-08:00", "+14:00", "-11:45"]
INPUT_ZONES = [
    timezone.utc,
    timezone(timedelta(hours=-3)),
    ZoneInfo("Europe/Stockholm"),
]


class Fallbacks:
    """Counts the calls the fast path hands to the general search."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.count = 0
        handed = FastPath._general

        def counted(finder: FastPath, after: int) -> datetime | None:
            self.count += 1
            return handed(finder, after)

        monkeypatch.setattr(FastPath, "_general", counted)


@pytest.fixture
def fallbacks(monkeypatch: pytest.MonkeyPatch) -> Fallbacks:
    return Fallbacks(monkeypatch)


def general(calendar: Calendar, dt: datetime) -> datetime | None:
    """The first fire after ``dt`` by the general search alone (no fast path, no shortcut)."""
    engine = calendar.finder()
    found = engine.next_instant(math.floor(dt.timestamp()))
    return None if found is None else datetime.fromtimestamp(found, engine.tz)


def assert_same(calendar: Calendar, dt: datetime) -> None:
    fast, slow = calendar.next_after(dt), general(calendar, dt)
    assert fast == slow, (calendar, dt.isoformat(), fast, slow)
    if fast is not None:  # same wall time, zone and fold, not only the same instant
        assert (fast.replace(tzinfo=None), fast.tzinfo, fast.fold) == (
            slow.replace(tzinfo=None),
            slow.tzinfo,
            slow.fold,
        )


def random_start(rng: random.Random) -> datetime:
    """Anywhere 1970-2099, often a few seconds around a local midnight or a month's end."""
    moment = datetime(1970, 1, 1, tzinfo=timezone.utc) + timedelta(
        days=rng.randrange(130 * 365), microseconds=rng.choice([0, 1, 999_999])
    )
    kind = rng.random()
    if kind < 0.4:
        moment += timedelta(seconds=rng.randrange(86400))
    elif kind < 0.7:  # around midnight in the zones above
        moment += timedelta(
            minutes=rng.choice([0, 330, -480, 840, -705]), seconds=rng.randint(-3, 3)
        )
    else:  # the last days of a month
        moment = moment.replace(day=1) + timedelta(
            days=rng.choice([27, 28, 29, 30]), seconds=rng.randrange(86400)
        )
    return moment.astimezone(rng.choice(INPUT_ZONES))


@pytest.mark.parametrize("batch", range(3))
def test_fast_path_matches_the_general_search(batch, fallbacks):
    rng = random.Random(4200 + batch)
    for _ in range(80):
        calendar = random_calendar(rng, zone=rng.choice(FIXED_ZONES))
        assert isinstance(calendar.finder(), FastPath)
        start = random_start(rng)
        for _ in range(12):
            assert_same(calendar, start)
            start = random_start(rng) if rng.random() < 0.5 else calendar.next_after(start) or start
    assert fallbacks.count < 80 * 12 // 20  # the comparison is with the fast path, mostly


@pytest.mark.parametrize(
    "calendar",
    [
        Calendar(minutes=1, hours=1 << 13, zone="+05:30"),
        Calendar(minutes=1, hours=1, days=DaySet(monthdays=MonthDays(days=1 << 31)), zone="-08:00"),
    ],
    ids=["daily", "on-the-31st"],
)
def test_successive_fires_over_many_days_agree(calendar):
    # more distinct months than the month cache keeps: emptied and refilled
    fire = datetime(2030, 1, 1, tzinfo=timezone.utc)
    for _ in range(1500):
        following = calendar.next_after(fire)
        assert following == general(calendar, fire)
        assert following - fire <= timedelta(days=62)
        fire = following


@pytest.mark.parametrize(
    "start",
    [
        datetime(9999, 12, 31, 12, tzinfo=timezone.utc),
        datetime(9999, 12, 31, 23, 59, 59, tzinfo=timezone.utc),
        datetime(1, 1, 1, 0, 0, 1, tzinfo=timezone.utc),
        datetime(2099, 12, 31, 23, 0, 1, tzinfo=timezone.utc),
    ],
)
@pytest.mark.parametrize("zone", ["UTC", "+05:30", "-08:00"])
def test_edges_of_the_datetime_range_agree(start, zone):
    for days in (DaySet(), DaySet(months=1 << 2, years=1 << (2099 - 1970))):
        assert_same(Calendar(minutes=1 << 30, hours=1 << 6, days=days, zone=zone), start)


@pytest.mark.parametrize("zone", ["UTC", "Europe/Stockholm"])
def test_many_times_a_day_take_the_fast_path_without_a_table(zone, fallbacks):
    every_second = Calendar(seconds=(1 << 60) - 1, minutes=(1 << 60) - 1, zone=zone)
    assert times_of_day(every_second.hours, every_second.minutes, every_second.seconds) is None
    start = datetime(2026, 5, 1, 10, 0, 0, 500, tzinfo=timezone.utc)
    assert every_second.next_after(start) == datetime(2026, 5, 1, 10, 0, 1, tzinfo=timezone.utc)
    sparse = Calendar(seconds=1 << 7 | 1 << 9, minutes=(1 << 60) - 1, hours=1 << 3, zone=zone)
    for moment in (start, start.replace(hour=3, minute=59, second=8), start.replace(hour=4)):
        assert_same(sparse, moment)
    assert fallbacks.count == 0


def test_equal_time_masks_share_one_table():
    assert times_of_day(1, 1 << 5, 1 << 9) is times_of_day(1, 1 << 5, 1 << 9)
    sods, times = times_of_day(1 << 9, 1 << 5 | 1 << 50, 1 | 1 << 7)
    assert sods == (
        9 * 3600 + 5 * 60,
        9 * 3600 + 5 * 60 + 7,
        9 * 3600 + 50 * 60,
        9 * 3600 + 50 * 60 + 7,
    )
    assert [t.isoformat() for t in times] == [
        "09:05:00",
        "09:05:07",
        "09:50:00",
        "09:50:07",
    ]


@pytest.mark.parametrize("zone", DST_ZONES)
def test_fast_path_in_zones_with_transitions_matches_the_general_search(zone, fallbacks):
    rng = random.Random(zone + "shortcut")
    calls = 0
    for _ in range(25):
        calendar = random_calendar(rng, zone=zone, transition_hours=rng.random() < 0.5)
        fire = random_instant(rng, calendar)
        for _ in range(8):
            following = calendar.next_after(fire)
            calls += 1
            assert_same(calendar, fire)
            if following is None:
                break
            fire = following
    assert fallbacks.count < calls * 3 // 4  # mostly starts hours before a transition, yet


fast_zones = st.sampled_from([*DST_ZONES, "UTC", "-08:00", "+05:30"])
far_starts = st.datetimes(
    min_value=datetime(1900, 1, 1), max_value=datetime(2200, 1, 1), timezones=st.just(timezone.utc)
)


@settings(max_examples=300, deadline=None)
@given(st.integers(0, 2**32), fast_zones, far_starts)
def test_fast_path_agrees_with_the_general_search_anywhere(seed, zone, start):
    rng = random.Random(seed)
    calendar = random_calendar(rng, zone=zone, transition_hours=rng.random() < 0.3)
    for _ in range(4):  # a start, then a chained walk from it
        assert_same(calendar, start)
        start = calendar.next_after(start)
        if start is None:
            break


LEAP_DAYS = [
    DaySet(months=1 << 2, monthdays=MonthDays(days=1 << 29)),  # February 29
    DaySet(months=1 << 2, monthdays=MonthDays(from_end=(0,))),  # the last of February
    DaySet(monthdays=MonthDays(days=1 << 31)),  # the 31st
]


@settings(max_examples=200, deadline=None)
@given(st.sampled_from(LEAP_DAYS), fast_zones, far_starts, st.integers(0, 23))
def test_leap_days_and_month_ends_agree_with_the_general_search(days, zone, start, hour):
    calendar = Calendar(minutes=1 << 30, hours=1 << hour, days=days, zone=zone)
    assert_same(calendar, start)
    assert_same(calendar, start.replace(month=2, day=28, hour=23, minute=59))


@pytest.mark.parametrize("zone", ["UTC", "+05:30", "-11:45", "Europe/Stockholm"])
def test_every_day_calendars_skip_the_month_mask_and_agree_at_month_ends(zone, fallbacks):
    rng = random.Random(13)
    for minutes, hours in [(1 << 0 | 1 << 30, (1 << 24) - 1), (1 << 5, 1 << 23), (1, 1)]:
        calendar = Calendar(minutes=minutes, hours=hours, zone=zone)
        assert calendar.finder().every_day  # `* * *`: the constant mask, no lookup
        for year in (1972, 1999, 2000, 2024, 2100, 9998):  # 9999: test_edges_of_the_datetime_range
            for month, day in [(1, 31), (2, 28), (2, 29), (4, 30), (12, 31)]:
                if day == 29 and not isleap(year):
                    continue
                at = datetime(year, month, day, 23, rng.randrange(60), rng.randrange(60))
                assert_same(calendar, at.replace(tzinfo=timezone.utc))
                assert_same(calendar, at.replace(hour=rng.randrange(24), tzinfo=timezone.utc))
    assert not Calendar(days=DaySet(monthdays=MonthDays(days=1 << 31))).finder().every_day
