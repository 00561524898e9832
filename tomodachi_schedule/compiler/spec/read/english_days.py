"""The quick English reader's day lists: weekdays, weekday parts, ``month day`` dates, and days of
the month by ordinal number (``on the 1st and 15th of the month``), as lark's day rules read them.
"""

from __future__ import annotations

import re

from tomodachi_schedule.compiler.spec import nodes as n
from tomodachi_schedule.compiler.spec.node_support import maker
from tomodachi_schedule.compiler.spec.read.english_tokens import (
    Declined,
    Token,
    TokenStream,
    span_at,
    span_of,
)
from tomodachi_schedule.compiler.spec.vocabulary import month_number, unit_name, weekday_number

# whole-word forms of natural.lark's terminals (they all end in (?![a-z]))
WEEKDAY = re.compile(
    r"(?:mon(?:day)?|tue(?:s(?:day)?)?|wed(?:nesday)?|thu(?:r(?:s(?:day)?)?)?|fri(?:day)?"
    r"|sat(?:urday)?|sun(?:day)?)s?"
)
MONTH = re.compile(
    r"jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?"
)
UNIT = re.compile(r"seconds|secs?|minutes?|mins?|hours?|hrs?|days?|weeks?|wks?|months?|years?|yrs?")
_WEEKPART = re.compile(r"(week|work)(day|end)s?")

_Weekdays = maker(n.Weekdays)
_MonthDay = maker(n.MonthDay)
_Scoped = maker(n.Scoped)


class DayReader(TokenStream):
    """Day lists; ``clause_words`` (the words that start a clause) is the reader's."""

    clause_words: frozenset[str] = frozenset()

    def _month(self) -> int:
        token = self._take("word")
        if not MONTH.fullmatch(token.word):
            raise Declined
        return month_number(token.word)

    def _unit(self) -> str:
        token = self._take("word")
        if not UNIT.fullmatch(token.word):
            raise Declined
        return unit_name(token.word)

    def _day_list(self, ordinals: bool = False) -> tuple:
        """Weekdays, weekday parts and month days (no continuation to attach); after "on" or
        "except", a list of ordinal days of the month instead."""
        if ordinals and self._at_ordinal():
            return self._ordinal_days()
        items = [self._day_item()]
        while self._next_is("sep"):
            self.at += 1
            items.append(self._day_item())
        return tuple(items)

    def _day_item(self):
        token = self._take("word")
        if WEEKDAY.fullmatch(token.word):
            return _Weekdays(
                days=(weekday_number(token.word),), text=token.raw, span=span_of(token)
            )
        part = _WEEKPART.fullmatch(token.word)
        if part is not None and part.group() != "workend":
            days = (5, 6) if part.group(2) == "end" else (0, 1, 2, 3, 4)
            return _Weekdays(days=days, text=token.raw, span=span_of(token))
        if MONTH.fullmatch(token.word):
            day = self._take("number")
            inner = _MonthDay(day=int(day.raw), span=span_of(day))
            where = span_at(token.start, day.end)
            return _Scoped(item=inner, months=(month_number(token.word),), span=where)
        raise Declined

    # --- days of the month by ordinal number ----------------------------------------------

    def _at_ordinal(self) -> bool:
        following = self._peek()
        if following is not None and following.word == "the":
            following = self.tokens[self.at + 1] if self.at + 1 < len(self.tokens) else None
        return following is not None and following.kind == "ordinal"

    def _ordinal_days(self) -> tuple:
        """``the 1st``, ``1st, 3rd and the 5th``, ``the 30th of the month``: every item an
        ordinal number, so lark's rules make each a day of the month (an ordinal alone takes a
        weekday only from a weekday item after it, and continues a month day only after one)."""
        days = [self._ordinal_day()]
        while self._next_is("sep"):
            self.at += 1
            days.append(self._ordinal_day())
        return tuple(days)

    def _ordinal_day(self) -> n.MonthDay:
        first = self._peek()
        if first is not None and first.word == "the":
            self.at += 1
        number = self._take("ordinal")
        day = int(number.raw[:-2])
        if self._next_word("of"):
            self._month_scope()
        following = self._peek()
        if day == 0 or following is not None and not self._ends_item(following):
            raise Declined  # "the 0th" counts from the end; a weekday, a unit, "to last"
        assert first is not None  # the ordinal was taken
        return _MonthDay(day=day, span=self._since(first))

    def _month_scope(self) -> None:
        """``of the month``, ``of month``, ``of every month`` (any other unit: lark reports it)."""
        self.at += 1
        if self._next_word("the") or self._next_word("every") or self._next_word("each"):
            self.at += 1
        if self._unit() != "month":
            raise Declined

    def _ends_item(self, following: Token) -> bool:
        return following.kind in ("sep", "union") or following.word in self.clause_words
