"""The one error type of the project: diagnostics with source spans, rendered with a caret."""

from __future__ import annotations

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


MAX_SHOWN = 20  # diagnostics rendered before "... and N more errors"
WINDOW = 120  # characters of a quoted source line shown around the caret (longer lines are cut)


def render_diagnostic(diagnostic: Diagnostic, source: str, source_name: str) -> str:
    """``name:line:col: error: message``, the line, a caret under the span, then the hint.

    A long line is cut to a window of about `WINDOW` characters around the caret."""
    if diagnostic.span is None:
        lines = [f"{source_name}: {diagnostic.severity}: {diagnostic.message}"]
    else:
        pos = locate(source, diagnostic.span.start)
        last = pos.line_start + len(pos.line_text)
        width = max(1, min(diagnostic.span.end, last) - diagnostic.span.start)
        text, column, width = _window(pos.line_text, pos.column - 1, width)
        lines = [
            f"{source_name}:{pos.line}:{pos.column}: {diagnostic.severity}: {diagnostic.message}",
            f"    {text}",
            "    " + " " * column + "^" * width,
        ]
    if diagnostic.hint:
        lines.append(f"  hint: {diagnostic.hint}")
    return "\n".join(lines)


def _window(line: str, column: int, width: int) -> tuple[str, int, int]:
    """The part of ``line`` shown around a caret at ``column`` (0-based), "…" marking a cut,
    with the caret's column and width in it."""
    if len(line) <= WINDOW:
        return line, column, width
    width = min(width, WINDOW // 2)
    start = max(0, min(column - WINDOW // 4, len(line) - WINDOW))
    end = start + WINDOW
    shown = ("…" if start else "") + line[start:end] + ("…" if end < len(line) else "")
    return shown, column - start + (1 if start else 0), width


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
        """Every diagnostic, up to `MAX_SHOWN`; then how many more there are."""
        shown = [
            render_diagnostic(d, self.source, self.source_name)
            for d in self.diagnostics[:MAX_SHOWN]
        ]
        more = len(self.diagnostics) - MAX_SHOWN
        if more > 0:
            shown.append(f"... and {more} more error{'s' if more != 1 else ''}")
        return "\n".join(shown)

    def __str__(self) -> str:
        return self.render()
