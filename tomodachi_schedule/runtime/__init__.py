"""The runtime: schedule objects, the next-fire engine, decorators, Service, runner, coordination.

Never imports the compiler, lark or black. Generated modules import only this package.
Names are resolved lazily (PEP 562) so importing the runtime costs almost nothing.
"""

from __future__ import annotations

import importlib
from typing import Any

_EXPORTS = {
    # schedule objects and the next-fire engine
    "Schedule": ".engine.base",
    "Calendar": ".engine.calendar",
    "cron_calendar": ".engine.calendar",
    "DaySet": ".engine.days",
    "MonthDays": ".engine.days",
    "WeekDays": ".engine.days",
    "Period": ".engine.days",
    "Interval": ".engine.schedules",
    "Once": ".engine.schedules",
    "AnyOf": ".engine.schedules",
    "Bounded": ".engine.schedules",
    "Excluding": ".engine.excluding",
    "resolve_zone": ".engine.zones.names",
    "bits": ".engine.masks",
    # services
    "Clock": ".clock",
    "SystemClock": ".clock",
    "Scheduler": ".scheduling",
    "Service": ".service",
    "schedule": ".decorators",
    "scheduler": ".decorators",
    "heartbeat": ".decorators",
    "every_second": ".decorators",
    "minutely": ".decorators",
    "hourly": ".decorators",
    "daily": ".decorators",
    "monthly": ".decorators",
    "scheduled": ".decorators",
    "run_generated": ".launch",
    "FakeClock": ".clock",
    # the interface generated modules are written against
    "GENERATED_API_VERSION": ".generated",
    "require_generated_api": ".generated",
    "GeneratedService": ".generated",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'tomodachi_schedule.runtime' has no attribute {name!r}")
    value = getattr(importlib.import_module(module, __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_EXPORTS))
