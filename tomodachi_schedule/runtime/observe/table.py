"""The schedule table: what a process runs (logged at start, printed by ``run --list``)."""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from datetime import datetime, timezone
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tomodachi_schedule.runtime.jobs import Job

logger = logging.getLogger("tomodachi_schedule")

COLUMNS = ("service", "schedule", "spec", "zone", "overlap", "exclusive", "next_fire")
HEADER = ("SERVICE", "SCHEDULE", "SPEC", "ZONE", "OVERLAP", "EXCLUSIVE", "NEXT FIRE")
SPEC_WIDTH = 48  # a longer spec is cut in the text table (the JSON line keeps it whole)


def schedule_rows(jobs: Iterable[Job], now: datetime) -> list[dict[str, object]]:
    """One row per job: the `COLUMNS`, the next fire as ISO 8601 in the schedule's zone."""
    return [_row(job, now) for job in jobs]


def _row(job: Job, now: datetime) -> dict[str, object]:
    schedule = job.schedule
    try:
        following = schedule.next_after(now)
    except Exception:  # noqa: BLE001 - the scheduler logs a broken schedule itself
        following = None
    return {
        "service": job.service,
        "schedule": job.name,
        "spec": schedule.spec or schedule.explain(),
        "zone": zone_label(following, getattr(schedule, "zone", None)),
        "overlap": job.options.overlap,
        "exclusive": bool(job.options.exclusive),
        "next_fire": following.isoformat() if following is not None else None,
    }


def zone_label(fire: datetime | None, named: str | None) -> str:
    """The schedule's zone: its name, or the local zone's name for schedules that name none."""
    if named:
        return named
    zone = fire.tzinfo if fire is not None else None
    key = getattr(zone, "key", None) or (str(zone) if zone is not None else "local")
    return f"local ({key})" if zone is not None else key


def table_text(rows: Sequence[dict[str, object]]) -> str:
    """The rows as aligned columns under a header."""
    cells = [HEADER] + [tuple(_cell(row[name]) for name in COLUMNS) for row in rows]
    widths = [max(len(line[i]) for line in cells) for i in range(len(COLUMNS))]
    return "\n".join(
        "  ".join(cell.ljust(width) for cell, width in zip(line, widths, strict=True)).rstrip()
        for line in cells
    )


def _cell(value: object) -> str:
    if value is None:
        return "never"
    if isinstance(value, bool):
        return "yes" if value else "no"
    text = str(value)
    return text if len(text) <= SPEC_WIDTH else text[: SPEC_WIDTH - 1] + "…"


def coordinators(instances: Iterable[object], jobs: Sequence[Job]) -> list[str]:
    """Where the exclusive schedules' claims go: each coordinator's URL, password masked."""
    if not any(job.options.exclusive for job in jobs):
        return []
    from tomodachi_schedule.runtime.cluster.wiring import COORDINATOR_ATTRIBUTE

    found = []
    for instance in instances:
        coordinator = getattr(instance, COORDINATOR_ATTRIBUTE, None)
        if coordinator is not None:
            found.append(store_label(coordinator.store))
    return sorted(set(found))


def store_label(store: object) -> str:
    """The store's URL as logs show it; an SQLite file by its full path."""
    path = getattr(store, "path", None)
    if path is not None and hasattr(path, "resolve"):
        return f"sqlite://{path.resolve()}"
    return str(getattr(store, "url", store))


def log_schedule_table(jobs: Sequence[Job], instances: Sequence[object]) -> None:
    """One INFO record listing every schedule and, when any is exclusive, the coordinator.

    Built only when INFO is on: at WARNING a start-up computes no next fires and describes
    no schedules for it."""
    if not logger.isEnabledFor(logging.INFO):
        return
    now = datetime.now(timezone.utc)
    rows = schedule_rows(jobs, now)
    stores = coordinators(instances, jobs)
    lines = [f"{len(rows)} schedule(s):", table_text(rows)]
    lines += [f"coordinator for exclusive schedules: {store}" for store in stores]
    fields = {"kind": "schedules", "schedules": rows, "coordinators": stores}
    logger.info("%s", "\n".join(lines), extra=fields)
