"""The control-character check: its printable shortcut finds exactly what the pattern finds."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from tomodachi_schedule.compiler.sched.compile import UNSAFE, unsafe_characters

tricky = st.sampled_from(["\r", "\r\n", "\n", "\t", "\x00", "\x1b", "\x7f", "\x85", "\u2028"])
ascii_texts = st.text(st.characters(max_codepoint=0x7F), max_size=6)
texts = st.lists(st.text(max_size=6) | ascii_texts | tricky | st.just("\ud800"), max_size=8).map(
    "".join
)


@settings(max_examples=150, deadline=None)
@given(source=texts)
def test_the_shortcut_reports_what_the_pattern_finds(source):
    found = [(d.span.start, d.span.end) for d in unsafe_characters(source)]
    assert found == [match.span() for match in UNSAFE.finditer(source)]


@settings(max_examples=150, deadline=None)
@given(source=st.lists(ascii_texts | tricky, max_size=8).map("".join))
def test_the_shortcut_reports_what_the_pattern_finds_in_ascii_text(source):
    found = [(d.span.start, d.span.end) for d in unsafe_characters(source)]
    assert found == [match.span() for match in UNSAFE.finditer(source)]


def test_a_usual_file_has_none_and_every_carriage_return_is_one():
    # files are read with universal newlines: a carriage return left in the text is a stray one
    assert unsafe_characters('service "a" {\n\tx: "0 3 * * *" -> m:f  # café\n}\n') == []
    assert [d.span.start for d in unsafe_characters("a\rb\r\nc\x00")] == [1, 3, 6]
