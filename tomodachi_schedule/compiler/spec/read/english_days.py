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
from tomodachi_schedule.compiler.spec.vocabulary import (
    ORDINAL_WORDS,
    month_number,
    unit_name,
    weekday_number,
)

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
ORDINALS = ("first", "second", "third", "fourth", "fifth", "last", "penultimate")


def word_facts(word: str) -> tuple[int | None, tuple[int, ...] | None, int | None, str | None]:
    """What a lower-case word names: (its weekday number, the weekdays of a weekday part, its
    month number, its unit), each None when the word is not one; remembered per word (a spec's
    words are mostly the same few, and each answer costs up to four pattern matches)."""
    facts = _FACTS.get(word)
    if facts is None:
        facts = _facts_of(word)
        if len(_FACTS) < _FACTS_KEPT:
            _FACTS[word] = facts
    return facts


def _facts_of(word: str) -> tuple[int | None, tuple[int, ...] | None, int | None, str | None]:
    part = _WEEKPART.fullmatch(word)
    return (
        weekday_number(word) if WEEKDAY.fullmatch(word) else None,
        (
            ((5, 6) if part.group(2) == "end" else (0, 1, 2, 3, 4))
            if part is not None and word != "workend"
            else None
        ),
        month_number(word) if MONTH.fullmatch(word) else None,
        unit_name(word) if UNIT.fullmatch(word) else None,
    )


_FACTS: dict[str, tuple] = {}
_FACTS_KEPT = 4096

_Weekdays = maker(n.Weekdays)
_MonthDay = maker(n.MonthDay)
_Scoped = maker(n.Scoped)
_NthWeekday = maker(n.NthWeekday)
_WorkdayOfMonth = maker(n.WorkdayOfMonth)


