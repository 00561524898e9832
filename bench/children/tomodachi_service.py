"""tomodachi 0.29 service with BENCH_COUNT scheduled methods, run under `tomodachi run` (see recorder.py)."""

from __future__ import annotations

import os
import sys

import tomodachi

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import recorder  # noqa: E402

# tomodachi 0.29 wraps the service's `_started_service` and `_stop_service` once per scheduled
# function, each wrapper awaiting the previous one (transport/schedule.py:611): with ~1,000 functions
# the start-up chain overflows Python's default recursion limit (RecursionError, the service never
# fires). A higher limit lets us measure its scheduler at 1,000 and 10,000 functions at all.
sys.setrecursionlimit(max(sys.getrecursionlimit(), 4 * recorder.COUNT + 1_000))


async def _started_service(self) -> None:
    recorder.started()


namespace = recorder.scheduled_methods(tomodachi.schedule)
namespace.update(name="bench-tomodachi", _started_service=_started_service)
BenchService = type("BenchService", (tomodachi.Service,), namespace)
