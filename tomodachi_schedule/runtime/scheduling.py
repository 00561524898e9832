"""The scheduler: one heap of next fires and one timer for the earliest, per process.

Fires are computed on wall time and waited for on monotonic time; every wake re-reads the wall
clock. A wait never exceeds ``max_sleep``, so a clock step or a machine sleep is noticed soon.
A group of fires due at one instant is prepared a little ahead (tasks created, first steps held
back) and released at the instant, so little but the handlers themselves runs on time's
critical path; next fires are computed after the group has started.
A fire found later than ``catch_up_after`` (a forward jump, a sleep, a blocked loop) runs once
as a catch-up for the newest missed instant, never as a burst. After the wall clock is stepped
back, ``Interval`` jobs (elapsed time) re-plan from the new time and go on firing every N seconds,
replayed instants included; calendar jobs never fire an instant twice: they wait for the wall
clock to reach their next unfired instant (as cron does, and as in a DST fall-back hour).
"""

from __future__ import annotations

import asyncio
import gc
import heapq
import itertools
import logging
import time
from collections.abc import Callable, Iterable
from datetime import datetime, timezone
from functools import partial
from typing import Any

from tomodachi_schedule.runtime.clock import Clock, SystemClock, TimerHandle, resolve
from tomodachi_schedule.runtime.engine.schedules import Interval
from tomodachi_schedule.runtime.jobs import CatchUpGate, Job
from tomodachi_schedule.runtime.options import DEFAULT_GRACE
from tomodachi_schedule.runtime.runs import Prepared, Runs

logger = logging.getLogger("tomodachi_schedule")

MAX_MISSED_SCAN = 10_000  # bound on the walk to the newest missed instant of a dense schedule
CLOCK_STEP = 1.0  # a change of wall-minus-monotonic beyond this is logged as a clock step
# How long before an instant its group of fires is prepared: creating a task costs a few µs, so
# the lead grows with the number of jobs (the heap size bounds the group's), up to a cap. The
# cost per job is measured on each large group (a loaded machine prepares slower) and the lead
# allows twice that: a group still being prepared at its instant would start late.
PREPARE_LEAD = 0.005
PREPARE_PER_JOB = 20e-6  # the least cost assumed: task and coroutine measured 5–19 µs when busy
PREPARE_MARGIN = 2.0
PREPARE_LEAD_MAX = 0.5
PREPARE_TIMED_GROUP = 64  # groups this large are timed (a smaller one is too quick to time well)
# From preparing a group this large to its release the cyclic GC is paused: the group's tasks
# would otherwise live long enough to reach the oldest generation, whose full collections (tens
# of ms with 10,000 jobs) then land on instants. Released, they die young and cost nothing.
GC_PAUSE_GROUP = 256

