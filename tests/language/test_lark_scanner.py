"""lark's parsers with sequential scanners against lark's own scanners: the same trees (tokens,
their types and positions) and the same syntax errors, over every spec of the corpus."""

from __future__ import annotations

from pathlib import Path

import pytest
from lark import Lark
from lark.exceptions import UnexpectedInput

from tomodachi_schedule.compiler.spec.read import parse as spec_parse
from tomodachi_schedule.compiler.spec.read.lalr.lark_scanner import SequentialScanner

from .corpus_specs import corpus_specs

CASES = Path(__file__).parent / "cases"


def _lark_as_shipped(notation: str) -> Lark:
    """The same grammar, with lark's own scanners (one regular expression per parser state)."""
    built = spec_parse._parser.__wrapped__  # type: ignore[attr-defined]
    original = spec_parse.use_sequential_scanners
    spec_parse.use_sequential_scanners = lambda parser: parser
    try:
        return built(notation)
    finally:
        spec_parse.use_sequential_scanners = original


def _outcome(parser: Lark, text: str):
    try:
        tree = parser.parse(text)
    except UnexpectedInput as error:
        return type(error).__name__, error.pos_in_stream, sorted(getattr(error, "expected", ()))
    return tree, [(t.type, t.start_pos, t.end_pos) for t in tree.scan_values(lambda _: True)]


@pytest.mark.parametrize("notation", ["english", "cron"])
def test_the_corpus_parses_as_with_lark_s_own_scanners(notation):
    shipped, ours = _lark_as_shipped(notation), spec_parse._parser(notation)
    assert isinstance(ours.parser.lexer.root_lexer.scanner, SequentialScanner)
    specs = corpus_specs()
    assert len(specs) > 500
    for text in specs:
        assert _outcome(ours, text) == _outcome(shipped, text), text
