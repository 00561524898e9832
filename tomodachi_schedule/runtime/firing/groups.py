"""Fires due at one instant: their runs prepared a little ahead, released together at the instant.

Creating a task is most of what a fire costs, so a group's tasks are created before its instant,
their first steps held back (task_start.py), and released at it: little but the handlers
themselves then runs on time's critical path. A loop without the internals (uvloop) cannot hold
steps back; the scheduler then starts fires at their instant, unprepared.
"""

from __future__ import annotations

import asyncio
import gc
import time
from collections.abc import Callable, Coroutine
from datetime import datetime
from typing import Any, NamedTuple

from tomodachi_schedule.runtime.firing.runs import Runs, debugging, is_plain, raised
from tomodachi_schedule.runtime.firing.task_start import (
    drop_first_step,
    held_steps_queue,
    hold_first_step,
    ready_queue,
    step_starter,
    task_maker,
)
from tomodachi_schedule.runtime.jobs import Fire, Job

# How long before an instant its group is prepared: the lead grows with the number of jobs (the
# heap size bounds the group's), up to a cap. The cost per job is measured on each large group
# (a loaded machine prepares slower) and the lead allows twice that: a group still being
# prepared at its instant would start late.
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


class Prepared(NamedTuple):
    """A fire's task created ahead of its instant, its first step held back until released."""

    job: Job
    fire: Fire
    task: asyncio.Task
    first_step: asyncio.Handle
    start: Callable[[], object]  # runs the first step now (task_start.step_starter)
    plain: bool  # no gate, no timeout: the task runs the handler's run (`runs.is_plain`)
    one_step: bool  # ... and that run is the handler's bare coroutine, over in one step


class PreparedGroup:
    """The fires prepared for the next instant (one group at a time), and what preparing costs
    on this machine, which sets how early the next group is prepared."""

    def __init__(self, runs: Runs) -> None:
        self.runs = runs
        self.fires: list[Prepared] = []
        self.entries: list[Entry] = []
        self.due = 0.0  # the wall time the group is released at
        self.per_job = PREPARE_PER_JOB  # seconds, as last measured
        self._gc_paused = False
        self._starts: list[Callable[[], object]] | None = None  # see `quick_starts`
        self._runs_started = 0  # runs.started when the group was prepared

    def __len__(self) -> int:
        return len(self.fires)

    def lead(self, jobs: int) -> float:
        """How long before an instant to prepare a group of at most ``jobs`` fires."""
        return min(PREPARE_LEAD + PREPARE_MARGIN * self.per_job * jobs, PREPARE_LEAD_MAX)

    def prepare(self, entries: list[Entry], due: float) -> bool:
        """Prepare the fires of ``entries``, all due at ``due``; False (and nothing prepared)
        when the loop cannot hold first steps back."""
        if len(entries) >= GC_PAUSE_GROUP and gc.isenabled():
            gc.disable()
            self._gc_paused = True
        started = time.perf_counter()
        try:
            fires = prepare(self.runs, [(job, job.fire(nominal)) for _, _, job, nominal in entries])
        except BaseException:  # the collector is never left off behind an error
            self._resume_gc()
            raise
        if fires is None:
            self._resume_gc()
            return False
        if len(entries) >= PREPARE_TIMED_GROUP:  # a rise counts at once, a fall by halves
            cost = (time.perf_counter() - started) / len(entries)
            self.per_job = max(PREPARE_PER_JOB, cost, (self.per_job + cost) / 2)
        self.fires, self.entries, self.due = fires, entries, due
        self._starts, self._runs_started = quick_starts(fires), self.runs.started
        return True

    def release(self) -> list[tuple[Job, datetime]]:
        """Start the group now; the (job, nominal) pairs it held, for planning their next fires."""
        fires, entries = self.fires, self.entries
        # a run started since (a catch-up) may be one of the group's jobs, still to take its
        # first step: the overlap check must then see every fire
        quick = self._starts if self.runs.started == self._runs_started else None
        self.fires, self.entries, self._starts = [], [], None
        release(self.runs, fires, quick)
        del fires  # the runs that ended in their first step are freed now, before the collector
        # is back: it would otherwise traverse them all once (~5 µs a fire at 10,000)
        self._resume_gc()
        return [(job, nominal) for _, _, job, nominal in entries]

    def drop(self) -> list[Entry]:
        """Drop the group unstarted (stop, a clock step); its entries, to plan again or forget."""
        discard(self.fires)
        entries = self.entries
        self.fires, self.entries, self._starts = [], [], None
        self._resume_gc()
        return entries

    def _resume_gc(self) -> None:
        if self._gc_paused:
            self._gc_paused = False
            gc.enable()


def prepare(runs: Runs, fires: list[tuple[Job, Fire]]) -> list[Prepared] | None:
    """Create the tasks of fires due soon, each first step held back until `release`.

    None when the loop keeps no queue of ready callbacks we can take steps from (uvloop;
    task_start.py)."""
    loop = asyncio.get_running_loop()
    ready = ready_queue(loop)
    if ready is None:
        return None
    prepared: list[Prepared] = []
    new_task = task_maker(loop)
    for job, fire in fires:
        plain = is_plain(job)
        one_step = plain and _in_one_step(job)
        run = _bare_run(job, fire) if one_step else runs.coroutine(job, fire, plain)
        task, step = hold_first_step(loop, ready, run, new_task)
        if step is None:  # never run a fire early: fall back to starting at the instant
            close_run(task, plain and not one_step)
            task.cancel()
            discard(prepared)
            return None
        prepared.append(Prepared(job, fire, task, step, step_starter(step), plain, one_step))
    return prepared


