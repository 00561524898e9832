"""How a service's exclusive schedules get their gate: options, the coordinator URL, one link."""

from __future__ import annotations

import sys
from typing import Any

from .gate import ClusterGate, Coordinator
from .options import Exclusive

COORDINATOR_ATTRIBUTE = "_tomodachi_schedule_coordinator"  # one Coordinator per service instance
MODULE_SETTING = "COORDINATOR"  # what a module compiled from a .sched file with `coordinator` sets


def cluster_gate(instance: object, job: Any) -> ClusterGate:
    """The gate of an exclusive ``job`` of the service ``instance``."""
    coordinator = getattr(instance, COORDINATOR_ATTRIBUTE, None)
    if coordinator is None:
        coordinator = Coordinator.from_url(
            getattr(instance, "coordinator", None), configured=_module_setting(instance)
        )
        setattr(instance, COORDINATOR_ATTRIBUTE, coordinator)
    return coordinator.gate(Exclusive.of(job.options))


def _module_setting(instance: object) -> str | None:
    module = sys.modules.get(type(instance).__module__)
    return getattr(module, MODULE_SETTING, None)
