"""The scheduler on a fake clock: order, grouping, idle cost, clock jumps, DST, dropping."""

from __future__ import annotations

import asyncio
import logging
from datetime import datetime, timedelta, timezone
from typing import Any

import pytest
from svc_support import START, every_seconds, run_for

from tomodachi_schedule.runtime.engine.base import Schedule
from tomodachi_schedule.runtime.engine.calendar import Calendar
from tomodachi_schedule.runtime.engine.days import DaySet


def test_fires_on_time_in_order(clock, make_job, scheduler):
    fast, fast_fires = make_job(every_seconds(10), name="fast")
    slow, slow_fires = make_job(every_seconds(30), name="slow")

    run_for(clock, scheduler, [slow, fast], 60)
    assert fast_fires.nominals == [f"2026-01-01T00:00:{s:02d}Z" for s in (10, 20, 30, 40, 50)] + [
        "2026-01-01T00:01:00Z"
    ]
    assert slow_fires.nominals == ["2026-01-01T00:00:30Z", "2026-01-01T00:01:00Z"]


def test_equal_instants_fire_together_from_one_timer(clock, make_job, scheduler):
    jobs = [make_job(every_seconds(10), name=f"job{i}") for i in range(200)]
    timers_while_waiting = []

    async def body():
        scheduler.add(job for job, _ in jobs)
        await scheduler.start()
        timers_while_waiting.append(clock.pending_timers())
        await clock.advance(10)
        timers_while_waiting.append(clock.pending_timers())
        await scheduler.stop(0)

    asyncio.run(body())
    assert timers_while_waiting == [1, 1]
    assert all(rec.nominals == ["2026-01-01T00:00:10Z"] for _, rec in jobs)


def test_fire_is_started_exactly_at_its_instant(clock, make_job, scheduler):
    job, _ = make_job(every_seconds(10))
    started_at = []

    async def call(fire):
        started_at.append(clock.time() - fire.nominal.timestamp())

    job.call = call

    run_for(clock, scheduler, [job], 35)
    assert started_at == [0.0, 0.0, 0.0]


def test_idle_scheduler_keeps_one_capped_timer(clock, make_job, scheduler):
    job, fires = make_job(Calendar(minutes=1, hours=1, zone="UTC"))  # daily at midnight

    async def body():
        scheduler.add([job])
        await scheduler.start()
        await clock.advance(3600)
        assert clock.pending_timers() == 1
        await scheduler.stop(0)

    asyncio.run(body())
    assert fires.fires == []
    assert scheduler.next_fire == None  # noqa: E711 - cleared by stop


def test_forward_jump_gives_one_coalesced_catch_up(clock, make_job, scheduler, caplog):
    job, fires = make_job(every_seconds(10))

    async def body():
        scheduler.add([job])
        await scheduler.start()
        await clock.advance(10)
        clock.jump(3600)  # an hour passes in a blink (NTP step, suspended VM)
        await clock.advance(scheduler.max_sleep)
        await scheduler.stop(0)

    with caplog.at_level(logging.WARNING, logger="tomodachi_schedule"):
        asyncio.run(body())
    catch_ups = [f for f in fires.fires if f.catch_up]
    assert len(catch_ups) == 1
    # the catch-up runs for the newest instant missed at the wake after the jump (the wake that
    # prepares :20, a few ms ahead of it), then the normal cadence resumes on time with :20
    assert catch_ups[0].invocation_time == "2026-01-01T01:00:10Z"
    following = fires.fires[fires.fires.index(catch_ups[0]) + 1]
    assert (following.invocation_time, following.catch_up) == ("2026-01-01T01:00:20Z", False)
    assert len(set(fires.nominals)) == len(fires.nominals)
    assert fires.nominals == sorted(fires.nominals)
    assert len(fires.fires) <= 1 + 1 + 6  # before, catch-up, one minute of regular fires
    assert any("catch-up run" in r.message for r in caplog.records)


