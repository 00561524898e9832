"""Handlers that never suspend run bare (no wrapper coroutine) in a prepared group; a fatal
exception in one is still a failed run, and the rest of the group starts."""

from __future__ import annotations

import asyncio
import functools
import logging

import pytest
from svc_support import START

from tomodachi_schedule.runtime.firing.groups import prepare, release
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


def test_a_group_released_outside_any_task_runs_bare_handlers_and_contains_a_system_exit(
    clock, make_job, caplog
):
    service = Counting()
    jobs = []
    for index, (method, flags) in enumerate(
        [(Counting.quick, 1), (Counting.fatal, 0), (Counting.quick, 1)]
    ):
        job, _ = make_job(name=f"job{index}")
        job.call = handler_call(method, service, None, flags)
        jobs.append(job)
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
        loop.call_soon(lambda: (release(runs, group), released.set_result(None)))
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
