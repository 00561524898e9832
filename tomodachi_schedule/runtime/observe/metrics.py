"""Prometheus metrics for ``run --metrics-port N`` (the ``metrics`` extra: prometheus_client).

Imported only when metrics are asked for: a runner without ``--metrics-port`` loads nothing of
prometheus_client. Fire counts, lateness and durations are recorded as fires start and end (off
the instant's critical path, like the per-fire log); runs in progress and next fire times are read
from the scheduler when the endpoint is scraped.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any

try:
    from prometheus_client import CollectorRegistry, Counter, Histogram, start_http_server
    from prometheus_client.core import GaugeMetricFamily
    from prometheus_client.gc_collector import GCCollector
    from prometheus_client.platform_collector import PlatformCollector
    from prometheus_client.process_collector import ProcessCollector
except ImportError as error:  # pragma: no cover - exercised by the missing-extra test
    raise ImportError(
        "metrics need prometheus_client: pip install 'tomodachi-schedule[metrics]'"
    ) from error

if TYPE_CHECKING:
    from tomodachi_schedule.runtime.jobs import Fire, Job

PREFIX = "tomodachi_schedule"
LATENESS_BUCKETS = (0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 5.0)
DURATION_BUCKETS = (0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1.0, 5.0, 30.0, 60.0, 300.0, 1800.0)
DEFAULT_ADDRESS = "127.0.0.1"
RAN = ("ok", "failed", "timed out", "cancelled")


class Metrics:
    """A `FireSink` counting fires, and a collector reading the scheduler's jobs at scrape time."""

    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        for collector in (ProcessCollector, PlatformCollector, GCCollector):
            collector(registry=self.registry)
        labels = ("service", "schedule")
        self.fires = Counter(
            f"{PREFIX}_fires",
            "Fires by how they ended (ok, failed, timed out, skipped, claimed elsewhere, ...)",
            (*labels, "outcome"),
            registry=self.registry,
        )
        self.lateness = Histogram(
            f"{PREFIX}_fire_lateness_seconds",
            "From a fire's scheduled instant to its run's start",
            labels,
            buckets=LATENESS_BUCKETS,
            registry=self.registry,
        )
        self.duration = Histogram(
            f"{PREFIX}_run_duration_seconds",
            "How long runs took, by outcome",
            (*labels, "outcome"),
            buckets=DURATION_BUCKETS,
            registry=self.registry,
        )
        self.jobs: list[Job] = []
        self.registry.register(_SchedulerCollector(self))

    def wants(self) -> bool:
        return True  # every fire is counted

    def started(self, job: Job, fire: Fire, late: float | None) -> None:
        if late is not None:  # None: an `immediately` fire at start-up, not late by design
            self.lateness.labels(job.service, job.name).observe(max(late, 0.0))

    def finished(self, job: Job, fire: Fire, outcome: str, seconds: float) -> None:
        self.fires.labels(job.service, job.name, outcome).inc()
        if outcome in RAN:  # a skipped or refused fire has no duration to speak of
            self.duration.labels(job.service, job.name, outcome).observe(seconds)

    def serve(self, port: int, address: str = DEFAULT_ADDRESS) -> Any:
        """Serve ``/metrics`` from a thread; the port actually bound (``port`` 0: any free one)."""
        server, _thread = start_http_server(port, addr=address, registry=self.registry)
        return server.server_address[1]


class _SchedulerCollector:
    """Gauges computed when scraped: runs in progress and the next fire of each schedule."""

    def __init__(self, metrics: Metrics) -> None:
        self.metrics = metrics

    def collect(self) -> Iterator[GaugeMetricFamily]:
        labels = ["service", "schedule"]
        running = GaugeMetricFamily(
            f"{PREFIX}_runs_in_progress", "Runs started and not yet ended", labels=labels
        )
        following = GaugeMetricFamily(
            f"{PREFIX}_next_fire_timestamp_seconds",
            "Unix time of each schedule's next fire",
            labels=labels,
        )
        now = datetime.now(timezone.utc)
        for job in list(self.metrics.jobs):  # the event loop may add jobs meanwhile
            key = [job.service, job.name]
            running.add_metric(key, len(job.running))
            instant = _next_fire(job, now)
            if instant is not None:
                following.add_metric(key, instant.timestamp())
        yield running
        yield following

    def describe(self) -> list:
        return []  # collected only on scrape, never at registration


def _next_fire(job: Job, now: datetime) -> datetime | None:
    try:
        return job.schedule.next_after(now)
    except Exception:  # noqa: BLE001 - the scheduler logs a broken schedule itself
        return None
