"""Data-driven language tests: English == cron (croniter as oracle), and hand-worked fire lists."""

from __future__ import annotations

import re
from datetime import datetime, timezone

import pytest
from croniter import croniter

from tomodachi_schedule.compiler import parse_schedule
from tomodachi_schedule.runtime.engine.zones.names import resolve_zone

from .conftest import case_lines

UTC = timezone.utc
STARTS = (
    datetime(2026, 3, 1, tzinfo=UTC),
    datetime(2026, 7, 15, 13, 37, 11, tzinfo=UTC),
)
CRONITER_FORMS = re.compile(r"^[0-9*,/\- a-z@]+$")  # no L, W or #: croniter reads these right


def _fires(schedule, start: datetime, count: int) -> list[datetime]:
    fires, moment = [], start
    for _ in range(count):
        moment = schedule.next_after(moment)
        if moment is None:
            break
        fires.append(moment)
    return fires


def _oracle_fires(cron: str, start: datetime, count: int) -> list[datetime]:
    """Fires of one or more cron expressions joined by '|', from croniter when it can read them."""
    merged: set[datetime] = set()
    for expr in cron.split("|"):
        if CRONITER_FORMS.match(expr.strip()):
            it = croniter(expr.strip(), start)
            merged.update(it.get_next(datetime).astimezone(UTC) for _ in range(count))
        else:
            merged.update(_fires(parse_schedule(expr.strip(), timezone="UTC"), start, count))
    return sorted(merged)[:count]


EQUIVALENT = [
    tuple(part.strip() for part in line.split("==")) for line in case_lines("equivalent.txt")
]


@pytest.mark.parametrize(("spec", "cron"), EQUIVALENT, ids=[spec for spec, _ in EQUIVALENT])
def test_english_fires_like_its_cron(spec: str, cron: str) -> None:
    schedule = parse_schedule(spec, timezone="UTC")
    for start in STARTS:
        ours = [fire.astimezone(UTC) for fire in _fires(schedule, start, 12)]
        assert ours == _oracle_fires(cron, start, 12)


def _fire_case(line: str):
    spec, zone, after, fires = (part.strip() for part in line.split(";"))
    return (
        (int(spec) if spec.isdigit() else spec),
        zone,
        datetime.fromisoformat(after),
        fires.split(),
    )


FIRES = [_fire_case(line) for line in case_lines("fires.txt")]


@pytest.mark.parametrize(
    ("spec", "zone", "after", "expected"), FIRES, ids=[str(c[0]) for c in FIRES]
)
def test_next_fires(spec, zone: str, after: datetime, expected: list[str]) -> None:
    schedule = parse_schedule(spec, timezone=zone)
    assert [fire.isoformat() for fire in _fires(schedule, after, len(expected))] == expected


def test_bounded_schedule_stops_after_until() -> None:
    schedule = parse_schedule(
        "every day at 12:00 starting 2026-12-01 until 2026-12-02", timezone="UTC"
    )
    assert schedule.next_after(datetime(2026, 12, 2, 12, tzinfo=UTC)) is None


def test_fires_are_in_the_schedule_zone() -> None:
    schedule = parse_schedule("every day at 09:00", timezone="Europe/Stockholm")
    fire = schedule.next_after(datetime(2026, 6, 1, tzinfo=UTC))
    assert fire.tzinfo is not None and fire.utcoffset() == resolve_zone(
        "Europe/Stockholm"
    ).utcoffset(fire)
    assert (fire.hour, fire.minute) == (9, 0)
