"""The one error type of the project: diagnostics with source spans, rendered with a caret."""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field


@dataclass(frozen=True, kw_only=True)
class Span:
    """Half-open character offsets ``[start, end)`` into a source text."""

    start: int
    end: int

    def shifted(self, by: int) -> Span:
        return Span(start=self.start + by, end=self.end + by)


@dataclass(frozen=True, kw_only=True)
class Diagnostic:
    """One problem: what is wrong, where, and how to fix it."""

    message: str
    span: Span | None = None
    hint: str | None = None
    severity: str = "error"


@dataclass(frozen=True, kw_only=True)
class Position:
    line: int  # 1-based
    column: int  # 1-based
    line_text: str
    line_start: int


def locate(source: str, offset: int) -> Position:
    """Line, column and text of the line holding ``offset`` (computed only when rendering)."""
    offset = max(0, min(offset, len(source)))
    line_start = source.rfind("\n", 0, offset) + 1
    line_end = source.find("\n", offset)
    if line_end == -1:
        line_end = len(source)
    return Position(
        line=source.count("\n", 0, offset) + 1,
        column=offset - line_start + 1,
        line_text=source[line_start:line_end],
        line_start=line_start,
    )


class LineStarts:
    """Where each line of a source starts, found once: the line and column of any offset by
    bisection (`locate` counts newlines from the start, fine for one error, quadratic for a
    location per entry of a large file)."""

    __slots__ = ("starts",)

    def __init__(self, source: str) -> None:
        starts, found = [0], source.find("\n")
        while found != -1:
            starts.append(found + 1)
            found = source.find("\n", found + 1)
        self.starts = starts

    def line_column(self, offset: int) -> tuple[int, int]:
        """1-based (line, column) of ``offset``."""
        line = bisect_right(self.starts, max(0, offset))
        return line, offset - self.starts[line - 1] + 1


def render_diagnostic(diagnostic: Diagnostic, source: str, source_name: str) -> str:
    """``name:line:col: error: message``, the line, a caret under the span, then the hint."""
    if diagnostic.span is None:
        lines = [f"{source_name}: {diagnostic.severity}: {diagnostic.message}"]
    else:
        pos = locate(source, diagnostic.span.start)
        last = pos.line_start + len(pos.line_text)
        width = max(1, min(diagnostic.span.end, last) - diagnostic.span.start)
        lines = [
            f"{source_name}:{pos.line}:{pos.column}: {diagnostic.severity}: {diagnostic.message}",
            f"    {pos.line_text}",
            "    " + " " * (pos.column - 1) + "^" * width,
        ]
    if diagnostic.hint:
        lines.append(f"  hint: {diagnostic.hint}")
    return "\n".join(lines)


@dataclass(eq=False)
class ScheduleError(ValueError):
    """Raised for every invalid schedule: carries all diagnostics found, renders them all."""

    diagnostics: tuple[Diagnostic, ...]
    source: str = ""
    source_name: str = "<schedule>"
    warnings: tuple[Diagnostic, ...] = field(default=())

    def __post_init__(self) -> None:
        super().__init__(self.render())

    def render(self) -> str:
        return "\n".join(
            render_diagnostic(d, self.source, self.source_name) for d in self.diagnostics
        )

    def __str__(self) -> str:
        return self.render()
