"""A handler raising SystemExit or KeyboardInterrupt is a failed run like any other (issue 12.1)."""

from __future__ import annotations

import asyncio
import logging

import pytest
from svc_support import begin, every_seconds

from tomodachi_schedule.runtime.handlers import handler_call

FATAL = [SystemExit, KeyboardInterrupt]


class Handlers:
    """Handlers that raise ``error`` at one point of their run, counting their calls."""

    def __init__(self, error: type[BaseException]) -> None:
        self.error = error
        self.calls = 0

    async def before_await(self):
        self.calls += 1
        raise self.error(3)

    async def after_await(self):
        self.calls += 1
        await asyncio.sleep(0)
        raise self.error(3)

    def plain(self):
        self.calls += 1
        raise self.error(3)


async def settled(job) -> None:
    """Wait (real time, at most 2 s) for the job's run to end: a plain def ends in a thread."""
    for _ in range(2000):
        if not job.running:
            return
        await asyncio.sleep(0.001)


@pytest.mark.parametrize("error", FATAL, ids=lambda e: e.__name__)
@pytest.mark.parametrize("where", ["before_await", "after_await", "plain"])
@pytest.mark.parametrize("timeout", [None, "5s"], ids=["plain-run", "wrapped-run"])
def test_a_fatal_exception_in_a_handler_is_a_failed_run_and_every_schedule_goes_on(
    clock, make_job, scheduler, caplog, error, where, timeout
):
    handlers = Handlers(error)
    bad, _ = make_job(every_seconds(10), name="bad", **({"timeout": timeout} if timeout else {}))
    bad.call = handler_call(getattr(Handlers, where), handlers, None, 0)
    fine, rec = make_job(every_seconds(10), name="fine")
    state = {}

    async def body():
        await begin(clock, scheduler, [bad, fine], 0)
        for _ in range(4):
            await clock.advance(10)
            await settled(bad)
        stopping = asyncio.ensure_future(scheduler.stop(5))
        await clock.advance(6)
        await asyncio.wait_for(stopping, 2)
        state["stopped"] = True

    with caplog.at_level(logging.ERROR, logger="tomodachi_schedule"):
        asyncio.run(body())
    assert state == {"stopped": True}
    assert handlers.calls == 4 and len(rec.fires) == 4
    failures = [r for r in caplog.records if r.message.startswith("svc.bad: run for")]
    assert len(failures) == 4
    assert all(r.message.endswith("failed") for r in failures)
    assert all(isinstance(r.exc_info[1], error) for r in failures)
