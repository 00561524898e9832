"""Lark's contextual lexer without its per-state set-up cost: a spec's cold path (issue 11).

For each parser state, lark compiles one regular expression alternating every terminal the state
accepts, the first time a spec reaches that state: 1–25 ms each, 62 distinct sets in the English
grammar, so an unusual spec paid up to 25 ms once per process and state. Here each state's lexer
tries its terminals one by one, in lark's own order, each terminal's pattern made once for all
states, when a state first tries it, from the code kept with the parser (`pattern_codes`: no
pass through ``re``'s pure-Python compiler). An alternation matches its first alternative that
matches, so the token is the same; tests/language/test_lark_scanner.py checks it over the corpus.

lark is pinned below 1.4 (pyproject.toml): this replaces the private ``BasicLexer._build_scanner``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import partial
from types import MethodType

from lark import Lark
from lark.lexer import BasicLexer, CallChain, Scanner, UnlessCallback, _create_unless

from tomodachi_schedule.compiler.spec.read.lalr.first_chars import first_chars
from tomodachi_schedule.compiler.spec.read.lalr.pattern_codes import PatternShelf

# (regexp, flags) -> the compiled pattern's match, shared by every state of every parser in the
# process; a terminal's pattern is made the first time a state tries it (a spec's first use of
# lark makes the few patterns it meets, not all of them: issue 11's cold path)
_MATCHERS: dict[tuple[str, int], Callable] = {}


class SequentialScanner:
    """lark's ``Scanner`` interface (``match``, ``allowed_types``) over terminals tried in turn:
    of a state's terminals, only those that can start at the next character (`first_chars`)."""

    def __init__(self, keyed: list, starts: dict, shelf: PatternShelf) -> None:
        """``keyed``: ((pattern, flags), name) of each terminal, in lark's order."""
        self.allowed_types = {name for _, name in keyed}
        self._shelf = shelf
        self._terminals = [(key, name, _starts(starts, key)) for key, name in keyed]
        self._by_char: dict[str, list] = {}  # next character -> the terminals to try, in order

    def match(self, text, pos: int):
        source, end = text.text, text.end
        char = source[pos : pos + 1]
        candidates = self._by_char.get(char)
        if candidates is None:
            candidates = self._by_char[char] = self._candidates(char)
        for key, name in candidates:
            match = _MATCHERS.get(key) or _compiled(key, self._shelf)
            found = match(source, pos, end)
            if found:
                return found.group(0), name
        return None

    def _candidates(self, char: str) -> list:
        if not char.isascii():  # first_chars tells ASCII characters only
            return [(key, name) for key, name, _ in self._terminals]
        return [
            (key, name) for key, name, first in self._terminals if first is None or char in first
        ]


def _starts(starts: dict, key: tuple[str, int]):
    if key not in starts:
        starts[key] = first_chars(*key)
    return starts[key]


def remember_first_chars(parser: Lark) -> Lark:
    """Work out the first characters of every terminal of ``parser`` and keep them on it: kept
    with the parser where `parser_cache` stores it, so a process loading it parses no pattern."""
    flags = parser.lexer_conf.g_regex_flags
    parser.first_chars = {  # type: ignore[attr-defined]
        (t.pattern.to_regexp(), flags): first_chars(t.pattern.to_regexp(), flags)
        for t in parser.terminals
    }
    return parser


def plan_scanners(parser: Lark) -> Lark:
    """Compile every pattern the lexers of ``parser`` will ask for (each terminal, each state's
    `_create_unless`) and keep their code on it (`pattern_codes`); keep on each lexer what
    `_create_unless` decides for its terminals (``sequential_plan``). Both are stored with the
    parser, so a process loading it sets a state's scanner up without either."""
    codes: dict = {}
    shelf = PatternShelf(codes, recording=True)
    flags = parser.lexer_conf.g_regex_flags
    keys = {t.name: (t.pattern.to_regexp(), flags) for t in parser.terminals}  # stored once each
    contextual = parser.parser.lexer
    for lexer in {*contextual.lexers.values(), contextual.root_lexer}:  # states share lexers
        terminals, callback = _create_unless(lexer.terminals, flags, shelf, False)
        unless = [
            (name, [t.name for t in call.scanner.terminals]) for name, call in callback.items()
        ]
        lexer.sequential_plan = ([(keys[t.name], t.name) for t in terminals], unless)
    for key in keys.values():
        shelf.compile(*key)
    parser.pattern_codes = codes  # type: ignore[attr-defined]
    return parser


def _compiled(key: tuple[str, int], shelf: PatternShelf) -> Callable:
    match = _MATCHERS[key] = shelf.compile(*key).match
    return match


def use_sequential_scanners(parser: Lark) -> Lark:
    """Give every lexer of ``parser`` (contextual, str input) the sequential scanner; returns it."""
    contextual = parser.parser.lexer
    starts = getattr(parser, "first_chars", None)
    if starts is None:
        starts = parser.first_chars = {}  # type: ignore[attr-defined]
    shelf = PatternShelf(getattr(parser, "pattern_codes", {}))
    for lexer in (*contextual.lexers.values(), contextual.root_lexer):
        if isinstance(lexer, BasicLexer) and lexer.re is re and not lexer.use_bytes:
            build = partial(_build_sequential, starts=starts, shelf=shelf)
            lexer._build_scanner = MethodType(build, lexer)  # type: ignore[method-assign]
    return parser


def _build_sequential(lexer: BasicLexer, starts: dict, shelf: PatternShelf) -> SequentialScanner:
    """lark's ``BasicLexer._build_scanner`` (1.3), with the scanner swapped, patterns made from
    their stored code (the shelf stands in for the ``re`` module) and `_create_unless`'s answer
    read from the lexer's plan when it has one (`plan_scanners`)."""
    flags = lexer.g_regex_flags
    plan = getattr(lexer, "sequential_plan", None)
    if plan is None:
        terminals, lexer.callback = _create_unless(lexer.terminals, flags, shelf, lexer.use_bytes)
        keyed = [((t.pattern.to_regexp(), flags), t.name) for t in terminals]
    else:
        keyed, unless = plan
        by_name = lexer.terminals_by_name
        lexer.callback = {
            name: UnlessCallback(Scanner([by_name[s] for s in strs], flags, shelf, False))
            for name, strs in unless
        }
    for type_, function in lexer.user_callbacks.items():
        if type_ in lexer.callback:
            lexer.callback[type_] = CallChain(
                lexer.callback[type_], function, lambda t, type_=type_: t.type == type_
            )
        else:
            lexer.callback[type_] = function
    return SequentialScanner(keyed, starts, shelf)
