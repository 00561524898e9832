"""Lark trees to AST nodes: one Transformer per notation; lark trees never leave compiler/."""

from __future__ import annotations

import re
from collections.abc import Callable

from lark import Token, Transformer, v_args

from tomodachi_schedule.compiler import nodes as n
from tomodachi_schedule.compiler.day_lists import (
    Continuation,
    NthUnit,
    attach_continuations,
    merge_every_second,
    ordinal_text,
)
from tomodachi_schedule.compiler.vocabulary import (
    ADVERBS,
    ORDINAL_WORDS,
    month_number,
    unit_name,
    weekday_number,
)
from tomodachi_schedule.errors import Diagnostic, Span

_DATETIME = re.compile(
    r"(\d{4})-(\d{1,2})-(\d{1,2})(?:(?:T|\s+)(\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?"
    r"(?:\s*(Z|[+-]\d{2}(?::?\d{2})?))?)?",
    re.IGNORECASE,
)
_AMPM = re.compile(r"(\d{1,2})(?::(\d{2}))?(?::(\d{2}))?\s*([ap])", re.IGNORECASE)
_WEEKPART_DAYS = {"weekday": (0, 1, 2, 3, 4), "weekend": (5, 6)}


def span_of(item: Token | object) -> Span:
    """The span of a token or of a rule's meta."""
    if isinstance(item, Token):
        return Span(start=item.start_pos, end=item.end_pos)
    if getattr(item, "empty", True):
        return n.NO_SPAN
    return Span(start=item.start_pos, end=item.end_pos)


class _Collecting(Transformer):
    """Shared: the source text and the problems found while building nodes."""

    def __init__(self, text: str, offset: int = 0) -> None:
        super().__init__(visit_tokens=False)  # tokens are read by the rules that hold them
        self.text = text
        self.offset = offset
        self.problems: list[Diagnostic] = []

    def problem(self, where: Span, message: str, hint: str | None = None) -> None:
        self.problems.append(Diagnostic(message=message, span=where, hint=hint))

    def span(self, item: Token | object) -> Span:
        return span_of(item).shifted(self.offset)


@v_args(inline=True)
class CronTransformer(_Collecting):
    """Cron trees to `CronExpr`; names are kept as written and read per field by the validator."""

    @v_args(meta=True, inline=False)
    def cron(self, meta, children):
        if len(children) == 1 and isinstance(children[0], Token):
            return n.CronExpr(macro=str(children[0]), span=self.span(meta))
        return n.CronExpr(fields=tuple(children), span=self.span(meta))

    @v_args(meta=True, inline=False)
    def cron_field(self, meta, children):
        where = self.span(meta)
        if re.search(r"\s", self.text[where.start : where.end]):
            self.problem(where, "a cron field cannot contain spaces", "write ranges as 1-5, lists as 1,2")
        items = tuple(c if isinstance(c, n.CronItem) else self._item(c) for c in children)
        return n.CronField(items=items, span=where)

    def _item(self, atom: n.CronAtom) -> n.CronItem:
        return n.CronItem(low=atom, span=atom.span)

    def cron_range(self, low, high):
        return n.CronItem(low=low, high=high, span=self._join(low, high))

    def cron_step(self, base, step):
        item = base if isinstance(base, n.CronItem) else self._item(base)
        atom = self.cron_number(step)
        return n.CronItem(low=item.low, high=item.high, step=atom, span=self._join(item, atom))

    def cron_nth(self, value, nth):
        atom = self.cron_number(nth)
        return n.CronItem(low=value, nth=atom, span=self._join(value, atom))

    def cron_number(self, token):
        return n.CronAtom(text=str(token), span=self.span(token))

    cron_word = cron_star = cron_any = cron_number

    @staticmethod
    def _join(first, last) -> Span:
        return Span(start=first.span.start, end=last.span.end)


