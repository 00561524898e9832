"""Intervals, one-offs and combinations: AnyOf, Bounded, Excluding, checked fire by fire."""

from __future__ import annotations

import random
from datetime import datetime, timedelta, timezone
from itertools import islice

import pytest
from engine_cases import random_calendar, random_days
from engine_oracle import date_matches, instant

from tomodachi_schedule.errors import ScheduleError
from tomodachi_schedule.runtime import (
    AnyOf,
    Bounded,
    Calendar,
    DaySet,
    Excluding,
    Interval,
    Once,
    Schedule,
    WeekDays,
    resolve_zone,
)
from tomodachi_schedule.runtime.engine.record import private

UTC = timezone.utc
T0 = datetime(2026, 3, 28, 23, 59, 58, 500_000, tzinfo=UTC)


def take(schedule, after, count):
    return list(islice(schedule.iter_after(after), count))


def test_interval_is_epoch_aligned_and_strictly_after():
    every_20 = Interval(every=20, zone="UTC")
    fires = take(every_20, T0, 3)
    assert [f.timestamp() % 20 for f in fires] == [0, 0, 0]
    assert fires[0] > T0 and fires[0] - T0 <= timedelta(seconds=20)
    assert every_20.next_after(fires[0]) == fires[1]  # a fire instant itself is not "after"
    assert all(b - a == timedelta(seconds=20) for a, b in zip(fires, fires[1:]))


def test_interval_anchor_and_display_zone():
    hourly_at_5 = Interval(every=3600, anchor=300, zone="Europe/Stockholm")
    fire = hourly_at_5.next_after(datetime(2026, 3, 29, 0, 30, tzinfo=UTC))
    assert fire.isoformat() == "2026-03-29T03:05:00+02:00"  # 01:05 UTC, DST-proof elapsed time


def test_interval_before_the_epoch():
    fire = Interval(every=7, zone="UTC").next_after(datetime(1969, 12, 31, 23, 59, 50, tzinfo=UTC))
    assert fire.timestamp() == -7


def test_once_fires_once_with_dst_rules():
    once = Once(at="2026-03-29T02:30", zone="Europe/Stockholm")
    assert once.next_after(T0).isoformat() == "2026-03-29T03:30:00+02:00"
    assert once.next_after(once.next_after(T0)) is None
    assert take(once, T0, 5) == [once.next_after(T0)]
    repeated = Once(at="2026-10-25T02:30", zone="Europe/Stockholm")
    assert repeated.next_after(T0).isoformat() == "2026-10-25T02:30:00+02:00"  # first occurrence


def test_once_with_an_offset_is_absolute():
    assert (
        Once(at="2027-01-01T00:00:00+05:30").next_after(T0).isoformat()
        == "2027-01-01T00:00:00+05:30"
    )


def test_any_of_fires_shared_instants_once():
    at_0915 = Calendar(minutes=1 << 15, hours=1 << 9, zone="UTC")
    every_15m = Interval(every=900, zone="UTC")
    union = AnyOf(parts=(at_0915, every_15m))
    fires = take(union, datetime(2026, 1, 1, 9, tzinfo=UTC), 4)
    assert [f.strftime("%H:%M") for f in fires] == ["09:15", "09:30", "09:45", "10:00"]


def test_any_of_ends_when_all_parts_end():
    union = AnyOf(
        parts=(Once(at="2026-05-01T00:00", zone="UTC"), Once(at="2026-04-01T00:00", zone="UTC"))
    )
    assert [f.month for f in take(union, T0, 5)] == [4, 5]


def test_bounded_start_inclusive_end_exclusive():
    daily = Calendar(minutes=1, hours=1, zone="UTC")
    window = Bounded(inner=daily, start="2026-12-01T00:00", end="2026-12-04T00:00", zone="UTC")
    fires = take(window, T0, 10)
    assert [f.day for f in fires] == [1, 2, 3]


def test_bounded_uses_its_zone():
    window = Bounded(
        inner=Interval(every=3600, zone="UTC"), start="2026-06-01T00:00", zone="Europe/Stockholm"
    )
    assert window.next_after(T0).isoformat() == "2026-05-31T22:00:00+00:00"


def test_excluding_skips_whole_runs_of_days():
    every_second = Interval(every=1, zone="UTC")
    weekends_only = Excluding(
        inner=every_second, days=DaySet(weekdays=WeekDays(days=0b11111)), zone="UTC"
    )
    monday_noon = datetime(2026, 6, 1, 12, tzinfo=UTC)
    assert weekends_only.next_after(monday_noon) == datetime(2026, 6, 6, tzinfo=UTC)
    nothing_left = Excluding(inner=every_second, days=DaySet(), zone="UTC")
    assert nothing_left.next_after(monday_noon) is None


def test_excluding_makes_its_day_tables_at_first_use_and_checks_its_zone_at_once():
    with pytest.raises(ScheduleError, match="unknown time zone"):
        Excluding(inner=Interval(every=60), days=DaySet(), zone="Europe/Stockholmm")
    fridays = DaySet(weekdays=WeekDays(days=1 << 4))
    inner = Excluding(inner=Calendar(zone="UTC"), days=fridays, zone="UTC")
    outer = Excluding(inner=inner, days=DaySet(months=1 << 7), zone="UTC")
    assert outer._derived is None and inner._derived is None  # nothing asked yet
    thursday_night = datetime(2026, 7, 30, 23, 59, 59, tzinfo=UTC)  # no july, no friday
    assert outer.next_after(thursday_night) == datetime(2026, 8, 1, tzinfo=UTC)
    assert outer._derived is not None and inner._derived is not None


