"""The most common English phrases read straight into the AST lark's parser and the transformer
would build, several times sooner.

``every weekday at 09:00``, ``every 15 minutes from 09:00 to 17:00 on weekdays in UTC``,
``every other friday at 9am``, ``every day at 07:00 except on december 25``: a clause led by
``every``/``each``, ``at``, ``on``, ``in``, ``from`` or ``except``, with weekdays, weekday parts,
``month day`` dates, 24-hour and am/pm times, whole units and Area/Location zones; and unions of
such phrases (``every monday at 9am and every friday at 5pm``). Anything else
(another word, a form with two readings, a spec lark would refuse or report on) is
declined with None, and lark reads it. Nodes, words, leads and spans are what the lark path makes:
tests/language/test_english_quick.py compares the two over the phrase corpus and generated text.
"""

from __future__ import annotations

import re
from functools import lru_cache

from tomodachi_schedule.compiler.spec import nodes as n
from tomodachi_schedule.compiler.spec.node_support import maker
from tomodachi_schedule.compiler.spec.read.english_days import ORDINALS, DayReader, word_facts
from tomodachi_schedule.compiler.spec.read.english_tokens import (
    Declined,
    Token,
    read_tokens,
    span_at,
    span_of,
)
from tomodachi_schedule.compiler.spec.read.merges import merge_clauses
from tomodachi_schedule.errors import Span
from tomodachi_schedule.runtime.engine.zones.names import canonical_zone_name

# what `diagnostics.zone_in_canonical_case` gives, remembered per name as written: a .sched file
# names its zone in entry after entry, and each spelling is looked up in the tz database
zone_in_canonical_case = lru_cache(maxsize=256)(canonical_zone_name)

_new = object.__new__
_AMPM = re.compile(r"([0-9]{1,2})(?::([0-9]{2}))?(?::([0-9]{2}))?[ \t]*([ap])m")


# the nodes this reader makes, made without calling their classes (`node_support.maker`)
_Spec = maker(n.Spec)
_Phrase = maker(n.Phrase)
_Union = maker(n.Union)
_Days = maker(n.Days)
_Times = maker(n.Times)
_Except = maker(n.Except)
_Zone = maker(n.Zone)
_Minutes = maker(n.Minutes)
_Window = maker(n.Window)
_Every = maker(n.Every)
_TimeOfDay = maker(n.TimeOfDay)
_DateTime = maker(n.DateTime)


def quick_english(text: str) -> n.Spec | None:
    """The AST of a common English phrase (or a union of them), or None for lark to read."""
    try:
        tokens = read_tokens(text)
        reader = _new(_Reader)  # a class call costs more than setting its three attributes
        reader.text, reader.tokens, reader.at = text, tokens, 0
        phrases = [reader.phrase()]
        while reader.at < len(tokens):  # at a union token: "… and every …"
            reader.at += 1
            phrases.append(reader.phrase())
    except Declined:
        return None
    if len(phrases) == 1:
        return _Spec(text=text, body=phrases[0], span=phrases[0].span)
    span = span_at(phrases[0].span.start, phrases[-1].span.end)
    return _Spec(text=text, body=_Union(parts=tuple(phrases), span=span), span=span)


