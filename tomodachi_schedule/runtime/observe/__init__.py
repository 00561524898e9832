"""Observing what the runtime does: fire events for the per-fire log and metrics (`events`), the
schedule table (`table`), log output (`logformat`), Prometheus metrics (`metrics`, optional).

The names of `events` are re-exported here: ``tomodachi_schedule.runtime.observe`` was one
module before it was a package, and gates and tests import its outcomes from it.
"""

from __future__ import annotations

from tomodachi_schedule.runtime.observe.events import (
    CLAIMED_ELSEWHERE,
    DECLINED,
    LINES_PER_SECOND,
    MISSED,
    OUTCOMES,
    QUEUED,
    SKIPPED,
    TIMED_OUT,
    UNAVAILABLE,
    FireEvents,
    FireLog,
    FireSink,
    Refusal,
    attach_fire_events,
    fire_log,
    outcome_of,
)

__all__ = [
    "CLAIMED_ELSEWHERE",
    "DECLINED",
    "LINES_PER_SECOND",
    "MISSED",
    "OUTCOMES",
    "QUEUED",
    "SKIPPED",
    "TIMED_OUT",
    "UNAVAILABLE",
    "FireEvents",
    "FireLog",
    "FireSink",
    "Refusal",
    "attach_fire_events",
    "fire_log",
    "outcome_of",
]
