"""The one error type of the project: diagnostics with source spans, rendered with a caret.

Cheap to import (records, not dataclasses; difflib only when a guess is asked for), so every module,
the runtime's included, imports it at the top.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable
from typing import Protocol

from tomodachi_schedule.runtime.engine.record import Record, fields


class Span(Record):
    """Half-open character offsets ``[start, end)`` into a source text."""

    start: int
    end: int

    def __init__(self, *, start: int, end: int) -> None:
        # the generic record constructor costs several times more, and the readers make
        # spans by the thousand (one per token and node of every spec)
        _SET_START(self, start)
        _SET_END(self, end)

    def shifted(self, by: int) -> Span:
        return Span(start=self.start + by, end=self.end + by)


# The slots' own setters: past the frozen `__setattr__`, as `object.__setattr__` goes, at a third
# of its cost (which looks the attribute up by name at every call)
_SET_START = Span.__dict__["start"].__set__
_SET_END = Span.__dict__["end"].__set__
_new = object.__new__


def make_span(start: int, end: int) -> Span:
    """``Span(start=start, end=end)`` without keywords nor a Python ``__init__``: for the readers,
    which make one per token and node (a `.sched` file of 10,000 entries, 50,000)."""
    span = _new(Span)
    _SET_START(span, start)
    _SET_END(span, end)
    return span


class Diagnostic(Record):
    """One problem: what is wrong, where, and how to fix it. Made with `problem`."""

    message: str
    span: Span | None = None
    hint: str | None = None
    severity: str = "error"

    def replace(self, **changes: object) -> Diagnostic:
        """A copy with some fields changed (a span moved into a larger source, say)."""
        values = {name: getattr(self, name) for name, _ in fields(self)}
        return Diagnostic(**{**values, **changes})


class Spanned(Protocol):
    @property
    def span(self) -> Span: ...


def problem(
    message: str,
    where: Span | Spanned | None = None,
    hint: str | None = None,
    *,
    severity: str = "error",
) -> Diagnostic:
    """The diagnostic for ``message`` at ``where`` (a span, a node with one, or None: no place)."""
    span = where if where is None or isinstance(where, Span) else where.span
    return Diagnostic(message=message, span=span, hint=hint, severity=severity)


def did_you_mean(word: str, candidates: Iterable[str], *, cutoff: float = 0.6) -> str | None:
    """The candidate closest to a misspelt ``word``, if one is close enough and no other is as
    close (``mun``: ``mon`` or ``sun``? a guess would change the meaning half the time)."""
    import difflib  # only when there is a misspelling to guess at

    matches = difflib.get_close_matches(word, list(candidates), n=2, cutoff=cutoff)
    if len(matches) == 2 and _likeness(word, matches[0]) == _likeness(word, matches[1]):
        return None
    return matches[0] if matches else None


def _likeness(word: str, other: str) -> float:
    import difflib

    return difflib.SequenceMatcher(None, word, other).ratio()


class Position(Record):
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


class ScheduleError(ValueError):
    """Raised for every invalid schedule: carries all diagnostics found, renders them all."""

    def __init__(
        self,
        diagnostics: tuple[Diagnostic, ...],
        source: str = "",
        source_name: str = "<schedule>",
        warnings: tuple[Diagnostic, ...] = (),
    ) -> None:
        self.diagnostics = tuple(diagnostics)
        self.source, self.source_name, self.warnings = source, source_name, tuple(warnings)
        super().__init__(self.render())

    def with_source(
        self, *, source: str | None = None, source_name: str | None = None
    ) -> ScheduleError:
        """The same problems, rendered against another source text or name."""
        return ScheduleError(
            self.diagnostics,
            self.source if source is None else source,
            self.source_name if source_name is None else source_name,
            self.warnings,
        )

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

    def __reduce__(self) -> tuple[object, ...]:  # pickles (process pools) keep the diagnostics
        return (type(self), (self.diagnostics, self.source, self.source_name, self.warnings))


def schedule_error(
    message: str,
    where: Span | Spanned | None = None,
    hint: str | None = None,
    *,
    source: str = "",
    source_name: str = "<schedule>",
) -> ScheduleError:
    """The error of one problem (see `problem`)."""
    return ScheduleError((problem(message, where, hint),), source=source, source_name=source_name)