@pytest.mark.parametrize("count", [3, 12])
def test_schedules_found_late_together_log_one_line_each_or_one_for_all(
    clock, make_job, scheduler, caplog, count
):
    made = [make_job(every_seconds(10), name=f"job{i}") for i in range(count)]

    async def body():
        scheduler.add(job for job, _ in made)
        await scheduler.start()
        await clock.advance(10)
        clock.jump(3600)
        await clock.advance(scheduler.max_sleep)
        await scheduler.stop(0)

    with caplog.at_level(logging.WARNING, logger="tomodachi_schedule"):
        asyncio.run(body())
    for _, fires in made:  # each schedule still gets its one catch-up, for the newest instant
        assert [f.invocation_time for f in fires.fires if f.catch_up] == ["2026-01-01T01:00:10Z"]
    late = [r.message for r in caplog.records if "late" in r.message]
    if count <= 10:
        assert len(late) == count and all("one catch-up run for" in line for line in late)
    else:
        assert late == [
            "12 schedules late, the first since 2026-01-01T00:00:20+00:00 (clock jump, sleep or "
            "blocked loop): one catch-up run each for its newest missed instant, 4308 missed "
            "fire(s) skipped in all (svc.job0, svc.job1, svc.job2, ...)"
        ]


def test_sleep_while_monotonic_clock_stands_still_is_noticed_within_max_sleep(
    clock, make_job, scheduler
):
    job, fires = make_job(Calendar(zone="UTC"))  # every minute

    async def body():
        scheduler.add([job])
        await scheduler.start()
        clock.jump(7200)  # suspended two hours: the monotonic timer did not move
        await clock.advance(scheduler.max_sleep)
        await scheduler.stop(0)

    asyncio.run(body())
    assert [f.catch_up for f in fires.fires][:1] == [True]
    assert sum(f.catch_up for f in fires.fires) == 1


def test_backward_jump_never_fires_an_instant_twice_and_keeps_going(
    clock, make_job, scheduler, caplog
):
    job, fires = make_job(every_seconds(10))

    async def body():
        scheduler.add([job])
        await scheduler.start()
        await clock.advance(30)  # fires :10 :20 :30
        clock.jump(-25)  # wall clock back to :05
        await clock.advance(60)
        await scheduler.stop(0)

    with caplog.at_level(logging.WARNING, logger="tomodachi_schedule"):
        asyncio.run(body())
    assert len(set(fires.nominals)) == len(fires.nominals)
    assert fires.nominals == sorted(fires.nominals)
    # the next unfired instant (:40) runs when the wall clock reads it, then every 10 s again
    assert fires.nominals[3:] == [
        "2026-01-01T00:00:40Z",
        "2026-01-01T00:00:50Z",
        "2026-01-01T00:01:00Z",
    ]
    assert not any(f.catch_up for f in fires.fires)
    assert any("stepped back" in r.message for r in caplog.records)


@pytest.mark.timeout(20)
def test_daily_fire_on_spring_forward_day_is_shifted_by_the_gap(make_job):
    from tomodachi_schedule.runtime.clock import FakeClock
    from tomodachi_schedule.runtime.scheduling import Scheduler

    # 02:30 does not exist on 2026-03-29 in Stockholm: it fires at 03:30 CEST = 01:30Z
    clock = FakeClock(datetime(2026, 3, 28, 12, tzinfo=timezone.utc))
    scheduler = Scheduler(clock)
    job, fires = make_job(Calendar(minutes=1 << 30, hours=1 << 2, zone="Europe/Stockholm"))
    job.call = fires  # the fixture's recorder is bound to another clock; only fires matter

    run_for(clock, scheduler, [job], 3 * 86400)
    assert fires.nominals == [
        "2026-03-29T01:30:00Z",
        "2026-03-30T00:30:00Z",
        "2026-03-31T00:30:00Z",
    ]


@pytest.mark.timeout(20)
def test_fall_back_hour_every_15_minutes_follows_the_clock(make_job):
    from tomodachi_schedule.runtime.clock import FakeClock
    from tomodachi_schedule.runtime.scheduling import Scheduler

    clock = FakeClock(datetime(2026, 10, 25, 0, 0, tzinfo=timezone.utc))  # 02:00 CEST
    scheduler = Scheduler(clock)
    quarters = (1 << 0) | (1 << 15) | (1 << 30) | (1 << 45)
    job, fires = make_job(Calendar(minutes=quarters, zone="Europe/Stockholm"))

    run_for(clock, scheduler, [job], 3 * 3600)
    stamps = [f.nominal.astimezone(timezone.utc) for f in fires.fires]
    assert len(stamps) == 12  # 02:00-03:00 happens twice: 8 fires in two real hours + 4
    assert all(b - a == timedelta(minutes=15) for a, b in zip(stamps, stamps[1:]))


