"""Patterns made from stored code (`pattern_codes`) are the patterns ``re.compile`` makes, a parser
loaded from disk lexes every corpus spec without ``re``'s compiler, and a pattern without usable
code is compiled as before."""

from __future__ import annotations

import re

import pytest
from lark.exceptions import UnexpectedInput

from tomodachi_schedule.compiler.spec.read import parse as spec_parse
from tomodachi_schedule.compiler.spec.read.lalr import lark_scanner, pattern_codes
from tomodachi_schedule.compiler.spec.read.lalr.pattern_codes import (
    PatternShelf,
    pattern_code,
    pattern_from_code,
)

from .corpus_specs import corpus_specs


@pytest.mark.parametrize("notation", ["english", "cron"])
def test_every_stored_code_makes_the_pattern_re_compiles(notation):
    parser = spec_parse._parser(notation)
    codes = parser.pattern_codes
    flags = parser.lexer_conf.g_regex_flags
    assert {(t.pattern.to_regexp(), flags) for t in parser.terminals} <= set(codes)
    if notation == "english":  # "in" is also a ZONE_WORD: the states' "unless" alternations
        assert len(codes) > len(parser.terminals)
    for (regexp, key_flags), made in codes.items():
        # Pattern == compares pattern text, flags and compiled code
        assert pattern_from_code(regexp, made) == re.compile(regexp, key_flags), regexp


@pytest.mark.parametrize(
    ("regexp", "flags", "texts"),
    [
        (r"(?i:at)(?![a-z])", 0, ["at", "AT 9", "atx", "\u212at"]),
        (r"(?P<A>a+)|(?P<B>b)", re.IGNORECASE, ["aa", "B", "c"]),
        (r"[0-9]{1,2}(?::[0-9]{2})?[ \t]*[ap]\.?m\.?", 0, ["9am", "12:30 p.m.", "13"]),
    ],
)
def test_a_pattern_from_code_matches_as_re_s(regexp, flags, texts):
    made = pattern_from_code(regexp, pattern_code(regexp, flags))
    compiled = re.compile(regexp, flags)
    assert made == compiled and made.groupindex == compiled.groupindex
    for text in texts:
        ours, theirs = made.match(text), compiled.match(text)
        assert (ours and (ours.span(), ours.lastgroup)) == (
            theirs and (theirs.span(), theirs.lastgroup)
        )


def test_a_shelf_compiles_with_re_what_it_has_no_usable_code_for(monkeypatch):
    monkeypatch.setattr(pattern_codes, "_PATTERNS", {})
    good = pattern_code("b+", 0)
    shelf = PatternShelf({("a+", 0): (good[0], [999], 0, {}, (None,)), ("b+", 0): good})
    assert shelf.compile("a+") == re.compile("a+")  # _sre refuses the code: re compiles it
    assert shelf.compile("c") == re.compile("c")  # no code at all
    assert shelf.match("b+", "bbx").group() == "bb"


def test_a_recording_shelf_keeps_the_code_of_what_it_was_asked(monkeypatch):
    monkeypatch.setattr(pattern_codes, "_PATTERNS", {})
    codes: dict = {}
    shelf = PatternShelf(codes, recording=True)
    shelf.compile("x|y", re.IGNORECASE)
    assert shelf.match("z", "z") is not None
    assert set(codes) == {("x|y", re.IGNORECASE), ("z", 0)}


@pytest.mark.parametrize("notation", ["english", "cron"])
def test_a_loaded_parser_lexes_the_corpus_without_re_s_compiler(notation, tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    build = spec_parse._parser.__wrapped__  # type: ignore[attr-defined]
    built = build(notation)  # and stored in tmp_path
    assert [path.name.split("-")[0] for path in (tmp_path / "tomodachi-schedule").iterdir()] == [
        notation
    ]
    specs = corpus_specs()
    expected = [_outcome(built, text) for text in specs]
    monkeypatch.setattr(pattern_codes, "_PATTERNS", {})
    monkeypatch.setattr(lark_scanner, "_MATCHERS", {})
    monkeypatch.setattr(pattern_codes, "compile_with_re", _refuse)
    monkeypatch.setattr(pattern_codes, "pattern_code", _refuse)  # loaded, not built again
    loaded = build(notation)
    assert loaded is not built
    assert [_outcome(loaded, text) for text in specs] == expected


def _refuse(*_args):
    raise AssertionError("a pattern compiled by re")


def _outcome(parser, text: str):
    try:
        return parser.parse(text)
    except UnexpectedInput as error:
        return type(error).__name__, error.pos_in_stream
