"""English trees to AST nodes (`PhraseTransformer`); lark trees never leave compiler/.

Its callbacks are split by meaning: intervals and clauses here, days in `day_lists`, times in
`time_forms`, the everyday forms in `everyday`; cron trees go to `cron_transform`.
"""

from __future__ import annotations

from collections.abc import Callable

from lark import Token, v_args

from tomodachi_schedule.compiler.diagnostics import zone_in_canonical_case
from tomodachi_schedule.compiler.spec import nodes as n
from tomodachi_schedule.compiler.spec.read.collecting import Collecting
from tomodachi_schedule.compiler.spec.read.continuations import NthUnit, attach_continuations
from tomodachi_schedule.compiler.spec.read.day_lists import DayListRules
from tomodachi_schedule.compiler.spec.read.everyday import EverydayForms, every_of
from tomodachi_schedule.compiler.spec.read.merges import WeekdayOfMonth, merge_clauses
from tomodachi_schedule.compiler.spec.read.time_forms import TimeForms
from tomodachi_schedule.compiler.spec.vocabulary import (
    ADVERBS,
    ORDINAL_WORDS,
    month_number,
    unit_name,
    weekday_number,
)
from tomodachi_schedule.errors import Span


@v_args(inline=True)
class PhraseTransformer(EverydayForms, DayListRules, TimeForms, Collecting):
    """English trees to a `Phrase` of clause nodes."""

    def __init__(self, text: str, parse_cron: Callable[[str, int], n.CronExpr]) -> None:
        super().__init__(text)
        self.parse_cron = parse_cron

    def start(self, body, *more):
        if more:
            span = Span(start=body.span.start, end=more[-1].span.end)
            return n.Spec(text=self.text, body=n.Union(parts=(body, *more), span=span), span=span)
        if not isinstance(body, n.Phrase):
            body = n.Phrase(clauses=(body,), span=body.span)
        return n.Spec(text=self.text, body=body, span=body.span)

    @v_args(meta=True, inline=False)
    def phrase(self, meta, clauses):
        return n.Phrase(clauses=merge_clauses(clauses, self), span=self.span(meta))

    # --- intervals and aliases ----------------------------------------------------------------

    @v_args(inline=True, meta=True)
    def every_unit(self, meta, _every, *rest):
        if len(rest) == 2 and rest[0].type == "DECIMAL":  # "every 1.5 hours"
            seconds = self.decimal_count(rest[0], unit_name(rest[1]), self.span(meta))
            return every_of(seconds, self._text(meta), self.span(meta))
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
        self._refuse_ambiguous_nth(items, meta)
        return n.Days(items=items, lead=str(every).lower(), span=self.span(meta))

    def _refuse_ambiguous_nth(self, items, meta) -> None:
        """``every 2nd tuesday``: every other week, or the 2nd of the month? (with "of": the latter)"""
        text = self._text(meta)
        nth = [i for i in items if isinstance(i, n.NthWeekday)]
        if len(items) != 1 or not nth or nth[0].n < 2 or " of " in f" {text.lower()} ":
            return
        word, days = text.split()[1], " ".join(text.split()[2:])
        self.problem(
            self.span(meta),
            f"'{text}' can be read two ways: every {nth[0].n} weeks, or the {word} of the month",
            f"say 'every {nth[0].n} weeks on {days}' or 'on the {word} {days} of the month'",
        )

    @v_args(inline=True, meta=True)
    def every_nth_days(self, meta, _every, nth, items):
        count, word = nth
        items = attach_continuations(list(items), self.problems)
        where = self.span(meta)
        if word.lower() == "other":  # every other monday: every 2 weeks
            return n.Days(items=items, every=2, span=where)
        if all(isinstance(i, WeekdayOfMonth) for i in items) or count in (1, -1):
            return n.Days(items=tuple(self._nth_of(i, count, where) for i in items), span=where)
        text = self._text(meta)
        days = " ".join(text.split()[2:])
        self.problem(
            where,
            f"'{text}' can be read two ways: every {count} weeks, or the {word} of the month",
            f"say 'every {count} weeks on {days}' or 'on the {word} {days} of the month'",
        )
        return n.Days(items=items, every=count, span=where)

    def _nth_of(self, item, count: int, where: Span):
        """``every last friday``, ``every first monday of the month``: nth weekdays of the month."""
        if isinstance(item, WeekdayOfMonth):
            return item.nth(count, where)
        if isinstance(item, n.Weekdays) and len(item.days) == 1:
            return n.NthWeekday(weekday=item.days[0], n=count, span=where)
        self.problem(where, "an ordinal needs one weekday here", "say e.g. 'every first monday'")
        return item

    def nth_word(self, word):
        return self._every_nth(word, "say 'every other' or 'every 2'")

    def nth_day_word(self, word):  # "every last friday": read with the days that follow
        return (ORDINAL_WORDS[word.lower()], word)

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
        clauses = self.adverb_clauses(str(word), self.span(meta))
        if clauses is not None:
            return clauses
        return n.Every(unit=ADVERBS[word.lower()], text=str(word), span=self.span(meta))

    @v_args(inline=True, meta=True)
    def once_per(self, meta, _once, _per, what):
        where = self.span(meta)
        if what.type == "WEEKDAY":
            return n.Days(items=(self._weekdays(what, (weekday_number(what),)),), span=where)
        return n.Every(unit=unit_name(what), text=self._text(meta), span=where)

    # --- clauses ------------------------------------------------------------------------------

    @v_args(inline=True, meta=True)
    def at_clause(self, meta, *rest):
        times = rest[-1]
        return n.Times(times=times, span=self.span(meta))

    @v_args(inline=True, meta=True)
    def at_minutes(self, meta, _at, minutes):
        return n.Minutes(minutes=minutes, span=self.span(meta))

    def minute_list(self, *marks):
        return tuple(int(mark[1:]) for mark in marks)

    @v_args(inline=True, meta=True)
    def on_clause(self, meta, *rest):
        items = rest[-1]
        items = attach_continuations(list(items), self.problems)
        lead = "on" if self.text[meta.start_pos : meta.start_pos + 2].lower() == "on" else ""
        return n.Days(items=items, lead=lead, span=self.span(meta))

    @v_args(inline=True, meta=True)
    def in_months(self, meta, months):
        return n.Months(months=months, span=self.span(meta))

    @v_args(inline=True, meta=True)
    def in_zone(self, meta, *tokens):
        zone = tokens[-1]
        name = zone_in_canonical_case(" ".join(str(zone).split()))
        return n.Zone(name=name, span=self.span(zone))

    @v_args(inline=True, meta=True)
    def windows(self, meta, first, *rest):
        """``from 00:00 to 02:59 and from 22:00 to 23:59``: several windows of one grid."""
        more = [
            n.Window(start=start, end=end, span=Span(start=start.span.start, end=end.span.end))
            for _from, start, _to, end in zip(*[iter(rest)] * 4)
        ]
        return (first, *more) if more else first

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
    def counted_from(self, meta, _word, when):
        return n.Counted(at=self._datetime(when), span=self.span(meta))

    @v_args(inline=True, meta=True)
    def until(self, meta, _word, when):
        return n.Until(at=self._datetime(when), span=self.span(meta))

    @v_args(inline=True, meta=True)
    def except_days(self, meta, _word, *rest):
        items = rest[-1]
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

    def _text(self, meta) -> str:
        return " ".join(self.text[meta.start_pos : meta.end_pos].split())
