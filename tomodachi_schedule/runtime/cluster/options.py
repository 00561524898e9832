"""`Exclusive`: how one schedule runs once per cluster, built from the job's options."""

from __future__ import annotations

from tomodachi_schedule.runtime.engine.record import Record
from tomodachi_schedule.runtime.options import JobOptions, check_cluster_options, option_error

SAFETY_MARGIN = 60.0  # seconds added to every claim's lifetime beyond what the options need
_JOB_DEFAULTS = JobOptions()  # the job options state the defaults; the cluster copies them


class Exclusive(Record):
    """How one schedule runs once per cluster (the decorator's ``exclusive=True`` and friends).

    All durations are seconds. A fire is claimed only while it is at most ``misfire_grace``
    late (``catch_up`` for fires caught up at start); its record lives ``claim_ttl`` seconds,
    longer than any moment a replica could still try to claim it, so it never runs twice.
    ``catch_up`` 0 is off; ``coalesce`` says which missed fires run (latest, earliest, or all
    up to ``catch_up_limit``).
    """

    misfire_grace: float = _JOB_DEFAULTS.misfire_grace
    catch_up: float = _JOB_DEFAULTS.catch_up
    coalesce: str = _JOB_DEFAULTS.coalesce
    catch_up_limit: int = _JOB_DEFAULTS.catch_up_limit
    max_skew: float = 300.0  # the clock difference between replicas the TTL allows for
    retention: float = 86400.0  # how long records stay for ``history`` (at least the TTL needs)

    @classmethod
    def of(cls, options: JobOptions) -> Exclusive:
        """The cluster part of a job's options (checked already, when the job was declared)."""
        return cls(
            misfire_grace=options.misfire_grace,
            catch_up=options.catch_up,
            coalesce=options.coalesce,
            catch_up_limit=options.catch_up_limit,
        )

    def __post_init__(self) -> None:
        check_cluster_options(self.misfire_grace, self.catch_up, self.coalesce, self.catch_up_limit)
        for name in ("max_skew", "retention"):
            if getattr(self, name) < 0:
                raise option_error(f"{name} must not be negative", "durations are seconds")

    @property
    def claim_ttl(self) -> float:
        """Seconds a claim record must live: past the last moment any replica may claim it."""
        # max(grace, catch_up) would do; the sum leaves room for a loop that is slow as well
        needed = self.catch_up + self.misfire_grace + self.max_skew + SAFETY_MARGIN
        return max(self.retention, needed)
