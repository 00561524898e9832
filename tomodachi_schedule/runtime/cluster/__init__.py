"""Running each fire once per cluster: per-fire claims (SQLite, Redis), catch-up and run history.

Exports lazily, so a service that never asks for ``exclusive`` schedules loads none of this.
"""

from __future__ import annotations

import importlib
from typing import Any

_EXPORTS = {
    "ClaimStore": ".store",
    "CoordinatorUnavailable": ".store",
    "FireKey": ".records",
    "RunRecord": ".records",
    "ENV_VAR": ".config",
    "default_sqlite_path": ".config",
    "resolve_coordinator_url": ".config",
    "store_from_url": ".config",
    "SqliteClaimStore": ".sqlite",
    "RedisClaimStore": ".redis",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(module, __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_EXPORTS))
