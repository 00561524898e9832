"""Helpers shared by the services tests (imported by name: conftest puts this folder on sys.path)."""

from __future__ import annotations

import asyncio
from datetime import datetime, timezone

from tomodachi_schedule.runtime.clock import FakeClock
from tomodachi_schedule.runtime.engine.calendar import ALL_SECONDS, Calendar
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
        self.started: list[float] = []  # wall time at each start
        self.finished: list[Fire] = []

    async def __call__(self, fire: Fire) -> None:
        self.fires.append(fire)
        self.started.append(self.clock.time())
        if self.takes:
            await self.clock.sleep(self.takes)
        if self.fails:
            raise RuntimeError("handler failed")
        self.finished.append(fire)

    @property
    def nominals(self) -> list[str]:
        return [fire.invocation_time for fire in self.fires]


class ServiceProcess:
    """A service run as a subprocess, its output read line by line with deadlines."""

    def __init__(self, *argv: str, cwd: str | None = None) -> None:
        import os
        import queue
        import subprocess
        import threading

        env = {**os.environ, "PYTHONUNBUFFERED": "1"}
        self.process = subprocess.Popen(
            argv, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
        )
        self.lines: list[str] = []
        self._queue: queue.Queue = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        for line in self.process.stdout:
            self._queue.put(line.rstrip("\n"))
        self._queue.put(None)

    def wait_for(self, text: str, timeout: float = 10.0) -> str:
        """The first line (from now on) containing ``text``; fails after ``timeout`` seconds."""
        import queue
        import time

        deadline = time.monotonic() + timeout
        while (left := deadline - time.monotonic()) > 0:
            try:
                line = self._queue.get(timeout=left)
            except queue.Empty:
                break
            if line is None:
                break
            self.lines.append(line)
            if text in line:
                return line
        raise AssertionError(f"no line with {text!r} within {timeout}s:\n" + "\n".join(self.lines))

    def signal(self, signum: int) -> None:
        self.process.send_signal(signum)

    def finish(self, timeout: float = 10.0) -> int:
        """Wait for the exit status, collecting the rest of the output."""
        status = self.process.wait(timeout=timeout)
        while (line := self._queue.get(timeout=timeout)) is not None:
            self.lines.append(line)
        return status

    def kill(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()

    @property
    def output(self) -> str:
        return "\n".join(self.lines)


async def begin(clock: FakeClock, scheduler, jobs, seconds: float) -> None:
    """Start ``jobs`` on ``scheduler`` and let ``seconds`` of fake time pass."""
    scheduler.add(jobs)
    await scheduler.start()
    await clock.advance(seconds)


def run_for(clock: FakeClock, scheduler, jobs, seconds: float, *, grace: float = 0.0) -> None:
    """Run ``jobs`` for ``seconds`` of fake time, then stop (the grace runs on the fake clock)."""

    async def body():
        await begin(clock, scheduler, jobs, seconds)
        stopping = asyncio.ensure_future(scheduler.stop(grace))
        await clock.advance(grace + 1)
        await stopping

    asyncio.run(body())
