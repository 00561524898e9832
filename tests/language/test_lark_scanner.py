"""lark's parsers with sequential scanners against lark's own scanners: the same trees (tokens,
their types and positions) and the same syntax errors, over every spec of the corpus."""

from __future__ import annotations

from pathlib import Path

import pytest
from lark import Lark
from lark.exceptions import UnexpectedInput

from tomodachi_schedule.compiler.spec.read import parse as spec_parse
from tomodachi_schedule.compiler.spec.read.lalr.lark_scanner import (
    SequentialScanner,
    _build_sequential,
)
from tomodachi_schedule.compiler.spec.read.lalr.pattern_codes import PatternShelf

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


@pytest.mark.parametrize("notation", ["english", "cron"])
def test_a_state_s_planned_scanner_is_the_one_lark_s_unless_rule_gives(notation):
    """`plan_scanners` keeps `_create_unless`'s answer per lexer: set up from the plan, every
    state's scanner tries the same terminals, and its callbacks retype the same tokens."""
    parser = spec_parse._parser(notation)
    contextual = parser.parser.lexer
    lexers = {*contextual.lexers.values(), contextual.root_lexer}
    assert all(hasattr(lexer, "sequential_plan") for lexer in lexers)
    shelf, starts = PatternShelf({}), {}
    for lexer in lexers:
        planned = _build_sequential(lexer, starts, shelf)
        planned_callbacks = _callbacks(lexer.callback)
        plan = lexer.sequential_plan
        del lexer.sequential_plan  # lark's _create_unless decides
        try:
            unplanned = _build_sequential(lexer, starts, shelf)
        finally:
            lexer.sequential_plan = plan
        assert planned._terminals == unplanned._terminals
        assert planned.allowed_types == unplanned.allowed_types
        assert planned_callbacks == _callbacks(lexer.callback)
    if notation == "english":  # "in" is also a ZONE_WORD: somewhere a callback retypes it
        assert any(lexer.sequential_plan[1] for lexer in lexers)


def _callbacks(callback: dict) -> dict:
    return {
        name: ([t.name for t in call.scanner.terminals], call.scanner._mres)
        for name, call in callback.items()
    }
