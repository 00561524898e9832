"""Per-schedule options beyond tomodachi's (overlap, jitter, timeout), validated at decoration,
and the spec a decorator attaches (here rather than in ``jobs``: declaring a service needs only
these two)."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from tomodachi_schedule.errors import ScheduleError, Span, did_you_mean, schedule_error
from tomodachi_schedule.runtime.engine.record import Record, fields

if TYPE_CHECKING:
    from tomodachi_schedule.runtime.engine.base import Schedule

OVERLAP_POLICIES = ("skip", "allow", "queue")
COALESCE_POLICIES = ("latest", "earliest", "all")
DEFAULT_CATCH_UP = 3600.0  # what ``catch_up=True`` means: fires up to an hour late still run

# compiled on first use (re's own cache): most services never write a duration as text
DEFAULT_GRACE = 30.0  # seconds running handlers get to finish at shutdown, everywhere
_DURATION = r"^\s*(\d+(?:\.\d+)?)\s*([a-z]*)\s*$"
_UNITS = {
    "": 1.0,
    "ms": 0.001,
    "s": 1.0,
    "sec": 1.0,
    "second": 1.0,
    "seconds": 1.0,
    "m": 60.0,
    "min": 60.0,
    "minute": 60.0,
    "minutes": 60.0,
    "h": 3600.0,
    "hour": 3600.0,
    "hours": 3600.0,
}


class JobOptions(Record):
    """How a schedule's fires run. Adding an option is one field here (with its default).

    - ``immediately``: also fire once right after the service has started.
    - ``overlap``: a fire while the previous run still runs is ``skip``ped (default, logged),
      ``allow``ed to run alongside, or ``queue``d to run when it ends (at most one waits).
    - ``jitter``: delay each fire by up to this many seconds; the delay is derived from a hash of
      (schedule, instant), so every replica picks the same one.
    - ``timeout``: cancel a run after this many seconds (a plain ``def`` handler's thread cannot
      be interrupted: it is abandoned and the run is reported as timed out).
    - ``exclusive``: run each fire on one replica of the service only (docs/clusters.md), with
      ``misfire_grace``, ``catch_up`` (``True`` = an hour), ``coalesce`` and ``catch_up_limit``.
    """

    immediately: bool = False
    overlap: str = "skip"
    jitter: float = 0.0
    timeout: float | None = None
    exclusive: bool = False
    misfire_grace: float = 60.0
    catch_up: float = 0.0
    coalesce: str = "latest"
    catch_up_limit: int = 10

    @classmethod
    def build(cls, **given: object) -> JobOptions:
        """Options from decorator keywords; durations may be numbers or text such as ``"30s"``.

        Equal keywords give the same (immutable) object: ten thousand schedules with the
        default options share one.
        """
        # 1 ≠ True; no keywords (a generated module's usual entry): no generator to run
        key = tuple((name, type(value), value) for name, value in given.items()) if given else ()
        try:
            return _interned[key]
        except KeyError:
            options = cls._validated(given)
            if len(_interned) < _INTERNED_LIMIT:
                _interned[key] = options
            return options
        except TypeError:  # an unhashable value: nothing to share
            return cls._validated(given)

    @classmethod
    def _validated(cls, given: dict[str, object]) -> JobOptions:
        known = {name for name, _ in fields(cls)}
        for name in given:
            if name not in known:
                raise _unknown_option(name, known)
        values: dict[str, Any] = dict(given)
        if isinstance(values.get("catch_up"), bool):
            values["catch_up"] = DEFAULT_CATCH_UP if values["catch_up"] else 0.0
        for name in ("jitter", "timeout", "misfire_grace", "catch_up"):
            if values.get(name) is not None:
                values[name] = parse_duration(values[name], option=name)
        return cls(**values)

    def __post_init__(self) -> None:
        if self.overlap not in OVERLAP_POLICIES:
            raise option_error(
                f"overlap={self.overlap!r} is not a policy",
                hint="use one of " + ", ".join(repr(p) for p in OVERLAP_POLICIES),
            )
        if self.timeout is not None and self.timeout <= 0:
            raise option_error("timeout must be more than 0 seconds")
        if self.jitter < 0:
            raise option_error("jitter cannot be negative")
        if self.exclusive or self.catch_up:
            if not self.exclusive:
                raise option_error(
                    "catch_up needs exclusive=True",
                    "catch-up finds missed fires in the coordinator's records; add exclusive=True",
                )
            check_cluster_options(
                self.misfire_grace, self.catch_up, self.coalesce, self.catch_up_limit
            )


class JobSpec(Record):
    """What a decorator attaches to a function: the schedule, the spec as given, the options."""

    schedule: Schedule
    interval: object  # passed to handlers that take ``interval``, as tomodachi does
    options: JobOptions


_INTERNED_LIMIT = 1024  # distinct option sets kept for sharing; more are simply not shared
_interned: dict[tuple, JobOptions] = {}


def parse_duration(value: object, *, option: str = "duration") -> float:
    """Seconds from a number, a ``timedelta`` or text such as ``"30s"``, ``"1.5 min"``, ``"200ms"``."""
    if isinstance(value, bool):
        raise option_error(f"{option} must be a duration, not {value!r}")
    if isinstance(value, (int, float)):
        return float(value)
    if isinstance(value, timedelta):
        return value.total_seconds()
    if not isinstance(value, str):
        raise option_error(f"{option} must be a duration, not {type(value).__name__}")
    match = re.match(_DURATION, value, re.IGNORECASE)
    if match is None or match.group(2).lower() not in _UNITS:
        raise schedule_error(
            f"{option} is not a duration",
            Span(start=0, end=len(value)),
            'write seconds, or a number with a unit: "30s", "5 min", "1h", "250ms"',
            source=value,
            source_name=option,
        )
    return float(match.group(1)) * _UNITS[match.group(2).lower()]


def _unknown_option(name: str, known: set[str]) -> ScheduleError:
    close = did_you_mean(name, sorted(known))
    hint = f"did you mean {close}=?" if close else "known options: " + ", ".join(sorted(known))
    return option_error(f"unknown schedule option {name}=", hint=hint)


def check_cluster_options(
    misfire_grace: float, catch_up: float, coalesce: str, catch_up_limit: int
) -> None:
    """The rules of the options for running once per cluster, for a job's options and for the
    cluster's own ``Exclusive`` built from them: one check, one message."""
    for name, value in (("misfire_grace", misfire_grace), ("catch_up", catch_up)):
        if value < 0:
            raise option_error(f"{name} must not be negative", "durations are seconds")
    if coalesce not in COALESCE_POLICIES:
        raise option_error(
            f"unknown coalesce policy {coalesce!r}",
            "use one of: " + ", ".join(COALESCE_POLICIES),
        )
    if catch_up_limit < 1:
        raise option_error("catch_up_limit must be at least 1")


def option_error(message: str, hint: str | None = None) -> ScheduleError:
    """The error for a bad schedule option (there is no source text to point into)."""
    return schedule_error(message, hint=hint, source_name="schedule option")
