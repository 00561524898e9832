"""A regex reader for well-formed cron text: the same `CronExpr` lark's cron parser builds, 10x sooner.

Cron's grammar (``grammar/cron.lark``) is regular, and the LALR parser plus the tree transformer
cost most of a cron spec's compile time. This reader accepts only text whose every word is a
complete field (or a single macro) and returns None for anything else, so that lark still reads,
and reports errors for, everything unusual: spaces inside a field, stray characters, adjacent
values. tests/language/test_cron_reader.py checks it against lark on generated text.
"""

from __future__ import annotations

import re

from tomodachi_schedule.compiler.spec import nodes as n
from tomodachi_schedule.errors import Span

# The terminals of cron.lark: CRON_WORD (priority 2, so "15W" is one word), CRON_NUMBER, STAR, QUESTION.
# ASCII digits only: text with other digits is rare enough to leave to lark.
_VALUE = r"(?:[0-9]*[A-Za-z]+[0-9]*|[0-9]+|\*|\?)"
_ITEM = rf"{_VALUE}(?:-{_VALUE})?(?:/[0-9]+)?|{_VALUE}#[0-9]+"
_FIELD = re.compile(rf"(?:{_ITEM})(?:,(?:{_ITEM}))*")
_PIECE = re.compile(rf"({_VALUE})(?:-({_VALUE}))?(?:/([0-9]+)|#([0-9]+))?")
_MACRO = re.compile(r"@[A-Za-z]+")
# lark's common.WS, which cron.lark ignores; any other character is part of a word
_WORD = re.compile(r"[^ \t\f\r\n]+")


def read_cron(text: str, offset: int = 0) -> n.CronExpr | None:
    """The cron expression of ``text`` (spans shifted by ``offset``), or None to leave it to lark."""
    words = list(_WORD.finditer(text))
    if len(words) == 1 and _MACRO.fullmatch(words[0].group()):
        return n.CronExpr(macro=words[0].group(), span=_span(words[0], offset))
    if not words or not all(_FIELD.fullmatch(word.group()) for word in words):
        return None
    fields = tuple(_field(word, offset) for word in words)
    return n.CronExpr(fields=fields, span=Span(start=fields[0].span.start, end=fields[-1].span.end))


def _field(word: re.Match, offset: int) -> n.CronField:
    start = word.start() + offset
    items = tuple(_item(piece, start) for piece in _PIECE.finditer(word.group()))
    return n.CronField(items=items, span=_span(word, offset))


def _item(piece: re.Match, offset: int) -> n.CronItem:
    """One item, its span running from the first value to the last number, as the transformer's."""
    # piece.regs: (start, end) of the item, then of each group, (-1, -1) for a group not present
    low, high, step, nth = (
        _atom(piece.string, start, end, offset) for start, end in piece.regs[1:]
    )
    assert low is not None  # the item's first value is never optional
    if high is None and step is None and nth is None:
        return n.CronItem(low=low, span=low.span)  # as the transformer: the value's own span
    return n.CronItem(low=low, high=high, step=step, nth=nth, span=_span(piece, offset))


def _atom(text: str, start: int, end: int, offset: int) -> n.CronAtom | None:
    if start < 0:
        return None
    return n.CronAtom(text=text[start:end], span=Span(start=start + offset, end=end + offset))


def _span(match: re.Match, offset: int) -> Span:
    return Span(start=match.start() + offset, end=match.end() + offset)
