"""The small protocol every claim store (SQLite, Redis, later others) implements."""

from __future__ import annotations

from typing import Protocol

from .claims import Claim, FireKey, RunRecord


class CoordinatorUnavailable(Exception):
    """The store could not be reached, or its answer is unknown: the fire must not run."""


class ClaimStore(Protocol):
    """Atomic per-fire claims that double as the run history.

    Every method raises ``CoordinatorUnavailable`` when the store cannot answer for sure.
    Times are UTC epoch milliseconds; ``now_ms`` comes from the caller's clock, so tests can
    inject skew and fake time.
    """

    url: str

    async def open(self) -> list[str]:
        """Connect and prepare; returns warnings an operator should see (e.g. no persistence)."""
        ...

    async def close(self) -> None: ...

    async def claim(self, claim: Claim) -> bool:
        """Insert the record of ``claim.key`` if absent, in one atomic step; True when it was
        inserted (the fire is ours, or the outcome was recorded)."""
        ...

    async def mark_started(self, key: FireKey, *, owner: str, now_ms: int) -> bool:
        """Record the start of a run we claimed; False when the record is gone or not ours."""
        ...

    async def finish(
        self, key: FireKey, *, owner: str, now_ms: int, outcome: str, error: str | None = None
    ) -> bool:
        """Record the outcome of a run we claimed; False when the record is gone or not ours."""
        ...

    async def last_fire(self, service: str, job: str) -> int | None:
        """The newest nominal instant the store knows for this schedule (kept past the TTL)."""
        ...

    async def history(self, *, service: str | None = None, limit: int = 20) -> list[RunRecord]:
        """The most recent records, newest nominal instant first."""
        ...
