"""`Service`, the base class of scheduled services, and turning an instance into jobs."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING

from tomodachi_schedule.runtime.decorators import handler_flags, scheduled_specs
from tomodachi_schedule.runtime.handlers import handler_call, is_awaitable
from tomodachi_schedule.runtime.scheduled_method import ScheduledMethod
from tomodachi_schedule.runtime.tomodachi_host import CLASS_ATTRIBUTE

if TYPE_CHECKING:  # jobs are built when a service starts, not when one is declared
    from tomodachi_schedule.runtime.jobs import FireGate, Job


class Service:
    """Base class for services run by ``python -m tomodachi_schedule run FILE``.

    As in tomodachi: set ``name``, decorate methods with ``@schedule`` and friends, and
    optionally define the lifecycle hooks ``_start_service``, ``_started_service``,
    ``_stopping_service`` and ``_stop_service`` (``async def`` or plain ``def``).
    """

    name: str = ""

    def __init_subclass__(cls, **kwargs: object) -> None:
        # tomodachi's rule (its service metaclass): every service class carries the flag that
        # `tomodachi run` looks for, and a class used as a base loses it, so only leaf services
        # start.
        super().__init_subclass__(**kwargs)
        setattr(cls, CLASS_ATTRIBUTE, True)
        for base in cls.__bases__:
            if CLASS_ATTRIBUTE in vars(base):
                delattr(base, CLASS_ATTRIBUTE)
        coordinator = vars(cls).get("coordinator")
        if isinstance(coordinator, str):  # a bad URL fails here, at import, not at each fire
            from tomodachi_schedule.runtime.cluster.config import store_from_url

            store_from_url(coordinator)

    def schedule_gate(self, job: Job) -> FireGate | None:
        """The gate for ``job``'s fires (None: every fire runs here). Coordination hooks in here."""
        return None


def service_name(instance: object) -> str:
    """The ``name`` attribute, else the class name."""
    return getattr(instance, "name", None) or type(instance).__name__


def scheduled_methods(cls: type) -> Iterator[tuple[str, Callable]]:
    """``(attribute name, function)`` of every scheduled method, base classes first."""
    seen: dict[str, Callable] = {}
    for klass in reversed(cls.__mro__):
        for name, value in vars(klass).items():
            if scheduled_specs(value):
                seen[name] = value
            elif name in seen:
                del seen[name]  # overridden without a schedule
    return iter(seen.items())


def has_schedules(cls: type) -> bool:
    return next(scheduled_methods(cls), None) is not None


def build_jobs(instance: object) -> list[Job]:
    """One job per schedule on ``instance``'s methods (stacked decorators: ``name#2``, ...)."""
    from tomodachi_schedule.runtime.jobs import Job

    service = service_name(instance)
    jobs = []
    for name, func in scheduled_methods(type(instance)):
        handler = getattr(func, "__wrapped__", func)  # our one layer, nothing deeper
        if isinstance(handler, ScheduledMethod):  # under an outer `functools.wraps` decorator
            handler = handler.__wrapped__
        flags = handler_flags(func)
        for index, spec in enumerate(scheduled_specs(func)):
            job = Job(
                service=service,
                name=name if index == 0 else f"{name}#{index + 1}",
                schedule=spec.schedule,
                call=handler_call(handler, instance, spec.interval, flags),
                options=spec.options,
            )
            job.gate = gate_for(instance, job)
            jobs.append(job)
    return jobs


def gate_for(instance: object, job: Job) -> FireGate | None:
    """The service's ``schedule_gate(job)`` when it has one (real tomodachi services too), else
    the cluster gate for an ``exclusive`` job."""
    method = getattr(instance, "schedule_gate", None)
    gate = method(job) if callable(method) else None
    if gate is None and job.options.exclusive:
        from tomodachi_schedule.runtime.cluster.wiring import cluster_gate

        gate = cluster_gate(instance, job)
    return gate


async def call_hook(instance: object, hook: str) -> None:
    """Call a lifecycle hook if the service defines it; sync or async."""
    method = getattr(instance, hook, None)
    if method is None:
        return
    result = method()
    if is_awaitable(result):
        await result


async def close_links(instance: object, jobs: list[Job]) -> None:
    """Close what the service's exclusive schedules opened (the coordinator link), if any."""
    if not any(job.options.exclusive for job in jobs):
        return
    from tomodachi_schedule.runtime.cluster.wiring import COORDINATOR_ATTRIBUTE

    coordinator = getattr(instance, COORDINATOR_ATTRIBUTE, None)
    if coordinator is not None:
        await coordinator.close()
