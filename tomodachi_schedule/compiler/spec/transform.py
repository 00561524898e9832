"""Lark trees to AST nodes: one Transformer per notation; lark trees never leave compiler/."""

from __future__ import annotations

import re
from collections.abc import Callable

from lark import Token, v_args

from tomodachi_schedule.compiler.diagnostics import zone_in_canonical_case
from tomodachi_schedule.compiler.spec import nodes as n
from tomodachi_schedule.compiler.spec.day_lists import (
    DayListRules,
    NthUnit,
    attach_continuations,
    merge_every_second,
)
from tomodachi_schedule.compiler.spec.quick_transformer import QuickTransformer
from tomodachi_schedule.compiler.spec.vocabulary import (
    ADVERBS,
    ORDINAL_WORDS,
    month_number,
    unit_name,
    weekday_number,
)
from tomodachi_schedule.errors import Diagnostic, Span, problem

_DATETIME = re.compile(
    r"(\d{4})-(\d{1,2})-(\d{1,2})(?:(?:T|\s+)(\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?"
    r"(?:\s*(Z|[+-]\d{2}(?::?\d{2})?))?)?",
    re.IGNORECASE,
)
_AMPM = re.compile(r"(\d{1,2})(?::(\d{2}))?(?::(\d{2}))?\s*([ap])", re.IGNORECASE)


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


class _Collecting(QuickTransformer):
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
            self.problem(
                where,
                "a cron field cannot contain spaces",
                "write ranges as 1-5, lists as 1,2",
            )
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
class PhraseTransformer(DayListRules, _Collecting):
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
        return n.Every(
            unit=unit_name(rest[-1]),
            count=count,
            text=self._text(meta),
            span=self.span(meta),
        )

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
        return self._every_nth(word, "say 'every other' or 'every 2'")

    def nth_day_word(self, word):  # "every last friday": meant within each month
        return self._every_nth(word, f"for once a month say 'on the {word} <weekday> of the month'")

    def _every_nth(self, word: Token, hint: str) -> int:
        value = ORDINAL_WORDS[word.lower()]
        if value < 2:
            self.problem(self.span(word), f"'every {word}' does not say how often", hint)
        return max(value, 1)

    @v_args(inline=True, meta=True)
    def count_unit(self, meta, count, unit):
        return n.Every(
            unit=unit_name(unit),
            count=int(count),
            text=self._text(meta),
            span=self.span(meta),
        )

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
    def at_minutes(self, meta, minutes):
        return n.Minutes(minutes=minutes, span=self.span(meta))

    def minute_list(self, *marks):
        return tuple(int(mark[1:]) for mark in marks)

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
        name = zone_in_canonical_case(" ".join(str(zone).split()))
        return n.Zone(name=name, span=self.span(zone))

    @v_args(inline=True, meta=True)
    def window(self, meta, _from, start, *rest):
        # "between 9 and 17": the "and" (a _SEP) is filtered out, a "to" is not
        return n.Window(start=start, end=rest[-1], span=self.span(meta))

    @v_args(inline=True, meta=True)
    def dash_window(self, meta, start, end):  # "09:00-17:00"
        return n.Window(start=start, end=end, span=self.span(meta))

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
            self.problem(
                self.span(token),
                f"{token} is not a time",
                "with am/pm, hours run 1..12",
            )
        hour = hour % 12 + (12 if half.lower() == "p" else 0)
        return self._time(token, hour, int(minute or 0), int(second or 0))

    def time_noon(self, token):
        return self._time(token, 12)

    def time_midnight(self, token):
        return self._time(token, 0)

    def _time(self, token: Token, hour: int, minute: int = 0, second: int = 0) -> n.TimeOfDay:
        return n.TimeOfDay(
            hour=hour,
            minute=minute,
            second=second,
            text=str(token),
            span=self.span(token),
        )

    def _datetime(self, token: Token) -> n.DateTime:
        if "." in token:
            self.problem(
                self.span(token),
                "fractions of a second are not supported",
                "schedules fire on whole seconds",
            )
        match = _DATETIME.match(str(token))
        assert match is not None  # the grammar's DATETIME token is what _DATETIME reads
        year, month, day, hour, minute, second, offset = match.groups()
        time = None
        if hour is not None:
            time = n.TimeOfDay(hour=int(hour), minute=int(minute), second=int(second or 0))
        when = dict(year=int(year), month=int(month), day=int(day))
        return n.DateTime(**when, time=time, offset=offset, span=self.span(token))

    def _text(self, meta) -> str:
        return " ".join(self.text[meta.start_pos : meta.end_pos].split())
