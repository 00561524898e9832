"""Clocks for the scheduler: the system clock, and a fake one that tests advance by hand."""

from __future__ import annotations

import asyncio
import heapq
import itertools
import time
from collections.abc import Callable
from datetime import datetime, timezone
from functools import partial
from typing import Protocol

# How long before a deadline the system clock wakes up to finish the wait by polling the loop:
# epoll rounds its timeout up to whole milliseconds, so a plain timer is up to ~1 ms late.
EARLY_WAKE = 0.002


class TimerHandle(Protocol):
    def cancel(self) -> None: ...


class Clock(Protocol):
    """Wall time to compute fires, monotonic time to wait on, and timers on monotonic time."""

    def time(self) -> float:
        """Wall-clock time, seconds since the Unix epoch."""
        ...

    def now(self) -> datetime:
        """Wall-clock time as an aware UTC datetime."""
        ...

    def monotonic(self) -> float:
        """Seconds on a clock that never jumps (it may stop while the machine sleeps)."""
        ...

    def call_at(self, deadline: float, callback: Callable[[], object]) -> TimerHandle:
        """Call ``callback`` on the loop as close as possible to the monotonic ``deadline``."""
        ...

    def call_later(self, delay: float, callback: Callable[[], object]) -> TimerHandle:
        """Call ``callback`` after ``delay`` seconds of monotonic time."""
        ...

    async def sleep(self, seconds: float) -> None:
        """Wait ``seconds`` of monotonic time."""
        ...


class SystemClock:
    """The real clocks; timers wake slightly early and then poll the loop to the exact instant."""

    def time(self) -> float:
        return time.time()

    def now(self) -> datetime:
        return datetime.now(timezone.utc)

    def monotonic(self) -> float:
        return time.monotonic()

    def call_at(self, deadline: float, callback: Callable[[], object]) -> TimerHandle:
        return _PreciseTimer(asyncio.get_running_loop(), deadline, callback)

    def call_later(self, delay: float, callback: Callable[[], object]) -> TimerHandle:
        return asyncio.get_running_loop().call_later(delay, callback)

    async def sleep(self, seconds: float) -> None:
        await asyncio.sleep(seconds)


class _PreciseTimer:
    """A loop timer set ``EARLY_WAKE`` ahead, then ``call_soon`` polling until the deadline."""

    __slots__ = ("_loop", "_deadline", "_callback", "_handle")

    def __init__(self, loop: asyncio.AbstractEventLoop, deadline: float, cb: Callable) -> None:
        self._loop = loop
        self._deadline = deadline
        self._callback = cb
        # time.monotonic and loop.time may differ (uvloop): convert through the remaining delay
        remaining = deadline - time.monotonic() - EARLY_WAKE
        self._handle: asyncio.Handle
        if remaining > 0:
            self._handle = loop.call_at(loop.time() + remaining, self._poll)
        else:
            self._handle = loop.call_soon(self._poll)

    def _poll(self) -> None:
        if time.monotonic() >= self._deadline:
            self._callback()
        else:
            self._handle = self._loop.call_soon(self._poll)

    def cancel(self) -> None:
        self._handle.cancel()


class FakeClock:
    """A clock that moves only when told to, resolving its timers in deadline order.

    ``advance`` moves wall and monotonic time together and runs the timers that come due;
    ``jump`` steps the wall clock alone (an NTP step, an operator setting the time, a sleep).
    """

    def __init__(self, start: datetime | float = 1_767_225_600.0, *, monotonic: float = 1000.0):
        self._wall = start.timestamp() if isinstance(start, datetime) else float(start)
        self._mono = monotonic
        self._timers: list[tuple[float, int, _FakeTimer]] = []
        self._seq = itertools.count()

    def time(self) -> float:
        return self._wall

    def now(self) -> datetime:
        return datetime.fromtimestamp(self._wall, timezone.utc)

    def monotonic(self) -> float:
        return self._mono

    def call_at(self, deadline: float, callback: Callable[[], object]) -> TimerHandle:
        timer = _FakeTimer(callback)
        heapq.heappush(self._timers, (deadline, next(self._seq), timer))
        return timer

    def call_later(self, delay: float, callback: Callable[[], object]) -> TimerHandle:
        return self.call_at(self._mono + delay, callback)

    async def sleep(self, seconds: float) -> None:
        future: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        timer = self.call_later(seconds, partial(resolve, future))
        try:
            await future
        finally:
            timer.cancel()

    async def advance(self, seconds: float) -> None:
        """Move both clocks forward, running every timer that comes due, in order."""
        target = self._mono + seconds
        await settle()
        while self._timers and self._timers[0][0] <= target:
            deadline, _, timer = heapq.heappop(self._timers)
            if timer.cancelled:
                continue
            self._move_to(max(deadline, self._mono))
            timer.callback()
            await settle()
        self._move_to(target)
        await settle()

    async def advance_to(self, wall: datetime | float) -> None:
        """Advance until the wall clock reads ``wall``."""
        target = wall.timestamp() if isinstance(wall, datetime) else wall
        await self.advance(max(0.0, target - self._wall))

    def jump(self, seconds: float) -> None:
        """Step the wall clock alone (negative: backwards); monotonic time and timers stay.

        A forward jump also models a machine that slept: Linux's monotonic clock stops then.
        """
        self._wall += seconds

    def pending_timers(self) -> int:
        """How many live timers are waiting (an idle scheduler keeps at most one)."""
        return sum(1 for _, _, timer in self._timers if not timer.cancelled)

    def _move_to(self, mono: float) -> None:
        self._wall += mono - self._mono
        self._mono = mono


class _FakeTimer:
    __slots__ = ("callback", "cancelled")

    def __init__(self, callback: Callable[[], object]) -> None:
        self.callback = callback
        self.cancelled = False

    def cancel(self) -> None:
        self.cancelled = True


def resolve(future: asyncio.Future[None]) -> None:
    """Wake whoever awaits ``future`` (a timer's callback), unless it is done already."""
    if not future.done():
        future.set_result(None)


async def settle(rounds: int = 20) -> None:
    """Let ready tasks run until they block again (on a fake timer, I/O or a thread)."""
    for _ in range(rounds):
        await asyncio.sleep(0)
