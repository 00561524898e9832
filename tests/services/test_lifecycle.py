"""Lifecycle of services run in-process (fake clock): hook order, immediately, stop requests."""

from __future__ import annotations

import asyncio

import tomodachi_schedule as ts
from tomodachi_schedule.runtime.runner import ServiceRun


class Recorded(ts.Service):
    name = "recorded"

    def __init__(self, clock):
        self.clock = clock
        self.events = []

    async def _start_service(self):
        self.events.append("start")

    def _started_service(self):  # plain def hooks work too
        self.events.append("started")

    @ts.schedule(interval=20, immediately=True)
    async def work(self, invocation_time):
        self.events.append(f"work {invocation_time}")
        await self.clock.sleep(3)
        self.events.append("work done")

    async def _stopping_service(self):
        self.events.append("stopping")

    async def _stop_service(self):
        self.events.append("stop")


def test_hooks_run_in_tomodachi_order_and_immediately_follows_started(clock):
    service = Recorded(clock)
    service_run = ServiceRun([service], grace=10, clock=clock)

    async def body():
        running = asyncio.ensure_future(service_run.run())
        await clock.advance(21)  # the immediate run, then the fire at :20 (running until :23)
        service_run.request_stop()
        await clock.advance(5)
        return await running

    assert asyncio.run(body()) == 0
    assert service.events == [
        "start",
        "started",
        "work 2026-01-01T00:00:00Z",
        "work done",
        "work 2026-01-01T00:00:20Z",
        "stopping",
        "work done",  # the running handler finished within the grace period
        "stop",
    ]


def test_a_failing_start_hook_stops_with_status_1_without_scheduling(clock):
    class Broken(Recorded):
        async def _start_service(self):
            raise RuntimeError("no database")

    service = Broken(clock)

    async def body():
        return await ServiceRun([service], clock=clock).run()

    assert asyncio.run(body()) == 1
    assert service.events == ["stopping", "stop"]


def test_second_stop_request_cancels_running_handlers(clock):
    service = Recorded(clock)
    service_run = ServiceRun([service], grace=600, clock=clock)

    async def body():
        running = asyncio.ensure_future(service_run.run())
        await clock.advance(1)
        service_run.request_stop()
        await clock.advance(1)
        service_run.request_stop()
        return await asyncio.wait_for(running, 1)  # real time: no waiting for the grace

    assert asyncio.run(body()) == 0
    assert "work done" not in service.events and service.events[-1] == "stop"
