"""English day lists after parsing: continuations ("of january and march"), "every 3rd day"."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from lark import Token, Transformer, v_args

from tomodachi_schedule.compiler.spec import nodes as n
from tomodachi_schedule.compiler.spec.read.continuations import (
    Continuation,
    NthUnit,
    OrdinalOnly,
    attach_continuations,
    ordinal_text,
)
from tomodachi_schedule.compiler.spec.vocabulary import (
    ORDINAL_WORDS,
    month_number,
    unit_name,
    weekday_number,
)
from tomodachi_schedule.errors import Span

LAST_DAYS = "say e.g. 'on the last 7 days of the month' (up to 28 days)"
_WEEKPART_DAYS = {"weekday": (0, 1, 2, 3, 4), "weekend": (5, 6)}


@v_args(inline=True)
class DayListRules(Transformer):
    """The day rules of `PhraseTransformer` (weekdays, month days, ordinals, scopes).

    Expects ``span``, ``problem``, ``text`` and ``_datetime`` from the transformer it is mixed into.
    """

    if TYPE_CHECKING:  # provided by the transformer this is mixed into (transform.py)
        text: str
        offset: int

        def span(self, item: Token | object) -> Span: ...

        def problem(self, where: Span, message: str, hint: str | None = None) -> None: ...

    def day_list(self, *items):
        if len(items) == 1 and isinstance(items[0], NthUnit):
            return items  # "every 3rd day": every_days reads it, other clauses see a day
        flat = [one for item in items for one in (item if isinstance(item, tuple) else (item,))]
        return attach_continuations(flat, self.problems, self.text)

    @v_args(inline=True, meta=True)
    def last_days(self, meta, _the, word, count, unit, months=()):
        """``the last 7 days of the month`` (cron's L), ``the first 3 days``: a run of days."""
        where = self.span(meta)
        first = word.lower() == "first"
        if (
            word.lower() not in ("first", "last")
            or unit_name(unit) != "day"
            or not 1 <= int(count) <= 28
        ):
            self.problem(where, f"'{word} {count} {unit}' is not a run of days", LAST_DAYS)
            count = 1
        days = [
            (
                n.MonthDay(day=offset + 1, span=where)
                if first
                else n.MonthDay(from_end=offset, span=where)
            )
            for offset in range(max(int(count), 1))
        ]
        return tuple(n.Scoped(item=d, months=months, span=where) if months else d for d in days)

    def weekday(self, token):
        return self._weekdays(token, (weekday_number(token),))

    def weekday_range(self, first, _to, last=None):
        last = last if last is not None else _to  # "mon-fri": the "-" is an anonymous token
        low, high = weekday_number(first), weekday_number(last)
        days = tuple((low + i) % 7 for i in range((high - low) % 7 + 1))
        return n.Weekdays(
            days=days,
            text=self.text[first.start_pos : last.end_pos],
            span=self._join(first, last),
        )

    def weekpart(self, token):
        kind = "weekend" if "end" in token.lower() else "weekday"
        return self._weekdays(token, _WEEKPART_DAYS[kind])

    def _weekdays(self, token: Token, days: tuple[int, ...]) -> n.Weekdays:
        return n.Weekdays(days=days, text=str(token), span=self.span(token))

    def weekday_of_month(self, token, months):
        from tomodachi_schedule.compiler.spec.read.merges import WeekdayOfMonth

        return WeekdayOfMonth(weekday_number(token), months, self.span(token))

    def bare_month(self, token):
        return Continuation(month=month_number(token), span=self.span(token))

    @v_args(inline=True, meta=True)
    def bare_ordinal_day(self, meta, ordinal, *rest):
        if not rest and ordinal > 0:  # "and 25th" continues "december 24"
            where = self.span(meta)
            fallback = Continuation(day=ordinal, span=where)
            return OrdinalOnly(value=ordinal, fallback=fallback, span=where)
        if len(rest) == 1 and isinstance(rest[0], Token) and rest[0].type == "UNIT" and ordinal > 1:
            return NthUnit(count=ordinal, unit=unit_name(rest[0]), span=self.span(meta))
        return self.ordinal_day(meta, None, ordinal, *rest)

    def month_day(self, month, day):
        return self._scoped_day(month, day, first=month, last=day)

    def day_month(self, day, *rest):
        return self._scoped_day(rest[-1], day, first=day, last=rest[-1])

    def _scoped_day(self, month: Token, day: Token, *, first: Token, last: Token) -> n.Scoped:
        where = self._join(first, last)
        digits = re.match(r"\d+", str(day))
        assert digits is not None  # the grammar's day token starts with its number
        number = int(digits.group())
        inner = n.MonthDay(day=number, span=self.span(day))
        return n.Scoped(item=inner, months=(month_number(month),), span=where)

    def date_day(self, token):
        return n.SpecificDate(date=self._datetime(token), span=self.span(token))

    @v_args(inline=True, meta=True)
    def ordinal_day(self, meta, _the, ordinal, *rest):
        where = self.span(meta)
        rest = tuple(part for part in rest if part is not None)
        target = rest[0] if rest and isinstance(rest[0], Token) else None
        months = rest[-1] if rest and isinstance(rest[-1], tuple) else ()
        item = self._ordinal_item(ordinal, target, where)
        if target is None and not rest:  # "the first" of "the first and third monday"
            return OrdinalOnly(value=ordinal, fallback=item, span=where)
        return n.Scoped(item=item, months=months, span=where) if months else item

    def _ordinal_item(self, ordinal: int, target: Token | None, where: Span):
        if target is None or target.type == "UNIT" and unit_name(target) == "day":
            return (
                n.MonthDay(day=ordinal, span=where)
                if ordinal > 0
                else n.MonthDay(from_end=-ordinal - 1, span=where)
            )
        if target.type == "WEEKDAY":
            return n.NthWeekday(weekday=weekday_number(target), n=ordinal, span=where)
        if target.type == "WEEKPART" and "end" not in target.lower() and ordinal in (1, -1):
            return n.WorkdayOfMonth(last=ordinal < 0, span=where)
        self.problem(
            self.span(target),
            f"cannot pick the {ordinal_text(ordinal)} {target} of a month",
            "name a day, a weekday, or 'the first/last weekday'",
        )
        return n.MonthDay(day=1, span=where)

    def ordinal_number(self, token):
        return int(token[:-2])

    def ordinal_word(self, token):
        return ORDINAL_WORDS[token.lower()]

    def ordinal_to_last(self, first, _to, last):
        count = int(first[:-2]) if first.type == "ORDNUM" else ORDINAL_WORDS[first.lower()]
        if last.lower() != "last" or count < 1:
            self.problem(
                self._join(first, last),
                f"'{first} to {last}' is not an ordinal",
                "say 'second to last'",
            )
        return -count

    def scope_month(self, _of, *rest):
        unit = rest[-1]
        if unit_name(unit) != "month":
            self.problem(
                self.span(unit),
                f"'of {unit}': day ordinals count within a month",
                "say 'of the month'",
            )
        return ()

    def scope_named(self, _of, month):
        return (month_number(month),)

    def _join(self, first: Token, last: Token) -> Span:
        start, end = first.start_pos, last.end_pos
        assert start is not None and end is not None  # parsed tokens have positions
        return Span(start=start, end=end).shifted(self.offset)