def test_excluding_in_a_zone_against_filtering_fire_by_fire():
    inner = Calendar(
        minutes=(1 << 0) | (1 << 30), hours=(1 << 23) | (1 << 0) | (1 << 2), zone="Europe/Stockholm"
    )
    excluded = DaySet(weekdays=WeekDays(days=0b1010101))
    schedule = Excluding(inner=inner, days=excluded, zone="Europe/Stockholm")
    after = datetime(2026, 3, 25, tzinfo=UTC)
    expected = [f for f in take(inner, after, 120) if not date_matches(excluded, f.date())][:40]
    assert [instant(f) for f in take(schedule, after, 40)] == [instant(f) for f in expected]


@pytest.mark.parametrize("schedule", [Interval(every=60), Calendar(zone="UTC")])
def test_iterating_starts_now(schedule):
    before = datetime.now(UTC)
    first = next(iter(schedule))
    assert before < first <= before + timedelta(minutes=1)


def test_random_composites_against_filtering_their_parts():
    rng = random.Random(99)
    start = datetime(2026, 3, 1, tzinfo=UTC)
    for _ in range(25):
        first, second = random_calendar(rng), random_calendar(rng)
        zone = rng.choice(["UTC", "Europe/Stockholm", "America/New_York"])
        excluded = random_days(rng)
        first_fires, second_fires = take(first, start, 30), take(second, start, 30)
        merged = sorted({instant(f) for f in first_fires + second_fires})
        # compare up to where both part lists are complete (a part may never fire: no limit)
        ends = [instant(fires[-1]) for fires in (first_fires, second_fires) if len(fires) == 30]
        horizon = min(ends, default=(float("inf"), ""))
        union = [instant(f) for f in take(AnyOf(parts=(first, second)), start, 60)]
        assert [f for f in union if f <= horizon] == [f for f in merged if f <= horizon]

        tz = resolve_zone(zone)
        kept = [
            f
            for f in take(first, start, 200)
            if not date_matches(excluded, f.astimezone(tz).date())
        ]
        excluding = Excluding(inner=first, days=excluded, zone=zone)
        assert [instant(f) for f in take(excluding, start, len(kept))] == [instant(f) for f in kept]

        low, high = start + timedelta(days=rng.randint(0, 20)), start + timedelta(
            days=rng.randint(21, 60)
        )
        window = Bounded(
            inner=first,
            start=low.astimezone(tz).replace(tzinfo=None).isoformat(),
            end=high.astimezone(tz).replace(tzinfo=None).isoformat(),
            zone=zone,
        )
        inner_fires = []
        for fire in first.iter_after(start):
            if fire >= high or len(inner_fires) == 3000:
                break
            inner_fires.append(fire)
        inside = [instant(f) for f in inner_fires if f >= low]
        bounded = [instant(f) for f in take(window, start, len(inside) + 1)]
        if len(inner_fires) < 3000:  # reached the end: the window must stop there too
            assert bounded == inside
        else:
            assert bounded[: len(inside)] == inside


class Counted(Schedule):
    """Wraps a schedule and counts the questions asked of it (a record, as schedules are)."""

    inner: Schedule
    calls: list = private()

    def __post_init__(self):
        object.__setattr__(self, "calls", [])

    def next_after(self, dt):
        self.calls.append(dt)
        return self.inner.next_after(dt)


def test_excluding_asks_its_inner_schedule_once_per_excluded_run():
    every_second = Counted(inner=Interval(every=1, zone="UTC"))
    no_july = Excluding(inner=every_second, days=DaySet(months=1 << 7), zone="UTC")
    fire = no_july.next_after(datetime(2026, 6, 30, 23, 59, 59, tzinfo=UTC))
    assert fire == datetime(2026, 8, 1, tzinfo=UTC)
    assert len(every_second.calls) == 2  # July 1 00:00 (excluded), then from August 1 on


def test_any_of_asks_a_part_again_only_once_its_last_answer_has_passed():
    quarter_past = Counted(inner=Calendar(hours=1 << 16, minutes=1 << 15, zone="Europe/Stockholm"))
    half_past = Counted(inner=Calendar(hours=1 << 18, minutes=1 << 30, zone="Europe/Stockholm"))
    both = AnyOf(parts=(quarter_past, half_past))
    fire = datetime(2026, 3, 27, tzinfo=UTC)
    fires = []
    for _ in range(10):
        fire = both.next_after(fire)
        fires.append(fire)
    assert [f.strftime("%d %H:%M") for f in fires[:4]] == [
        "27 16:15", "27 18:30", "28 16:15", "28 18:30"
    ]  # fmt: skip
    # once at first, then once after each of its own fires: 6 and 5 questions, not 10 each
    assert (len(quarter_past.calls), len(half_past.calls)) == (6, 5)


def test_any_of_answers_questions_in_any_order_as_its_parts_would():
    rng = random.Random(21)
    for _ in range(20):
        parts = tuple(random_calendar(rng, zone="Europe/Stockholm") for _ in range(3))
        union = AnyOf(parts=parts)
        moment = datetime(2026, 1, 1, tzinfo=UTC)
        for _ in range(30):
            moment += timedelta(seconds=rng.randrange(-86400, 4 * 86400))
            fires = [fire for fire in (part.next_after(moment) for part in parts) if fire]
            expected = min(fires, key=datetime.timestamp) if fires else None
            assert union.next_after(moment) == expected
