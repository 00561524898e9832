"""The common-English reader against lark's parser and the transformer: the same nodes, words,
leads and spans, or it declines and lark reads the phrase."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tomodachi_schedule.compiler import compile_spec, parse_schedule
from tomodachi_schedule.compiler.spec import nodes as n
from tomodachi_schedule.compiler.spec.read.english_quick import quick_english
from tomodachi_schedule.compiler.spec.read.parse import parse_spec
from tomodachi_schedule.errors import ScheduleError
from tomodachi_schedule.runtime.engine.record import fields

from .corpus_specs import corpus_specs

CASES = Path(__file__).parent / "cases"


def _everything(node: object) -> object:
    """A node as plain data with every field, those left out of ``==`` (words, leads, spans)
    included."""
    if isinstance(node, tuple):
        return tuple(_everything(item) for item in node)
    if isinstance(node, n.Node):
        values = {name: _everything(getattr(node, name)) for name, _ in fields(node)}
        return (type(node).__name__, values)
    return node


def _lark(text: str):
    """lark's AST of ``text``, or None when lark refuses it or reports a problem."""
    try:
        tree, problems = parse_spec(text)
    except ScheduleError:
        return None
    return None if problems else tree


def _assert_agrees(text: str) -> None:
    quick = quick_english(text)
    if quick is None:
        return
    assert _everything(quick) == _everything(_lark(text)), text
    full = _outcome(lambda: compile_spec(text, timezone="Europe/Stockholm").schedule)
    assert _outcome(lambda: parse_schedule(text, timezone="Europe/Stockholm")) == full, text


def _outcome(compile_it):
    """The schedule and its words, or the rendered error."""
    try:
        schedule = compile_it()
    except ScheduleError as error:
        return error.render()
    return schedule, schedule.explain()


def test_every_corpus_phrase_it_reads_is_what_lark_reads():
    read = [text for text in corpus_specs() if quick_english(text) is not None]
    assert len(read) > 80  # most everyday phrases: this compares something
    for text in read:
        _assert_agrees(text)


SEPARATORS = st.sampled_from([" and ", ", ", ", and ", " or ", ",\nand ", " , ", " and and "])
DAYS = st.sampled_from(
    ["monday", "Fri", "tues", "thursdays", "weekday", "weekends", "workdays", "week day",
     "december 25", "Dec 1", "may 32", "feb 30", "march", "the 1st", "15", "sun", "1st", "15TH",
     "the 2nd", "the 3rd of the month", "31st of every month", "the 0th", "the 32nd", "the 1th",
     "the 15th of month", "the 5th of the day", "the 2nd to last", "the 1st monday",
     "the 4th of july", "the 22nd of each month", "the\n1st", "the 1st-", "25 december",
     "24th Dec", "december 24th", "3 may", "1st jan", "may 3rd 2027", "december 24 and 25th"]
)  # fmt: skip
TIMES = st.sampled_from(
    ["09:00", "9:30", "23:59:30", "24:00", "9am", "12PM", "13pm", "0am", "noon", "midnight",
     "7", "25", "9 am", "at 10:00", ":15", "12:15 am", "5\tPM", "9  pm", "9\nam", "9 a.m.",
     "9 amsterdam", "10:30:15 pm", "13 am"]
)  # fmt: skip
UNITS = st.sampled_from(
    ["day", "days", "week", "minutes", "hour", "hrs", "seconds", "second", "month", "year", "m"]
)
MONTHS = st.sampled_from(["july", "Dec", "sept", "may", "march 5", "monday", "the 1st"])
DATES = st.sampled_from(
    ["2027-06-30", "2027-6-3", "2027-02-30", "2027-13-01", "2027-06-30 12:00", "2027-06-30T12:00",
     "2027-06-30 9am", "2027-06-30\n12:00", "2027-06-30t", "2027-06-300", "27-06-30", "2027-06-30,"]
)  # fmt: skip
BOUND_WORDS = st.sampled_from(
    ["until", "Till", "til", "ending on", "starting", "since", "beginning", "starting on",
     "starting\tfrom", "counted from", "counting from", "counted\tfrom", "counted\nfrom",
     "counted", "from"]
)  # fmt: skip
ZONES = st.sampled_from(
    ["UTC", "Europe/Stockholm", "cet", "mars/x", "march", "local time", "2027", "+05:30", "-0800",
     "GMT +1", "gmt+1", "UTC -08:00", "utc\t+1", "UTC\n+1", "+123", "-08", "+5:30", "zulu +1",
     "GMT + 1", "+05:30:00", "+05:3"]
)  # fmt: skip
MARKS = st.sampled_from([":15", ":45", ":00", ":60", ":5", ":150", "9:00", "at :30"])


