"""Property: what `explain()` says of a spec is itself a spec with the same fires."""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone
from itertools import islice

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tomodachi_schedule.compiler import compile_spec
from tomodachi_schedule.errors import ScheduleError

WEEKDAYS = ("monday", "tue", "Wednesdays", "thu", "friday", "saturday", "sun")
MONTHS = ("january", "feb", "march", "july", "Sep", "december")
MONTH_ABBREVIATIONS = (
    "jan",
    "feb",
    "mar",
    "apr",
    "may",
    "jun",
    "jul",
    "aug",
    "sep",
    "oct",
    "nov",
    "dec",
)
DAY_ABBREVIATIONS = ("sun", "mon", "tue", "wed", "thu", "fri", "sat")
STARTS = (
    datetime(2026, 6, 1, tzinfo=timezone.utc),
    datetime(2026, 3, 28, 12, tzinfo=timezone.utc),
    datetime(2026, 10, 24, 12, tzinfo=timezone.utc),
)
ZONES = ("", " in UTC", " in Europe/Stockholm", " in +05:30", " in America/New_York")


def _english_list(words: list[str]) -> str:
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


def _and(items):
    lists = st.lists(st.sampled_from(items), min_size=1, max_size=4, unique=True)
    return lists.map(_english_list) | lists.map(" and ".join)


times = st.builds(
    lambda h, m, pm: f"{h}:{m:02d}{pm}",
    st.integers(1, 12),
    st.sampled_from((0, 15, 30, 45)),
    st.sampled_from(("am", " pm", "")),
)
ordinals = st.lists(
    st.sampled_from(("1st", "2nd", "15th", "28th", "last day")),
    min_size=1,
    max_size=3,
    unique=True,
)
day_phrases = st.one_of(
    st.just("every day"),
    st.just("every weekday"),
    st.just("on weekends"),
    _and(WEEKDAYS).map("every {}".format),
    ordinals.map(lambda days: "on the " + " and ".join(days)),
    st.builds(
        "on the {} {} of {}".format,
        st.sampled_from(("first", "second", "last", "second to last")),
        st.sampled_from(WEEKDAYS[:5]),
        _and(MONTHS),
    ),
    st.builds("every {} days".format, st.integers(2, 9)),
    st.builds("every other {}".format, st.sampled_from(WEEKDAYS)),
    st.builds(
        "{} counted from 2026-{:02d}-{:02d}".format,
        st.sampled_from(
            ("every other monday", "biweekly", "fortnightly", "every 3 weeks on friday")
            + ("every 4 days", "every 2 months on the 15th", "every 3 years")
        ),
        st.integers(1, 12),
        st.integers(1, 28),
    ),
    st.sampled_from(("biweekly", "fortnightly", "every 2 years", "every 5 weeks on sunday")),
    st.sampled_from(("weekly", "monthly", "yearly", "mondays", "every year on december 24")),
)
sub_day = st.one_of(
    st.builds("every {} minutes".format, st.sampled_from((5, 10, 15, 20, 30, 45, 90))),
    st.builds("every {} hours".format, st.integers(2, 12)),
    st.builds("every {} seconds".format, st.sampled_from((10, 20, 30))),
    st.builds(
        "every {} at :{:02d}".format,
        st.sampled_from(("hour", "2 hours")),
        st.integers(0, 59),
    ),
)
windows = st.builds("from {}:00 to {}:30".format, st.integers(0, 11), st.integers(12, 23)) | (
    st.builds(
        "from {}:00 to {}".format, st.integers(12, 23), st.sampled_from(("midnight", "01:00"))
    )
)
day_specs = st.builds(
    "{} at {}{}{}".format,
    day_phrases,
    _and(("09:00", "noon", "18:30")) | times,
    # august is in no day phrase: "the first monday of july except in july" would never fire
    st.sampled_from(("", " except in august", " except on december 25")),
    st.sampled_from(ZONES),
)
window_specs = st.builds("{} {} on weekdays{}".format, sub_day, windows, st.sampled_from(ZONES))
specs = st.one_of(day_specs, window_specs, sub_day, day_phrases)


def _fires(schedule, count: int = 60) -> list[datetime]:
    """Fires from a plain day and from the night each DST transition of 2026 in Stockholm."""
    found = []
    for start in STARTS:
        found += [
            fire.astimezone(timezone.utc) for fire in islice(schedule.iter_after(start), count)
        ]
    return found


