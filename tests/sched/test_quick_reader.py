"""The `.sched` quick reader against lark's parser: the same nodes and spans, or it declines."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tomodachi_schedule.compiler.sched import nodes as sn
from tomodachi_schedule.compiler.sched.lark_reader import lark_sched
from tomodachi_schedule.compiler.sched.quick_reader import quick_sched
from tomodachi_schedule.errors import Span, make_span

ROOT = Path(__file__).resolve().parents[2]
FILES = sorted([*ROOT.glob("examples/*.sched"), *(ROOT / "tests" / "sched").glob("**/*.sched")])


def _everything(node: object) -> object:
    """A node as plain data with every field, spans included (they take no part in ``==``)."""
    if isinstance(node, tuple):
        return tuple(_everything(item) for item in node)
    if isinstance(node, sn.Node):
        values = {f.name: _everything(getattr(node, f.name)) for f in dataclasses.fields(node)}
        return (type(node).__name__, values)
    return node


def _assert_agrees(source: str) -> None:
    quick = quick_sched(source)
    if quick is None:
        return
    lark_tree, problems = lark_sched(source)
    assert not problems, source
    assert _everything(quick) == _everything(lark_tree), source


@pytest.mark.parametrize("path", FILES, ids=lambda path: path.name)
def test_every_sched_file_it_reads_is_what_lark_reads(path):
    _assert_agrees(path.read_text(encoding="utf-8"))


def test_it_reads_the_usual_shape():
    read = [path for path in FILES if quick_sched(path.read_text(encoding="utf-8"))]
    assert len(read) >= len(FILES) // 2  # every file without a syntax error or a long list


GAPS = st.sampled_from(["", " ", "  ", "\t"])
ENDS = st.sampled_from(["\n", "  # note\n", "\n\n", "\n  \n# c\n", "\r\n", "", " # x"])
NAMES = st.sampled_from(["job", "a_1", "timezone", "service", "x.y", "9x", "report"])
SPECS = st.sampled_from(['"0 9 * * *"', '"every day"', "20", '""', '"a # b"', '"x', "-5"])
HANDLERS = st.sampled_from(["f", "mod:f", "pkg.mod:f", "mod:", ":f", "a.b"])
OPTIONS = st.sampled_from(
    ["", " [immediately]", "[overlap=queue, jitter=30s]", ' [timeout="5m",]', " []", " [a b]",
     " [a=]", " [\n a]", " [defaults]"]
)  # fmt: skip


@st.composite
def entries(draw) -> str:
    gap = draw(GAPS)
    return (
        f"{draw(GAPS)}{draw(NAMES)}{gap}:{draw(GAPS)}{draw(SPECS)}{gap}->{draw(GAPS)}"
        f"{draw(HANDLERS)}{draw(OPTIONS)}{draw(ENDS)}"
    )


SETTINGS = st.builds(
    "{}{}{}".format,
    st.sampled_from(['timezone "UTC"', "handlers mod.jobs", 'coordinator "sqlite:///x"',
                     "defaults [overlap=skip]", "handlers", 'timezone UTC', "service"]),
    GAPS,
    ENDS,
)  # fmt: skip


@st.composite
def files(draw) -> str:
    top = "".join(draw(st.lists(SETTINGS, max_size=2)))
    blocks = []
    for _ in range(draw(st.integers(0, 2))):
        members = "".join(draw(st.lists(st.one_of(entries(), SETTINGS), max_size=4)))
        opening = draw(st.sampled_from(["{\n", "{", " {  # c\n", "{\n\n"]))
        closing = draw(st.sampled_from(["}\n", "}", "  }  # end\n", "} x\n"]))
        blocks.append(f'service "{draw(NAMES)}" {opening}{members}{closing}')
    return draw(st.sampled_from(["", "\n", "# head\n\n"])) + top + "".join(blocks)


@settings(max_examples=200, deadline=None)
@given(files())
def test_generated_files_it_reads_are_what_lark_reads(source):
    _assert_agrees(source)


def test_the_positional_makers_make_what_the_constructors_make():
    where = Span(start=3, end=9)
    assert make_span(3, 9) == where and type(make_span(3, 9)) is Span
    text = sn.Text(value="0 3 * * *", span=where)
    handler = sn.HandlerRef(module="jobs", function="nightly", span=where)
    options = sn.Options(span=Span(start=9, end=9))
    made = sn.Entry(
        name="nightly",
        name_span=Span(start=0, end=7),
        spec=text,
        spec_span=where,
        handler=handler,
        options=options,
        span=Span(start=0, end=20),
    )
    pairs = [
        (sn.text_node("0 3 * * *", where), text),
        (sn.handler_node("jobs", "nightly", where), handler),
        (sn.no_options(Span(start=9, end=9)), options),
        (
            sn.entry_node("nightly", Span(start=0, end=7), text, where, handler, options, 20),
            made,
        ),
    ]
    for quick, constructed in pairs:
        assert type(quick) is type(constructed)
        assert _everything(quick) == _everything(constructed)
        with pytest.raises(dataclasses.FrozenInstanceError):
            quick.span = where  # type: ignore[misc]
