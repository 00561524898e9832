"""tomodachi-schedule: one schedule language for tomodachi-style services.

Everything here is imported lazily, so ``import tomodachi_schedule`` stays cheap and a service
that only uses ``@hourly`` never loads the compiler (lark, black).
"""

from __future__ import annotations

import importlib
from typing import Any

__version__ = "0.1.0"

_EXPORTS = {
    "parse_schedule": "tomodachi_schedule.compiler",
    "ScheduleError": "tomodachi_schedule.errors",
    "Service": "tomodachi_schedule.runtime",
    "schedule": "tomodachi_schedule.runtime",
    "scheduler": "tomodachi_schedule.runtime",
    "heartbeat": "tomodachi_schedule.runtime",
    "every_second": "tomodachi_schedule.runtime",
    "minutely": "tomodachi_schedule.runtime",
    "hourly": "tomodachi_schedule.runtime",
    "daily": "tomodachi_schedule.runtime",
    "monthly": "tomodachi_schedule.runtime",
    "Schedule": "tomodachi_schedule.runtime",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'tomodachi_schedule' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_EXPORTS))
