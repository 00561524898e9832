"""Helpers of the operations tests (imported by name: conftest puts this folder on sys.path)."""

from __future__ import annotations

import sys

RUN = (sys.executable, "-m", "tomodachi_schedule", "run")

# Each schedule fires at start (immediately) and every second: ``fine`` ends ok, ``broken``
# fails, ``slow`` times out, ``long`` is still running at its next fire (skipped), ``shared``
# is exclusive (the default SQLite coordinator, under XDG_STATE_HOME).
OPS_SERVICE = """
import asyncio, json, os, sys
from tomodachi_schedule import Service, schedule


class Ops(Service):
    name = "ops"

    @schedule(interval=1, immediately=True)
    async def fine(self):
        with open(os.environ["OPS_MODULES"], "w") as out:
            json.dump(sorted(m for m in sys.modules if m.startswith(("prometheus", "tomodachi_schedule.runtime.observe.metrics"))), out)

    @schedule(interval=1, immediately=True)
    async def broken(self):
        raise RuntimeError("broken on purpose")

    @schedule(interval=1, immediately=True, timeout=0.2)
    async def slow(self):
        await asyncio.sleep(5)

    @schedule(interval=1, immediately=True)
    async def long(self):
        await asyncio.sleep(1.6)

    @schedule("every 2 seconds", exclusive=True)
    async def shared(self):
        pass
"""