@v_args(inline=True)
class PhraseTransformer(_Collecting):
    """English trees to a `Phrase` of clause nodes."""

    def __init__(self, text: str, parse_cron: Callable[[str, int], n.CronExpr]) -> None:
        super().__init__(text)
        self.parse_cron = parse_cron

    def start(self, body):
        if not isinstance(body, n.Phrase):
            body = n.Phrase(clauses=(body,), span=body.span)
        return n.Spec(text=self.text, body=body, span=body.span)

    @v_args(meta=True, inline=False)
    def phrase(self, meta, clauses):
        return n.Phrase(clauses=merge_every_second(clauses), span=self.span(meta))

    # --- intervals and aliases ----------------------------------------------------------------

    @v_args(inline=True, meta=True)
    def every_unit(self, meta, _every, *rest):
        count = int(rest[0]) if len(rest) == 2 else None
        return n.Every(unit=unit_name(rest[-1]), count=count, text=self._text(meta), span=self.span(meta))

    @v_args(inline=True, meta=True)
    def every_nth_unit(self, meta, _every, nth, unit):
        return n.Every(unit=unit_name(unit), count=nth, text=self._text(meta), span=self.span(meta))

    @v_args(inline=True, meta=True)
    def every_days(self, meta, every, items):
        if len(items) == 1 and isinstance(items[0], NthUnit):  # "every 3rd day"
            count, unit = items[0].count, items[0].unit
            return n.Every(unit=unit, count=count, text=self._text(meta), span=self.span(meta))
        return n.Days(items=items, lead=str(every).lower(), span=self.span(meta))

    @v_args(inline=True, meta=True)
    def every_nth_days(self, meta, _every, nth, items):
        items = attach_continuations(list(items), self.problems)
        return n.Days(items=items, every=nth, span=self.span(meta))

    def nth_word(self, word):
        value = ORDINAL_WORDS[word.lower()]
        if value < 2:
            self.problem(self.span(word), f"'every {word}' does not say how often", "say 'every other' or 'every 2'")
        return max(value, 1)

    nth_day_word = nth_word

    @v_args(inline=True, meta=True)
    def count_unit(self, meta, count, unit):
        return n.Every(unit=unit_name(unit), count=int(count), text=self._text(meta), span=self.span(meta))

    @v_args(inline=True, meta=True)
    def bare_unit(self, meta, unit):
        return n.Every(unit=unit_name(unit), text=self._text(meta), span=self.span(meta))

    @v_args(inline=True, meta=True)
    def adverb(self, meta, word):
        return n.Every(unit=ADVERBS[word.lower()], text=str(word), span=self.span(meta))

    @v_args(inline=True, meta=True)
    def once_per(self, meta, _once, _per, what):
        where = self.span(meta)
        if what.type == "WEEKDAY":
            return n.Days(items=(self._weekdays(what, (weekday_number(what),)),), span=where)
        return n.Every(unit=unit_name(what), text=self._text(meta), span=where)

    # --- clauses ------------------------------------------------------------------------------

    @v_args(inline=True, meta=True)
    def at_clause(self, meta, times):
        return n.Times(times=times, span=self.span(meta))

    @v_args(inline=True, meta=True)
    def on_clause(self, meta, items):
        items = attach_continuations(list(items), self.problems)
        lead = "on" if self.text[meta.start_pos : meta.start_pos + 2].lower() == "on" else ""
        return n.Days(items=items, lead=lead, span=self.span(meta))

    @v_args(inline=True, meta=True)
    def in_months(self, meta, months):
        return n.Months(months=months, span=self.span(meta))

    @v_args(inline=True, meta=True)
    def in_zone(self, meta, zone):
        return n.Zone(name=" ".join(str(zone).split()), span=self.span(zone))

    @v_args(inline=True, meta=True)
    def window(self, meta, _from, start, *rest):  # "and" (a _SEP) is filtered out, "to" is not
        return n.Window(start=start, end=rest[-1], span=self.span(meta))

    @v_args(inline=True, meta=True)
    def starting(self, meta, _word, when):
        return n.Starting(at=self._datetime(when), span=self.span(meta))

    @v_args(inline=True, meta=True)
    def until(self, meta, _word, when):
        return n.Until(at=self._datetime(when), span=self.span(meta))

    @v_args(inline=True, meta=True)
    def except_days(self, meta, _word, items):
        items = attach_continuations(list(items), self.problems)
        return n.Except(days=items, span=self.span(meta))

    @v_args(inline=True, meta=True)
    def except_months(self, meta, _word, months):
        return n.Except(months=months, span=self.span(meta))

    @v_args(inline=True, meta=True)
    def cron_clause(self, meta, _word, string):
        expr = self.parse_cron(str(string)[1:-1], string.start_pos + 1)
        return n.CronClause(expr=expr, span=self.span(meta))

    @v_args(inline=True, meta=True)
    def moment(self, meta, token):
        return n.Moment(at=self._datetime(token), span=self.span(meta))

    def month_list(self, *months):
        return tuple(month_number(m) for m in months)

    # --- times --------------------------------------------------------------------------------

    def time_list(self, *times):
        return tuple(times)

    clock_list = time_list

    def time24(self, token):
        parts = [int(p) for p in str(token).split(":")] + [0]
        return self._time(token, parts[0], parts[1], parts[2])

    def hour_time(self, token):
        return self._time(token, int(token))

    def time_ampm(self, token):
        hour, minute, second, half = _AMPM.match(str(token)).groups()
        hour = int(hour)
        if not 1 <= hour <= 12:
            self.problem(self.span(token), f"{token} is not a time", "with am/pm, hours run 1..12")
        hour = hour % 12 + (12 if half.lower() == "p" else 0)
        return self._time(token, hour, int(minute or 0), int(second or 0))

    def time_noon(self, token):
        return self._time(token, 12)

    def time_midnight(self, token):
        return self._time(token, 0)

    def _time(self, token: Token, hour: int, minute: int = 0, second: int = 0) -> n.TimeOfDay:
        return n.TimeOfDay(hour=hour, minute=minute, second=second, text=str(token), span=self.span(token))

    def _datetime(self, token: Token) -> n.DateTime:
        year, month, day, hour, minute, second, offset = _DATETIME.match(str(token)).groups()
        time = None
        if hour is not None:
            time = n.TimeOfDay(hour=int(hour), minute=int(minute), second=int(second or 0))
        when = dict(year=int(year), month=int(month), day=int(day))
        return n.DateTime(**when, time=time, offset=offset, span=self.span(token))

    def _text(self, meta) -> str:
        return " ".join(self.text[meta.start_pos : meta.end_pos].split())

    # --- days ---------------------------------------------------------------------------------

    def day_list(self, *items):
        if len(items) == 1 and isinstance(items[0], NthUnit):
            return items  # "every 3rd day": every_days reads it, other clauses see a day
        return attach_continuations(list(items), self.problems)

    def weekday(self, token):
        return self._weekdays(token, (weekday_number(token),))

    def weekday_range(self, first, _to, last=None):
        last = last if last is not None else _to  # "mon-fri": the "-" is an anonymous token
        low, high = weekday_number(first), weekday_number(last)
        days = tuple((low + i) % 7 for i in range((high - low) % 7 + 1))
        return n.Weekdays(days=days, text=self.text[first.start_pos : last.end_pos], span=self._join(first, last))

    def weekpart(self, token):
        kind = "weekend" if "end" in token.lower() else "weekday"
        return self._weekdays(token, _WEEKPART_DAYS[kind])

    def _weekdays(self, token: Token, days: tuple[int, ...]) -> n.Weekdays:
        return n.Weekdays(days=days, text=str(token), span=self.span(token))

    def bare_month(self, token):
        return Continuation(month=month_number(token), span=self.span(token))

    @v_args(inline=True, meta=True)
    def bare_ordinal_day(self, meta, ordinal, *rest):
        if not rest and ordinal > 0:  # "and 25th" continues "december 24"
            return Continuation(day=ordinal, span=self.span(meta))
        if len(rest) == 1 and isinstance(rest[0], Token) and rest[0].type == "UNIT" and ordinal > 1:
            return NthUnit(count=ordinal, unit=unit_name(rest[0]), span=self.span(meta))
        return self.ordinal_day(meta, None, ordinal, *rest)

    def month_day(self, month, day):
        return self._scoped_day(month, day, first=month, last=day)

    def day_month(self, day, *rest):
        return self._scoped_day(rest[-1], day, first=day, last=rest[-1])

    def _scoped_day(self, month: Token, day: Token, *, first: Token, last: Token) -> n.Scoped:
        where = self._join(first, last)
        number = int(re.match(r"\d+", str(day)).group())
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
        return n.Scoped(item=item, months=months, span=where) if months else item

    def _ordinal_item(self, ordinal: int, target: Token | None, where: Span):
        if target is None or target.type == "UNIT" and unit_name(target) == "day":
            return n.MonthDay(day=ordinal, span=where) if ordinal > 0 else n.MonthDay(from_end=-ordinal - 1, span=where)
        if target.type == "WEEKDAY":
            return n.NthWeekday(weekday=weekday_number(target), n=ordinal, span=where)
        if target.type == "WEEKPART" and "end" not in target.lower() and ordinal in (1, -1):
            return n.WorkdayOfMonth(last=ordinal < 0, span=where)
        self.problem(self.span(target), f"cannot pick the {ordinal_text(ordinal)} {target} of a month",
                     "name a day, a weekday, or 'the first/last weekday'")  # fmt: skip
        return n.MonthDay(day=1, span=where)

    def ordinal_number(self, token):
        return int(token[:-2])

    def ordinal_word(self, token):
        return ORDINAL_WORDS[token.lower()]

    def ordinal_to_last(self, first, _to, last):
        count = int(first[:-2]) if first.type == "ORDNUM" else ORDINAL_WORDS[first.lower()]
        if last.lower() != "last" or count < 1:
            self.problem(self._join(first, last), f"'{first} to {last}' is not an ordinal", "say 'second to last'")
        return -count

    def scope_month(self, _of, *rest):
        unit = rest[-1]
        if unit_name(unit) != "month":
            self.problem(self.span(unit), f"'of {unit}': day ordinals count within a month", "say 'of the month'")
        return ()

    def scope_named(self, _of, month):
        return (month_number(month),)

    def _join(self, first: Token, last: Token) -> Span:
        return Span(start=first.start_pos, end=last.end_pos).shifted(self.offset)