class DayReader(TokenStream):
    """Day lists; ``clause_words`` (the words that start a clause) is the reader's."""

    clause_words: frozenset[str] = frozenset()

    def _month(self) -> int:
        month = word_facts(self._take("word").word)[2]
        if month is None:
            raise Declined
        return month

    def _unit(self) -> str:
        unit = word_facts(self._take("word").word)[3]
        if unit is None:
            raise Declined
        return unit

    def _day_list(self, ordinals: bool = False) -> tuple:
        """Weekdays, weekday parts and month days (no continuation to attach); after "on" or
        "except", a list of ordinal days of the month instead."""
        if ordinals and self.at < len(self.tokens):  # most lists name no ordinal: asked once
            token = self.tokens[self.at]
            if (token.kind == "ordinal" or token.word in _ORDINAL_LEADS) and self._at_ordinal():
                return self._ordinal_days()
        items = [self._day_item()]
        while self._next_is("sep"):
            self.at += 1
            items.append(self._day_item())
        return tuple(items)

    def _day_item(self):
        token = self._take_any()
        if token.kind != "word":
            if token.kind not in ("number", "ordinal"):
                raise Declined
            month = self._take("word")  # "24 december"
            if word_facts(month.word)[2] is None:
                raise Declined
            return _month_day(month, token, token.start, month.end)
        weekday, weekpart, named_month, _ = word_facts(token.word)
        if weekday is not None:
            return _Weekdays(days=(weekday,), text=token.raw, span=span_at(token.start, token.end))
        if weekpart is not None:
            return _Weekdays(days=weekpart, text=token.raw, span=span_at(token.start, token.end))
        if named_month is not None:  # "december 24", "dec 24th"
            day = self._peek()
            if day is None or day.kind not in ("number", "ordinal"):
                raise Declined
            self.at += 1
            return _month_day(token, day, token.start, day.end)
        raise Declined

    # --- ordinal days: "the 1st and 15th", "the first and third monday of the month" --------

    def _at_ordinal(self) -> bool:
        following = self._peek()
        if following is not None and following.word == "the":
            following = self.tokens[self.at + 1] if self.at + 1 < len(self.tokens) else None
        return following is not None and (following.kind == "ordinal" or following.word in _NTH)

    def _ordinal_days(self, position: str = "on") -> tuple:
        """A list whose every item is an ordinal day, as lark's day rules read it: ``position``
        is "on" (after on/except: a word ordinal needs "the") or "clause" (a list that starts a
        clause: without "the", a word ordinal needs a target)."""
        items = [self._ordinal_item(position)]
        while self._next_is("sep"):
            self.at += 1
            items.append(self._ordinal_item("later"))
        result = [item for item, _ in items]
        for index in range(len(items) - 2, -1, -1):  # "the first and third monday"
            value, after = items[index][1], result[index + 1]
            start = after.span.start
            if value is not None and type(after) is n.NthWeekday:
                if self.text[start : start + 4].lower() != "the ":
                    where = result[index].span
                    result[index] = _NthWeekday(weekday=after.weekday, n=value, span=where)
        return tuple(result)

    def _ordinal_item(self, position: str) -> tuple:
        """(the day, the ordinal when it stands alone: it may take a weekday after it)."""
        first = self._peek()
        if first is None:  # "on the 1st and"
            raise Declined
        the = first.word == "the"
        if the:
            self.at += 1
        value = self._ordinal_value(the, position)
        target = self._target()
        if position == "clause" and not the and target is None:
            raise Declined
        scoped = self._next_word("of")
        if scoped:
            self._month_scope()
        following = self._peek()
        if value == 0 or following is not None and not self._ends_item(following):
            raise Declined  # a number of days, "to last", "of july": lark's reading
        day = self._day_of_month(value, target, self._since(first))
        return day, (value if target is None and not scoped else None)

    def _ordinal_value(self, the: bool, position: str) -> int:
        token = self._peek()
        if token is None:
            raise Declined
        self.at += 1
        if token.kind == "ordinal":
            return int(token.raw[:-2])
        if token.word in _NTH and (the or position != "on" and token.word != "second"):
            return _NTH[token.word]
        raise Declined

    def _target(self) -> tuple[str, str] | None:
        token = self._peek()
        if token is None or token.kind != "word":
            return None
        word = token.word
        weekday, weekpart, _, unit = word_facts(word)
        if weekday is not None:
            kind = "weekday"
        elif weekpart is not None and not word.startswith("workend"):
            kind = "weekpart"
        elif unit is not None:
            kind = "unit"
        else:
            return None
        self.at += 1
        return kind, word

    def _day_of_month(self, value: int, target: tuple[str, str] | None, where):
        """lark's `_ordinal_item`; what it reports as a problem is declined."""
        if target is None or target[0] == "unit":
            if target is not None and unit_name(target[1]) != "day":
                raise Declined
            if value > 0:
                return _MonthDay(day=value, span=where)
            return _MonthDay(from_end=-value - 1, span=where)
        if target[0] == "weekday":
            return _NthWeekday(weekday=weekday_number(target[1]), n=value, span=where)
        if "end" not in target[1] and value in (1, -1):
            return _WorkdayOfMonth(last=value < 0, span=where)
        raise Declined

    def _month_scope(self) -> None:
        """``of the month``, ``of month``, ``of every month`` (any other unit: lark reports it;
        ``of july``: a month scope, lark's)."""
        self.at += 1
        if self._next_word("the") or self._next_word("every") or self._next_word("each"):
            self.at += 1
        if self._unit() != "month":
            raise Declined

    def _ends_item(self, following: Token) -> bool:
        return following.kind in ("sep", "union") or following.word in self.clause_words


def _month_day(month: Token, day: Token, start: int, end: int):
    """lark's `_scoped_day`: the day's number (an ordinal's too) in the month."""
    number = int(day.raw if day.kind == "number" else day.raw[:-2])
    inner = _MonthDay(day=number, span=span_of(day))
    return _Scoped(item=inner, months=(month_number(month.word),), span=span_at(start, end))


# natural.lark's ORDWORD and SECOND
_NTH = {word: ORDINAL_WORDS[word] for word in ORDINALS}
_ORDINAL_LEADS = frozenset({"the", *ORDINALS})
