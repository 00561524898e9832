"""Running one fire: the overlap policy, the gate, the timeout, and logging of the outcome."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Coroutine
from functools import partial

from tomodachi_schedule.runtime.clock import Clock
from tomodachi_schedule.runtime.firing.task_start import eager_task
from tomodachi_schedule.runtime.jobs import CANCELLED, FAILED, OK, Fire, Job
from tomodachi_schedule.runtime.observe import DECLINED, QUEUED, SKIPPED, TIMED_OUT, FireEvents

logger = logging.getLogger("tomodachi_schedule")

RUN_FAILED = "%s: run for %s failed"
RUN_CANCELLED = "%s: run for %s cancelled"
RUN_TIMED_OUT = "%s: run for %s cancelled after its %gs timeout"
TIMED_OUT_ERROR = "timed out after"


class Runs:
    """Starts fires as tasks (cheaply: the caller moves on at once) and tracks them to the end."""

    def __init__(self, clock: Clock) -> None:
        self.clock = clock
        self.tasks: set[asyncio.Task] = set()
        self.accepting = True
        self.events: FireEvents | None = None  # per-fire log lines and metrics, when wanted
        self.started = 0  # runs started through `start` so far (a prepared group compares it)

    def start(self, job: Job, fire: Fire, *, immediate: bool = False) -> asyncio.Task | None:
        """Run ``fire`` now unless its overlap policy skips or queues it (``immediate``: at start)."""
        if job.running and job.options.overlap != "allow":
            self.overlapping(job, fire)
            return None
        self.started += 1
        plain = is_plain(job)
        if plain and debugging():
            self.log_fire(job, fire)
        task = eager_task(self.coroutine(job, fire, plain))
        self.follow(job, fire, task, plain)
        if self.events is not None:  # reported once the instant's other fires have started too
            report = self.events.started
            asyncio.get_running_loop().call_soon(
                report, job, fire, task, self.clock.time(), immediate
            )
        return task

    def follow(self, job: Job, fire: Fire, task: asyncio.Task, plain: bool) -> None:
        """Track a started run to its end; a plain run's outcome is read from its task then
        (``fire`` is kept for that only), or now if the handler is over already."""
        if task.done():  # most quick handlers are: nothing to track
            if plain:
                _report(job, fire, task)
            return
        running = job.running
        if not isinstance(running, set):  # jobs start with a shared empty frozenset (NO_RUNS)
            running = job.running = set()
        running.add(task)
        self.tasks.add(task)
        task.add_done_callback(partial(self._finished, job, fire if plain else None))

    def cancel_all(self) -> None:
        """Cancel every run at once (shutdown after the grace period, or a second signal)."""
        self.accepting = False
        for task in self.tasks:
            task.cancel()

    def overlapping(self, job: Job, fire: Fire) -> None:
        at = fire.invocation_time
        queue = job.options.overlap == "queue" and job.queued is None
        if self.events is not None:
            self.events.not_run(job, fire, QUEUED if queue else SKIPPED)
        if queue:
            job.queued = fire
            logger.info("%s: fire at %s queued behind the run still going", job.id, at)
        else:
            why = "a run is already queued" if job.options.overlap == "queue" else "still running"
            logger.warning("%s: fire at %s skipped: previous run %s", job.id, at, why)

    def _finished(self, job: Job, plain_fire: Fire | None, task: asyncio.Task) -> None:
        if isinstance(job.running, set):  # always, once a run was tracked
            job.running.discard(task)
        self.tasks.discard(task)
        if plain_fire is not None:
            _report(job, plain_fire, task)
        if job.queued is not None and not job.running:
            fire, job.queued = job.queued, None
            if self.accepting:
                self.start(job, fire)

    def coroutine(self, job: Job, fire: Fire, plain: bool) -> Coroutine:
        if plain:
            return _handler_run(job, fire)
        return self._run_gated(job, fire)

    async def _run_gated(self, job: Job, fire: Fire) -> str:
        gate = job.gate
        if gate is not None and not (entered := await _gate_call(job, gate.enter, fire)):
            return getattr(entered, "outcome", DECLINED)  # the run's outcome: observe.outcome_of
        try:
            outcome, error = await self._execute(job, fire)
        except asyncio.CancelledError:
            logger.warning(RUN_CANCELLED, job.id, fire.invocation_time)
            if gate is not None:
                await _gate_call(job, gate.exit, fire, CANCELLED, "cancelled at shutdown")
            raise
        if gate is not None:
            await _gate_call(job, gate.exit, fire, outcome, error)
        return TIMED_OUT if error is not None and error.startswith(TIMED_OUT_ERROR) else outcome

    async def _execute(self, job: Job, fire: Fire) -> tuple[str, str | None]:
        if logger.isEnabledFor(logging.DEBUG):
            self.log_fire(job, fire)
        timeout = job.options.timeout
        expiry = _Expiry(self.clock, timeout) if timeout else None
        try:
            await _contained(job.call(fire))
            return OK, None
        except asyncio.CancelledError:
            if expiry is None or not expiry.expired:
                raise
            current = asyncio.current_task()
            assert current is not None  # a run is a task
            current.uncancel()
            logger.error(RUN_TIMED_OUT, job.id, fire.invocation_time, timeout)
            return FAILED, f"{TIMED_OUT_ERROR} {timeout:g}s"
        except Exception as exc:
            error = _original(exc)
            logger.error(RUN_FAILED, job.id, fire.invocation_time, exc_info=error)
            return FAILED, f"{type(error).__name__}: {error}"
        finally:
            if expiry is not None:
                expiry.cancel()

    def log_fire(self, job: Job, fire: Fire) -> None:
        late = self.clock.time() - fire.nominal.timestamp()
        logger.debug("%s: fire at %s (%+.1f ms)", job.id, fire.invocation_time, late * 1000)


def is_plain(job: Job) -> bool:
    """No gate and no timeout: the task runs the handler's own coroutine, nothing around it
    (each coroutine layer less is a microsecond less for the last of 1,000 fires due together),
    and `_report` reads the outcome from the task."""
    return job.gate is None and not job.options.timeout


def debugging() -> bool:
    return logger.isEnabledFor(logging.DEBUG)


def _handler_run(job: Job, fire: Fire) -> Coroutine:
    """The coroutine of a plain run: the handler's run inside `_contained`."""
    try:
        run = job.call(fire)
    except BaseException as error:  # noqa: BLE001 - the call failed before it could be awaited
        return raised(error)
    return _contained(run)


