"""Real tomodachi as host: our decorators inside a ``tomodachi.Service`` under ``tomodachi run``.

tomodachi's container finds methods flagged as *invoker functions* and calls each once with a
start keyword; whatever coroutine function comes back is awaited before ``_started_service``.
A class with our scheduled methods gets one such function, `start_invoker`, which answers
that call (the first per service instance) with a start function that wraps the instance's
lifecycle hooks, exactly as ``tomodachi.schedule`` does, so **our** scheduler runs after
``_started_service`` and stops within its grace period in ``_stop_service``. Nothing here imports tomodachi: its protocol is attribute names, so this
module (like the whole runtime) works without tomodachi installed.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from tomodachi_schedule.runtime.handlers import is_awaitable
from tomodachi_schedule.runtime.options import DEFAULT_GRACE

# tomodachi.invoker.FUNCTION_ATTRIBUTE / INVOKER_TASK_START_KEYWORD, tomodachi.CLASS_ATTRIBUTE
FUNCTION_ATTRIBUTE = "_tomodachi_function_is_invoker_function"
START_KEYWORD = "_tomodachi_invoker_task_start_keyword"
CLASS_ATTRIBUTE = "_tomodachi_class_is_service_class"

HOST_ATTRIBUTE = "_tomodachi_schedule_host"


def is_tomodachi_service(cls: type) -> bool:
    """True for classes tomodachi's container would start (tomodachi.Service subclasses)."""
    return bool(getattr(cls, CLASS_ATTRIBUTE, False))


async def start_invoker(self: Any, **kwargs: Any) -> Callable | None:
    """The invoker function a class with our scheduled methods gets (see `ScheduledMethod`):
    tomodachi's start call (the one keyword) gives it the start function of the instance."""
    return await start_hook(self)


setattr(start_invoker, FUNCTION_ATTRIBUTE, True)
START_INVOKER_NAME = "_tomodachi_schedule_start"  # the attribute of each such class


async def start_hook(instance: Any) -> Callable | None:
    """The start function for ``instance``: returned once, None for its other methods."""
    if getattr(instance, HOST_ATTRIBUTE, None) is not None:
        return None
    host = TomodachiHost(instance)
    setattr(instance, HOST_ATTRIBUTE, host)
    return host.start


_scheduler: Any = None  # the process's scheduler, shared by its tomodachi services


def process_scheduler() -> Any:
    """The one scheduler of this process (a new one after a stop: tomodachi may restart)."""
    global _scheduler
    if _scheduler is None or _scheduler.stopped:
        from tomodachi_schedule.runtime.observe import attach_fire_events
        from tomodachi_schedule.runtime.scheduling import Scheduler

        _scheduler = Scheduler()
        attach_fire_events(_scheduler)  # per-fire lines, through tomodachi's logging
    return _scheduler


class TomodachiHost:
    """The process's scheduler inside one tomodachi service instance's lifecycle."""

    def __init__(self, instance: Any) -> None:
        self.instance = instance
        self.scheduler = process_scheduler()
        self.grace = float(getattr(instance, "schedule_grace_period", DEFAULT_GRACE))

    async def start(self) -> None:
        """Register the jobs, and hook the scheduler into ``_started_service``/``_stop_service``."""
        from tomodachi_schedule.runtime.service import build_jobs

        self.jobs = build_jobs(self.instance)
        self.scheduler.add(self.jobs)
        self._wrap_hook("_started_service", after=self._start_scheduler)
        self._wrap_hook("_stop_service", before=self._stop)

    async def _start_scheduler(self) -> None:
        from tomodachi_schedule.runtime.observe.table import log_schedule_table

        log_schedule_table(self.jobs, [self.instance])  # this service's schedules
        await self.scheduler.start()

    async def _stop(self) -> None:
        from tomodachi_schedule.runtime.service import close_links

        await self.scheduler.stop(self.grace)
        await close_links(self.instance, self.scheduler.jobs)

    def _wrap_hook(
        self, hook: str, *, before: Callable | None = None, after: Callable | None = None
    ) -> None:
        original = getattr(self.instance, hook, None)

        async def wrapped(*args: Any, **kwargs: Any) -> None:
            if before is not None:
                await before()
            if original is not None:
                result = original(*args, **kwargs)
                if is_awaitable(result):
                    await result
            if after is not None:
                await after()

        setattr(self.instance, hook, wrapped)