def quick_starts(prepared: list[Prepared]) -> list[Callable[[], object]] | None:
    """The first steps of a group of handlers that never suspend, none of whose jobs is running,
    for `release` to run in a tight loop; None for any other group. Made when the group is
    prepared: at its instant, a loop over the fires' records and jobs (cold in the cache by then)
    cost ~0.4 µs a fire at 1,000 fires. The overlap check it skips cannot fire: a job whose runs
    all end in their first step is running only while a run started inside a task waits for its
    first step (a catch-up), and `PreparedGroup.release` falls back if any run started since."""
    if all(item.one_step and not item.job.running for item in prepared):
        return [item.start for item in prepared]
    return None


def release(
    runs: Runs, prepared: list[Prepared], starts: list[Callable[[], object]] | None = None
) -> None:
    """Start prepared fires now: the overlap policy is applied here, at the instant
    (``starts``: the group's `quick_starts`, when nothing has started since it was prepared).

    Every handler of the group starts before any of them is tracked or reported: the last of
    10,000 fires waits for 9,999 first steps, and nothing else."""
    loop = asyncio.get_running_loop()
    queued = held_steps_queue(loop) is not None
    logging_fires = debugging()
    if starts is not None and not queued and not logging_fires:
        _start_all(starts)
        started = prepared
    else:
        started = _start_each(runs, loop, prepared, queued, logging_fires)
    # a group holds one fire per job (the heap holds one entry per job), so tracking the runs
    # after the loop cannot hide a run from the overlap check above
    for job, fire, task, *_, plain, _ in started:
        runs.follow(job, fire, task, plain)
    if runs.events is not None and started:  # once the group's first steps have run
        group = [(job, fire, task) for job, fire, task, *_ in started]
        loop.call_soon(runs.events.started_group, group, runs.clock.time())


def _start_all(starts: list[Callable[[], object]]) -> None:
    """Run every first step in turn; a one-step handler's ``SystemExit`` stays in its task (its
    report logs it) and the rest of the group still starts."""
    remaining = iter(starts)
    while True:
        try:
            for start in remaining:
                start()
            return
        except (SystemExit, KeyboardInterrupt):
            continue  # the same iterator: on with the next fire


def _start_each(
    runs: Runs,
    loop: asyncio.AbstractEventLoop,
    prepared: list[Prepared],
    queued: bool,
    logging_fires: bool,
) -> list[Prepared]:
    """Start each fire its overlap policy lets run (``queued``: from the loop's queue, inside a
    task; ``logging_fires``: a debug line per plain fire); the fires started."""
    started: list[Prepared] = []
    for item in prepared:
        job, fire, task, first_step, start, plain, one_step = item
        if job.running and job.options.overlap != "allow":  # NO_RUNS is empty: false
            runs.overlapping(job, fire)
            close_run(task, plain and not one_step)
            drop_first_step(loop, task, first_step)
            continue
        if logging_fires and plain:
            runs.log_fire(job, fire)
        if queued:
            loop.call_soon(_start_contained, start)
        else:
            try:
                start()
            except (SystemExit, KeyboardInterrupt):
                pass  # a one-step handler's: its task holds it, and its report logs it
        started.append(item)
    return started


def discard(prepared: list[Prepared]) -> None:
    """Drop prepared fires unstarted (stop, or a clock step): their tasks end cancelled."""
    if not prepared:
        return
    loop = asyncio.get_running_loop()
    for _, _, task, first_step, _, plain, one_step in prepared:
        close_run(task, plain and not one_step)
        drop_first_step(loop, task, first_step)


def close_run(task: asyncio.Task, contained: bool) -> None:
    """Close the handler's run a `runs._contained` task holds when the task is dropped
    unstarted: it never starts to await the run, which would be left to warn "never awaited"."""
    frame = getattr(task.get_coro(), "cr_frame", None) if contained else None
    close = getattr(frame.f_locals.get("run"), "close", None) if frame is not None else None
    if close is not None:
        close()


def _in_one_step(job: Job) -> bool:
    """Whether the job's handler always ends in its first step (handlers.HandlerCall.one_step)."""
    one_step = getattr(job.call, "one_step", None)
    return one_step is not None and one_step()


def _bare_run(job: Job, fire: Fire) -> Coroutine[Any, Any, Any]:
    """The handler's own coroutine, for a handler that never suspends: its one step is run by
    `release`, which stops a ``SystemExit`` there, so it needs no `runs._contained` around it
    (a coroutine layer less: about a third less time per fire of a large group)."""
    try:
        return job.call(fire)  # type: ignore[return-value]  # HandlerCall: a coroutine
    except BaseException as error:  # noqa: BLE001 - the call failed before it could be awaited
        return raised(error)


def _start_contained(start: Callable[[], object]) -> None:
    """Run a held first step from the loop's queue, a one-step handler's ``SystemExit`` kept in
    its task as `release` keeps it."""
    try:
        start()
    except (SystemExit, KeyboardInterrupt):
        pass
