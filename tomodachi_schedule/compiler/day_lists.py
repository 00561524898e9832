"""English day lists after parsing: continuations ("of january and march"), "every 3rd day"."""

from __future__ import annotations

from tomodachi_schedule.compiler import nodes as n
from tomodachi_schedule.errors import Diagnostic, Span


class Continuation:
    """A bare ``march`` or ``15th`` in a list: it continues the item before it."""

    def __init__(self, *, month: int | None = None, day: int | None = None, span: Span) -> None:
        self.month, self.day, self.span = month, day, span


class NthUnit:
    """``3rd day`` without "the": after "every" it is an interval, elsewhere a day of the month."""

    def __init__(self, *, count: int, unit: str, span: Span) -> None:
        self.count, self.unit, self.span = count, unit, span


def attach_continuations(items: list, problems: list[Diagnostic]) -> tuple:
    """``the last tuesday of january and march``: months and days extend the previous item."""
    result: list = []
    for item in items:
        if isinstance(item, NthUnit):
            if item.unit != "day":
                _problem(problems, item.span, f"cannot pick a {item.unit} here", "say e.g. 'the 3rd day'")
            result.append(n.MonthDay(day=item.count, span=item.span))
        elif not isinstance(item, Continuation):
            result.append(item)
        elif item.day is not None:
            result.append(_continue_day(result[-1] if result else None, item))
        elif result and isinstance(result[-1], n.Scoped):
            last = result[-1]
            result[-1] = n.Scoped(item=last.item, months=last.months + (item.month,), span=last.span)
        else:
            _problem(problems, item.span, "a month alone is not a day", "say 'in march' or 'on march 1'")
    return tuple(result)


def merge_every_second(clauses: list) -> tuple:
    """``every second monday`` parses as ``every second`` + ``monday``: read it as every 2 weeks."""
    merged: list = []
    for clause in clauses:
        previous = merged[-1] if merged else None
        if isinstance(clause, n.Days) and _is_every_second(previous) and clause.every is None:
            span = Span(start=previous.span.start, end=clause.span.end)
            merged[-1] = n.Days(items=clause.items, every=2, span=span)
        else:
            merged.append(clause)
    return tuple(merged)


def _is_every_second(clause) -> bool:
    words = getattr(clause, "text", "").lower().split()
    return isinstance(clause, n.Every) and words == ["every", "second"]


def _continue_day(previous, item: Continuation):
    day = n.MonthDay(day=item.day, span=item.span)
    if isinstance(previous, n.Scoped) and isinstance(previous.item, n.MonthDay) and previous.item.day:
        return n.Scoped(item=day, months=previous.months, span=item.span)  # "december 24 and 25th"
    return day


def ordinal_text(value: int) -> str:
    """``1st``, ``last``, ``2nd to last``: an ordinal for messages."""
    if value == -1:
        return "last"
    if value < 0:
        return ordinal_text(-value) + " to last"
    suffix = "th" if 10 <= value % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(value % 10, "th")
    return f"{value}{suffix}"


def _problem(problems: list[Diagnostic], span: Span, message: str, hint: str) -> None:
    problems.append(Diagnostic(message=message, span=span, hint=hint))
