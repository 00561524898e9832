"""Exclusive schedules through the real Service, decorators and Scheduler (fake clock)."""

from __future__ import annotations

import asyncio
import collections
from datetime import datetime, timezone

from tomodachi_schedule.runtime.clock import FakeClock
from tomodachi_schedule.runtime.decorators import minutely
from tomodachi_schedule.runtime.scheduling import Scheduler
from tomodachi_schedule.runtime.service import Service, build_jobs

T0 = datetime(2027, 1, 15, 8, 0, tzinfo=timezone.utc)


def billing_service(url: str, runs: list, **options):
    class Billing(Service):
        name = "billing"
        coordinator = url

        @minutely(exclusive=True, timezone="UTC", **options)
        async def send_invoices(self, invocation_time):
            runs.append(invocation_time)

    return Billing()


async def start_replicas(clock: FakeClock, instances) -> list[Scheduler]:
    schedulers = []
    for instance in instances:
        scheduler = Scheduler(clock)
        scheduler.add(build_jobs(instance))
        await scheduler.start()
        await scheduler.started_up()  # the coordinator is opened beside the schedules
        schedulers.append(scheduler)
    await finish_runs(schedulers)
    return schedulers


async def finish_runs(schedulers: list[Scheduler]) -> None:
    # claims go through a thread (SQLite) or a socket (Redis): wait for them for real
    for _ in range(3):
        tasks = {task for scheduler in schedulers for task in scheduler.runs.tasks}
        if tasks:
            await asyncio.wait(tasks)
        await asyncio.sleep(0)


async def run_minutes(clock: FakeClock, schedulers: list[Scheduler], count: int) -> None:
    for _ in range(count):
        await clock.advance(60)
        await finish_runs(schedulers)


async def stop(schedulers: list[Scheduler], instances) -> None:
    for scheduler in schedulers:
        await scheduler.stop(grace=1)
    for instance in instances:
        await instance._tomodachi_schedule_coordinator.close()


def test_three_service_replicas_run_each_minute_once(coordinator_url, stored_history):
    runs: list[str] = []

    async def scenario():
        clock = FakeClock(T0.timestamp() + 1)
        instances = [billing_service(coordinator_url, runs) for _ in range(3)]
        schedulers = await start_replicas(clock, instances)
        await run_minutes(clock, schedulers, 5)
        await stop(schedulers, instances)

    asyncio.run(scenario())
    assert runs and collections.Counter(runs) == {f"2027-01-15T08:0{m}:00Z": 1 for m in range(1, 6)}
    records = stored_history(coordinator_url)
    assert [(r.status, r.attempts) for r in records] == [("ok", 3)] * 5


def test_a_service_restarted_after_downtime_catches_up_once(coordinator_url, stored_history):
    runs: list[str] = []

    async def scenario():
        clock = FakeClock(T0.timestamp() + 1)
        first = [billing_service(coordinator_url, runs, catch_up="1h")]
        schedulers = await start_replicas(clock, first)
        await run_minutes(clock, schedulers, 2)
        await stop(schedulers, first)
        clock.jump(10 * 60)  # all replicas down for ten minutes
        second = [billing_service(coordinator_url, runs, catch_up="1h") for _ in range(2)]
        schedulers = await start_replicas(clock, second)
        await stop(schedulers, second)

    asyncio.run(scenario())
    # 08:01, 08:02 ran; 08:03 .. 08:12 were missed: the latest runs once, the rest coalesced
    assert runs == ["2027-01-15T08:01:00Z", "2027-01-15T08:02:00Z", "2027-01-15T08:12:00Z"]
    statuses = collections.Counter(r.status for r in stored_history(coordinator_url))
    assert statuses == {"ok": 3, "coalesced": 9}


def test_the_store_is_opened_and_its_warnings_logged_when_the_service_starts(redis_url, caplog):
    async def scenario():
        instance = billing_service(redis_url, [])
        schedulers = await start_replicas(FakeClock(T0.timestamp() + 1), [instance])
        logged = [r.getMessage() for r in caplog.records]
        await stop(schedulers, [instance])
        return logged

    with caplog.at_level("WARNING", logger="tomodachi_schedule.cluster"):
        logged = asyncio.run(scenario())
    assert any("appendonly is off" in message for message in logged)  # before any fire