class _Reader(DayReader):

    def phrase(self) -> n.Phrase:
        """The clauses up to the end or the next union token."""
        clauses, first, tokens = [], self.at, self.tokens
        while self.at < len(tokens) and tokens[self.at].kind != "union":
            lead = self._take("word")
            clause = _CLAUSES.get(lead.word)
            if clause is None:
                raise Declined
            clauses.append(clause(self, lead))
        if not clauses:
            raise Declined
        span = span_at(tokens[first].start, tokens[self.at - 1].end)
        return _Phrase(clauses=self._merged(clauses), span=span)

    def problem(self, where: Span, message: str, hint: str | None = None) -> None:
        """What merge_clauses reports (a form with two readings): lark's path says it in full."""
        raise Declined

    def _merged(self, clauses: list) -> tuple:
        """merge_clauses of these clauses. With at most one 'every' clause, and not one of
        seconds, it changes nothing: this reader makes no day parts ('every morning') and no
        weekdays of the month, and 'every second' and 'every 20 minutes every day' need an
        'every' of seconds or two of them (test_english_quick checks it on every phrase)."""
        everies = 0
        for clause in clauses:
            if type(clause) is n.Every:
                if clause.unit == "second":
                    return merge_clauses(clauses, self)
                everies += 1
        return tuple(clauses) if everies < 2 else merge_clauses(clauses, self)

    # --- clauses ------------------------------------------------------------------------------

    def _every_clause(self, every: Token):
        following = self._peek()
        if following is not None and following.word == "other":
            self.at += 1
            return _Days(items=self._day_list(), every=2, span=self._since(every))
        if following is not None and following.kind == "number":
            self.at += 1
            unit = self._unit()
            return self._every(every, unit, int(following.raw))
        if following is not None and word_facts(following.word)[3] is not None:
            return self._every(every, self._unit(), None)
        return _Days(items=self._day_list(), lead=every.word, span=self._since(every))

    def _at_clause(self, at: Token):
        at_, tokens = self.at, self.tokens
        if at_ < len(tokens) and tokens[at_].kind == "mark":  # "at :15 and :45"
            marks = [self._take("mark")]
            while self._next_is("sep"):
                self.at += 1
                marks.append(self._take("mark"))
            minutes = tuple(int(mark.raw[1:]) for mark in marks)
            return _Minutes(minutes=minutes, span=self._since(at))
        times = [self._time()]
        while self._next_is("sep"):
            self.at += 1
            if self._next_word("at"):
                self.at += 1
            times.append(self._time())
        return _Times(times=tuple(times), span=self._since(at))

    def _on_clause(self, on: Token):
        return _Days(items=self._day_list(ordinals=True), lead="on", span=self._since(on))

    def _first_day_clause(self, lead: Token):
        """``last day of month``, ``the first monday of the month``: days without "on"."""
        self.at -= 1
        if not self._at_ordinal():
            raise Declined
        return _Days(items=self._ordinal_days("clause"), lead="", span=self._since(lead))

    def _except_clause(self, word: Token):
        if self._next_word("in"):  # "except in july and august"
            self.at += 1
            months = [self._month()]
            while self._next_is("sep"):
                self.at += 1
                months.append(self._month())
            return _Except(months=tuple(months), span=self._since(word))
        if self._next_word("on"):
            self.at += 1
        return _Except(days=self._day_list(ordinals=True), span=self._since(word))

    def _bound_clause(self, word: Token):
        """``until``, ``starting``, ``counted from`` a date; a date and time is lark's."""
        if word.word.startswith("count"):
            if not self._next_word("from") or not self.tokens[self.at].glued:
                raise Declined
            self.at += 1
        date = self._take("date")
        following = self._peek()
        if following is not None and following.glued and following.raw[0].isdigit():
            raise Declined  # lark's DATETIME: "2027-06-30 12:00"
        year, month, day = date.raw.split("-")
        at = _DateTime(year=int(year), month=int(month), day=int(day), span=span_of(date))
        return _BOUNDS[word.word](at=at, span=self._since(word))

    def _in_clause(self, _in: Token):
        zone = self._peek()
        if zone is None or zone.kind not in ("zone", "word", "offset") or _is_keyword(zone.word):
            raise Declined  # months, years, "local time": lark
        self.at += 1
        offset = self._peek() if zone.word in ("utc", "gmt") else None
        if offset is not None and offset.kind == "offset":
            if not offset.glued:
                raise Declined  # not lark's one zone "GMT +1"
            self.at += 1
            name = zone.raw + (" " if offset.start > zone.end else "") + offset.raw
            return _Zone(name=zone_in_canonical_case(name), span=span_at(zone.start, offset.end))
        return _Zone(name=zone_in_canonical_case(zone.raw), span=span_at(zone.start, zone.end))

    def _from_clause(self, start: Token):
        """``from 9:00 to 17:00``, ``between 9am and 5pm``: natural.lark's window."""
        first = self._time()
        following = self._peek()
        if following is None or following.kind != "sep" and following.word not in _TO:
            raise Declined
        self.at += 1
        last = self._time()
        return _Window(start=first, end=last, span=self._since(start))

    # --- parts --------------------------------------------------------------------------------

    def _every(self, every: Token, unit: str, count: int | None) -> n.Every:
        where = self._since(every)
        text = " ".join(self.text[where.start : where.end].split())
        return _Every(unit=unit, count=count, text=text, span=where)

    def _time(self) -> n.TimeOfDay:
        token = self._peek()
        if token is None:
            raise Declined
        self.at += 1
        if token.kind == "time":
            parts = token.raw.split(":")
            second = int(parts[2]) if len(parts) > 2 else 0
            return _time(token, int(parts[0]), int(parts[1]), second)
        if token.kind == "number":
            return _time(token, int(token.raw))
        if token.kind == "ampm":
            return _ampm(token)
        if token.word in ("noon", "midnight"):
            return _time(token, 12 if token.word == "noon" else 0)
        raise Declined


# a clause's first word -> the method that reads the clause
_CLAUSES = {
    "every": _Reader._every_clause,
    "each": _Reader._every_clause,
    "at": _Reader._at_clause,
    "on": _Reader._on_clause,
    "except": _Reader._except_clause,
    "in": _Reader._in_clause,
    "from": _Reader._from_clause,
    "between": _Reader._from_clause,
    **dict.fromkeys(("until", "till", "til"), _Reader._bound_clause),
    **dict.fromkeys(("starting", "beginning", "since"), _Reader._bound_clause),
    **dict.fromkeys(("counted", "counting"), _Reader._bound_clause),
    **dict.fromkeys(("the", *ORDINALS), _Reader._first_day_clause),
}
_Reader.clause_words = frozenset(_CLAUSES)
# a bound clause's first word -> the node it makes
_BOUNDS = {
    **dict.fromkeys(("until", "till", "til"), maker(n.Until)),
    **dict.fromkeys(("starting", "beginning", "since"), maker(n.Starting)),
    **dict.fromkeys(("counted", "counting"), maker(n.Counted)),
}
_TO = frozenset({"to", "until", "till", "til"})  # a window's TO or UNTIL (or a separator)
_KEYWORDS = frozenset({"local", "the", "every", "each", "at", "on", "in", "from", "to", "except"})


def _is_keyword(word: str) -> bool:
    return word in _KEYWORDS or word_facts(word)[2] is not None


def _time(token: Token, hour: int, minute: int = 0, second: int = 0) -> n.TimeOfDay:
    return _TimeOfDay(
        hour=hour,
        minute=minute,
        second=second,
        text=token.raw,
        span=span_at(token.start, token.end),
    )


def _ampm(token: Token) -> n.TimeOfDay:
    match = _AMPM.fullmatch(token.word)
    assert match is not None  # the token's own pattern
    hour, minute, second, half = match.groups()
    if not 1 <= int(hour) <= 12:
        raise Declined  # lark's transformer reports it
    clock = int(hour) % 12 + (12 if half == "p" else 0)
    return _time(token, clock, int(minute or 0), int(second or 0))
