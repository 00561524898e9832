"""The ASCII characters a regular expression's match can start with, read from its parsed form:
a lexer tries only the terminals that can start at the next character.

Conservative by construction: None ("any character, try it") for anything not understood, for a
pattern that can match the empty string at its start, and for non-ASCII characters (under
IGNORECASE an ASCII letter can match one: ``k`` and the Kelvin sign). A wrong answer could only
be a missing character, so every branch adds, never removes; the lexer tests compare tokens with
lark's own scanners over the whole corpus.
"""

from __future__ import annotations

import re
from re import _constants as c
from re import _parser

_ASCII = [chr(code) for code in range(128)]
_CATEGORIES = {
    c.CATEGORY_DIGIT: frozenset("0123456789"),
    c.CATEGORY_SPACE: frozenset(ch for ch in _ASCII if ch.isspace()),
    c.CATEGORY_WORD: frozenset(ch for ch in _ASCII if ch.isalnum() or ch == "_"),
}
# zero-width items a match passes over before its first character
_ZERO_WIDTH = (c.AT, c.ASSERT, c.ASSERT_NOT)


class _Unknown(Exception):
    """The first character cannot be told: every character may start a match."""


def first_chars(regexp: str, flags: int = 0) -> frozenset[str] | None:
    """The ASCII characters a match of ``regexp`` can start with; None when it cannot be told."""
    try:
        parsed = _parser.parse(regexp, flags)
        chars = _sequence(list(parsed), bool(parsed.state.flags & re.IGNORECASE))
    except (_Unknown, re.error, AttributeError, TypeError, ValueError):
        return None
    return frozenset(chars)


def _sequence(items: list, ignore_case: bool) -> set[str]:
    """The first characters of a sequence: those of its items up to the first that cannot be
    empty (zero-width items and optional ones let the next item start the match too)."""
    chars: set[str] = set()
    for op, value in items:
        if op in _ZERO_WIDTH:
            continue
        first, optional = _item(op, value, ignore_case)
        chars |= first
        if not optional:
            return chars
    raise _Unknown  # the whole sequence can be empty


def _item(op, value, ignore_case: bool) -> tuple[set[str], bool]:
    """(first characters, whether the item can match nothing) of one parsed item."""
    if op is c.LITERAL:
        return _cased({chr(value)}, ignore_case), False
    if op is c.IN:
        return _cased(_in(value), ignore_case), False
    if op is c.SUBPATTERN:
        _group, add, remove, pattern = value
        inner = (ignore_case or bool(add & re.IGNORECASE)) and not remove & re.IGNORECASE
        return _optional_sequence(list(pattern), inner)
    if op is c.BRANCH:
        found = [_optional_sequence(list(branch), ignore_case) for branch in value[1]]
        return set().union(*(chars for chars, _ in found)), any(empty for _, empty in found)
    if op in (c.MAX_REPEAT, c.MIN_REPEAT, c.POSSESSIVE_REPEAT):
        chars, empty = _optional_sequence(list(value[2]), ignore_case)
        return chars, empty or value[0] == 0
    raise _Unknown  # ANY, NOT_LITERAL, a back reference, ...


def _optional_sequence(items: list, ignore_case: bool) -> tuple[set[str], bool]:
    try:
        return _sequence(items, ignore_case), False
    except _Unknown:
        pass
    # every item can be empty (or one is not understood: that raises again below)
    chars: set[str] = set()
    for op, value in items:
        if op not in _ZERO_WIDTH:
            chars |= _item(op, value, ignore_case)[0]
    return chars, True


def _in(members: list) -> set[str]:
    chars: set[str] = set()
    for op, value in members:
        if op is c.LITERAL:
            chars.add(chr(value))
        elif op is c.RANGE and value[1] < 128:
            chars.update(chr(code) for code in range(value[0], value[1] + 1))
        elif op is c.CATEGORY and value in _CATEGORIES:
            chars |= _CATEGORIES[value]
        else:  # a negated set, a range reaching past ASCII, another category
            raise _Unknown
    return chars


def _cased(chars: set[str], ignore_case: bool) -> set[str]:
    if any(not ch.isascii() for ch in chars):
        raise _Unknown
    if not ignore_case:
        return chars
    return chars | {ch.lower() for ch in chars} | {ch.upper() for ch in chars}
