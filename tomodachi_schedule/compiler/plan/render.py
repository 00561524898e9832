"""The agenda as text (aligned columns) or as JSON lines (one object per fire, stable keys)."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from datetime import datetime, tzinfo

from tomodachi_schedule.compiler.plan.agenda import NOTES, PlannedFire, utc, zone_name
from tomodachi_schedule.compiler.plan.sources import PlannedSchedule

JSON_KEYS = ("time", "utc", "local_time", "zone", "service", "schedule", "spec", "dst", "note")
HEADER = ("TIME", "LOCAL TIME", "SERVICE", "SCHEDULE", "SPEC", "NOTE")


def json_lines(
    fires: Iterable[PlannedFire], schedules: list[PlannedSchedule], display: tzinfo
) -> Iterator[str]:
    """One JSON object per fire, keys in `JSON_KEYS` order."""
    for fire in fires:
        planned = schedules[fire.row]
        record = {
            "time": fire.at.astimezone(display).isoformat(),
            "utc": utc(fire.at).isoformat().replace("+00:00", "Z"),
            "local_time": fire.at.isoformat(),
            "zone": zone_name(fire.at.tzinfo),
            "service": planned.service,
            "schedule": planned.name,
            "spec": planned.spec,
            "dst": fire.dst,
            "note": NOTES.get(fire.dst) if fire.dst else None,
        }
        yield json.dumps(record, ensure_ascii=False)


def text_lines(
    fires: Iterable[PlannedFire], schedules: list[PlannedSchedule], display: tzinfo
) -> Iterator[str]:
    """A header and one aligned row per fire; the local time only where its zone differs."""
    shown = zone_name(display)
    rows = [_text_row(fire, schedules[fire.row], display, shown) for fire in fires]
    if not rows:
        return
    widths = [max(len(row[i]) for row in (HEADER, *rows)) for i in range(len(HEADER) - 1)]
    for row in (HEADER, *rows):
        cells = [cell.ljust(width) for cell, width in zip(row, widths, strict=False)]
        yield "  ".join([*cells, row[-1]]).rstrip()


def _text_row(
    fire: PlannedFire, planned: PlannedSchedule, display: tzinfo, shown: str
) -> tuple[str, ...]:
    own = zone_name(fire.at.tzinfo)
    local = "" if own == shown else f"{_clock(fire.at)} {own}"
    note = NOTES[fire.dst] if fire.dst else ""
    spec = planned.spec if len(planned.spec) <= 40 else planned.spec[:39] + "…"
    return (_clock(fire.at.astimezone(display)), local, planned.service, planned.name, spec, note)


def _clock(at: datetime) -> str:
    """``2026-03-29 03:30:00 +02:00``: the offset shows which side of a DST change it is."""
    offset = at.strftime("%z")
    return f"{at:%Y-%m-%d %H:%M:%S} {offset[:3]}:{offset[3:]}"
