"""Handlers that never suspend run bare (no wrapper coroutine) in a prepared group; a fatal
exception in one is still a failed run, and the rest of the group starts."""

from __future__ import annotations

import asyncio
import functools
import logging

import pytest
from svc_support import START

from tomodachi_schedule.runtime.firing.groups import (
    PreparedGroup,
    discard,
    prepare,
    quick_starts,
    release,
)
from tomodachi_schedule.runtime.firing.runs import Runs
from tomodachi_schedule.runtime.handlers import handler_call, never_suspends
from tomodachi_schedule.runtime.jobs import Fire


async def no_await(self):
    return 1


async def awaits(self):
    await asyncio.sleep(0)


async def async_with(self, lock):
    async with lock:
        pass


async def async_for(self, items):
    async for _ in items:
        pass


async def async_comprehension(self, items):
    return [item async for item in items]


def plain(self):
    return 1


@pytest.mark.parametrize(
    "func, expected",
    [
        (no_await, True),
        (awaits, False),
        (async_with, False),
        (async_for, False),
        (async_comprehension, False),
        (plain, False),
        (functools.partial(no_await, None), False),  # not a plain function: assumed to suspend
        (lambda self: None, False),
    ],
    ids=lambda value: getattr(value, "__name__", type(value).__name__),
)
def test_never_suspends_reads_the_code_of_the_handler(func, expected):
    assert never_suspends(func) is expected


class Counting:
    def __init__(self) -> None:
        self.entered: list[str] = []

    async def quick(self, invocation_time):
        self.entered.append(invocation_time)

    async def fatal(self):
        self.entered.append("fatal")
        raise SystemExit(3)


def counting_jobs(make_job, service: Counting, methods=("quick", "fatal", "quick")) -> list:
    jobs = []
    for index, name in enumerate(methods):
        job, _ = make_job(name=f"job{index}")
        flags = 1 if name == "quick" else 0  # quick takes the invocation time
        job.call = handler_call(getattr(Counting, name), service, None, flags)
        jobs.append(job)
    return jobs


@pytest.mark.parametrize("tight", [False, True], ids=["each", "tight"])
def test_a_group_released_outside_any_task_runs_bare_handlers_and_contains_a_system_exit(
    clock, make_job, caplog, tight
):
    service = Counting()
    jobs = counting_jobs(make_job, service)
    seen: dict[str, object] = {}

    async def scenario() -> None:
        loop = asyncio.get_running_loop()
        runs = Runs(clock)
        group = prepare(runs, [(job, Fire("svc", job.name, START)) for job in jobs])
        assert group is not None
        seen["bare"] = [item.one_step for item in group]
        seen["coroutines"] = [item.task.get_coro().__name__ for item in group]
        released = loop.create_future()
        # as the system clock's timers call it: from a loop callback, not inside a task
        starts = quick_starts(group) if tight else None
        assert (starts is not None) is tight
        loop.call_soon(lambda: (release(runs, group, starts), released.set_result(None)))
        await released
        seen["done"] = [item.task.done() for item in group]
        await asyncio.sleep(0)
        seen["loop still runs"] = True

    with caplog.at_level(logging.ERROR, logger="tomodachi_schedule"):
        asyncio.run(scenario())
    assert seen["bare"] == [True, True, True]
    assert seen["coroutines"] == ["quick", "fatal", "quick"]  # the handlers' own coroutines
    assert seen["done"] == [True, True, True] and seen["loop still runs"]
    assert service.entered == ["2026-01-01T00:00:00Z", "fatal", "2026-01-01T00:00:00Z"]
    failures = [r for r in caplog.records if "run for" in r.message]
    assert [r.message for r in failures] == ["svc.job1: run for 2026-01-01T00:00:00Z failed"]
    assert isinstance(failures[0].exc_info[1], SystemExit)


def test_a_loop_task_factory_still_makes_the_tasks_of_a_prepared_group(clock, make_job):
    jobs = [make_job(name=f"job{index}")[0] for index in range(3)]
    made: list[str] = []

    async def scenario() -> None:
        loop = asyncio.get_running_loop()

        def factory(loop, coro, **kwargs):
            made.append(coro.__qualname__)
            return asyncio.Task(coro, loop=loop, **kwargs)

        loop.set_task_factory(factory)
        group = prepare(Runs(clock), [(job, Fire("svc", job.name, START)) for job in jobs])
        assert group is not None and len(group) == 3
        released = loop.create_future()
        loop.call_soon(lambda: (release(Runs(clock), group), released.set_result(None)))
        await released

    asyncio.run(scenario())
    # each prepared fire's task came from the factory (asyncio.run's own shut-down tasks too)
    assert made[:3] == ["_contained"] * 3


def test_only_a_group_of_idle_one_step_jobs_gets_the_tight_release(clock, make_job):
    async def scenario() -> tuple:
        service = Counting()
        quick = prepare(Runs(clock), fires_of(counting_jobs(make_job, service, ("quick",) * 3)))
        mixed = prepare(Runs(clock), fires_of([*counting_jobs(make_job, service), make_job()[0]]))
        busy_jobs = counting_jobs(make_job, service, ("quick",) * 2)
        busy_jobs[1].running = {asyncio.get_running_loop().create_future()}
        busy = prepare(Runs(clock), fires_of(busy_jobs))
        groups = (quick, mixed, busy)
        answers = tuple(quick_starts(group or []) is not None for group in groups)
        for group in groups:
            discard(group or [])
        await asyncio.sleep(0)  # the dropped tasks end
        return answers

    assert asyncio.run(scenario()) == (True, False, False)


def test_a_run_started_after_preparing_makes_the_release_check_overlaps(clock, make_job, caplog):
    """A catch-up started inside a task between preparing and releasing a group is still waiting
    for its first step at the instant: the group's fire of that job is skipped as before."""
    service = Counting()
    jobs = counting_jobs(make_job, service, ("quick", "quick"))

    async def scenario() -> list[bool]:
        loop = asyncio.get_running_loop()
        runs = Runs(clock)
        group = PreparedGroup(runs)
        entries = [(0.0, index, job, START) for index, job in enumerate(jobs)]
        assert group.prepare(entries, 0.0)
        runs.start(jobs[1], Fire("svc", jobs[1].name, START, catch_up=True))  # inside a task
        assert jobs[1].running  # its first step waits for the loop
        released = loop.create_future()
        loop.call_soon(lambda: (group.release(), released.set_result(None)))
        await released
        await asyncio.sleep(0)
        return [bool(job.running) for job in jobs]

    with caplog.at_level(logging.WARNING, logger="tomodachi_schedule"):
        assert asyncio.run(scenario()) == [False, False]
    skipped = [r.message for r in caplog.records if "skipped" in r.message]
    assert skipped == ["svc.job1: fire at 2026-01-01T00:00:00Z skipped: previous run still running"]
    assert len(service.entered) == 2  # job0's fire and job1's catch-up; job1's fire skipped


def fires_of(jobs: list) -> list:
    return [(job, Fire("svc", job.name, START)) for job in jobs]
