"""Lark's contextual lexer without its per-state set-up cost: a spec's cold path (issue 11).

For each parser state, lark compiles one regular expression alternating every terminal the state
accepts, the first time a spec reaches that state: 1–25 ms each, 62 distinct sets in the English
grammar, so an unusual spec paid up to 25 ms once per process and state. Here each state's lexer
tries its terminals one by one, in lark's own order, each terminal's pattern compiled once for
all states, when a state first tries it. An alternation matches its first alternative that
matches, so the token is the same; tests/language/test_lark_scanner.py checks it over the corpus.

lark is pinned below 1.4 (pyproject.toml): this replaces the private ``BasicLexer._build_scanner``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from types import MethodType

from lark import Lark
from lark.lexer import BasicLexer, CallChain, _create_unless

# (regexp, flags) -> the compiled pattern's match, shared by every state of every parser in the
# process; a terminal's pattern is compiled the first time a state tries it (a spec's first use of
# lark compiles the few patterns it meets, not all of them: issue 11's cold path)
_MATCHERS: dict[tuple[str, int], Callable] = {}


class SequentialScanner:
    """lark's ``Scanner`` interface (``match``, ``allowed_types``) over terminals tried in turn."""

    def __init__(self, terminals: list, flags: int) -> None:
        self.allowed_types = {terminal.name for terminal in terminals}
        self._terminals = [((t.pattern.to_regexp(), flags), t.name) for t in terminals]

    def match(self, text, pos: int):
        source, end = text.text, text.end
        for key, name in self._terminals:
            match = _MATCHERS.get(key) or _compiled(key)
            found = match(source, pos, end)
            if found:
                return found.group(0), name
        return None


def _compiled(key: tuple[str, int]) -> Callable:
    match = _MATCHERS[key] = re.compile(*key).match
    return match


def use_sequential_scanners(parser: Lark) -> Lark:
    """Give every lexer of ``parser`` (contextual, str input) the sequential scanner; returns it."""
    contextual = parser.parser.lexer
    for lexer in (*contextual.lexers.values(), contextual.root_lexer):
        if isinstance(lexer, BasicLexer) and lexer.re is re and not lexer.use_bytes:
            lexer._build_scanner = MethodType(_build_sequential, lexer)  # type: ignore[method-assign]
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
