"""tomodachi 0.29 service with BENCH_COUNT scheduled functions, run under `tomodachi run`."""

from __future__ import annotations

import os
import sys
import time

import tomodachi

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import recorder  # noqa: E402

NO_FIRE_DUE = "0 0 1 1 *"  # once a year: nothing fires while idle CPU is measured


def fire_handler(index: int):
    """A scheduled function that records its nominal instant and its entry time."""
    record, now = recorder.record, time.time

    async def handler(self, invocation_time: str = "") -> None:
        record((invocation_time, now()))

    handler.__name__ = handler.__qualname__ = f"fire_{index}"
    return handler


def immediate_handler(self) -> None:
    """Fires at start-up (immediately=True) and reports when."""
    recorder.fired_immediately()


def decorated(index: int):
    """The index-th scheduled function for the mode the parent asked for."""
    if recorder.MODE == "immediately":
        return tomodachi.schedule(interval=20, immediately=True)(immediate_handler)
    if recorder.MODE == "idle":
        return tomodachi.schedule(interval=NO_FIRE_DUE)(fire_handler(index))
    return tomodachi.schedule(interval=1)(fire_handler(index))


async def _started_service(self) -> None:
    recorder.started()


count = 1 if recorder.MODE == "immediately" else recorder.COUNT
namespace = {f"fire_{i}": decorated(i) for i in range(count)}
namespace.update(name="bench-tomodachi", _started_service=_started_service)
BenchService = type("BenchService", (tomodachi.Service,), namespace)
