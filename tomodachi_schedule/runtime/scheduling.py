"""The scheduler: one heap of next fires and one timer for the earliest, per process.

Fires are computed on wall time and waited for on monotonic time; every wake re-reads the wall
clock. A wait never exceeds ``max_sleep``, so a clock step or a machine sleep is noticed soon.
A group of fires due at one instant is prepared a little ahead and released at the instant
(groups.py); next fires are computed after the group has started. Late fires, clock steps and
start-up catch-ups follow the rules of misfires.py.
"""

from __future__ import annotations

import asyncio
import heapq
import itertools
import logging
from collections.abc import Callable, Iterable
from datetime import datetime
from functools import partial
from typing import Any

from tomodachi_schedule.runtime.clock import Clock, SystemClock, TimerHandle, resolve
from tomodachi_schedule.runtime.firing.groups import Entry, PreparedGroup
from tomodachi_schedule.runtime.firing.misfires import (
    LateFire,
    StartUpCatchUps,
    iso,
    log_late,
    newest_missed,
    replan_elapsed,
)
from tomodachi_schedule.runtime.firing.runs import Runs
from tomodachi_schedule.runtime.jobs import Job
from tomodachi_schedule.runtime.options import DEFAULT_GRACE

logger = logging.getLogger("tomodachi_schedule")

CLOCK_STEP = 1.0  # a change of wall-minus-monotonic beyond this is logged as a clock step
# next fires found during one re-plan, by schedule identity (cheap to hash, unlike a record)
Memo = dict[tuple[int, datetime], datetime | None]
_UNPLANNED: Any = object()  # not in the memo yet (a sentinel: None means "no future fire")


