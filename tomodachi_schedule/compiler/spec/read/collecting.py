"""The base of the spec transformers: the source text, spans shifted into it, problems found."""

from __future__ import annotations

from lark import Token

from tomodachi_schedule.compiler.spec import nodes as n
from tomodachi_schedule.compiler.spec.read.lalr.quick_transformer import QuickTransformer
from tomodachi_schedule.errors import Diagnostic, Span, problem


def span_of(item: Token | object) -> Span:
    """The span of a token or of a rule's meta."""
    if isinstance(item, Token):
        start, end = item.start_pos, item.end_pos
    elif getattr(item, "empty", True):
        return n.NO_SPAN
    else:
        start, end = getattr(item, "start_pos"), getattr(item, "end_pos")  # noqa: B009 - a meta
    assert start is not None and end is not None  # parsed tokens and metas have positions
    return Span(start=start, end=end)


class Collecting(QuickTransformer):
    """Shared: the source text and the problems found while building nodes."""

    def __init__(self, text: str, offset: int = 0) -> None:
        super().__init__()  # tokens are read by the rules that hold them
        self.text = text
        self.offset = offset
        self.problems: list[Diagnostic] = []

    def problem(self, where: Span, message: str, hint: str | None = None) -> None:
        self.problems.append(problem(message, where, hint))

    def span(self, item: Token | object) -> Span:
        return span_of(item).shifted(self.offset)
