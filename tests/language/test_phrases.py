"""The phrase corpus: every accepted phrase fires as its human reading says; ambiguous ones refuse.

``cases/phrases.txt`` holds one phrase per line with its meaning, written independently of the
compiler as predicates on the local date and time (see `_meaning`); `wallclock_model` turns a
meaning into fires by scanning the wall clock. Each phrase is checked in three zones, over the
daylight saving nights of each and over two years from 2026-01-01, and its `explain()` text
must read back as a spec with the same fires. ``cases/ambiguous.txt`` lists
phrases that must be refused with a hint naming each reading.
"""

from __future__ import annotations

import calendar
import re
from datetime import date, datetime, time, timedelta
from functools import cache
from itertools import islice
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from tomodachi_schedule.compiler import parse_schedule
from tomodachi_schedule.errors import ScheduleError

from .conftest import case_lines
from .wallclock_model import UTC, fires_of_walls, model_fires

ZONES = ("UTC", "Europe/Stockholm", "America/New_York")
# local dates around each zone's 2026 transitions (a plain weekend for UTC)
NIGHTS = {
    "UTC": ((date(2026, 3, 28), date(2026, 3, 30)),),
    "Europe/Stockholm": ((date(2026, 3, 28), date(2026, 3, 30)), (date(2026, 10, 24), date(2026, 10, 26))),
    "America/New_York": ((date(2026, 3, 7), date(2026, 3, 9)), (date(2026, 10, 31), date(2026, 11, 2))),
}  # fmt: skip
LONG_RUN = (date(2026, 1, 1), date(2027, 12, 31))
FIRST_FIRES = 40


def _helpers(d: date) -> dict:
    """The names a meaning's day predicate may use, for the local date ``d``."""
    length = calendar.monthrange(d.year, d.month)[1]
    return {
        "d": d, "wd": d.weekday(), "day": d.day, "month": d.month, "year": d.year,
        "nth": (d.day - 1) // 7 + 1, "last": d.day + 7 > length, "dim": length,
        "days": (d - date(1970, 1, 1)).days, "weeks": (d - date(1969, 12, 29)).days // 7,
        "months": (d.year - 1970) * 12 + d.month - 1,
    }  # fmt: skip


class Meaning:
    """``DAYS @ TIMES || DAYS @ TIMES``: wall times where a day predicate and a time predicate
    hold; or ``elapsed N`` (every N seconds counted from the epoch)."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.elapsed = int(text.split()[1]) if text.startswith("elapsed") else None
        self.terms = [] if self.elapsed else [self._term(part) for part in text.split("||")]

    @staticmethod
    def _term(part: str):
        days, times = (side.strip() for side in part.split("@"))
        day_test = eval(f"lambda h: {days}")  # noqa: S307 (test data written in this repo)
        time_test = eval(f"lambda h, m, s: {times}")  # noqa: S307
        seconds = range(60) if re.search(r"\bs\b", times) else (0,)
        table = [
            (hh, mm, ss)
            for hh in range(24)
            for mm in range(60)
            for ss in seconds
            if time_test(hh, mm, ss)
        ]
        return day_test, table

    def walls(self, first: date, last: date, limit: int | None = None) -> list[datetime]:
        found = []
        day = first
        while day <= last and (limit is None or len(found) < limit):
            helpers = _helpers(day)
            for day_test, table in self.terms:
                if day_test(helpers):
                    found += [datetime.combine(day, time(*t)) for t in table]
            day += timedelta(days=1)
        return sorted(set(found))


def _parse_line(line: str):
    phrase, meaning, *zones = (part.strip() for part in line.split(";;"))
    return phrase, meaning, tuple(zones[0].split()) if zones else ZONES


PHRASES = [_parse_line(line) for line in case_lines("phrases.txt")]


@cache
def _meaning(text: str) -> Meaning:
    # the day predicate sees the helpers as a dict: rewrite bare names to lookups
    names = "|".join(_helpers(date(2026, 1, 1)))
    rewritten = [
        (
            re.sub(rf"\b({names})\b", r"h['\1']", part.split("@")[0]) + "@" + part.split("@")[1]
            if "@" in part
            else part
        )
        for part in text.split("||")
    ]
    return Meaning("||".join(rewritten))


def _model(meaning: Meaning, zone: str, first: date, last: date, clock: bool) -> list[datetime]:
    return fires_of_walls(meaning.walls(first, last), zone, clock)


def _follows_clock(meaning: Meaning) -> bool:
    """The union's hours: does the schedule fire in every hour of the day?"""
    hours = {t[0] for _, table in meaning.terms for t in table}
    return len(hours) == 24


def _local_midnight(day: date, zone: str) -> datetime:
    return datetime.combine(day, time()).replace(tzinfo=ZoneInfo(zone)).astimezone(UTC)


def _engine(schedule, start: datetime, end: datetime | None, limit: int | None) -> list[datetime]:
    fires = []
    for fire in islice(schedule.iter_after(start - timedelta(microseconds=1)), limit):
        if end is not None and fire >= end:
            break
        fires.append(fire.astimezone(UTC))
        if limit is None and len(fires) > 20000:
            raise AssertionError("runaway schedule")
    return fires


