"""Dispatch on a fake clock: groups prepared ahead of their instant, and the backward-step rule."""

from __future__ import annotations

import asyncio
import gc
import logging
import warnings

from svc_support import START, every_seconds, run_for

from tomodachi_schedule.runtime.engine.schedules import Interval
from tomodachi_schedule.runtime.firing import groups

ALMOST = 10 - 0.001  # inside the lead before the :10 instant: its group is prepared by now


async def jump_while_prepared(clock, scheduler, job, seconds: float, *, then: float) -> None:
    """Step the wall clock by ``seconds`` while ``job``'s :10 fire is prepared, run on ``then``."""
    scheduler.add([job])
    await scheduler.start()
    await clock.advance(ALMOST)
    clock.jump(seconds)
    await clock.advance(then)
    await scheduler.stop(0)


def test_prepared_group_starts_nothing_before_its_instant(clock, make_job, scheduler):
    jobs = [make_job(every_seconds(10), name=f"job{i}") for i in range(3)]
    seen = {}

    async def body():
        scheduler.add(job for job, _ in jobs)
        await scheduler.start()
        await clock.advance(ALMOST)
        seen["prepared"] = len(scheduler._group)
        seen["fires before"] = sum(len(rec.fires) for _, rec in jobs)
        await clock.advance(0.001)
        await scheduler.stop(0)

    asyncio.run(body())
    assert seen == {"prepared": 3, "fires before": 0}
    assert all(rec.started == [START.timestamp() + 10] for _, rec in jobs)  # on the dot


def test_stop_while_a_group_is_prepared_runs_none_of_it_and_leaves_no_task(
    clock, make_job, scheduler
):
    job, fires = make_job(every_seconds(10))
    left = []

    async def body():
        scheduler.add([job])
        await scheduler.start()
        await clock.advance(ALMOST)
        assert scheduler._group
        await scheduler.stop(0)
        await asyncio.sleep(0)  # the dropped task's cancelled step runs
        left.extend(t for t in asyncio.all_tasks() if t is not asyncio.current_task())

    asyncio.run(body())
    assert fires.fires == [] and left == []


def test_a_dropped_prepared_fire_leaves_no_handler_run_unawaited(clock, make_job, scheduler):
    # the plain task wraps the handler's run; dropped unstarted, it must close that run
    job, _ = make_job(every_seconds(10))

    async def body():
        scheduler.add([job])
        await scheduler.start()
        await clock.advance(ALMOST)
        assert scheduler._group
        await scheduler.stop(0)
        await asyncio.sleep(0)

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        asyncio.run(body())
        gc.collect()
    assert [str(w.message) for w in caught if "never awaited" in str(w.message)] == []


def test_overlap_is_decided_at_the_instant_not_when_prepared(clock, make_job, scheduler, caplog):
    # the :10 run ends at :19.999, after :20 was prepared and before its instant
    job, fires = make_job(every_seconds(10), takes=9.999, overlap="skip")

    with caplog.at_level(logging.WARNING, logger="tomodachi_schedule"):
        run_for(clock, scheduler, [job], 25)
    assert fires.nominals == ["2026-01-01T00:00:10Z", "2026-01-01T00:00:20Z"]
    assert not any("skipped" in r.message for r in caplog.records)


def test_forward_step_while_prepared_gives_one_catch_up(clock, make_job, scheduler):
    job, fires = make_job(every_seconds(10))
    asyncio.run(jump_while_prepared(clock, scheduler, job, 3600, then=0.5))
    assert [(f.invocation_time, f.catch_up) for f in fires.fires] == [
        ("2026-01-01T01:00:10Z", True)  # the newest instant missed at the release, once
    ]


def test_backward_step_while_prepared_fires_nothing_early(clock, make_job, scheduler):
    job, fires = make_job(every_seconds(10))
    # the wall clock then goes from 23:59:40 to 00:00:25
    asyncio.run(jump_while_prepared(clock, scheduler, job, -30, then=45))
    assert all(at >= f.nominal.timestamp() for at, f in zip(fires.started, fires.fires))
    assert fires.nominals == ["2026-01-01T00:00:10Z", "2026-01-01T00:00:20Z"]


def test_gc_is_paused_only_from_preparing_a_large_group_to_its_release(
    clock, make_job, scheduler, monkeypatch
):
    monkeypatch.setattr(groups, "GC_PAUSE_GROUP", 2)
    jobs = [make_job(every_seconds(10), name=f"job{i}")[0] for i in range(2)]
    enabled = []

    async def body():
        scheduler.add(jobs)
        await scheduler.start()
        for step in (ALMOST, 0.001, ALMOST):
            await clock.advance(step)
            enabled.append(gc.isenabled())
        await scheduler.stop(0)
        enabled.append(gc.isenabled())

    assert gc.isenabled()
    asyncio.run(body())
    assert enabled == [False, True, False, True]


def test_after_a_backward_step_interval_jobs_go_on_and_calendar_jobs_wait(
    clock, make_job, scheduler, caplog
):
    elapsed, elapsed_fires = make_job(Interval(every=10), name="heartbeat")
    calendar, calendar_fires = make_job(every_seconds(10), name="calendar")

    async def body():
        scheduler.add([elapsed, calendar])
        await scheduler.start()
        await clock.advance(30)  # both fire :10 :20 :30
        clock.jump(-25)  # wall clock back to :05, noticed at the next wake (:15 by then)
        await clock.advance(60)
        await scheduler.stop(0)

    with caplog.at_level(logging.WARNING, logger="tomodachi_schedule"):
        asyncio.run(body())
    seconds = [f.nominal.timestamp() % 3600 for f in elapsed_fires.fires]
    assert seconds == [10, 20, 30, 20, 30, 40, 50, 60]  # replayed from :20, every 10 s
    assert [f.nominal.timestamp() % 3600 for f in calendar_fires.fires] == [10, 20, 30, 40, 50, 60]
    steps = [r for r in caplog.records if "stepped back" in r.message]
    assert len(steps) == 1 and steps[0].levelno == logging.WARNING
    assert "1 interval schedule(s) re-planned" in steps[0].message


def test_a_replayed_interval_instant_already_claimed_is_skipped_at_the_gate(
    clock, make_job, scheduler
):
    class Claims:  # what an exclusive job's cluster gate does: one run per (job, instant)
        def __init__(self):
            self.claimed = set()

        async def enter(self, fire):
            fresh = fire.nominal not in self.claimed
            self.claimed.add(fire.nominal)
            return fresh

        async def exit(self, fire, outcome, error):
            pass

    job, fires = make_job(Interval(every=10), gate=Claims())

    async def body():
        scheduler.add([job])
        await scheduler.start()
        await clock.advance(30)
        clock.jump(-25)
        await clock.advance(60)
        await scheduler.stop(0)

    asyncio.run(body())
    assert [f.nominal.timestamp() % 3600 for f in fires.fires] == [10, 20, 30, 40, 50, 60]


def test_without_preparation_fires_start_at_their_instant(clock, make_job, scheduler):
    # a loop whose ready queue cannot be reached (uvloop): ``Runs.prepare`` declines
    scheduler.runs.prepare = lambda fires: None
    job, fires = make_job(every_seconds(10))

    run_for(clock, scheduler, [job], 25)
    assert fires.started == [START.timestamp() + 10, START.timestamp() + 20]
    assert len(scheduler._group) == 0
