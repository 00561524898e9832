"""tomodachi 0.29 service with BENCH_COUNT scheduled methods, run under `tomodachi run` (see recorder.py)."""

from __future__ import annotations

import os
import sys

import tomodachi

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import recorder  # noqa: E402


async def _started_service(self) -> None:
    recorder.started()


namespace = recorder.scheduled_methods(tomodachi.schedule)
namespace.update(name="bench-tomodachi", _started_service=_started_service)
BenchService = type("BenchService", (tomodachi.Service,), namespace)