def listed(words):
    return st.tuples(st.lists(words, min_size=1, max_size=3), SEPARATORS).map(
        lambda parts: parts[1].join(parts[0])
    )


EVERY_CLAUSES = st.one_of(
    st.builds("{} {}".format, st.sampled_from(["every", "each", "every other"]), listed(DAYS)),
    st.builds("every {} {}".format, st.sampled_from(["", "1", "2", "15", "0"]), UNITS),
)
CLAUSES = st.one_of(
    EVERY_CLAUSES,
    st.builds("at {}".format, listed(TIMES)),
    st.builds("on {}".format, listed(DAYS)),
    st.builds(
        "except {}".format,
        st.sampled_from(["", "on "]).flatmap(lambda on: listed(DAYS).map(lambda days: on + days)),
    ),
    st.builds("in {}".format, ZONES),
    st.builds("at {}".format, listed(MARKS)),
    st.builds("except in {}".format, listed(MONTHS)),
    st.builds("{} {}".format, BOUND_WORDS, DATES),
    st.builds("from {} to {}".format, TIMES, TIMES),
    st.builds(
        "{} {}{}{}".format,
        st.sampled_from(["from", "between", "Between"]),
        TIMES,
        st.sampled_from([" and ", " to ", " until ", " till ", ", ", " or ", " - ", " ending on "]),
        TIMES,
    ),
    st.sampled_from(["and", "plus", "the", "of the month", "UTC"]),
)


def phrases(fewest, most):
    """Phrases of `fewest`..`most` clauses, joined by one kind of blank."""
    return st.tuples(
        st.lists(CLAUSES, min_size=fewest, max_size=most), st.sampled_from([" ", "  ", "\t", "\n"])
    ).map(lambda parts: parts[1].join(parts[0]))


# Two halves of one space (1-2 clauses, 3-4 clauses), so that no single test runs for long.
@settings(max_examples=200, deadline=None)
@given(phrases(1, 2))
def test_generated_short_phrases_it_reads_are_what_lark_reads(text):
    _assert_agrees(text)


@settings(max_examples=200, deadline=None)
@given(phrases(3, 4))
def test_generated_long_phrases_it_reads_are_what_lark_reads(text):
    _assert_agrees(text)


UNION_JOINS = st.sampled_from(
    [" and ", ", and ", " plus ", ", plus ", ",plus\t", " AND ", "\tand  ", " and\n", ",\nand "]
)


def unions():
    """Two or three phrases joined by a union word (or spaced so that lark does not see one);
    each phrase after the first starts with an 'every' clause."""
    later = st.tuples(EVERY_CLAUSES, phrases(0, 2)).map(" ".join)
    return st.tuples(phrases(1, 2), st.lists(st.tuples(UNION_JOINS, later), min_size=1, max_size=2))


@settings(max_examples=200, deadline=None)
@given(unions())
def test_generated_unions_it_reads_are_what_lark_reads(parts):
    first, more = parts
    _assert_agrees(first + "".join(join + phrase for join, phrase in more))


ORDINAL_ITEMS = st.sampled_from(
    ["the 1st", "1st", "15th", "the 15TH", "the 2nd of the month", "3rd of every month",
     "the 31st of month", "the 0th", "32nd", "the 1st monday", "2nd to last", "the 4th of july",
     "the 5th of the day", "the 3rd day", "the\t22nd", "monday", "december 24", "the first",
     "the last day", "last day", "the first monday", "first Monday", "the second saturday",
     "second saturday", "the last weekday", "the first weekend", "the 2nd week", "third",
     "the penultimate day", "the last 7 days", "last friday", "the fifth mondays", "3rd day",
     "the third day", "the first workday", "first week day", "the last", "the other monday"]
)  # fmt: skip
AFTER_ORDINALS = st.sampled_from(
    ["", " at 9:00", " of the month", " and every monday at 9", " in UTC", " monday", " day",
     " from 9:00 to 10:00", " to last", " until 2027-01-01", " on mondays", " and"]
)  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(
    st.sampled_from(["", "every day at 9 ", "every month "]),
    st.sampled_from(["on", "except on", "except", "On", ""]),
    listed(ORDINAL_ITEMS),
    AFTER_ORDINALS,
)
def test_generated_ordinal_days_it_reads_are_what_lark_reads(before, lead, days, after):
    _assert_agrees(f"{before}{lead} {days}{after}".strip())


