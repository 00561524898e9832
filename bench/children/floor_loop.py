"""The physical floor: a bare asyncio loop arming BENCH_COUNT `call_at` timers for every whole second."""

from __future__ import annotations

import asyncio
import math
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import recorder  # noqa: E402


async def main() -> None:
    """Fire BENCH_COUNT callbacks at each whole wall-clock second, each re-arming itself for the next."""
    loop = asyncio.get_running_loop()
    offset = time.time() - loop.time()  # wall seconds = loop seconds + offset
    record, now = recorder.record, time.time

    def fire(nominal: float) -> None:
        record((nominal, now()))
        loop.call_at(nominal + 1 - offset, fire, nominal + 1)

    first = math.floor(time.time()) + 1
    for _ in range(recorder.COUNT):
        loop.call_at(first - offset, fire, first)
    recorder.started()
    await asyncio.Event().wait()


if __name__ == "__main__":
    asyncio.run(main())
