"""The floor: a bare asyncio loop with our scheduler's wake-up, calling BENCH_COUNT callbacks a second.

One timer a second, armed `EARLY_WAKE` ahead of the whole wall-clock second and finished by
polling the loop (`call_soon`) until the instant, exactly as runtime/clock.py's SystemClock
does; then the BENCH_COUNT callbacks run one after another. Nothing a scheduler has to do
besides (heap, a task per handler, logging) happens here: this is the wake-up's cost alone.
"""

from __future__ import annotations

import asyncio
import math
import os
import sys
import time

from tomodachi_schedule.runtime.clock import EARLY_WAKE

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import recorder  # noqa: E402


async def main() -> None:
    """Call BENCH_COUNT callbacks at each whole wall-clock second."""
    loop = asyncio.get_running_loop()
    record, now, monotonic = recorder.record, time.time, time.monotonic
    callbacks = [record] * recorder.COUNT

    def arm(nominal: float) -> None:
        deadline = monotonic() + (nominal - now())  # the wall instant on the monotonic clock
        loop.call_at(
            loop.time() + max(0.0, deadline - monotonic() - EARLY_WAKE), poll, nominal, deadline
        )

    def poll(nominal: float, deadline: float) -> None:
        if monotonic() < deadline:
            loop.call_soon(poll, nominal, deadline)
            return
        for callback in callbacks:
            callback((nominal, now()))
        arm(nominal + 1)

    arm(math.floor(now()) + 1)
    recorder.started()
    await asyncio.Event().wait()


if __name__ == "__main__":
    asyncio.run(main())
