"""Helpers shared by the services tests (imported by name: conftest puts this folder on sys.path)."""

from __future__ import annotations

from datetime import datetime, timezone

from tomodachi_schedule.runtime.calendar import ALL_SECONDS, Calendar
from tomodachi_schedule.runtime.clock import FakeClock
from tomodachi_schedule.runtime.jobs import Fire

START = datetime(2026, 1, 1, 0, 0, 0, tzinfo=timezone.utc)


def every_seconds(step: int) -> Calendar:
    """Seconds 0, step, 2*step ... of every minute, in UTC (an aligned interval below a minute)."""
    mask = sum(1 << s for s in range(0, 60, step)) & ALL_SECONDS
    return Calendar(seconds=mask, zone="UTC")


class Recorder:
    """A handler that records its fires and can take fake time to run."""

    def __init__(self, clock: FakeClock, *, takes: float = 0.0, fails: bool = False) -> None:
        self.clock = clock
        self.takes = takes
        self.fails = fails
        self.fires: list[Fire] = []
        self.finished: list[Fire] = []

    async def __call__(self, fire: Fire) -> None:
        self.fires.append(fire)
        if self.takes:
            await self.clock.sleep(self.takes)
        if self.fails:
            raise RuntimeError("handler failed")
        self.finished.append(fire)

    @property
    def nominals(self) -> list[str]:
        return [fire.invocation_time for fire in self.fires]
