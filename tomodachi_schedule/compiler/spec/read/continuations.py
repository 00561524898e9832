"""English day lists without lark: the items a list's words leave for later (a continuation,
an ordinal alone, "the 3rd day"), and how they attach to the items before them. Here rather than
in `day_lists` so that the quick English reader runs without importing lark.
"""

from __future__ import annotations

from tomodachi_schedule.compiler.spec import nodes as n
from tomodachi_schedule.errors import Diagnostic, Span, problem
from tomodachi_schedule.runtime.engine.wording.days import ordinal


class Continuation:
    """A bare ``march`` or ``15th`` in a list: it continues the item before it."""

    def __init__(self, *, month: int | None = None, day: int | None = None, span: Span) -> None:
        self.month, self.day, self.span = month, day, span


class OrdinalOnly:
    """``the first`` in ``the first and third monday``: takes the weekday of the item after it."""

    def __init__(self, *, value: int, fallback, span: Span) -> None:
        self.value, self.fallback, self.span = value, fallback, span


class NthUnit:
    """``3rd day`` without "the": after "every" it is an interval, elsewhere a day of the month."""

    def __init__(self, *, count: int, unit: str, span: Span) -> None:
        self.count, self.unit, self.span = count, unit, span


def attach_continuations(items: list, problems: list[Diagnostic], text: str = "") -> tuple:
    """``the last tuesday of january and march``: months and days extend the previous item."""
    result: list = []
    for item in _distribute_weekdays(items, text):
        if isinstance(item, NthUnit):
            if item.unit != "day":
                _problem(
                    problems,
                    item.span,
                    f"cannot pick a {item.unit} here",
                    "say e.g. 'the 3rd day'",
                )
            result.append(n.MonthDay(day=item.count, span=item.span))
        elif not isinstance(item, Continuation):
            result.append(item)
        elif item.day is not None:
            result.append(_continue_day(result[-1] if result else None, item))
        elif result and isinstance(result[-1], n.Scoped):
            assert item.month is not None  # a continuation is a day or a month
            last = result[-1]
            result[-1] = n.Scoped(
                item=last.item, months=last.months + (item.month,), span=last.span
            )
        else:
            _problem(
                problems,
                item.span,
                "a month alone is not a day",
                "say 'in march' or 'on march 1'",
            )
    return tuple(result)


def _distribute_weekdays(items: list, text: str) -> list:
    """``the first and third monday``: ordinals alone take the weekday of the item after them,
    when it has no "the" of its own (``the 1st and the third monday`` is a day and a weekday).

    Otherwise an ordinal alone is a day of the month (``the 1st and 15th``).
    """
    result = list(items)
    for index in range(len(result) - 1, -1, -1):
        item = result[index]
        if not isinstance(item, OrdinalOnly):
            continue
        after = result[index + 1] if index + 1 < len(result) else None
        inner = after.item if isinstance(after, n.Scoped) else after
        own_the = (
            after is not None and text[after.span.start : after.span.start + 4].lower() == "the "
        )
        if isinstance(inner, n.NthWeekday) and not own_the:
            nth = n.NthWeekday(weekday=inner.weekday, n=item.value, span=item.span)
            result[index] = (
                n.Scoped(item=nth, months=after.months, span=item.span)
                if isinstance(after, n.Scoped)
                else nth
            )
        else:
            result[index] = item.fallback
    return result


def _continue_day(previous, item: Continuation):
    day = n.MonthDay(day=item.day, span=item.span)
    if (
        isinstance(previous, n.Scoped)
        and isinstance(previous.item, n.MonthDay)
        and previous.item.day
    ):
        return n.Scoped(item=day, months=previous.months, span=item.span)  # "december 24 and 25th"
    return day


def ordinal_text(value: int) -> str:
    """``1st``, ``last``, ``2nd to last``: an ordinal for messages."""
    if value == -1:
        return "last"
    if value < 0:
        return ordinal_text(-value) + " to last"
    return ordinal(value)


def _problem(problems: list[Diagnostic], span: Span, message: str, hint: str) -> None:
    problems.append(problem(message, span, hint))