def _reads_back(spec: str | int, zone: str) -> None:
    """explain()'s sentence (after a ``cron '...':`` prefix) compiles to the same fires."""
    schedule = compile_spec(spec, timezone=zone).schedule
    sentence = re.sub(r"^cron '[^']*': ", "", schedule.explain())
    again = compile_spec(sentence, timezone=zone).schedule
    assert _fires(again) == _fires(schedule), (spec, sentence)
    assert again.explain() == sentence  # printing what was read prints the same words


@settings(max_examples=120, deadline=None)
@given(specs, st.sampled_from(("UTC", "Europe/Stockholm")))
def test_explain_of_english_reads_back(spec: str, zone: str) -> None:
    _reads_back(spec, zone)


def _cron_term(draw, low: int, high: int, names=()) -> str:
    a = draw(st.integers(low, high))
    b = draw(st.integers(low, high))
    step = draw(st.integers(1, max(1, (high - low) // 2)))
    value = names[a - low] if names and draw(st.booleans()) else str(a)
    return draw(
        st.sampled_from((value, f"{value}-{b}", f"*/{step}", f"{a}/{step}", f"{a}-{b}/{step}"))
    )


@st.composite
def crons(draw) -> str:
    fields = []
    for low, high, names in (
        (0, 59, ()),
        (0, 23, ()),
        (1, 31, ()),
        (1, 12, MONTH_ABBREVIATIONS),
        (0, 6, DAY_ABBREVIATIONS),
    ):
        if draw(st.integers(0, 9)) < 4:
            fields.append("*")
        else:
            terms = [_cron_term(draw, low, high, names) for _ in range(draw(st.integers(1, 2)))]
            fields.append(",".join(terms))
    if draw(st.integers(0, 9)) < 3:
        fields[2] = draw(st.sampled_from(("L", "L-3", "15W", "1W", "LW", "31")))
    if draw(st.integers(0, 9)) < 3:
        fields[4] = draw(st.sampled_from(("tue#2", "5#5", "Lfri", "L5", "L", "sunL", "mon-fri")))
    if draw(st.integers(0, 9)) < 1:
        fields.append(draw(st.sampled_from(("2026", "2026-2027"))))
    return " ".join(fields)


@settings(max_examples=150, deadline=None)
@given(crons(), st.sampled_from(("UTC", "Europe/Stockholm", "America/New_York")))
def test_explain_of_cron_reads_back(cron: str, zone: str) -> None:
    try:
        compile_spec(cron, timezone=zone)
    except ScheduleError:
        return  # a generated day that no listed month has, and the like: refused, nothing to read
    _reads_back(cron, zone)


@pytest.mark.parametrize(
    "spec",
    ["biweekly", "fortnightly", "every other tuesday", "every 2 weeks on friday at 17:00"],
)
def test_every_other_week_says_which_week(spec: str) -> None:
    """The sentence names a Monday of a counted week, and a fire falls in that week."""
    schedule = compile_spec(spec, timezone="UTC").schedule
    counted = re.search(r" counted from (\d{4}-\d\d-\d\d)$", schedule.explain())
    assert counted, schedule.explain()
    monday = datetime.fromisoformat(counted.group(1)).replace(tzinfo=timezone.utc)
    assert monday.weekday() == 0
    first = schedule.next_after(monday - timedelta(seconds=1))
    assert first is not None and first - monday < timedelta(days=7)
    _reads_back(spec, "UTC")


def test_a_starting_date_says_the_anchor_alone() -> None:
    text = compile_spec("every other monday starting 2026-06-08", timezone="UTC").schedule.explain()
    assert "counted from" not in text and text.endswith("starting 2026-06-08")


@pytest.mark.parametrize(
    "spec, sentence",
    [
        ("every 2 seconds from 9am to midnight", "every 2 seconds from 09:00 to 00:00"),
        ("every 2 seconds from 22:00 to 02:00", "every 2 seconds from 22:00 to 02:00"),
        ("every 15 minutes from 9am to midnight", "every 15 minutes from 09:00 to 00:00"),
        (
            "every 5 minutes from 08:00 to 10:00 and from 14:00 to 16:00",
            "every 5 minutes from 08:00 to 10:00 and from 14:00 to 16:00",
        ),
        ("every 10 seconds from 9am to midnight on weekdays", None),
    ],
)
def test_a_grid_in_windows_reads_as_its_windows_not_as_every_time(spec, sentence) -> None:
    """A window that closes at midnight or runs past it was read back as every one of its
    times (267,328 characters for the first spec, longer than a spec may be)."""
    said = compile_spec(spec, timezone="Europe/Stockholm").schedule.explain()
    assert len(said) < 120, said[:200]
    if sentence is not None:
        assert said == sentence + " in Europe/Stockholm"
    _reads_back(spec, "Europe/Stockholm")
    _reads_back(spec, "UTC")
