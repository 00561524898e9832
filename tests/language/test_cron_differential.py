"""Random 5-field cron text through the whole compiler, against croniter (UTC)."""

from __future__ import annotations

import random
from datetime import datetime, timedelta, timezone

import pytest
from croniter import croniter

from tomodachi_schedule.compiler import parse_schedule
from tomodachi_schedule.compiler.spec.read.parse import parse_spec
from tomodachi_schedule.compiler.spec.rules import cron

UTC = timezone.utc
RANGES = ((0, 59), (0, 23), (1, 31), (1, 12), (0, 6))
NAMES = {3: ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"],
         4: ["sun", "mon", "tue", "wed", "thu", "fri", "sat"]}  # fmt: skip


def _term(rng: random.Random, index: int) -> str:
    low, high = RANGES[index]
    a = rng.randint(low, high - 1)
    b = rng.randint(a + 1, high)  # never a-a: croniter reads it as *
    step = rng.randint(1, max(1, (high - low) // 3))
    name = NAMES.get(index)
    value = name[a - low] if name and rng.random() < 0.4 else str(a)
    return rng.choice([value, f"{value}-{b}", f"*/{step}", f"{a}/{step}", f"{a}-{b}/{step}"])


def _field(rng: random.Random, index: int) -> str:
    if rng.random() < (0.3 if index < 2 else 0.6):
        return "*"
    return ",".join(_term(rng, index) for _ in range(rng.choice((1, 1, 2))))


def _expressions(count: int, seed: int = 2026) -> list[str]:
    rng = random.Random(seed)
    return [" ".join(_field(rng, i) for i in range(5)) for _ in range(count)]


def _covers_whole_day_field(expr: str) -> bool:
    """croniter takes a day field listing every value as unrestricted; we do not."""
    fields = cron.resolve(parse_spec(expr)[0].body)
    return fields.weekdays == 0b1111111 or fields.monthdays == sum(1 << d for d in range(1, 32))


def _weekday_step_reaches_7(expr: str) -> bool:
    """``2/1`` in day-of-week runs to the end of the field, 7 (Sunday, as in cronie); croniter
    stops at 6. A documented difference (docs/semantics.md)."""
    terms = expr.split()[4].split(",")
    starts = [t.split("/") for t in terms if "/" in t and "-" not in t and not t.startswith("*")]
    return any((7 - int(a)) % int(step) == 0 for a, step in starts)


EXPRESSIONS = [
    e
    for e in _expressions(300)
    if not _covers_whole_day_field(e) and not _weekday_step_reaches_7(e)
]
STARTS = (
    datetime(2026, 3, 1, 0, 0, 30, tzinfo=UTC),
    datetime(2027, 11, 17, 13, 59, tzinfo=UTC),
)


@pytest.mark.parametrize("expr", EXPRESSIONS)
def test_compiled_cron_fires_like_croniter(expr: str) -> None:
    schedule = parse_schedule(expr, timezone="UTC")
    for start in STARTS:
        oracle = croniter(expr, start)
        fire = start
        for _ in range(5):
            fire = schedule.next_after(fire)
            assert fire == oracle.get_next(datetime).astimezone(UTC), expr
            assert fire - start < timedelta(days=5 * 366 * 8)
