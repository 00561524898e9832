"""How a service's exclusive schedules get their gate: options, the coordinator URL, one link."""

from __future__ import annotations

import sys
from typing import Any

from .gate import ClusterGate, Coordinator
from .options import Exclusive, invalid

COORDINATOR_ATTRIBUTE = "_tomodachi_schedule_coordinator"  # one Coordinator per service instance
MODULE_SETTING = "COORDINATOR"  # what a module compiled from a .sched file with `coordinator` sets


def exclusive_options(options: Any) -> Exclusive:
    """The cluster part of a job's options (``JobOptions``); a ``ScheduleError`` when they
    make no sense, e.g. catch-up without ``exclusive=True``."""
    if options.catch_up and not options.exclusive:
        raise invalid(
            "catch_up needs exclusive=True",
            "catch-up finds missed fires in the coordinator's records; add exclusive=True",
        )
    return Exclusive(
        misfire_grace=options.misfire_grace,
        catch_up=options.catch_up,
        coalesce=options.coalesce,
        catch_up_limit=options.catch_up_limit,
    )


def cluster_gate(instance: object, job: Any) -> ClusterGate:
    """The gate of an exclusive ``job`` of the service ``instance``."""
    coordinator = getattr(instance, COORDINATOR_ATTRIBUTE, None)
    if coordinator is None:
        coordinator = Coordinator.from_url(
            getattr(instance, "coordinator", None), configured=_module_setting(instance)
        )
        setattr(instance, COORDINATOR_ATTRIBUTE, coordinator)
    return coordinator.gate(exclusive_options(job.options))


def _module_setting(instance: object) -> str | None:
    module = sys.modules.get(type(instance).__module__)
    return getattr(module, MODULE_SETTING, None)
