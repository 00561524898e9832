"""Clauses that read together: ``every second tuesday``, ``every morning at 8``, unions' zones."""

from __future__ import annotations

from typing import cast

from tomodachi_schedule.compiler.spec import nodes as n
from tomodachi_schedule.errors import Span

SUB_DAY = ("second", "minute", "hour")


class DayPart:
    """``every morning``: a day, and a hint for reading the bare hour of its ``at`` clause (here,
    not in `everyday`, so that the quick English reader runs without importing lark)."""

    def __init__(self, part: str, span: Span) -> None:
        self.part, self.span = part, span


class WeekdayOfMonth:
    """``tuesday of the month``: waits for an ordinal (``every second tuesday of the month``)."""

    def __init__(self, weekday: int, months: tuple[int, ...], span: Span) -> None:
        self.weekday, self.months, self.span = weekday, months, span

    def nth(self, count: int, span: Span):
        item = n.NthWeekday(weekday=self.weekday, n=count, span=span)
        return n.Scoped(item=item, months=self.months, span=span) if self.months else item


def merge_clauses(clauses: list, transformer) -> tuple:
    """The phrase's clauses once the multi-clause forms are read as one."""
    flat: list = []
    for clause in clauses:
        flat.extend(clause if isinstance(clause, tuple) else (clause,))
    parts = [c for c in flat if isinstance(c, DayPart)]
    flat = [n.Every(unit="day", text="every day", span=c.span) if c in parts else c for c in flat]
    for part in parts:
        flat = transformer.daypart_times(part, flat)
    merged: list = []
    for clause in flat:
        previous = merged[-1] if merged else None
        if isinstance(clause, n.Days) and _is_every_second(previous) and clause.every is None:
            merged[-1] = _every_second(merged[-1], clause, transformer)
        else:
            merged.append(clause)
    for clause in merged:
        if isinstance(clause, n.Days) and any(isinstance(i, WeekdayOfMonth) for i in clause.items):
            transformer.problem(
                clause.span,
                "'of the month' needs an ordinal",
                "say 'every monday', or 'on the first monday of the month'",
            )
    return _every_day_on_a_grid(merged)


def _is_every_second(clause) -> bool:
    words = getattr(clause, "text", "").lower().split()
    return isinstance(clause, n.Every) and words == ["every", "second"]


def _every_second(every: n.Every, days: n.Days, transformer):
    """``every second tuesday of the month`` is one day; ``every second tuesday`` two readings."""
    span = Span(start=every.span.start, end=days.span.end)
    if days.items and all(isinstance(i, WeekdayOfMonth) for i in days.items):
        nths = tuple(cast(WeekdayOfMonth, i).nth(2, span) for i in days.items)
        return n.Days(items=nths, lead="on", span=span)
    text = transformer.text[span.start : span.end]
    transformer.problem(
        span,
        f"'{text}' can be read two ways: every other week, or the second of the month",
        f"say '{_other(text)}' or '{_second_of_month(text)}'",
    )
    return n.Days(items=days.items, every=2, span=span)


def _other(text: str) -> str:
    words = text.split()
    return " ".join(["every", "other"] + words[2:])


def _second_of_month(text: str) -> str:
    words = text.split()
    return " ".join(["on", "the", "second"] + [w.rstrip("s") for w in words[2:]] + ["of the month"])


def _every_day_on_a_grid(clauses: list) -> tuple:
    """``every 20 minutes every day``: the day clause says the grid follows the wall clock."""
    every = [c for c in clauses if isinstance(c, n.Every)]
    grid = [c for c in every if c.unit in SUB_DAY]
    daily = [c for c in every if c.unit == "day" and c.count is None]
    if not grid or not daily:
        return tuple(clauses)
    all_days = n.Weekdays(days=tuple(range(7)), text="day", span=daily[0].span)
    days = n.Days(items=(all_days,), lead="every", span=daily[0].span)
    return tuple(days if c is daily[0] else c for c in clauses)
