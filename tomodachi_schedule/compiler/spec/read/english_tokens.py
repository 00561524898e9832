"""The quick English reader's tokens: words, numbers, times, dates, ordinals, zone names and
offsets, minute marks and separators, each with its offsets and whether only spaces or tabs came
before it, as lark's lexer would cut them.

A union of complete phrases (``… and every …``) is cut at a ``union`` token, where lark's _UNION
terminal would be. Anything else — a character no token starts with, a join spaced otherwise
than _UNION allows — raises `Declined`, and lark reads the spec.
"""

from __future__ import annotations

import re

from tomodachi_schedule.errors import Span, make_span

# The spaces before a token, then the token; one match a token. Words come first: a word is
# what most tokens are, and it refuses what a zone name goes on with ("Europe/...", "mon-fri").
# The other kinds refuse each other by what follows them. Letters of either case are spelt out
# instead of IGNORECASE (slower, and it lets a few non-ASCII letters through, such as the Kelvin
# sign: declined now, lark reads them); repeats are possessive (backtracking into a run of
# letters or digits never finds another match). A spec any of this turns away goes to lark.
_HALF = r"[ \t]*+[aApP][mM](?![A-Za-z0-9.])"  # " am" after a number or time: one am/pm token
_TOKEN = re.compile(
    r"([ \t\f\r\n]*+)(?:"
    r"([A-Za-z]++)(?![A-Za-z0-9_+\-/])"  # word
    r"|([0-9]++)(?![0-9:A-Za-z.\-]|" + _HALF + ")"  # number
    r"|([0-9]{1,2}:[0-9]{2}(?::[0-9]{2})?)(?![0-9:A-Za-z]|" + _HALF + ")"  # time
    r"|([0-9]{1,2}(?::[0-9]{2}(?::[0-9]{2})?)?[ \t]*+[aApP][mM])(?![A-Za-z0-9.])"  # ampm
    r"|([A-Za-z][A-Za-z0-9_+\-]*+(?:/[A-Za-z0-9_+\-]++)+)"  # zone
    r"|(,)"  # comma
    r"|([0-9]{4}-[0-9]{1,2}-[0-9]{1,2})(?![0-9:A-Za-z.\-])"  # date
    r"|([0-9]{1,2}(?:[sS][tT]|[nN][dD]|[rR][dD]|[tT][hH]))(?![A-Za-z0-9_+\-/.])"  # ordinal
    r"|([+-][0-9]{1,2}(?::?[0-9]{2})?)(?![\w:])"  # offset (a zone: natural.lark's ZONE)
    r"|(:[0-9]{2})(?![0-9:]))"  # minute mark
)
_SPACE = " \t\f\r\n"
_new = object.__new__


class Declined(Exception):
    """Not a phrase this reader covers: lark reads it."""


class Token:
    __slots__ = ("kind", "word", "raw", "start", "end", "glued")

    def __init__(self, kind: str, raw: str, start: int, end: int, glued: bool) -> None:
        self.kind, self.raw, self.word = kind, raw, raw.lower()
        self.start, self.end = start, end
        self.glued = glued  # only spaces or tabs since the previous token (lark's [ \t]*)


def read_tokens(text: str) -> list[Token]:
    tokens = plain_tokens(text)
    return tokens if tokens is not None else _separators(_cut(text))


def plain_tokens(text: str) -> list[Token] | None:
    """The tokens of an ASCII text of words, numbers, times and zone names between single
    spaces (most specs), as `_TOKEN` cuts them and `_separators` joins them, without running the
    pattern; None for any other text. A number or time before "am"/"pm" is `_TOKEN`'s too (one
    am/pm token)."""
    if not text.isascii():
        return None
    pieces = text.split(" ")
    words = text.lower().split(" ")
    tokens: list[Token] = []
    start = 0
    for index, piece in enumerate(pieces):
        if piece.isalpha():
            kind = "word"
        elif piece.isdigit() or ":" in piece and _TIME.fullmatch(piece):
            if index + 1 < len(words) and words[index + 1] in _HALVES:
                return None
            kind = "number" if piece.isdigit() else "time"
        elif "/" in piece and _ZONE.fullmatch(piece):
            kind = "zone"
        else:
            return None  # another kind of token, or other spacing ("" between two spaces)
        end = start + len(piece)
        token = _new(Token)  # its attributes set here: a class call costs more than all of them
        token.kind, token.raw, token.word = kind, piece, words[index]
        token.start, token.end, token.glued = start, end, True
        tokens.append(token)
        start = end + 1
    return tokens if _JOINING.isdisjoint(words) else _separators(tokens)


_TIME = re.compile(r"[0-9]{1,2}:[0-9]{2}(?::[0-9]{2})?")
_ZONE = re.compile(r"[A-Za-z][A-Za-z0-9_+\-]*+(?:/[A-Za-z0-9_+\-]++)+")
_HALVES = ("am", "pm")


