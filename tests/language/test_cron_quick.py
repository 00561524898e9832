"""The plain-cron fast path against the full path (reader, AST, validation, lowering): the same
schedule and the same words, or it declines and the full path answers (and reports) instead."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from tomodachi_schedule.compiler import compile_spec, parse_schedule
from tomodachi_schedule.compiler.spec.read.cron_quick import quick_cron_fields
from tomodachi_schedule.errors import ScheduleError

from .corpus_specs import corpus_specs

CASES = Path(__file__).parent / "cases"
# per field: its numbers (and one past each end), its names, and a few values it refuses
RANGES = ((0, 59), (0, 23), (1, 31), (1, 12), (0, 7))
NAMES = ((), (), (), ("jan", "Feb", "jun", "NOV", "dec"), ("mon", "FRI", "sat", "Sun", "tue"))
ODD = st.sampled_from(["?", "L", "xyz", "05", "L5"])
STEPS = st.sampled_from(["0", "1", "2", "3", "7", "40"])


def values(index: int):
    low, high = RANGES[index]
    numbers = st.integers(low - 1, high + 1).map(str)
    names = st.sampled_from(NAMES[index]) if NAMES[index] else numbers
    return st.one_of(numbers, numbers, names, ODD)


@st.composite
def items(draw, index: int) -> str:
    """One cron item of field ``index``: a value, a range, a step of either, ``*`` or ``*/n``."""
    form = draw(st.sampled_from(["value", "range", "step", "range-step", "star", "star-step"]))
    if form.startswith("star"):
        return "*" + ("/" + draw(STEPS) if form == "star-step" else "")
    value = draw(values(index))
    if form in ("range", "range-step"):
        value += "-" + draw(values(index))
    return value + ("/" + draw(STEPS) if form.endswith("step") else "")


def fields(index: int):
    return st.one_of(st.just("*"), st.lists(items(index), min_size=1, max_size=3).map(",".join))


CRONS = st.tuples(
    st.tuples(*(fields(index) for index in range(5))),
    st.sampled_from([" ", "  ", "\t", " \n "]),
).map(lambda parts: parts[1].join(parts[0]))


def _full(text: str, zone: str | None):
    """The full path's schedule, or the error it reports."""
    try:
        return compile_spec(text, timezone=zone).schedule
    except ScheduleError as error:
        return error


def _assert_agrees(text: str, zone: str | None = "Europe/Stockholm") -> None:
    if quick_cron_fields(text) is None:
        return  # declined: parse_schedule takes the full path
    full = _full(text, zone)
    assert not isinstance(full, ScheduleError), f"{text!r}: the fast path accepts what is refused"
    quick = parse_schedule(text, timezone=zone)
    assert quick == full, text
    assert quick.spec == full.spec == text
    assert quick.explain() == full.explain(), text


@settings(max_examples=200, deadline=None)
@given(CRONS)
@example("0 9 * * mon-fri")
@example("*/15 22-2 * nov-feb fri-mon")
@example("0 0 31 2,4 *")
@example("0 0 30 2 *")
@example("0 0 29 2 *")
@example("5/20 7/2 1-31/7 */5 7/2")
@example("0 0 * * 0,7")
@example("0 0 1 1 */0")
def test_generated_crons_give_what_the_full_path_gives(text):
    _assert_agrees(text)


@pytest.mark.parametrize("zone", [None, "UTC", "America/New_York"])
def test_every_corpus_cron_it_reads_gives_what_the_full_path_gives(zone):
    crons = [
        s
        for s in corpus_specs(("phrases.txt", "errors.txt", "fires.txt", "equivalent.txt"))
        if quick_cron_fields(s) is not None
    ]
    assert len(crons) > 20  # the corpus holds plain crons: this test compares something
    for text in crons:
        _assert_agrees(text, zone)


def test_a_zone_that_does_not_resolve_is_reported_by_the_full_path():
    with pytest.raises(ScheduleError) as error:
        parse_schedule("0 9 * * *", timezone="Mars/Olympus")
    with pytest.raises(ScheduleError) as full:
        compile_spec("0 9 * * *", timezone="Mars/Olympus")
    assert error.value.render() == full.value.render()


@pytest.mark.parametrize(
    "text",
    ["0 9 * * mon-fri", "*/5 * * * *", " 0  9 * jan-jun 1,3,5 ", "0 0 1,15 * *", "0 12 * * 7"],
)
def test_plain_crons_take_the_fast_path(text):
    assert quick_cron_fields(text) is not None


@pytest.mark.parametrize(
    "text",
    ["0 0 L * *", "0 0 * * 5L", "0 0 15W * *", "0 0 * * tue#2", "0 0 ? * *", "0 0 * * * 2027",
     "0 0 *,1 * *", "@daily", "0 0 31 2 *", "60 * * * *", "*/0 * * * *", "0 0 * * fry"],
)  # fmt: skip
def test_other_crons_and_errors_take_the_full_path(text):
    assert quick_cron_fields(text) is None


@pytest.mark.parametrize("text", ["0 9 * * mon-fri", "0 0 L * *", "every day at 09:00"])
def test_a_copy_says_what_the_original_says(text):
    import copy
    import pickle

    schedule = parse_schedule(text, timezone="UTC")
    words = schedule.explain()
    assert words.startswith("cron '") == text[0].isdigit()
    assert copy.copy(schedule).explain() == words
    assert pickle.loads(pickle.dumps(schedule)).explain() == words


def test_a_field_text_means_what_its_field_says_wherever_it_was_met_before():
    # the masks are cached by field kind and text: "1-5" as minutes, hours, days and weekdays
    read = quick_cron_fields("1-5 1-5 1-5 1-5 1-5")
    assert read is not None
    fields, _ = read
    assert fields.minutes == fields.hours == fields.monthdays == fields.months == 0b111110
    assert fields.weekdays == 0b11111  # monday..friday, counted from monday = bit 0
    assert not fields.monthday_any and not fields.weekday_any
    again = quick_cron_fields("0 0 * * 1-5")
    assert again is not None and again[0].monthday_any and again[0].weekdays == 0b11111
