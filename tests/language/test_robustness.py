"""Any text gives a schedule or a ScheduleError: never another exception, never a traceback."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from tomodachi_schedule.compiler import parse_schedule
from tomodachi_schedule.errors import ScheduleError

WORDS = (
    ":15",
    "july",
    "09:00-09:30",
    "3rd",
    "of the month",
    "2026-12-01T10:00:00+01:00",
    "every",
    "each",
    "at",
    "on",
    "in",
    "from",
    "to",
    "between",
    "and",
    ",",
    "the",
    "of",
    "last",
    "first",
    "second",
    "other",
    "day",
    "days",
    "week",
    "month",
    "year",
    "hour",
    "minutes",
    "monday",
    "fri",
    "weekdays",
    "weekend",
    "january",
    "dec",
    "1st",
    "15th",
    "31st",
    "noon",
    "midnight",
    "9am",
    "13pm",
    "09:00",
    "25:61",
    "2026-12-01",
    "2026-02-30",
    "2026-12-01 10:00",
    "until",
    "starting",
    "except",
    "UTC",
    "Europe/Stockholm",
    "Mars/Olympus",
    "+05:30",
    "cron",
    '"0 0 * * *"',
    "'* *'",
    "0",
    "5",
    "*",
    "*/0",
    "?",
    "L",
    "LW",
    "15W",
    "Ltue",
    "tue#2",
    "@daily",
    "@nope",
    "1-5",
    "fri-mon",
    "-",
    "/",
    "once",
    "per",
    "s",
    "5s",
    "1m",
    "hourly",
    "weekly",
    "to last",
    "2000",
    "2027",
)


def _compiles_or_explains(spec) -> None:
    try:
        schedule = parse_schedule(spec, timezone="UTC")
    except ScheduleError as error:
        assert error.render()  # renders without raising
        # every problem points into the spec: no spanless error leaks from a runtime constructor
        assert all(d.span is not None for d in error.diagnostics), error.render()
    else:
        assert schedule.explain()


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(WORDS), min_size=1, max_size=7).map(" ".join))
def test_word_salad_never_crashes(spec: str) -> None:
    _compiles_or_explains(spec)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=30))
def test_any_text_never_crashes(spec: str) -> None:
    _compiles_or_explains(spec)


CLAUSES = (
    "every day", "at 09:00", "every 15 minutes", "from 08:00 to 18:00", "on weekends", "on the 1st",
    "in july", "in UTC", "starting 2026-12-01", "until 2027-01-01", "except on mondays",
    "except in july", "at :30", "every hour", "every 2 weeks", "on december 25", "on 2026-12-01",
    'cron "0 0 * * *"', "every other monday", "2026-12-01 10:00", "every friday", "on the 13th",
    "on the last day of the month", "every 20 seconds", "weekly", "between 22:00 and 02:00",
    "on the last tuesday of january", "every 3 months", "in +05:30", "except on december 25",
)  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(CLAUSES), min_size=1, max_size=4).map(" ".join))
def test_valid_clauses_in_any_combination_never_crash(spec: str) -> None:
    _compiles_or_explains(spec)
