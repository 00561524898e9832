"""Without asyncio's private internals (task_start.PRIVATE_API off, as on uvloop) fires still
start on time and in order, the same fires as with them; eager tasks start the public way."""

from __future__ import annotations

import asyncio
from collections import deque

import pytest
from svc_support import START, every_seconds, run_for

from tomodachi_schedule.runtime.clock import FakeClock
from tomodachi_schedule.runtime.engine.schedules import Interval
from tomodachi_schedule.runtime.firing import task_start
from tomodachi_schedule.runtime.jobs import Fire, Job
from tomodachi_schedule.runtime.options import JobOptions
from tomodachi_schedule.runtime.scheduling import Scheduler


def run_jobs(private_api: bool, monkeypatch) -> tuple[list[tuple[float, str, float]], Scheduler]:
    """60 s of three jobs on a fake clock; each start logged as (wall time, job, nominal)."""
    monkeypatch.setattr(task_start, "PRIVATE_API", private_api)
    clock = FakeClock(START)
    scheduler = Scheduler(clock)
    log: list[tuple[float, str, float]] = []

    def handler(name: str):
        async def run(fire: Fire) -> None:
            log.append((clock.time(), name, fire.nominal.timestamp()))
            await asyncio.sleep(0)

        return run

    schedules = {
        "tens": every_seconds(10),
        "fifteens": every_seconds(15),
        "fours": Interval(every=4),
    }
    jobs = [
        Job(service="svc", name=name, schedule=schedule, call=handler(name), options=JobOptions())
        for name, schedule in schedules.items()
    ]
    run_for(clock, scheduler, jobs, 60)
    return log, scheduler


def test_without_the_internals_fires_run_on_time_in_order_and_unprepared(monkeypatch):
    log, scheduler = run_jobs(False, monkeypatch)
    start = START.timestamp()
    for name, every in (("tens", 10), ("fifteens", 15), ("fours", 4)):
        started = [at - start for at, job, _ in log if job == name]
        assert started == list(range(every, 61, every))  # on the dot, none missed, none twice
    assert [at for at, _, _ in log] == sorted(at for at, _, _ in log)
    assert all(at == nominal for at, _, nominal in log)
    assert scheduler._can_prepare is False and len(scheduler._group) == 0  # the fallback was taken


def test_the_fallback_runs_the_same_fires_in_the_same_order_as_the_internals(monkeypatch):
    with_internals, prepared = run_jobs(True, monkeypatch)
    without, _ = run_jobs(False, monkeypatch)
    assert prepared._can_prepare is True  # the internals were used there
    assert without == with_internals


@pytest.mark.parametrize("private_api", [True, False])
def test_eager_tasks_started_together_run_in_order_either_way(private_api, monkeypatch):
    monkeypatch.setattr(task_start, "PRIVATE_API", private_api)
    order: list[int] = []

    async def step(n: int) -> None:
        order.append(n)

    async def main() -> None:
        loop = asyncio.get_running_loop()
        assert isinstance(task_start.ready_queue(loop), deque) is private_api
        started = loop.create_future()
        # outside any task, as the scheduler's timer callbacks are
        loop.call_soon(
            lambda: started.set_result([task_start.eager_task(step(n)) for n in range(5)])
        )
        await asyncio.gather(*await started)

    asyncio.run(main())
    assert order == [0, 1, 2, 3, 4]
