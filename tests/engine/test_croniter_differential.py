"""Differential test against croniter on random standard 5-field crons in UTC.

The cron strings and the equivalent `Calendar` objects are built side by side here (the
compiler is not involved). Avoided on purpose: croniter reads ``5-5`` as ``*``; a day field
that lists every value is treated by croniter as unrestricted, so we never generate one.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta, timezone

import pytest
from croniter import croniter

from tomodachi_schedule.runtime import Calendar, DaySet, MonthDays, WeekDays

UTC = timezone.utc
FIELDS = {"minute": (0, 59), "hour": (0, 23), "dom": (1, 31), "month": (1, 12), "dow": (0, 6)}
MONTH_NAMES = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
DOW_NAMES = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"]


def random_term(rng: random.Random, low: int, high: int) -> tuple[str, set[int]]:
    kind = rng.choice(["value", "range", "step", "start_step", "range_step"])
    a = rng.randint(low, high - 1)
    b = rng.randint(a + 1, high)  # a < b: croniter reads a-a as *
    n = rng.randint(1, max(1, (high - low) // 2))
    if kind == "value":
        return str(a), {a}
    if kind == "range":
        return f"{a}-{b}", set(range(a, b + 1))
    if kind == "step":
        return f"*/{n}", set(range(low, high + 1, n))
    if kind == "start_step":
        return f"{a}/{n}", set(range(a, high + 1, n))
    return f"{a}-{b}/{n}", set(range(a, b + 1, n))


def random_field(rng: random.Random, name: str, star_weight: float) -> tuple[str, set[int] | None]:
    """A field's text and its values (None for ``*``)."""
    low, high = FIELDS[name]
    if rng.random() < star_weight:
        return "*", None
    terms = [random_term(rng, low, high) for _ in range(rng.choice([1, 1, 1, 2, 3]))]
    values = set().union(*(v for _, v in terms))
    if name in ("dom", "dow") and len(values) == high - low + 1:
        return "*", None  # croniter would take a full list as unrestricted
    text = ",".join(t for t, _ in terms)
    if name == "month" and len(terms) == 1 and len(values) == 1 and rng.random() < 0.5:
        text = MONTH_NAMES[min(values) - 1]
    if name == "dow" and len(terms) == 1 and len(values) == 1 and rng.random() < 0.5:
        text = rng.choice(
            [DOW_NAMES[min(values)], "7" if values == {0} else DOW_NAMES[min(values)]]
        )
    return text, values


def mask(values: set[int] | None, full: int) -> int:
    return full if values is None else sum(1 << v for v in values)


def random_case(rng: random.Random) -> tuple[str, Calendar]:
    texts, values = {}, {}
    for name, star in (("minute", 0.2), ("hour", 0.4), ("dom", 0.6), ("month", 0.6), ("dow", 0.6)):
        texts[name], values[name] = random_field(rng, name, star)
    days = DaySet(
        months=mask(values["month"], 0b1_1111_1111_1110),
        monthdays=None if values["dom"] is None else MonthDays(days=mask(values["dom"], 0)),
        weekdays=(
            None
            if values["dow"] is None
            else WeekDays(days=sum(1 << ((v - 1) % 7) for v in values["dow"]))
        ),
        combine="or",
    )
    calendar = Calendar(
        minutes=mask(values["minute"], (1 << 60) - 1),
        hours=mask(values["hour"], (1 << 24) - 1),
        days=days,
        zone="UTC",
    )
    return " ".join(texts[name] for name in FIELDS), calendar


def random_instant(rng: random.Random) -> datetime:
    start = datetime(1995, 1, 1, tzinfo=UTC)
    return start + timedelta(
        seconds=rng.randint(0, 60 * 365 * 86400), microseconds=rng.choice([0, 0, 250_000])
    )


@pytest.mark.parametrize("chunk", range(5))  # 2,500 random crons, 500 per test
def test_next_fires_agree_with_croniter_on_random_crons(chunk):
    rng = random.Random(20261127 + chunk)
    checked = 0
    for _ in range(500):
        expression, calendar = random_case(rng)
        after = random_instant(rng)
        oracle = croniter(expression, after, day_or=True)
        fire = after
        for _ in range(3):
            expected = oracle.get_next(datetime)
            fire = calendar.next_after(fire)
            assert fire == expected, (expression, after, fire, expected)
            assert fire.tzinfo is calendar.tzinfo
            checked += 1
    assert checked == 1500


@pytest.mark.parametrize(
    "expression",
    [
        "*/5 * * * *",
        "0 9 * * mon-fri",
        "1/2 8-18 * * mon-fri",
        "0 0 29 2 *",
        "0 0 31 * *",
        "15 10 1,15 * 5",
    ],
)
def test_seed_and_benchmark_crons_iterate_like_croniter(expression):
    texts = expression.split()
    after = datetime(2026, 1, 1, tzinfo=UTC)
    oracle = croniter(expression, after)
    fires = []
    calendar = _calendar_for(texts)
    for fire in calendar.iter_after(after):
        fires.append(fire)
        if len(fires) == 200:
            break
    assert fires == [oracle.get_next(datetime) for _ in range(200)]


def _number(text: str) -> int:
    return DOW_NAMES.index(text) if text in DOW_NAMES else int(text)


def _expand(text: str, low: int, high: int) -> set[int] | None:
    """Values of a plain cron field (numbers, weekday names, ranges, steps, lists); None for *."""
    if text == "*":
        return None
    values: set[int] = set()
    for term in text.split(","):
        base, _, step = term.partition("/")
        first, _, last = base.partition("-")
        start = low if first == "*" else _number(first)
        stop = _number(last) if last else (high if step or first == "*" else start)
        values |= set(range(start, stop + 1, int(step or 1)))
    return values


def _calendar_for(texts: list[str]) -> Calendar:
    """The calendar of a plain 5-field cron, expanded naively."""
    minute, hour, dom, month, dow = (_expand(t, *FIELDS[n]) for t, n in zip(texts, FIELDS))
    return Calendar(
        minutes=mask(minute, (1 << 60) - 1),
        hours=mask(hour, (1 << 24) - 1),
        days=DaySet(
            months=mask(month, 0b1_1111_1111_1110),
            monthdays=None if dom is None else MonthDays(days=mask(dom, 0)),
            weekdays=None if dow is None else WeekDays(days=sum(1 << ((v - 1) % 7) for v in dow)),
        ),
        zone="UTC",
    )