def _cut(text: str) -> list[Token]:
    """The tokens of any text, as `_TOKEN` cuts them; `Declined` for a character it skips."""
    tokens: list[Token] = []
    position = 0
    for gap, word, number, time, ampm, zone, comma, date, nth, offset, mark in _TOKEN.findall(text):
        start = position + len(gap)
        glued = not gap.strip(" \t")  # lark's [ \t]* between words
        if word:
            kind, raw = "word", word
        elif number:
            kind, raw = "number", number
        elif time:
            kind, raw = "time", time
        else:
            kind, raw = _rare_kind(ampm, zone, (comma, date, nth, offset, mark))
        position = start + len(raw)
        token = _new(Token)
        token.kind, token.raw, token.word = kind, raw, raw.lower()
        token.start, token.end, token.glued = start, position, glued
        tokens.append(token)
    if position != len(text.rstrip(_SPACE)):  # findall passed over a character no token takes
        raise Declined
    return tokens


def _rare_kind(ampm: str, zone: str, rare: tuple[str, ...]) -> tuple[str, str]:
    if ampm or zone:
        return ("ampm", ampm) if ampm else ("zone", zone)
    for kind, raw in zip(_RARE, rare):
        if raw:
            return kind, raw
    raise AssertionError("a token of no kind")  # findall matched one of the groups


_RARE = ("comma", "date", "ordinal", "offset", "mark")


def _separators(tokens: list[Token]) -> list[Token]:
    """Lark's _SEP (``,``, ``and``, ``or``, ``, and``) as one token; a union declines."""
    if _JOINING.isdisjoint([token.word for token in tokens]):
        return tokens  # nothing to join, nothing to decline
    merged: list[Token] = []
    previous = None  # the token before this one, as read
    for token in tokens:
        word = token.word
        if word == "and" or word == "or" or token.kind == "comma":
            last = merged[-1] if merged else None
            if word != "," and token.glued and last and last.kind == "sep" and last.raw == ",":
                merged[-1] = Token("sep", ", and", last.start, token.end, last.glued)
            else:
                merged.append(Token("sep", token.raw, token.start, token.end, token.glued))
        elif (word == "every" or word == "each") and previous and previous.word in _UNION_JOINS:
            merged[-1] = _union(merged, token)  # a union of complete phrases
            merged.append(token)
        else:
            merged.append(token)
        previous = token
    return merged


def _union(merged: list[Token], every: Token) -> Token:
    """The join before ``every``/``each`` (the last token of ``merged``) as the token lark's
    _UNION reads: ``and`` or ``plus``, after a comma with only spaces or tabs between, then only
    spaces or tabs before ``every``. Any other spacing: declined (lark reads it otherwise)."""
    join = merged[-1]
    before = merged[-2] if len(merged) > 1 else None
    if not every.glued:
        raise Declined
    if join.kind == "word":  # plus: a comma before it is a separator of its own
        if before is not None and before.kind == "sep":
            if before.raw != "," or not join.glued:
                raise Declined
            del merged[-2]
            return Token("union", ", plus", before.start, join.end, before.glued)
        return Token("union", join.raw, join.start, join.end, join.glued)
    if before is not None and before.kind == "sep":  # ",\nand every": not lark's union
        raise Declined
    return Token("union", join.raw, join.start, join.end, join.glued)


_UNION_JOINS = ("and", "plus")
_JOINING = frozenset({",", "and", "or", "plus"})


class TokenStream:
    """A reader's place in a list of tokens."""

    def __init__(self, text: str, tokens: list[Token]) -> None:
        self.text, self.tokens, self.at = text, tokens, 0

    def _peek(self) -> Token | None:
        return self.tokens[self.at] if self.at < len(self.tokens) else None

    def _take_any(self) -> Token:
        at, tokens = self.at, self.tokens
        if at >= len(tokens):
            raise Declined
        self.at = at + 1
        return tokens[at]

    def _take(self, kind: str) -> Token:
        at, tokens = self.at, self.tokens
        if at >= len(tokens) or tokens[at].kind != kind:
            raise Declined
        self.at = at + 1
        return tokens[at]

    def _next_is(self, kind: str) -> bool:
        return self.at < len(self.tokens) and self.tokens[self.at].kind == kind

    def _next_word(self, word: str) -> bool:
        return self.at < len(self.tokens) and self.tokens[self.at].word == word

    def _since(self, first: Token) -> Span:
        return span_at(first.start, self.tokens[self.at - 1].end)


def span_of(token: Token) -> Span:
    return span_at(token.start, token.end)


span_at = make_span  # ``span_at(start, end)``: ``Span(start=start, end=end)``, without the class
