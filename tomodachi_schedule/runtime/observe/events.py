"""Fire events: when a run started, how it ended, for the per-fire log and metrics.

`Runs` reports to a `FireEvents` only when one is attached (the runner attaches one when
per-fire lines are on or metrics are served), and always after the handler has started: the
instant's critical path stays what it was. Outcomes are read from the finished task.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING, Protocol

from tomodachi_schedule.runtime.jobs import CANCELLED, FAILED, OK

if TYPE_CHECKING:
    import asyncio

    from tomodachi_schedule.runtime.clock import Clock
    from tomodachi_schedule.runtime.jobs import Fire, Job
    from tomodachi_schedule.runtime.scheduling import Scheduler

fire_log = logging.getLogger("tomodachi_schedule.fires")
LINES_PER_SECOND = 1000  # per-fire lines written at most per second (see FireLog)

# How a fire ended, beyond the gate's ok / failed / cancelled (see docs/operations.md).
TIMED_OUT = "timed out"
SKIPPED = "skipped (still running)"
QUEUED = "queued (still running)"
CLAIMED_ELSEWHERE = "claimed elsewhere"
MISSED = "missed"
UNAVAILABLE = "coordinator unavailable"
DECLINED = "declined by the gate"
OUTCOMES = (
    *(OK, FAILED, TIMED_OUT, CANCELLED, SKIPPED, QUEUED),
    *(CLAIMED_ELSEWHERE, MISSED, UNAVAILABLE, DECLINED),
)


def attach_fire_events(scheduler: Scheduler, metrics: FireSink | None = None) -> None:
    """Per-fire log lines (when INFO reaches them) and metrics (when served) for ``scheduler``;
    with neither, its runs report nothing and pay nothing for it."""
    sinks: list[FireSink] = [FireLog()] if fire_log.isEnabledFor(logging.INFO) else []
    if metrics is not None:
        sinks.append(metrics)
    if sinks:
        scheduler.runs.events = FireEvents(scheduler.clock, sinks)


class FireSink(Protocol):
    """Where fire events go: the log (`FireLog`), metrics."""

    def wants(self) -> bool:
        """False to be spared this fire's events (both of them)."""
        ...

    def started(self, job: Job, fire: Fire, late: float | None) -> None: ...

    def finished(self, job: Job, fire: Fire, outcome: str, seconds: float) -> None: ...


class FireEvents:
    """Turns what `Runs` sees into events for its sinks."""

    def __init__(self, clock: Clock, sinks: list[FireSink]) -> None:
        self.clock = clock
        self.sinks = sinks

    def started(
        self, job: Job, fire: Fire, task: asyncio.Task, at: float, immediate: bool = False
    ) -> None:
        """A run began at wall time ``at``; its end is reported when its task ends.

        An ``immediately`` fire at start-up is named after the whole second before it (as
        tomodachi's invocation_time), so it has no lateness: None."""
        if not any(sink.wants() for sink in self.sinks):
            return  # nobody would record it (the log's allowance for this second is spent)
        late = None if immediate else at - fire.nominal.timestamp()
        for sink in self.sinks:
            sink.started(job, fire, late)
        if task.done():
            self._ended(job, fire, at, task)
        else:
            task.add_done_callback(partial(self._ended, job, fire, at))

    def started_group(self, runs: list[tuple[Job, Fire, asyncio.Task]], at: float) -> None:
        for job, fire, task in runs:
            self.started(job, fire, task, at)

    def not_run(self, job: Job, fire: Fire, outcome: str) -> None:
        """A fire that did not start (overlap policy): reported as ended at once."""
        if not any(sink.wants() for sink in self.sinks):
            return
        for sink in self.sinks:
            sink.finished(job, fire, outcome, 0.0)

    def _ended(self, job: Job, fire: Fire, at: float, task: asyncio.Task) -> None:
        outcome = outcome_of(task)
        seconds = max(self.clock.time() - at, 0.0)
        for sink in self.sinks:
            sink.finished(job, fire, outcome, seconds)


def outcome_of(task: asyncio.Task) -> str:
    """A plain run's task ends with the handler's result, a gated run's with its outcome."""
    if task.cancelled():
        return CANCELLED
    if task.exception() is not None:
        return FAILED
    result = task.result()
    return result if isinstance(result, str) and result in OUTCOMES else OK


class Refusal(int):
    """A gate's "do not run here" saying why (`CLAIMED_ELSEWHERE`, ...): an int equal to 0, so
    it is false, == False and sorts as False, exactly as the gate's plain answer did."""

    outcome: str

    def __new__(cls, outcome: str) -> Refusal:
        refusal = super().__new__(cls, 0)
        refusal.outcome = outcome
        return refusal

    def __repr__(self) -> str:
        return f"Refusal({self.outcome!r})"


class FireLog:
    """One INFO line when a run starts and one when it ends, on ``tomodachi_schedule.fires``.

    At most `LINES_PER_SECOND` of them a second: past that (thousands of fires a second) writing
    them would take the CPU the fires need, so the rest of that second's lines are counted and
    one WARNING says how many were left out (metrics still count every fire).
    """

    def __init__(
        self,
        lines_per_second: int = LINES_PER_SECOND,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self.lines_per_second = lines_per_second
        self.monotonic = monotonic
        self._second_ends = 0.0
        self._written = 0
        self._left_out = 0

    def wants(self) -> bool:
        """Room for this fire's two lines this second; if not, they are counted as left out."""
        if self._budget(2):
            return True
        self._left_out += 2
        return False

    def started(self, job: Job, fire: Fire, late: float | None) -> None:
        if fire_log.isEnabledFor(logging.INFO):
            late_ms = None if late is None else round(late * 1000, 3)
            fields = _fields(job, fire, "started", late_ms=late_ms)
            when = "immediately, at start-up" if late_ms is None else f"{late_ms:.1f} ms late"
            fire_log.info(
                "%s: started fire %s (%s)", job.id, fire.invocation_time, when, extra=fields
            )

    def finished(self, job: Job, fire: Fire, outcome: str, seconds: float) -> None:
        # INFO whatever the outcome: a failure, skip or miss has its own WARNING/ERROR line too
        if fire_log.isEnabledFor(logging.INFO):
            fields = _fields(job, fire, "finished", outcome=outcome)
            fields["duration_ms"] = round(seconds * 1000, 3)
            fire_log.info(
                "%s: finished fire %s: %s in %.1f ms",
                job.id,
                fire.invocation_time,
                outcome,
                seconds * 1000,
                extra=fields,
            )

    def _budget(self, lines: int) -> bool:
        """Whether ``lines`` more fit in the current second's allowance (then they are taken)."""
        now = self.monotonic()
        if now >= self._second_ends:
            if self._left_out:
                fire_log.warning(
                    "%d per-fire line(s) left out: more than %d a second (metrics count every "
                    "fire; --quiet turns the lines off)",
                    self._left_out,
                    self.lines_per_second,
                    extra={"kind": "left_out", "left_out": self._left_out},
                )
            self._second_ends, self._written, self._left_out = now + 1.0, 0, 0
        if self._written + lines <= self.lines_per_second:
            self._written += lines
            return True
        return False


def _fields(job: Job, fire: Fire, kind: str, **more: object) -> dict[str, object]:
    return {
        "kind": kind,
        "service": job.service,
        "schedule": job.name,
        "fire": fire.invocation_time,
        "catch_up": fire.catch_up,
        **more,
    }