Entry = tuple[float, int, Job, datetime]  # (due wall time incl. jitter, tie-breaker, job, nominal)
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
        self._group: list[Prepared] = []  # fires prepared for the instant ``_group_due``
        self._group_entries: list[Entry] = []
        self._group_due = 0.0
        self._can_prepare = True  # False on a loop we cannot hold task steps back on (uvloop)
        self._prepare_per_job = PREPARE_PER_JOB  # seconds, as last measured (`_prepare`)
        self._gc_paused = False
        self._catch_ups: set[asyncio.Task] = set()  # start-up catch-ups still to run, in order

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
        """Start the jobs added since the last start: plan them, ask their gates for catch-ups
        (in tasks beside them, see `started_up`), fire the ``immediately`` ones, arm the timer."""
        if self._stopped:
            return
        jobs, self._unstarted = self._unstarted, []
        now = self.clock.now()
        if self._clock_offset is None:
            self._clock_offset = now.timestamp() - self.clock.monotonic()
        self._push(self._plan_first(jobs))
        for job in jobs:
            self._start_up_catch_up(job, now)
        immediate = now.replace(microsecond=0)  # tomodachi's whole-second invocation_time
        for job in jobs:
            if job.options.immediately:
                self.runs.start(job, job.fire(immediate), immediate=True)
        self._arm()

    async def started_up(self) -> None:
        """Wait for the start-up work of gates, which runs beside the schedules: their catch-up
        plans (opening a coordinator's store) and the catch-up fires they ask for."""
        while self._catch_ups:
            await asyncio.wait(set(self._catch_ups))

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
        for task in self._catch_ups:
            task.cancel()
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
        if self._group_entries:
            return self._group_entries[0][3]
        return self._heap[0][3] if self._heap else None

    def _plan_first(self, jobs: Iterable[Job]) -> list[Entry]:
        now = self.clock.now()
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
            logger.exception("%s: cannot compute the next fire after %s", job.id, _iso(after))
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
            self._arm_at(self._group_due, self._release)
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
        per_job = PREPARE_MARGIN * self._prepare_per_job
        return min(PREPARE_LEAD + per_job * len(self._heap), PREPARE_LEAD_MAX)

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
        if len(entries) >= GC_PAUSE_GROUP and gc.isenabled():
            gc.disable()
            self._gc_paused = True
        started = time.perf_counter()
        try:
            group = self.runs.prepare([(job, job.fire(nominal)) for _, _, job, nominal in entries])
        except BaseException:  # the collector is never left off behind an error
            self._resume_gc()
            raise
        if len(entries) >= PREPARE_TIMED_GROUP:  # a rise counts at once, a fall by halves
            cost = (time.perf_counter() - started) / len(entries)
            self._prepare_per_job = max(PREPARE_PER_JOB, cost, (self._prepare_per_job + cost) / 2)
        if group is None:
            self._resume_gc()
            self._can_prepare = False  # fires are then started at their instant, unprepared
            self._push(entries)
            return
        self._group, self._group_entries, self._group_due = group, entries, due

    def _release(self) -> None:
        self._timer = None
        now = self.clock.time()
        early = self._group_due - now
        if 0 < early <= CLOCK_STEP:  # wall time runs a hair behind monotonic time: wait on
            self._arm()
            return
        if early > 0 or -early > self.catch_up_after:  # stepped back, or late: plan again
            self._unprepare(requeue=True)
            self._wake()
            return
        self._notice_clock_step(now)
        group, entries = self._group, self._group_entries
        self._group, self._group_entries = [], []
        self.runs.release(group)
        self._resume_gc()
        self._fire_due(now, [(job, nominal) for _, _, job, nominal in entries])

    def _unprepare(self, *, requeue: bool) -> None:
        self.runs.discard(self._group)
        if requeue:
            self._push(self._group_entries)
        self._group, self._group_entries = [], []
        self._resume_gc()

    def _resume_gc(self) -> None:
        if self._gc_paused:
            self._gc_paused = False
            gc.enable()

    def _fire_due(self, now: float, fired: list[tuple[Job, datetime]] | None = None) -> None:
        """Start every fire due by ``now``; next fires are planned once they have started."""
        fired = fired or []
        while self._heap and self._heap[0][0] <= now:
            fired.append(self._fire(heapq.heappop(self._heap), now))
        if fired:
            asyncio.get_running_loop().call_soon(self._replan, fired)
        else:
            self._arm()

    def _fire(self, entry: Entry, now: float) -> tuple[Job, datetime]:
        due, _, job, nominal = entry
        catch_up = now - due > self.catch_up_after
        if catch_up:
            nominal = self._newest_missed(job, nominal, now)
        self.runs.start(job, job.fire(nominal, catch_up=catch_up))
        return job, nominal

    def _replan(self, fired: list[tuple[Job, datetime]]) -> None:
        if self._stopped:
            return
        memo: Memo = {}
        entries = [self._entry(job, nominal, memo) for job, nominal in fired]
        self._push([entry for entry in entries if entry is not None])
        self._arm()

    def _newest_missed(self, job: Job, nominal: datetime, now: float) -> datetime:
        newest, skipped = nominal, 0
        for _ in range(MAX_MISSED_SCAN):
            following = job.schedule.next_after(newest)
            if following is None or following.timestamp() > now:
                break
            newest, skipped = following, skipped + 1
        logger.warning(
            "%s: late since %s (clock jump, sleep or blocked loop): one catch-up run for %s, "
            "%d missed fire(s) skipped",
            job.id,
            _iso(nominal),
            _iso(newest),
            skipped,
        )
        return newest

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
        """Elapsed-time jobs go on every N seconds from the new wall time (Vixie cron's rule)."""
        calendar: list[Entry] = []
        elapsed: list[Entry] = []
        for entry in self._heap:
            (elapsed if isinstance(entry[2].schedule, Interval) else calendar).append(entry)
        if not elapsed:
            return 0
        after = datetime.fromtimestamp(now, timezone.utc)
        replanned = [self._entry(job, after) for _, _, job, _ in elapsed]
        self._heap = calendar + [entry for entry in replanned if entry is not None]
        heapq.heapify(self._heap)
        return len(elapsed)

    def _start_up_catch_up(self, job: Job, now: datetime) -> None:
        """Ask the job's gate for missed fires in a task of its own: a gate's store that is slow
        to answer (a locked file, a stalled server) never holds back the start of the others."""
        if not isinstance(job.gate, CatchUpGate):
            return
        task = asyncio.get_running_loop().create_task(self._catch_up(job, job.gate, now))
        self._catch_ups.add(task)
        task.add_done_callback(self._catch_ups.discard)

    async def _catch_up(self, job: Job, gate: CatchUpGate, now: datetime) -> None:
        try:
            missed = await gate.catch_up(job, now)
        except Exception:
            logger.exception("%s: the gate could not plan catch-up fires", job.id)
            return
        instants = [missed] if isinstance(missed, datetime) else list(missed or ())
        # one after the other, so the overlap policy never skips a catch-up fire
        for instant in instants:
            while job.running:
                await asyncio.wait(set(job.running))
            if self._stopped:
                return
            logger.warning("%s: catching up %s, missed while down", job.id, _iso(instant))
            task = self.runs.start(job, job.fire(instant, catch_up=True))
            if task is not None:
                await asyncio.wait({task})

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


def _iso(instant: datetime) -> str:
    return instant.astimezone(timezone.utc).isoformat()