@pytest.mark.parametrize(
    "text",
    ["every weekday at 09:05", "every day at 09:05 in Europe/Stockholm", "at 09:05 and 21:05",
     "every monday and thursday at 09:05", "every 15 minutes from 09:05 to 23:59 on weekdays",
     "every other friday at 09:05", "every day at 09:05 except on december 25",
     "every year on december 24 at 09:05", "each day at 9am in UTC", "every 20 seconds",
     "every monday at 9am and every friday at 5pm", "every day at 9, and each sunday at 10",
     "every weekday at 08:00 plus every saturday at 10:00 in UTC",
     "every day at 12:00 until 2027-06-30", "every day at 9 except in july and august",
     "every 2 weeks on monday at 09:00 counted from 2026-01-05 starting 2026-06-08",
     "every monday at 9 except in july and every friday at 9 except in july",
     "every monday at 09:00 and every month on the 15th at 12:00", "on the 1st, 3rd and 5th",
     "every weekday at 08:00 except on the 1st", "on the 30th of the month at 02:30",
     "last day of month at 23:59", "on the first and third monday of the month at 09:00",
     "on the last weekday of the month", "the 1st and 15th at 08:00",
     "every day at 10:00 in +05:30", "every day at 09:00 in GMT +1",
     "every hour at :15 and :45 from 09:00 to 17:00 on weekdays", "every day at 12:15 am",
     "Every Monday And Thursday At 9 AM", "every year on 24 december at 18:00",
     "every 30 minutes between 9am and 5pm on weekdays"],
)  # fmt: skip
def test_the_common_forms_are_read_without_lark(text):
    assert quick_english(text) is not None
    _assert_agrees(text)


@pytest.mark.parametrize(
    "text",
    ["every monday at 9am and\nevery friday at 5pm", "every second tuesday", "at 9 a.m.",
     "every monday,\nand every friday", "every day at 9 plus\nevery sunday", "and every day",
     "every day and every", "every monday and and every friday",
     "every day at 09:00 UTC", "on the 1st of july", "every day in march", "every morning at 8",
     "every day at 13pm", "every other week", "from 2027-01-01", "every monday,\nand friday"],
)  # fmt: skip
def test_other_forms_are_left_to_lark(text):
    assert quick_english(text) is None


def test_the_short_merge_gives_what_the_full_merge_gives(monkeypatch):
    """`_Reader._merged` skips merge_clauses when it could change nothing."""
    from tomodachi_schedule.compiler.spec.read import english_quick
    from tomodachi_schedule.compiler.spec.read.merges import merge_clauses

    texts = corpus_specs() + ["every 15 minutes every day", "every hour every day from 9 to 17"]
    short = {text: _everything(quick_english(text)) for text in texts}

    def full(reader, clauses):
        return merge_clauses(clauses, reader)

    monkeypatch.setattr(english_quick._Reader, "_merged", full)
    assert {text: _everything(quick_english(text)) for text in texts} == short
    assert sum(tree is not None for tree in short.values()) > 80


def test_tokens_know_where_they_are():
    from tomodachi_schedule.compiler.spec.read.english_tokens import Declined, read_tokens

    read = 0
    for text in corpus_specs() + ["every\tday  at 9am,\nand 10pm in America/Port-au-Prince"]:
        try:
            tokens = read_tokens(text)
        except Declined:
            continue
        read += 1
        for token in tokens:
            assert text[token.start : token.end] == token.raw or token.kind in ("sep", "union")
        gaps = [text[a.end : b.start] for a, b in zip(tokens, tokens[1:])]
        assert all(not gap.strip() for gap in gaps), text
    assert read > 150
