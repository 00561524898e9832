"""Preparing fires ahead never holds back a callback another thread queued at the same moment."""

from __future__ import annotations

import asyncio
import collections

from svc_support import START

from tomodachi_schedule.runtime.firing.groups import prepare
from tomodachi_schedule.runtime.firing.runs import Runs
from tomodachi_schedule.runtime.jobs import Fire


def test_a_callback_queued_between_check_and_pop_is_put_back_and_nothing_runs_early(
    clock, make_job
):
    job, recorder = make_job()
    ran: list[str] = []

    async def scenario() -> list | None:
        loop = asyncio.get_running_loop()

        class Interleaved(collections.deque):
            def pop(self):
                # the worst moment for a plain-def handler's call_soon_threadsafe to land
                self.append(asyncio.Handle(ran.append, ("foreign",), loop))
                return super().pop()

        loop._ready = Interleaved(loop._ready)
        try:
            prepared = prepare(Runs(clock), [(job, Fire("svc", "job", START))])
        finally:
            loop._ready = collections.deque(loop._ready)
        for _ in range(3):
            await asyncio.sleep(0)
        return prepared

    assert asyncio.run(scenario()) is None  # refused: the scheduler then starts it at its instant
    assert ran == ["foreign"]  # the other thread's callback still ran, once
    assert recorder.fires == []  # and the fire's handler never ran ahead of its instant
