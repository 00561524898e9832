"""Fires that did not happen on time: a late fire's newest missed instant, the wall clock stepped
back, and the missed fires a gate names at start-up (catch-ups).

A fire found later than the scheduler's ``catch_up_after`` (a forward jump, a sleep, a blocked
loop) runs once as a catch-up for the newest missed instant, never as a burst. After the wall
clock is stepped back, ``Interval`` jobs (elapsed time) re-plan from the new time and go on
firing every N seconds, replayed instants included; calendar jobs never fire an instant twice:
they wait for the wall clock to reach their next unfired instant (as cron does, and as in a DST
fall-back hour).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from datetime import datetime, timezone
from typing import NamedTuple

from tomodachi_schedule.runtime.engine.schedules import Interval
from tomodachi_schedule.runtime.firing.runs import Runs
from tomodachi_schedule.runtime.jobs import CatchUpGate, Job

logger = logging.getLogger("tomodachi_schedule")

MAX_MISSED_SCAN = 10_000  # bound on the walk to the newest missed instant of a dense schedule

Entry = tuple[float, int, Job, datetime]  # as in the scheduler's heap (groups.Entry)


LATE_LINES = 10  # late fires found at one wake logged one line each; more share one line


class LateFire(NamedTuple):
    """A fire found late: its job, the instant it was due and the newest one missed since."""

    job: Job
    due: datetime
    newest: datetime
    skipped: int  # instants between the two, skipped


def newest_missed(job: Job, nominal: datetime, now: float) -> LateFire:
    """The newest instant of ``job`` at or before wall time ``now``, from the late ``nominal``
    on (the catch-up runs for it), and how many instants it skips."""
    newest, skipped = nominal, 0
    for _ in range(MAX_MISSED_SCAN):
        following = job.schedule.next_after(newest)
        if following is None or following.timestamp() > now:
            break
        newest, skipped = following, skipped + 1
    return LateFire(job, nominal, newest, skipped)


def log_late(late: list[LateFire]) -> None:
    """WARNING lines for the late fires found at one wake: one per fire when they are few, else
    one for all (10,000 schedules found late would otherwise write 10,000 lines, and a process
    already behind would fall further behind writing them)."""
    if len(late) <= LATE_LINES:
        for job, due, newest, skipped in late:
            logger.warning(
                "%s: late since %s (clock jump, sleep or blocked loop): one catch-up run for %s, "
                "%d missed fire(s) skipped",
                *(job.id, iso(due), iso(newest), skipped),
            )
        return
    oldest = min(late, key=lambda fire: fire.due)
    logger.warning(
        "%d schedules late, the first since %s (clock jump, sleep or blocked loop): one catch-up "
        "run each for its newest missed instant, %d missed fire(s) skipped in all (%s, ...)",
        len(late),
        iso(oldest.due),
        sum(fire.skipped for fire in late),
        ", ".join(fire.job.id for fire in late[:3]),
    )


def replan_elapsed(
    heap: list[Entry], now: float, entry: Callable[[Job, datetime], Entry | None]
) -> tuple[list[Entry], int]:
    """After a backward step: the heap with ``Interval`` jobs planned again from wall time
    ``now`` (by ``entry``), calendar jobs as they were (Vixie cron's rule); how many moved.
    The result is not yet a heap."""
    calendar: list[Entry] = []
    elapsed: list[Entry] = []
    for item in heap:
        (elapsed if isinstance(item[2].schedule, Interval) else calendar).append(item)
    if not elapsed:
        return heap, 0
    after = datetime.fromtimestamp(now, timezone.utc)
    replanned = [entry(job, after) for _, _, job, _ in elapsed]
    return calendar + [item for item in replanned if item is not None], len(elapsed)


class StartUpCatchUps:
    """Asks each job's gate for the fires missed while the service was down, in a task per job
    beside the schedules: a gate's store that is slow to answer (a locked file, a stalled
    server) never holds back the start of the others."""

    def __init__(self, runs: Runs) -> None:
        self.runs = runs
        self.tasks: set[asyncio.Task] = set()
        self.stopped = False

    def ask(self, job: Job, now: datetime) -> None:
        """Start asking ``job``'s gate, if it plans catch-ups."""
        if not isinstance(job.gate, CatchUpGate):
            return
        task = asyncio.get_running_loop().create_task(self._catch_up(job, job.gate, now))
        self.tasks.add(task)
        task.add_done_callback(self.tasks.discard)

    async def finished(self) -> None:
        """Wait for every catch-up plan and the catch-up fires they asked for."""
        while self.tasks:
            await asyncio.wait(set(self.tasks))

    def stop(self) -> None:
        self.stopped = True
        for task in self.tasks:
            task.cancel()

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
            if self.stopped:
                return
            logger.warning("%s: catching up %s, missed while down", job.id, iso(instant))
            task = self.runs.start(job, job.fire(instant, catch_up=True))
            if task is not None:
                await asyncio.wait({task})


def iso(instant: datetime) -> str:
    return instant.astimezone(timezone.utc).isoformat()
