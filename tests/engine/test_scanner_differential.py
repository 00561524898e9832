"""The engine against the brute-force oracle, for the forms croniter lacks and for DST."""

from __future__ import annotations

import random
from itertools import islice

import pytest
from engine_cases import DST_ZONES, random_calendar, random_instant
from engine_oracle import instant, is_fire, scan_next

HORIZON_DAYS = 70


@pytest.mark.parametrize("batch", range(4))
def test_next_after_matches_the_scanner(batch):
    rng = random.Random(1000 + batch)
    compared = 0
    for _ in range(60):
        calendar = random_calendar(rng)
        after = random_instant(rng, calendar)
        fire = calendar.next_after(after)
        expected = scan_next(calendar, after, HORIZON_DAYS)
        if expected is not None:
            assert instant(fire) == instant(expected), (calendar, after.isoformat(), fire, expected)
            compared += 1
        else:
            # nothing within the horizon: the engine's answer must lie beyond it and be a fire
            assert fire is None or (
                fire.timestamp() - after.timestamp() > (HORIZON_DAYS - 1) * 86400
                and is_fire(calendar, fire)
            )
    assert compared > 30


def test_successive_fires_skip_nothing():
    rng = random.Random(77)
    for _ in range(30):
        calendar = random_calendar(rng)
        fire = random_instant(rng, calendar)
        for _ in range(6):
            following = calendar.next_after(fire)
            expected = scan_next(calendar, fire, HORIZON_DAYS)
            if expected is None:
                break
            assert instant(following) == instant(expected), (
                calendar,
                fire.isoformat(),
                following,
                expected,
            )
            fire = following


@pytest.mark.parametrize("zone", DST_ZONES)
def test_fires_through_transitions_match_the_scanner(zone):
    rng = random.Random(zone)
    for _ in range(10):
        calendar = random_calendar(rng, zone=zone, transition_hours=True)
        start = fire = random_instant(rng, calendar, near_transition=True)
        expected = []
        for _ in range(25):
            fire = scan_next(calendar, fire, 3)
            expected.append(instant(fire))
        # one question at a time, and iteration (which walks the rest of a day from the masks)
        asked, fire = [], start
        for _ in range(25):
            fire = calendar.next_after(fire)
            asked.append(instant(fire))
        assert asked == expected, (calendar, start.isoformat())
        assert [instant(f) for f in islice(calendar.iter_after(start), 25)] == expected
