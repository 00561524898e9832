"""The fast paths (fixed offsets; a fire later the same day in a zone with transitions) against
the general search they shortcut: same answers, same objects."""

from __future__ import annotations

import math
import random
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from engine_cases import DST_ZONES, random_calendar, random_instant

from tomodachi_schedule.runtime import Calendar, DaySet, MonthDays
from tomodachi_schedule.runtime.engine.fixedpath import FixedOffsetPath, times_of_day

FIXED_ZONES = ["UTC", "+05:30", "-08:00", "+14:00", "-11:45"]
INPUT_ZONES = [
    timezone.utc,
    timezone(timedelta(hours=-3)),
    ZoneInfo("Europe/Stockholm"),
]


def takes_fast_path(calendar: Calendar) -> bool:
    return isinstance(calendar.finder(), FixedOffsetPath)


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
def test_fast_path_matches_the_general_search(batch):
    rng = random.Random(4200 + batch)
    fast_ones = 0
    for _ in range(80):
        calendar = random_calendar(rng, zone=rng.choice(FIXED_ZONES))
        fast_ones += takes_fast_path(calendar)
        start = random_start(rng)
        for _ in range(12):
            assert_same(calendar, start)
            start = random_start(rng) if rng.random() < 0.5 else calendar.next_after(start) or start
    assert fast_ones > 60  # the comparison is with the fast path, mostly


@pytest.mark.parametrize(
    "calendar",
    [
        Calendar(minutes=1, hours=1 << 13, zone="+05:30"),
        Calendar(minutes=1, hours=1, days=DaySet(monthdays=MonthDays(days=1 << 31)), zone="-08:00"),
    ],
    ids=["daily", "on-the-31st"],
)
def test_successive_fires_over_many_days_agree(calendar):
    # more distinct days (months) than the date (month) cache keeps: emptied and refilled
    assert takes_fast_path(calendar)
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


def test_large_time_tables_keep_the_general_search():
    every_second = Calendar(seconds=(1 << 60) - 1, minutes=(1 << 60) - 1, zone="UTC")
    assert not takes_fast_path(every_second)
    assert times_of_day(every_second.hours, every_second.minutes, every_second.seconds) is None
    start = datetime(2026, 5, 1, 10, 0, 0, 500, tzinfo=timezone.utc)
    assert every_second.next_after(start) == datetime(2026, 5, 1, 10, 0, 1, tzinfo=timezone.utc)


def test_zones_with_transitions_keep_the_general_search():
    assert not takes_fast_path(Calendar(zone="Europe/Stockholm"))


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
def test_same_day_shortcut_in_zones_with_transitions_matches_the_general_search(zone):
    rng = random.Random(zone + "shortcut")
    shortcuts = 0
    for _ in range(25):
        calendar = random_calendar(rng, zone=zone, transition_hours=rng.random() < 0.5)
        engine = calendar.finder()
        fire = random_instant(rng, calendar)
        for _ in range(8):
            shortcuts += (
                engine.zone_table is not None
                and engine._later_today(int(fire.timestamp() // 1), engine.zone_table) is not None
            )
            following = calendar.next_after(fire)
            assert_same(calendar, fire)
            if following is None:
                break
            fire = following
    assert shortcuts > 20  # the shortcut answered often enough to be compared