class Scheduler:
    """Runs jobs at their fires; ``start`` after the services have started, ``stop`` to end."""

    def __init__(
        self, clock: Clock | None = None, *, max_sleep: float = 60.0, catch_up_after: float = 1.0
    ) -> None:
        self.clock = clock or SystemClock()
        self.max_sleep = max_sleep
        self.catch_up_after = catch_up_after
        self.jobs: list[Job] = []
        self._unstarted: list[Job] = []
        self.runs = Runs(self.clock)
        self._heap: list[Entry] = []
        self._seq = itertools.count()
        self._timer: TimerHandle | None = None
        self._stopped = False
        self._clock_offset: float | None = None
        self._group = PreparedGroup(self.runs)  # the fires prepared for the next instant
        self._can_prepare = True  # False on a loop we cannot hold task steps back on (uvloop)
        self._catch_ups = StartUpCatchUps(self.runs)

    def add(self, jobs: Iterable[Job]) -> None:
        """Register jobs; the next ``start`` starts them."""
        new = list(jobs)
        self.jobs.extend(new)
        self._unstarted.extend(new)
        for job in new:  # a gate that measures lateness does it on the scheduler's clock
            use_clock = getattr(job.gate, "use_clock", None)
            if use_clock is not None:
                use_clock(self.clock)

    async def start(self) -> None:
        """Start the jobs added since the last start: fire the ``immediately`` ones, plan them
        (from the instant before those ran), ask their gates for catch-ups (in tasks beside them,
        see `started_up`), arm the timer."""
        if self._stopped:
            return
        jobs, self._unstarted = self._unstarted, []
        now = self.clock.now()
        if self._clock_offset is None:
            self._clock_offset = now.timestamp() - self.clock.monotonic()
        # the `immediately` handlers first: their first steps run (one turn of the loop) before
        # the next fires are planned, which may load a zone's tables; a catch-up is a task
        # beside them either way
        immediate = now.replace(microsecond=0)  # tomodachi's whole-second invocation_time
        started = [job for job in jobs if job.options.immediately]
        for job in started:
            self.runs.start(job, job.fire(immediate), immediate=True)
        if started:
            await asyncio.sleep(0)
            if self._stopped:  # stopped meanwhile: nothing to plan
                return
        self._push(self._plan_first(jobs, now))
        for job in jobs:
            self._catch_ups.ask(job, now)
        self._arm()

    async def started_up(self) -> None:
        """Wait for the start-up work of gates, which runs beside the schedules: their catch-up
        plans (opening a coordinator's store) and the catch-up fires they ask for."""
        await self._catch_ups.finished()

    @property
    def stopped(self) -> bool:
        return self._stopped

    async def stop(self, grace: float = DEFAULT_GRACE) -> None:
        """Fire nothing more; let runs finish within ``grace`` seconds, then cancel them."""
        self._stopped = True
        self._disarm()
        self._unprepare(requeue=False)
        self._heap.clear()
        for job in self.jobs:
            job.queued = None
        self._catch_ups.stop()
        tasks = set(self.runs.tasks)
        if tasks:
            logger.info("waiting up to %gs for %d running handler(s)", grace, len(tasks))
            if not await self._wait(tasks, grace):
                logger.warning("grace period over: cancelling %d run(s)", len(self.runs.tasks))
        self.runs.cancel_all()
        if self.runs.tasks:
            await asyncio.wait(set(self.runs.tasks))

    def cancel_running(self) -> None:
        """Cancel every running handler now (a second signal)."""
        self.runs.cancel_all()

    @property
    def next_fire(self) -> datetime | None:
        """The earliest planned nominal instant, if any."""
        if self._group.entries:
            return self._group.entries[0][3]
        return self._heap[0][3] if self._heap else None

    def _plan_first(self, jobs: Iterable[Job], now: datetime) -> list[Entry]:
        return [entry for job in jobs if (entry := self._entry(job, now)) is not None]

    def _entry(self, job: Job, after: datetime, memo: Memo | None = None) -> Entry | None:
        key = (id(job.schedule), after)  # the jobs hold their schedules: no id is reused
        nominal = memo.get(key, _UNPLANNED) if memo is not None else _UNPLANNED
        if nominal is _UNPLANNED:
            nominal = self._next_after(job, after)
            if memo is not None:
                memo[key] = nominal
        if nominal is None:
            logger.info("%s: no future fire, dropped (%s)", job.id, job.schedule.explain())
            return None
        return (nominal.timestamp() + job.jitter_for(nominal), next(self._seq), job, nominal)

    def _next_after(self, job: Job, after: datetime) -> datetime | None:
        try:
            return job.schedule.next_after(after)
        except Exception:  # one broken schedule must not stop the others
            logger.exception("%s: cannot compute the next fire after %s", job.id, iso(after))
            return None

    def _push(self, entries: list[Entry]) -> None:
        if len(entries) > len(self._heap):
            self._heap.extend(entries)
            heapq.heapify(self._heap)  # O(n) beats n pushes for a large group
        else:
            for entry in entries:
                heapq.heappush(self._heap, entry)

    def _arm(self) -> None:
        self._disarm()
        if self._stopped:
            return
        if self._group:  # entries pushed meanwhile wait for the group's release (≤ the lead)
            self._arm_at(self._group.due, self._release)
        elif self._heap:
            self._arm_at(self._heap[0][0] - self._lead(), self._wake)

    def _arm_at(self, wall: float, callback: Callable[[], object]) -> None:
        wait = min(max(wall - self.clock.time(), 0.0), self.max_sleep)
        self._timer = self.clock.call_at(self.clock.monotonic() + wait, callback)

    def _disarm(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None

    def _lead(self) -> float:
        if not self._can_prepare:
            return 0.0
        return self._group.lead(len(self._heap))

    def _wake(self) -> None:
        self._timer = None
        now = self.clock.time()
        self._notice_clock_step(now)
        if self._heap and self._heap[0][0] > now and self._can_prepare:
            # the slack: float rounding must not leave the wake a hair short of the lead
            if self._heap[0][0] - now <= self._lead() + 0.001:
                self._prepare()
            self._arm()
        else:
            self._fire_due(now)

    def _prepare(self) -> None:
        """Pop the group due at the earliest instant and create its runs, held back."""
        due = self._heap[0][0]
        entries = []
        while self._heap and self._heap[0][0] == due:
            entries.append(heapq.heappop(self._heap))
        if not self._group.prepare(entries, due):
            self._can_prepare = False  # fires are then started at their instant, unprepared
            self._push(entries)

    def _release(self) -> None:
        self._timer = None
        now = self.clock.time()
        early = self._group.due - now
        if 0 < early <= CLOCK_STEP:  # wall time runs a hair behind monotonic time: wait on
            self._arm()
            return
        if early > 0 or -early > self.catch_up_after:  # stepped back, or late: plan again
            self._unprepare(requeue=True)
            self._wake()
            return
        self._notice_clock_step(now)
        self._fire_due(now, self._group.release())

    def _unprepare(self, *, requeue: bool) -> None:
        entries = self._group.drop()
        if requeue:
            self._push(entries)

    def _fire_due(self, now: float, fired: list[tuple[Job, datetime]] | None = None) -> None:
        """Start every fire due by ``now``; next fires are planned once they have started."""
        fired = fired or []
        late: list[LateFire] = []
        while self._heap and self._heap[0][0] <= now:
            fired.append(self._fire(heapq.heappop(self._heap), now, late))
        if late:
            log_late(late)
        if fired:
            asyncio.get_running_loop().call_soon(self._replan, fired)
        else:
            self._arm()

    def _fire(self, entry: Entry, now: float, late: list[LateFire]) -> tuple[Job, datetime]:
        due, _, job, nominal = entry
        catch_up = now - due > self.catch_up_after
        if catch_up:
            late.append(newest_missed(job, nominal, now))
            nominal = late[-1].newest
        self.runs.start(job, job.fire(nominal, catch_up=catch_up))
        return job, nominal

    def _replan(self, fired: list[tuple[Job, datetime]]) -> None:
        if self._stopped:
            return
        memo: Memo = {}
        entries = [self._entry(job, nominal, memo) for job, nominal in fired]
        self._push([entry for entry in entries if entry is not None])
        self._arm()

    def _notice_clock_step(self, now: float) -> None:
        offset = now - self.clock.monotonic()
        previous, self._clock_offset = self._clock_offset, offset
        if previous is None or abs(offset - previous) <= CLOCK_STEP:
            return
        if offset > previous:
            logger.warning("wall clock stepped forward by %.1fs", offset - previous)
            return
        replanned = self._replan_intervals(now)
        logger.warning(
            "wall clock stepped back by %.1fs: %d interval schedule(s) re-planned from the new "
            "time, calendar schedules wait for their next unfired time",
            previous - offset,
            replanned,
        )

    def _replan_intervals(self, now: float) -> int:
        self._heap, replanned = replan_elapsed(self._heap, now, self._entry)
        heapq.heapify(self._heap)
        return replanned

    async def _wait(self, tasks: set[asyncio.Task], seconds: float) -> bool:
        """Wait for ``tasks`` up to ``seconds`` on the scheduler's clock; True if all ended."""
        expired: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        timer = self.clock.call_later(seconds, partial(resolve, expired))
        all_done = asyncio.ensure_future(asyncio.wait(tasks))
        either: set[asyncio.Future[Any]] = {all_done, expired}
        try:
            await asyncio.wait(either, return_when=asyncio.FIRST_COMPLETED)
        finally:
            timer.cancel()
            all_done.cancel()
        return all(task.done() for task in tasks)
