"""Fires and jobs: one schedule of one service instance, its handler call and its run state."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import datetime, timezone
from functools import lru_cache
from typing import TYPE_CHECKING, Any, NamedTuple, Protocol, runtime_checkable

from tomodachi_schedule.runtime.options import JobOptions, JobSpec

if TYPE_CHECKING:  # asyncio only when services run: declaring them stays cheap
    import asyncio

    from tomodachi_schedule.runtime.engine.base import Schedule

__all__ = ["Fire", "FireGate", "CatchUpGate", "Job", "JobSpec", "NO_RUNS", "invocation_time"]

NO_RUNS: frozenset = frozenset()  # a job's ``running`` until its first tracked run (saves a set)


class Fire(NamedTuple):
    """One run of one job: ``nominal`` is the scheduled instant (aware UTC), its identity.

    A named tuple: thousands are made per second when many schedules fire together.
    """

    service: str
    job: str
    nominal: datetime
    catch_up: bool = False

    @property
    def invocation_time(self) -> str:
        """The nominal instant in tomodachi's format: ISO 8601 UTC, ``Z``, whole seconds."""
        return invocation_time(self.nominal)


@lru_cache(maxsize=4096)  # fires due together share their instant: format it once
def invocation_time(instant: datetime) -> str:
    """``2026-01-01T09:00:00Z`` (milliseconds appear only when the instant has some)."""
    utc = instant.astimezone(timezone.utc)
    spec = "milliseconds" if utc.microsecond else "seconds"
    return utc.replace(tzinfo=None).isoformat(timespec=spec) + "Z"


# How a run ends: what FireGate.exit is told, and what a cluster run record stores.
OK, FAILED, CANCELLED = "ok", "failed", "cancelled"


class FireGate(Protocol):
    """The seam for running once per cluster: asked before and told after every fire."""

    async def enter(self, fire: Fire) -> bool:
        """True when this replica should run ``fire``."""
        ...

    async def exit(self, fire: Fire, outcome: str, error: str | None) -> None:
        """The run of an entered fire ended with ``outcome`` (``ok``, ``failed``, ``cancelled``)."""
        ...


@runtime_checkable
class CatchUpGate(Protocol):
    """A gate that, at start-up, names instants missed while the service was down (oldest
    first); each runs once as a catch-up fire, through ``enter``/``exit`` as usual."""

    async def catch_up(self, job: Job, now: datetime) -> list[datetime]: ...


class Job:
    """One schedule of one service instance: what to call, when, and which runs are going."""

    # slotted: a service holds one per schedule, and a `__dict__` would add ~50 bytes to each
    __slots__ = ("service", "name", "schedule", "call", "options", "gate", "running", "queued")

    def __init__(
        self,
        *,
        service: str,
        name: str,
        schedule: Schedule,
        call: Callable[[Fire], Awaitable[object]],
        options: JobOptions | None = None,
        gate: FireGate | None = None,
    ) -> None:
        self.service = service
        self.name = name
        self.schedule = schedule
        self.call = call
        self.options = options or JobOptions()
        self.gate = gate
        # the shared NO_RUNS until ``Runs`` tracks a run, then a set of its own
        self.running: set[asyncio.Task[Any]] | frozenset[asyncio.Task[Any]] = NO_RUNS
        self.queued: Fire | None = None

    @property
    def id(self) -> str:
        """``service.function``: stable across restarts and identical on every replica."""
        return f"{self.service}.{self.name}"

    def fire(self, nominal: datetime, *, catch_up: bool = False) -> Fire:
        return Fire(self.service, self.name, nominal, catch_up)

    def jitter_for(self, nominal: datetime) -> float:
        """Seconds to delay the fire at ``nominal``: in [0, jitter), the same on every replica."""
        if not self.options.jitter:
            return 0.0
        key = f"{self.id}\0{round(nominal.timestamp() * 1000)}".encode()
        from hashlib import blake2b  # only for jobs with jitter

        fraction = int.from_bytes(blake2b(key, digest_size=8).digest(), "big") / 2**64
        return fraction * self.options.jitter

    def __repr__(self) -> str:
        return f"<Job {self.id} {self.schedule!r}>"
