"""Per-schedule options for running once per cluster: misfire grace, catch-up, coalescing."""

from __future__ import annotations

from dataclasses import dataclass

from ...errors import Diagnostic, ScheduleError

COALESCE_POLICIES = ("latest", "earliest", "all")
DEFAULT_CATCH_UP = 3600.0  # what ``catch_up=True`` means: fires up to an hour late still run
SAFETY_MARGIN = 60.0  # seconds added to every claim's lifetime beyond what the options need


@dataclass(frozen=True, kw_only=True)
class Exclusive:
    """How one schedule runs once per cluster (the decorator's ``exclusive=True`` and friends).

    All durations are seconds. A fire is claimed only while it is at most ``misfire_grace``
    late (``catch_up`` for fires caught up at start); its record lives ``claim_ttl`` seconds,
    longer than any moment a replica could still try to claim it, so it never runs twice.
    """

    misfire_grace: float = 60.0
    catch_up: float = (
        0.0  # 0: off; else how late a fire missed while all replicas were down may run
    )
    coalesce: str = "latest"  # which missed fires run: latest, earliest or all (up to the limit)
    catch_up_limit: int = 10  # most fires one start-up runs for coalesce="all"
    max_skew: float = 300.0  # the clock difference between replicas the TTL allows for
    retention: float = 86400.0  # how long records stay for ``history`` (at least the TTL needs)

    def __post_init__(self) -> None:
        for name in ("misfire_grace", "catch_up", "max_skew", "retention"):
            if getattr(self, name) < 0:
                raise invalid(f"{name} must not be negative", "durations are seconds")
        if self.coalesce not in COALESCE_POLICIES:
            raise invalid(
                f"unknown coalesce policy {self.coalesce!r}",
                "use one of: " + ", ".join(COALESCE_POLICIES),
            )
        if self.catch_up_limit < 1:
            raise invalid("catch_up_limit must be at least 1")

    @property
    def claim_ttl(self) -> float:
        """Seconds a claim record must live: past the last moment any replica may claim it."""
        # max(grace, catch_up) would do; the sum leaves room for a loop that is slow as well
        needed = self.catch_up + self.misfire_grace + self.max_skew + SAFETY_MARGIN
        return max(self.retention, needed)


def invalid(message: str, hint: str | None = None) -> ScheduleError:
    """The error for a bad cluster option or setting (no source text to point into)."""
    diagnostic = Diagnostic(message=message, hint=hint)
    return ScheduleError(diagnostics=(diagnostic,), source_name="schedule option")
