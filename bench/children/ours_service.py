"""tomodachi-schedule service with BENCH_COUNT scheduled methods, run by `python -m tomodachi_schedule run`."""

from __future__ import annotations

import os
import sys

from tomodachi_schedule import Service, schedule
from tomodachi_schedule.runtime import Interval

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import recorder  # noqa: E402


def every_second(index: int) -> Interval:
    """Every whole second, as a schedule of its own: distinct anchors, equal instants, so no two
    methods share one schedule object or one next-fire computation."""
    return Interval(every=1, anchor=index)


def never_due(index: int) -> str:
    """A distinct calendar per method (minute, hour, day, month), due only in 2099."""
    minute, hour, day, month = (
        index % 60,
        index // 60 % 24,
        index // 1440 % 28 + 1,
        index // 40320 % 12 + 1,
    )
    return f"{minute} {hour} {day} {month} * 2099"


namespace = recorder.scheduled_methods(schedule, every_second, never_due)
namespace["name"] = "bench-ours"
BenchService = type("BenchService", (Service,), namespace)
recorder.started()  # idle: the parent then waits for the CPU to settle; fire: the window starts at the first fire