def test_schedule_without_future_fire_is_logged_once_and_dropped(
    clock, make_job, scheduler, caplog
):
    past = Calendar(days=DaySet(years=1 << 0), zone="UTC")  # only in 1970
    job, fires = make_job(past, name="gone")

    async def body():
        scheduler.add([job])
        await scheduler.start()
        assert clock.pending_timers() == 0
        await clock.advance(120)
        await scheduler.stop(0)

    with caplog.at_level(logging.INFO, logger="tomodachi_schedule"):
        asyncio.run(body())
    assert fires.fires == []
    assert [r.levelname for r in caplog.records if "no future fire" in r.message] == ["INFO"]


def test_immediately_fires_at_start_with_whole_second_instant(clock, make_job, scheduler):
    job, fires = make_job(every_seconds(20), immediately=True)

    async def body():
        await clock.advance(3.7)
        scheduler.add([job])
        await scheduler.start()
        await clock.advance(20)
        await scheduler.stop(0)

    asyncio.run(body())
    assert fires.nominals == ["2026-01-01T00:00:03Z", "2026-01-01T00:00:20Z"]


class _Watched(Schedule):
    """A schedule that notes, at each next-fire question, how many fires its job had by then."""

    inner: Schedule
    fires: Any = None  # the job's Recorder
    asked: Any = None  # (instant asked from, fires by then)
    UNCOMPARED = frozenset({"spec", "description", "fires", "asked"})

    def next_after(self, dt: datetime) -> datetime | None:
        self.asked.append((dt, len(self.fires.fires)))
        return self.inner.next_after(dt)


def test_immediately_handlers_start_before_the_next_fires_are_planned_from_the_start(
    clock, make_job, scheduler
):
    watched = _Watched(inner=every_seconds(20), asked=[])
    job, fires = make_job(watched, immediately=True)
    object.__setattr__(watched, "fires", fires)

    async def body():
        await clock.advance(3.7)
        scheduler.add([job])
        await scheduler.start()
        assert scheduler.next_fire == datetime(2026, 1, 1, 0, 0, 20, tzinfo=timezone.utc)
        await clock.advance(20)
        await scheduler.stop(0)

    asyncio.run(body())
    # planned after the handler began, from the instant the scheduler started at
    assert watched.asked[0] == (datetime(2026, 1, 1, 0, 0, 3, 700000, tzinfo=timezone.utc), 1)
    assert fires.nominals == ["2026-01-01T00:00:03Z", "2026-01-01T00:00:20Z"]


def test_jitter_delays_within_range_and_is_the_same_for_every_replica(clock, make_job):
    job, _ = make_job(every_seconds(10), jitter="30s")
    twin, _ = make_job(every_seconds(10), jitter=30)
    other, _ = make_job(every_seconds(10), name="other", jitter=30)
    instants = [START + timedelta(seconds=10 * k) for k in range(200)]
    delays = [job.jitter_for(i) for i in instants]
    assert all(0 <= d < 30 for d in delays)
    assert delays == [twin.jitter_for(i) for i in instants]
    assert delays != [other.jitter_for(i) for i in instants]
    assert max(delays) - min(delays) > 20  # spread over the range, not constant


def test_jittered_fire_keeps_its_nominal_instant(clock, make_job, scheduler):
    job, fires = make_job(every_seconds(30), jitter=20)
    started = []

    async def call(fire):
        started.append(clock.time())
        await fires(fire)

    job.call = call

    run_for(clock, scheduler, [job], 100)
    assert fires.nominals[:2] == ["2026-01-01T00:00:30Z", "2026-01-01T00:01:00Z"]
    for fire, at in zip(fires.fires, started):
        assert at - fire.nominal.timestamp() == pytest.approx(job.jitter_for(fire.nominal))


def test_a_second_start_starts_only_the_jobs_added_since(clock, make_job, scheduler):
    first, first_fires = make_job(every_seconds(10), name="first", immediately=True)
    second, second_fires = make_job(every_seconds(10), name="second", immediately=True)

    async def body():
        scheduler.add([first])
        await scheduler.start()
        await clock.advance(5)
        scheduler.add([second])
        await scheduler.start()  # a second service joining the process's scheduler
        await clock.advance(10)
        await scheduler.stop(0)

    asyncio.run(body())
    assert first_fires.nominals == ["2026-01-01T00:00:00Z", "2026-01-01T00:00:10Z"]
    assert second_fires.nominals == ["2026-01-01T00:00:05Z", "2026-01-01T00:00:10Z"]
