"""The versioned interface generated modules are written against (``tomodachi-compile`` output).

A generated module imports only this runtime and its handler modules, checks the interface version
first, then declares services as data: ``scheduled(handler, schedule, **options)`` per entry.
Behaviour stays here so regenerating is only needed when this version changes.
"""

from __future__ import annotations

import gc
import sys
from typing import Any

from tomodachi_schedule.runtime.service import Service

# Bump when the shape of generated modules must change; old modules then fail with a clear message.
# 2: masks written as ts.bits(values) instead of integers; 3: a plain cron's calendar written
# ts.cron_calendar(...) instead of ts.Calendar(..., description="cron '...': <its words>")
GENERATED_API_VERSION = 3


class GeneratedApiError(ImportError):
    """A generated module was written for another version of this interface."""


def require_generated_api(version: int, module: str | None = None) -> None:
    """Refuse to load a module generated for another interface version.

    Run as a script (``module == "__main__"``) the mismatch is a one-line message and exit status
    1 instead of a traceback.
    """
    if version == GENERATED_API_VERSION:
        return
    message = _mismatch_message(version)
    if module == "__main__":
        print(f"error: {message}", file=sys.stderr)
        raise SystemExit(1)
    raise GeneratedApiError(message)


def _mismatch_message(version: int) -> str:
    from tomodachi_schedule import __version__

    direction = "newer" if version > GENERATED_API_VERSION else "older"
    return (
        f"this module was generated for generated-code API version {version}, but the installed "
        f"tomodachi-schedule {__version__} provides version {GENERATED_API_VERSION} "
        f"(the module is {direction}); regenerate it with `tomodachi-compile FILE.sched` "
        f"or install the tomodachi-schedule it was generated with"
    )


class _FewerCollections(type):
    """The metaclass of `GeneratedService`: while a generated module declares its services
    (thousands of ``scheduled(...)`` entries, each a few records and a function, none of them
    garbage), the cyclic collector's first threshold is raised, so that it does not walk the
    growing module again and again. The thresholds come back at the first collection after the
    class is made (`_restore`), not when it is made: restored there, the young
    objects the body left would be collected at once and again with each next class, and
    every tenth time with all of the module's older ones (for 10,000 entries in 40 classes,
    ~45 collections walking ~2 times ~150,000 objects, instead of one or two walking them once).
    Collections are only rarer for a while, never off."""

    @classmethod
    def __prepare__(  # type: ignore[override] # type's signature has no types to match
        mcs, name: str, bases: tuple[type, ...], **kwargs: Any
    ) -> dict[str, object]:
        if not any(isinstance(base, _FewerCollections) for base in bases):
            # `GeneratedService` itself: no generated body runs, and a raise here would leave a
            # restore pending that puts back, at the importer's next collection, the thresholds
            # of this moment over whatever the importer set since (the compiler's own pace)
            return {}
        _in_body[0] = True
        thresholds = gc.get_threshold()
        if thresholds[0] < _BODY_THRESHOLD:
            _saved[:] = [thresholds]  # one, not a stack: nothing restored since is stale
            gc.set_threshold(_BODY_THRESHOLD, *thresholds[1:])
            if _restore not in gc.callbacks:
                gc.callbacks.append(_restore)
        return {}

    def __new__(
        mcs, name: str, bases: tuple[type, ...], namespace: dict[str, Any], **kwargs: Any
    ) -> _FewerCollections:
        _in_body[0] = False  # a body that raised never gets here: it stays raised until the next
        return super().__new__(mcs, name, bases, namespace, **kwargs)


def _restore(phase: str, _info: dict[str, int]) -> None:
    """A collector callback, left in place (removing it while the collector walks its callbacks
    would make it skip the next one): puts the saved thresholds back, unless a body runs."""
    if _saved and phase == "start" and not _in_body[0]:
        gc.set_threshold(*_saved.pop())


_BODY_THRESHOLD = 100_000  # allocations between young collections while a body runs (700)
_saved: list[tuple[int, ...]] = []
_in_body = [False]  # a generated class body has begun and its class is not made yet


class GeneratedService(Service, metaclass=_FewerCollections):
    """Base of generated service classes: a `Service` that tomodachi's container also starts.

    ``python FILE.py`` and ``python -m tomodachi_schedule run FILE.py`` run it as any `Service`;
    like every `Service` subclass, generated classes carry the flag tomodachi looks for, so
    ``tomodachi run FILE.py`` finds them too.
    """
