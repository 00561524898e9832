"""The quick English reader's tokens of a text of plain words between single spaces
(`plain_tokens`) are the tokens the full pattern cuts (`_cut`) with their separators joined
(`_separators`), and it turns every other text over to the pattern. Zone names are put in the
tz database's case as `canonical_zone_name` does, remembered per name."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tomodachi_schedule.compiler.spec.read.english_tokens import (
    Declined,
    Token,
    _cut,
    _separators,
    plain_tokens,
)

from .corpus_specs import corpus_specs
from .test_english_quick import phrases, unions


def _fields(tokens: list[Token]) -> list[tuple]:
    return [(t.kind, t.raw, t.word, t.start, t.end, t.glued) for t in tokens]


def _cut_or_declined(text: str) -> list[tuple] | None:
    try:
        return _fields(_separators(_cut(text)))
    except Declined:
        return None


def _assert_same_cut(text: str) -> bool:
    """True when the plain path took ``text``; then its tokens are the pattern's."""
    try:
        plain = plain_tokens(text)
    except Declined:  # a union spaced otherwise than lark's: declined either way
        assert _cut_or_declined(text) is None, text
        return True
    if plain is not None:
        assert _fields(plain) == _cut_or_declined(text), text
    return plain is not None


def test_the_corpus_texts_the_plain_path_takes_are_cut_as_the_pattern_cuts_them():
    taken = sum(_assert_same_cut(text) for text in corpus_specs())
    assert taken > 150


@pytest.mark.parametrize(
    "text",
    [
        "every weekday at 09:00",
        "every 15 minutes from 00:00 to 23:59 on weekdays",
        "every day at 7:05:30 in America/Argentina/Buenos_Aires",
        "every monday and friday at 9 and 17",
        "every monday at 9 and every friday at 17",
        "every year on december 24 at 00:00",
        "at 9 AMSTERDAM",  # not an am/pm after the number
    ],
)
def test_common_texts_take_the_plain_path(text):
    assert _assert_same_cut(text)


@pytest.mark.parametrize(
    "text",
    [
        "at 9 am",
        "at 9:30 PM every day",
        "every day at 9am",
        "every monday  at 9",  # two spaces
        " every day",
        "every day ",
        "every\tday",
        "every mon-fri at 9",
        "every 1st monday",
        "every day, at 9",
        "on 2027-01-01",
        "in Europe/",
        "in Europe//Paris",
        "every dày",
        "",
    ],
)
def test_other_texts_are_left_to_the_pattern(text):
    assert plain_tokens(text) is None


_PIECES = st.sampled_from(
    [
        "every", "at", "am", "pm", "AM", "Pm", "amber", "9", "09", "123", "9:30", "12:00:00",
        "1:2", "123:45", "9:30:", "Europe/Stockholm", "a/b/c", "x/", "/x", "UTC+1", "mon-fri",
        "1st", ",", "", "a.m", "5.", "-5", "+05:30", ":15", "2027-01-01", "ü", "\t",
    ]
)  # fmt: skip


@settings(max_examples=500, deadline=None)
@given(st.lists(_PIECES, min_size=1, max_size=6), st.sampled_from([" ", " ", "  ", ""]))
def test_texts_of_tricky_pieces_are_cut_alike_or_left_to_the_pattern(pieces, space):
    _assert_same_cut(space.join(pieces))


@settings(max_examples=300, deadline=None)
@given(phrases(1, 4))
def test_generated_phrases_are_cut_alike_or_left_to_the_pattern(text):
    _assert_same_cut(text)


@settings(max_examples=100, deadline=None)
@given(unions())
def test_generated_unions_are_cut_alike_or_left_to_the_pattern(parts):
    first, later = parts
    _assert_same_cut(first + "".join(join + part for join, part in later))


def test_a_zone_name_in_canonical_case_is_the_tz_databases_spelling():
    from tomodachi_schedule.compiler.spec.read import english_quick
    from tomodachi_schedule.runtime.engine.zones.names import canonical_zone_name

    for name in ("europe/stockholm", "Europe/Stockholm", "cet", "utc", "+05:30", "Mars/Olympus"):
        for _ in range(2):  # the second answer is the remembered one
            assert english_quick.zone_in_canonical_case(name) == canonical_zone_name(name)


def test_what_a_word_names_is_remembered_as_the_patterns_say():
    from tomodachi_schedule.compiler.spec.read.english_days import _facts_of, word_facts

    words = {word.lower() for text in corpus_specs() for word in text.split()}
    for _ in range(2):  # the second answer is the remembered one
        for word in words:
            assert word_facts(word) == _facts_of(word), word
    assert word_facts("mondays") == (0, None, None, None)
    assert word_facts("workends") == (None, (5, 6), None, None)  # as lark's WEEKPART reads it
    assert word_facts("workend") == (None, None, None, None)
    assert word_facts("weekday") == (None, (0, 1, 2, 3, 4), None, None)
    assert word_facts("dec") == (None, None, 12, None)
    assert word_facts("hrs") == (None, None, None, "hour")
