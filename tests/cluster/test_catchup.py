"""Catch-up planning: which missed fires run, which are coalesced, which are recorded missed."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from tomodachi_schedule.errors import ScheduleError
from tomodachi_schedule.runtime.cluster.catchup import MAX_RECORDED, plan_catch_up
from tomodachi_schedule.runtime.cluster.claims import to_ms
from tomodachi_schedule.runtime.cluster.options import Exclusive
from tomodachi_schedule.runtime.engine.calendar import Calendar
from tomodachi_schedule.runtime.options import JobOptions

EVERY_MINUTE = Calendar(spec="@minutely", zone="UTC")
T0 = datetime(2027, 1, 15, 8, 0, tzinfo=timezone.utc)
MINUTE = 60_000


def minutes(*offsets: int) -> tuple[datetime, ...]:
    return tuple(datetime.fromtimestamp(to_ms(T0) / 1000 + 60 * k, timezone.utc) for k in offsets)


def plan(last: int | None, now: int, **options):
    """The plan with the last known fire at T0+last minutes and now at T0+now minutes (+30 s)."""
    last_ms = None if last is None else to_ms(T0) + last * MINUTE
    now_ms = to_ms(T0) + now * MINUTE + 30_000
    return plan_catch_up(EVERY_MINUTE, Exclusive(**options), last_ms=last_ms, now_ms=now_ms)


def test_nothing_is_caught_up_when_off_or_when_the_schedule_never_fired():
    assert plan(0, 30) == plan(0, 30, catch_up=0)
    assert plan(0, 30).run == ()
    assert plan(None, 30, catch_up=3600).run == ()


def test_latest_runs_the_newest_missed_fire_and_coalesces_the_rest():
    result = plan(0, 5, catch_up=3600)
    assert result.run == minutes(5)
    assert result.coalesced == minutes(1, 2, 3, 4)
    assert result.missed == ()


def test_earliest_runs_the_oldest_missed_fire():
    result = plan(0, 5, catch_up=3600, coalesce="earliest")
    assert (result.run, result.coalesced) == (minutes(1), minutes(2, 3, 4, 5))


def test_all_runs_every_missed_fire_up_to_the_limit_keeping_the_newest():
    assert plan(0, 5, catch_up=3600, coalesce="all").run == minutes(1, 2, 3, 4, 5)
    capped = plan(0, 5, catch_up=3600, coalesce="all", catch_up_limit=2)
    assert (capped.run, capped.coalesced) == (minutes(4, 5), minutes(1, 2, 3))


def test_fires_later_than_the_grace_are_missed_not_run():
    result = plan(0, 30, catch_up=300, coalesce="all")  # now is T0+30m30s, grace 5 minutes
    assert result.run == minutes(26, 27, 28, 29, 30)
    assert result.missed == minutes(*range(1, 26))
    assert result.unrecorded == 0


def test_a_long_outage_records_only_the_first_missed_fires_and_counts_the_rest():
    result = plan(0, 600, catch_up=60)
    assert len(result.missed) == MAX_RECORDED
    assert result.missed[0] == minutes(1)[0]
    assert result.unrecorded == 599 - MAX_RECORDED
    assert result.run == minutes(600)


def test_fires_older_than_the_record_lifetime_are_not_looked_at():
    result = plan(0, 3 * 24 * 60, catch_up=60, retention=3600)  # last fire three days ago
    ttl_minutes = Exclusive(catch_up=60, retention=3600).claim_ttl / 60
    assert len(result.missed) + result.unrecorded == ttl_minutes - 1


def test_claim_lifetime_covers_grace_catch_up_and_skew():
    options = Exclusive(misfire_grace=30, catch_up=7200, max_skew=300, retention=0)
    assert options.claim_ttl >= 7200 + 30 + 300
    assert Exclusive().claim_ttl == Exclusive().retention  # a day: history outlives the minimum


@pytest.mark.parametrize(
    "given, message",
    [
        ({"catch_up": True}, "catch_up needs exclusive=True"),
        ({"exclusive": True, "coalesce": "newest"}, "unknown coalesce policy"),
        ({"exclusive": True, "catch_up_limit": 0}, "catch_up_limit must be at least 1"),
        ({"exclusive": True, "misfire_grace": "soon"}, "misfire_grace is not a duration"),
    ],
)
def test_bad_cluster_options_are_schedule_errors_at_decoration(given, message):
    with pytest.raises(ScheduleError, match=message):
        JobOptions.build(**given)


def test_decorator_options_accept_true_text_and_timedelta_durations():
    options = JobOptions.build(exclusive=True, catch_up=True, misfire_grace="2 min")
    assert (options.catch_up, options.misfire_grace) == (3600.0, 120.0)
    assert JobOptions.build(exclusive=True, catch_up="90s").catch_up == 90.0
