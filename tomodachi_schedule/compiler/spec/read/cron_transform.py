"""Cron trees to AST nodes (what lark's cron parser reads when the regex reader declines)."""

from __future__ import annotations

import re

from lark import Token, v_args

from tomodachi_schedule.compiler.spec import nodes as n
from tomodachi_schedule.compiler.spec.read.collecting import Collecting
from tomodachi_schedule.errors import Span


@v_args(inline=True)
class CronTransformer(Collecting):
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
