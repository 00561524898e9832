"""Hypothesis properties: strictly after, strictly increasing, nothing skipped, right zone."""

from __future__ import annotations

import random
from datetime import datetime, timedelta, timezone
from itertools import islice

from engine_cases import random_calendar, random_instant
from engine_oracle import instant, scan_next
from hypothesis import given, settings
from hypothesis import strategies as st

from tomodachi_schedule.runtime import Interval

calendars = st.integers(min_value=0, max_value=2**32).map(lambda seed: random.Random(seed))
instants = st.datetimes(
    min_value=datetime(1990, 1, 1), max_value=datetime(2060, 1, 1), timezones=st.just(timezone.utc)
)


@settings(max_examples=150, deadline=None)
@given(calendars, instants)
def test_fires_are_strictly_after_increasing_and_in_the_schedule_zone(rng, after):
    calendar = random_calendar(rng)
    fires = list(islice(calendar.iter_after(after), 12))
    for earlier, fire in zip([after] + fires, fires):
        assert fire.timestamp() > earlier.timestamp()
        assert fire.tzinfo is calendar.tzinfo
        assert fire.microsecond == 0
    if fires:
        assert instant(calendar.next_after(after)) == instant(fires[0])


@settings(max_examples=40, deadline=None)
@given(calendars)
def test_next_after_never_skips_a_matching_instant(rng):
    calendar = random_calendar(rng)
    after = random_instant(rng, calendar)
    expected = scan_next(calendar, after, 3)
    if expected is not None:
        assert instant(calendar.next_after(after)) == instant(expected)


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=1, max_value=10**7), st.integers(-(10**9), 10**9), instants)
def test_interval_fires_within_one_period(every, anchor, after):
    fire = Interval(every=every, anchor=anchor, zone="UTC").next_after(after)
    assert timedelta(0) < fire - after <= timedelta(seconds=every)
    assert (int(fire.timestamp()) - anchor) % every == 0
