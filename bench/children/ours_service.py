"""tomodachi-schedule service with BENCH_COUNT scheduled methods, run by `python -m tomodachi_schedule run`."""

from __future__ import annotations

import os
import sys

from tomodachi_schedule import Service, schedule

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import recorder  # noqa: E402

namespace = recorder.scheduled_methods(schedule)
namespace["name"] = "bench-ours"
BenchService = type("BenchService", (Service,), namespace)
recorder.started()  # idle: the parent then waits for the CPU to settle; fire: the window starts at the first fire