def _check_wall_clock(spec: str, meaning: Meaning, zone: str) -> None:
    schedule = parse_schedule(spec, timezone=zone)
    clock = _follows_clock(meaning)
    for first, last in NIGHTS.get(zone, NIGHTS["Europe/Stockholm"] + NIGHTS["America/New_York"]):
        start, end = _local_midnight(first, zone), _local_midnight(last + timedelta(days=1), zone)
        expected = [f for f in _model(meaning, zone, first, last, clock) if start <= f < end]
        assert _engine(schedule, start, end, None) == expected, (spec, zone, first)
    walls = meaning.walls(*LONG_RUN, limit=FIRST_FIRES)
    if walls:
        last_day = walls[-1].date()
        expected = _model(meaning, zone, LONG_RUN[0], last_day, clock)[:FIRST_FIRES]
        start = _local_midnight(LONG_RUN[0], zone)
        assert _engine(schedule, start, None, len(expected)) == expected, (spec, zone, "long run")


def _check_elapsed(spec: str, every: int, zone: str) -> None:
    schedule = parse_schedule(spec, timezone=zone)
    start = datetime(2026, 3, 29, 0, 30, tzinfo=UTC)
    first = int(start.timestamp()) // every * every + every
    expected = [datetime.fromtimestamp(first + k * every, UTC) for k in range(50)]
    assert _engine(schedule, start + timedelta(microseconds=1), None, 50) == expected


def check_phrase(spec: str, meaning_text: str, zones) -> None:
    spec = int(spec) if spec.isdigit() else spec  # a number alone is interval=N, as in Python
    meaning = _meaning(meaning_text)
    for zone in zones:
        if meaning.elapsed is not None:
            _check_elapsed(spec, meaning.elapsed, zone)
        else:
            _check_wall_clock(spec, meaning, zone)


@pytest.mark.parametrize(("spec", "meaning", "zones"), PHRASES, ids=[p for p, _, _ in PHRASES])
def test_phrase_fires_as_a_person_means(spec: str, meaning: str, zones) -> None:
    check_phrase(spec, meaning, zones)


@pytest.mark.parametrize(("spec", "meaning", "zones"), PHRASES, ids=[p for p, _, _ in PHRASES])
def test_explain_reads_back(spec: str, meaning: str, zones) -> None:
    """What explain() prints (after any ``cron '...':`` prefix) is a spec with the same fires."""
    for zone in zones[:2]:
        sentence = parse_schedule(int(spec) if spec.isdigit() else spec, timezone=zone).explain()
        sentence = re.sub(r"^cron '[^']*': ", "", sentence)
        check_phrase(sentence, meaning, (zone,))


def _ambiguous_case(line: str):
    spec, readings = (part.strip() for part in line.split(";;"))
    return spec, [r.strip() for r in readings.split("|")]


AMBIGUOUS = [_ambiguous_case(line) for line in case_lines("ambiguous.txt")]


@pytest.mark.parametrize(("spec", "readings"), AMBIGUOUS, ids=[a for a, _ in AMBIGUOUS])
def test_ambiguous_phrase_is_refused_naming_each_reading(spec: str, readings: list[str]) -> None:
    with pytest.raises(ScheduleError) as caught:
        parse_schedule(spec, timezone="UTC")
    text = str(caught.value)
    assert "read two ways" in text or "can apply to" in text or "does that time" in text, text
    for reading in readings:
        assert reading in text, (reading, text)
        # each reading offered is itself accepted
        if reading.startswith("'") and reading.endswith("'"):
            parse_schedule(reading[1:-1], timezone="UTC")


def test_the_corpus_is_large() -> None:
    assert len(PHRASES) >= 300 and len(AMBIGUOUS) >= 10


def test_every_example_of_the_language_page_is_in_a_corpus() -> None:
    page = (Path(__file__).parents[2] / "docs" / "language.md").read_text(encoding="utf-8")
    explained = re.findall(r"^\| `([^`]+)` \| (?!`)", page, flags=re.MULTILINE)
    forms = {"*", "?", "Lwed-fri", "L"}  # rows of the cron syntax table, not specs
    known = {spec for spec, _, _ in PHRASES} | {spec for spec, _ in AMBIGUOUS}
    table = page.split("| spec | the two readings |", 1)[1].split("\n\n", 1)[0]
    for row in table.splitlines()[2:]:
        explained += re.findall(r"`([^`]+)`", row.split(" | ")[0])
    assert [spec for spec in explained if spec not in known | forms] == []


def test_model_reads_dst_as_documented() -> None:
    """The model itself: 02:30 on Stockholm's nights, and a grid that follows the clock."""

    def at_0230(d, h, m, s):
        return h == 2 and m == 30

    night = {"zone": "Europe/Stockholm"}
    spring = model_fires(at_0230, first=date(2026, 3, 29), last=date(2026, 3, 29), **night)
    assert spring == [datetime(2026, 3, 29, 1, 30, tzinfo=UTC)]  # 03:30 CEST, shifted by the gap
    fall = model_fires(at_0230, first=date(2026, 10, 25), last=date(2026, 10, 25), **night)
    assert fall == [datetime(2026, 10, 25, 0, 30, tzinfo=UTC)]  # the first 02:30 only
    both = model_fires(
        at_0230, first=date(2026, 10, 25), last=date(2026, 10, 25), clock=True, **night
    )
    assert both == [
        datetime(2026, 10, 25, 0, 30, tzinfo=UTC),
        datetime(2026, 10, 25, 1, 30, tzinfo=UTC),
    ]
    every_7 = model_fires(
        lambda d, h, m, s: (h * 60 + m) % 7 == 0,
        first=date(2026, 10, 25),
        last=date(2026, 10, 25),
        **night,
    )
    repeated = [minute for minute in range(120, 180) if minute % 7 == 0]  # 02:00-02:59
    assert len(every_7) == 1440 // 7 + 1 + len(repeated)  # the repeated hour again, by the clock
