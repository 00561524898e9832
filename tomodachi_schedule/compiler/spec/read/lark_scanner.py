"""Lark's contextual lexer without its per-state set-up cost: a spec's cold path (issue 11).

For each parser state, lark compiles one regular expression alternating every terminal the state
accepts, the first time a spec reaches that state: 1–25 ms each, 62 distinct sets in the English
grammar, so an unusual spec paid up to 25 ms once per process and state. Here each state's lexer
tries its terminals one by one, in lark's own order, each terminal's pattern compiled once for
all states. An alternation matches its first alternative that matches, so the token is the same;
tests/language/test_lark_scanner.py checks it over the phrase corpus.

lark is pinned below 1.4 (pyproject.toml): this replaces the private ``BasicLexer._build_scanner``.
"""

from __future__ import annotations

import re
from types import MethodType

from lark import Lark
from lark.lexer import BasicLexer, CallChain, _create_unless

# (regexp, flags) -> compiled pattern, shared by every state of every parser in the process
_COMPILED: dict[tuple[str, int], re.Pattern] = {}


class SequentialScanner:
    """lark's ``Scanner`` interface (``match``, ``allowed_types``) over terminals tried in turn."""

    def __init__(self, terminals: list, flags: int) -> None:
        self.allowed_types = {terminal.name for terminal in terminals}
        self._matchers = [
            (_compiled(t.pattern.to_regexp(), flags).match, t.name) for t in terminals
        ]

    def match(self, text, pos: int):
        source, end = text.text, text.end
        for match, name in self._matchers:
            found = match(source, pos, end)
            if found:
                return found.group(0), name
        return None


def _compiled(regexp: str, flags: int) -> re.Pattern:
    key = (regexp, flags)
    pattern = _COMPILED.get(key)
    if pattern is None:
        pattern = _COMPILED[key] = re.compile(regexp, flags)
    return pattern


def use_sequential_scanners(parser: Lark) -> Lark:
    """Give every lexer of ``parser`` (contextual, str input) the sequential scanner; returns it."""
    contextual = parser.parser.lexer
    for lexer in (*contextual.lexers.values(), contextual.root_lexer):
        if isinstance(lexer, BasicLexer) and lexer.re is re and not lexer.use_bytes:
            lexer._build_scanner = MethodType(_build_sequential, lexer)  # type: ignore[method-assign]
    for terminal in contextual.root_lexer.terminals:  # now, with the parser: never on a spec's path
        _compiled(terminal.pattern.to_regexp(), contextual.root_lexer.g_regex_flags)
    return parser


def _build_sequential(lexer: BasicLexer) -> SequentialScanner:
    """lark's ``BasicLexer._build_scanner`` (1.3), with the scanner swapped."""
    terminals, lexer.callback = _create_unless(
        lexer.terminals, lexer.g_regex_flags, lexer.re, lexer.use_bytes
    )
    for type_, function in lexer.user_callbacks.items():
        if type_ in lexer.callback:
            lexer.callback[type_] = CallChain(
                lexer.callback[type_], function, lambda t, type_=type_: t.type == type_
            )
        else:
            lexer.callback[type_] = function
    return SequentialScanner(terminals, lexer.g_regex_flags)
