"""`first_chars`: the characters a terminal's match can start with. Sound on every terminal of both
grammars at every position of every corpus spec (a terminal that matches there starts with one of
its characters), and exact on the forms the analysis reads."""

from __future__ import annotations

import re

import pytest

from tomodachi_schedule.compiler.spec.read import parse as spec_parse
from tomodachi_schedule.compiler.spec.read.first_chars import first_chars

from .corpus_specs import corpus_specs


@pytest.mark.parametrize("notation", ["english", "cron"])
def test_a_terminal_matching_anywhere_in_the_corpus_starts_with_one_of_its_characters(notation):
    parser = spec_parse._parser(notation)
    flags = parser.lexer_conf.g_regex_flags
    terminals = [(t.name, re.compile(t.pattern.to_regexp(), flags)) for t in parser.terminals]
    starts = {name: first_chars(pattern.pattern, flags) for name, pattern in terminals}
    assert sum(first is None for first in starts.values()) <= 1  # the analysis reads nearly all
    texts = corpus_specs()
    for text in texts + [text.upper() for text in texts]:
        for pos in range(len(text)):
            for name, pattern in terminals:
                found = pattern.match(text, pos)
                if found and found.end() > pos and starts[name] is not None and text[pos].isascii():
                    assert text[pos] in starts[name], (name, text, pos)


@pytest.mark.parametrize(
    ("regexp", "chars"),
    [
        ("abc", "a"),
        ("(?i:at)(?![a-z])", "aA"),
        ("a?b", "ab"),
        ("(?:x|)y", "xy"),
        ("(?:,[ ]*)?(?:and|plus)", ",ap"),
        (r"\d+", "0123456789"),
        ("[0-2][0-9]", "012"),
        ("(?=a)b", "b"),
        (r"\bfoo", "f"),
    ],
)
def test_the_first_characters_of_the_forms_it_reads(regexp, chars):
    assert first_chars(regexp) == frozenset(chars)


@pytest.mark.parametrize(
    "regexp", ["a*", "", ".x", "[^a]", "(?i)\u212a", "[a-\u00ff]", r"\W"]
)
def test_what_it_cannot_tell_is_none_so_the_terminal_is_always_tried(regexp):
    assert first_chars(regexp) is None
