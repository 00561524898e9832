"""The regex cron reader against lark's cron parser: same nodes and spans, or it declines."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tomodachi_schedule.compiler import parse_schedule
from tomodachi_schedule.compiler.spec import nodes as n
from tomodachi_schedule.compiler.spec.read.cron_reader import read_cron
from tomodachi_schedule.compiler.spec.read.cron_transform import CronTransformer
from tomodachi_schedule.compiler.spec.read.parse import _run, _transform
from tomodachi_schedule.compiler.spec.rules.node_walk import walk
from tomodachi_schedule.errors import ScheduleError

VALUES = st.sampled_from(
    [
        "0",
        "5",
        "15",
        "*",
        "?",
        "L",
        "W",
        "LW",
        "15W",
        "2L",
        "Ltue",
        "tueL",
        "jan",
        "mon",
        "MON",
    ]
)
NUMBERS = st.sampled_from(["1", "2", "10", "0"])


@st.composite
def items(draw) -> str:
    """One cron item, as cron.lark spells it: value, range, step or nth."""
    value = draw(VALUES)
    form = draw(st.sampled_from(["value", "range", "step", "range-step", "nth"]))
    if form in ("range", "range-step"):
        value += "-" + draw(VALUES)
    if form in ("step", "range-step"):
        value += "/" + draw(NUMBERS)
    return value + "#" + draw(NUMBERS) if form == "nth" else value


FIELDS = st.lists(items(), min_size=1, max_size=3).map(",".join)
SPACES = st.sampled_from([" ", "  ", "\t", " \n "])
WELL_FORMED = st.tuples(st.lists(FIELDS, min_size=1, max_size=7), SPACES, SPACES).map(
    lambda parts: parts[2] + parts[1].join(parts[0]) + parts[1]
)
# anything made of cron's characters, and a few that are not: the reader must decline what lark refuses
NOISE = st.text(alphabet="0159*?LWjanmo,-/#@ \t\u00a0x", max_size=24)


def _lark(text: str, offset: int) -> n.CronExpr | None:
    """What lark makes of ``text`` found at ``offset`` in a longer source (as in `cron "..."`)."""
    source = " " * offset + text
    transformer = CronTransformer(source, offset)
    try:
        expr = _transform(_run("cron", text, source, offset), transformer)
    except ScheduleError:
        return None
    return None if transformer.problems else expr


def _with_spans(expr: n.CronExpr | None) -> list | None:
    """Every node with its span: node equality alone ignores spans."""
    return None if expr is None else [(node, node.span) for node in walk(expr)]


def _assert_agrees(text: str, offset: int = 0) -> None:
    read = read_cron(text, offset)
    if read is not None:
        assert _with_spans(read) == _with_spans(_lark(text, offset)), text


@settings(max_examples=300, deadline=None)
@given(WELL_FORMED, st.integers(min_value=0, max_value=40))
def test_reads_well_formed_cron_as_lark_does(text: str, offset: int) -> None:
    assert read_cron(text, offset) is not None, text
    _assert_agrees(text, offset)


@settings(max_examples=400, deadline=None)
@given(NOISE)
def test_declines_or_agrees_on_any_text(text: str) -> None:
    _assert_agrees(text)


@pytest.mark.parametrize(
    "text",
    ["1, 2 * * * *", "@daily extra", "", "   ", "1-2-3 * * * *",
     "5-mon#2 * * * *", "*/ * * * *", "1,,2 * * * *", "0 0 * * \u0663"],
)  # fmt: skip
def test_leaves_unusual_text_to_lark(text: str) -> None:
    assert read_cron(text) is None


def test_macro_and_spans_of_a_nested_expression() -> None:
    assert read_cron(" @daily ").macro == "@daily"
    expr = read_cron("30 5 * jan,mar Ltue", offset=6)
    assert [f.span.start for f in expr.fields] == [6, 9, 11, 13, 21]
    assert (expr.span.start, expr.span.end) == (6, 25)
    _assert_agrees("30 5 * jan,mar Ltue", 6)


@pytest.mark.parametrize(
    ("spec", "column", "message"),
    [
        ('every day cron "0 0 * * mon-"', 29, "the schedule ends too early"),
        ('cron "0 0 * * 1, 2"', 15, "a cron field cannot contain spaces"),
        ("0 0 * * 1, 2", 9, "a cron field cannot contain spaces"),
        ("0 0 * * mon#", 13, "the schedule ends too early"),
    ],
)
def test_text_the_reader_declines_still_gets_lark_errors(
    spec: str, column: int, message: str
) -> None:
    """Declined text goes to lark, whose errors (a nested one through the transformer too) point into the spec."""
    with pytest.raises(ScheduleError) as raised:
        parse_schedule(spec)
    assert f"<schedule>:1:{column}: error: {message}" in str(raised.value)