async def raised(error: BaseException) -> None:
    raise error


async def _contained(run: Awaitable[object]) -> object:
    """Await a handler's run, a ``SystemExit`` or ``KeyboardInterrupt`` it raises turned into
    `HandlerAborted`: asyncio lets those out of the event loop, which would stop every schedule
    of the process (the handler's own cancellation stays a cancellation)."""
    try:
        return await run
    except (asyncio.CancelledError, Exception):
        raise
    except BaseException as error:
        raise HandlerAborted(error) from error


class HandlerAborted(Exception):
    """A handler raised a BaseException that is not an Exception (``SystemExit``, ...)."""

    def __init__(self, error: BaseException) -> None:
        super().__init__(f"{type(error).__name__}: {error}")
        self.error = error


def _original(error: BaseException) -> BaseException:
    return error.error if isinstance(error, HandlerAborted) else error


def _report(job: Job, fire: Fire, task: asyncio.Task) -> None:
    """Log how a plain run ended, as a gated run logs it from inside."""
    if task.cancelled():
        logger.warning(RUN_CANCELLED, job.id, fire.invocation_time)
        return
    error = task.exception()
    if error is not None:
        logger.error(RUN_FAILED, job.id, fire.invocation_time, exc_info=_original(error))


async def _gate_call(job: Job, method: Callable[..., Awaitable], *args: object) -> object:
    """A gate's answer; a gate that raises is logged and counts as "do not run"."""
    try:
        return await method(*args)
    except Exception:
        logger.exception("%s: gate %s failed", job.id, getattr(method, "__name__", "call"))
        return False


class _Expiry:
    """Cancels the current task after ``seconds`` on the given clock (fake clocks included)."""

    def __init__(self, clock: Clock, seconds: float) -> None:
        self.expired = False
        task = asyncio.current_task()
        assert task is not None  # made inside the run's task
        self._task = task
        self._timer = clock.call_later(seconds, self._expire)

    def _expire(self) -> None:
        self.expired = True
        self._task.cancel()

    def cancel(self) -> None:
        self._timer.cancel()
