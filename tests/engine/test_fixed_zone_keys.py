"""tz database zones with a fixed offset (Etc/UTC, Etc/GMT-5, ...) take the fixed-offset path
and fire exactly as the same offset given as a number."""

from __future__ import annotations

import random
from datetime import datetime, timedelta, timezone

import pytest

from tomodachi_schedule.runtime import Calendar, DaySet, WeekDays
from tomodachi_schedule.runtime.engine.calendar import ALL_HOURS

PAIRS = [("Etc/UTC", "UTC"), ("UTC", "UTC"), ("Etc/GMT-5", "+05:00"), ("Etc/GMT+3", "-03:00")]


@pytest.mark.parametrize(("key", "offset"), PAIRS)
def test_fixed_tz_database_zones_take_the_fast_path_and_agree(key, offset):
    rng = random.Random(key)
    for _ in range(40):
        fields = dict(
            minutes=rng.getrandbits(60) | 1,
            hours=rng.getrandbits(24) or ALL_HOURS,
            days=DaySet(weekdays=WeekDays(days=rng.getrandbits(7) or 1)),
        )
        named, numeric = Calendar(zone=key, **fields), Calendar(zone=offset, **fields)
        assert named.finder().fixed_offset == numeric.finder().fixed_offset
        start = datetime(2026, 1, 1, tzinfo=timezone.utc) + timedelta(seconds=rng.randrange(10**8))
        fires = [f for _, f in zip(range(30), named.iter_after(start))]
        assert fires == [f for _, f in zip(range(30), numeric.iter_after(start))]
        assert all(f.tzinfo is named.tzinfo for f in fires)
        assert named.next_after(start) == fires[0]


def test_zones_with_transitions_keep_the_exact_path():
    assert Calendar(zone="Europe/Stockholm", minutes=1).finder().fixed_offset is None
