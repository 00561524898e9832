"""Catch-up at start: which fires missed while every replica was down run, and which are missed."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from itertools import islice
from typing import TYPE_CHECKING

from .claims import COALESCED, MISSED, from_ms, to_ms
from .options import Exclusive

if TYPE_CHECKING:
    from ..engine.base import Schedule

MAX_SCAN = 10_000  # fires looked at per schedule and start, so a long outage cannot stall it
MAX_RECORDED = 100  # missed or coalesced fires written to history per start and schedule


@dataclass(frozen=True, kw_only=True)
class CatchUpPlan:
    """Fires since the last one the cluster knows, split by what happens to them."""

    run: tuple[datetime, ...] = ()
    coalesced: tuple[datetime, ...] = ()  # late enough to run, folded away by the policy
    missed: tuple[datetime, ...] = ()  # later than the catch-up grace
    unrecorded: int = field(default=0)  # fires beyond MAX_RECORDED, counted in the log only

    @property
    def recorded(self) -> dict[str, tuple[datetime, ...]]:
        return {COALESCED: self.coalesced, MISSED: self.missed}


def plan_catch_up(
    schedule: Schedule, options: Exclusive, *, last_ms: int | None, now_ms: int
) -> CatchUpPlan:
    """Split the fires in (last known fire, now] into run / coalesced / missed.

    Nothing happens without a last fire: a schedule that never fired missed nothing. Fires older
    than the record lifetime are not even looked at, their records would vanish at once.
    """
    if not options.catch_up or last_ms is None:
        return CatchUpPlan()
    since_ms = max(last_ms, now_ms - int(options.claim_ttl * 1000))
    grace_from_ms = max(since_ms, now_ms - int(options.catch_up * 1000))
    missed = list(islice(_fires_between(schedule, since_ms, grace_from_ms), MAX_SCAN))
    runnable = list(islice(_fires_between(schedule, grace_from_ms, now_ms), MAX_SCAN))
    run = _select(runnable, options)
    coalesced = [fire for fire in runnable if fire not in run]
    return CatchUpPlan(
        run=tuple(run),
        coalesced=tuple(coalesced[-MAX_RECORDED:]),
        # the first missed fires mark where the outage began; the rest are only counted
        missed=tuple(missed[:MAX_RECORDED]),
        unrecorded=max(0, len(missed) - MAX_RECORDED) + max(0, len(coalesced) - MAX_RECORDED),
    )


def _fires_between(schedule: Schedule, after_ms: int, until_ms: int) -> Iterator[datetime]:
    """Fires in (after, until]."""
    for fire in schedule.iter_after(from_ms(after_ms)):
        if to_ms(fire) > until_ms:
            return
        yield fire


def _select(runnable: list[datetime], options: Exclusive) -> list[datetime]:
    if options.coalesce == "latest":
        return runnable[-1:]
    if options.coalesce == "earliest":
        return runnable[:1]
    return runnable[-options.catch_up_limit :]
