"""Running services in this process until a signal: lifecycle hooks, one scheduler, shutdown.

SIGINT/SIGTERM/SIGHUP (a closed terminal): stop scheduling, let running handlers finish within the grace period, then
cancel them; a second signal cancels them at once. A clean stop exits with status 0.
"""

from __future__ import annotations

import asyncio
import logging
import os
import signal
import sys
from collections.abc import Iterable, Sequence

from tomodachi_schedule.errors import ScheduleError
from tomodachi_schedule.runtime.clock import Clock
from tomodachi_schedule.runtime.handlers import busy_threads
from tomodachi_schedule.runtime.observe import FireSink, attach_fire_events
from tomodachi_schedule.runtime.observe.logformat import configure_logging
from tomodachi_schedule.runtime.observe.table import log_schedule_table
from tomodachi_schedule.runtime.options import DEFAULT_GRACE
from tomodachi_schedule.runtime.scheduling import Scheduler
from tomodachi_schedule.runtime.service import build_jobs, call_hook, close_links, service_name

logger = logging.getLogger("tomodachi_schedule")

STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)

__all__ = ["ServiceRun", "run_services", "run_classes", "configure_logging"]


class ServiceRun:
    """The services of one process, from ``_start_service`` to ``_stop_service``."""

    def __init__(
        self,
        instances: Sequence[object],
        *,
        grace: float = DEFAULT_GRACE,
        clock: Clock | None = None,
        metrics: FireSink | None = None,
    ) -> None:
        self.instances = list(instances)
        self.grace = grace
        self.scheduler = Scheduler(clock)
        self.stopping = asyncio.Event()
        self.failed = False
        self.metrics = metrics
        attach_fire_events(self.scheduler, metrics)

    def request_stop(self) -> None:
        """First call: stop gracefully; any further call: cancel running handlers now."""
        if self.stopping.is_set():
            logger.warning("second stop request: cancelling running handlers")
            self.scheduler.cancel_running()
        else:
            self.stopping.set()

    async def run(self) -> int:
        """Start the services, wait for a stop request, stop them; the exit status.

        As in tomodachi, a failing start hook skips to the stop hooks, and the status is 1.
        """
        started = await self._hooks("_start_service") and self._add_jobs()
        if started:
            started = await self._hooks("_started_service")
        if started and not self.stopping.is_set():  # a signal during start-up: no fires
            if self.metrics is not None:
                self.metrics.jobs = self.scheduler.jobs  # type: ignore[attr-defined]
            log_schedule_table(self.scheduler.jobs, self.instances)  # before `immediately` fires
            names = ", ".join(service_name(i) for i in self.instances)
            logger.info("started %s: %d schedule(s)", names, len(self.scheduler.jobs))
            await self.scheduler.start()  # `immediately` handlers take their first step in it
            await self.stopping.wait()
        logger.info("stopping")
        await self._hooks("_stopping_service")
        await self.scheduler.stop(self.grace)
        for instance in self.instances:
            await close_links(instance, self.scheduler.jobs)
        await self._hooks("_stop_service")
        logger.info("stopped")
        return 1 if self.failed else 0

    def _add_jobs(self) -> bool:
        """Build each service's jobs; a bad setting (a coordinator URL from the environment)
        is one error message and status 1, as a failing start hook."""
        for instance in self.instances:
            try:
                self.scheduler.add(build_jobs(instance))
            except ScheduleError as error:
                logger.error("%s cannot start: %s", service_name(instance), error)
                self.failed = True
            except Exception:
                logger.exception("%s cannot start", service_name(instance))
                self.failed = True
        return not self.failed

    async def _hooks(self, hook: str) -> bool:
        for instance in self.instances:
            try:
                await call_hook(instance, hook)
            except Exception:
                logger.exception("%s.%s failed", service_name(instance), hook)
                self.failed = True
        return not self.failed


async def run_services(
    instances: Sequence[object],
    *,
    grace: float = DEFAULT_GRACE,
    clock: Clock | None = None,
    metrics: FireSink | None = None,
) -> int:
    """Run service instances until a stop signal; the exit status (0: a clean stop)."""
    service_run = ServiceRun(instances, grace=grace, clock=clock, metrics=metrics)
    loop = asyncio.get_running_loop()
    for signum in STOP_SIGNALS:
        loop.add_signal_handler(signum, _on_signal, service_run, signum)
    try:
        return await service_run.run()
    finally:
        for signum in STOP_SIGNALS:
            loop.remove_signal_handler(signum)


def _on_signal(service_run: ServiceRun, signum: int) -> None:
    logger.info("received %s", signal.Signals(signum).name)
    service_run.request_stop()


def run_classes(
    classes: Iterable[type],
    *,
    grace: float = DEFAULT_GRACE,
    log_level: str | int = "INFO",
    log_format: str = "text",
    quiet: bool = False,
    metrics: FireSink | None = None,
) -> int:
    """Instantiate the service classes and run them in a new event loop; the exit status."""
    configure_logging(log_level, log_format, quiet)
    try:
        instances = [cls() for cls in classes]
    except Exception:
        logger.exception("could not create the service")
        return 1
    status = asyncio.run(run_services(instances, grace=grace, metrics=metrics))
    return status


def exit_now(status: int) -> None:
    """Exit with ``status``; if a plain ``def`` handler still runs in a thread, do not wait."""
    if busy_threads():
        logger.warning("%d handler thread(s) still running, exiting without them", busy_threads())
        logging.shutdown()
        sys.stdout.flush()
        os._exit(status)
    sys.exit(status)
