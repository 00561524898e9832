"""The most common English phrases read straight into the AST lark's parser and the transformer
would build, several times sooner.

``every weekday at 09:00``, ``every 15 minutes from 09:00 to 17:00 on weekdays in UTC``,
``every other friday at 9am``, ``every day at 07:00 except on december 25``: a clause led by
``every``/``each``, ``at``, ``on``, ``in``, ``from`` or ``except``, with weekdays, weekday parts,
``month day`` dates, 24-hour and am/pm times, whole units and Area/Location zones. Anything else
(another word, a form with two readings, a union, a spec lark would refuse or report on) is
declined with None, and lark reads it. Nodes, words, leads and spans are what the lark path makes:
tests/language/test_english_quick.py compares the two over the phrase corpus and generated text.
"""

from __future__ import annotations

import re

from tomodachi_schedule.compiler.diagnostics import zone_in_canonical_case
from tomodachi_schedule.compiler.spec import nodes as n
from tomodachi_schedule.compiler.spec.read.continuations import attach_continuations
from tomodachi_schedule.compiler.spec.read.merges import merge_clauses
from tomodachi_schedule.compiler.spec.vocabulary import month_number, unit_name, weekday_number
from tomodachi_schedule.errors import Diagnostic, Span

_TOKEN = re.compile(
    r"(?P<gap>[ \t\f\r\n]*)(?:"  # the spaces before a token: one match a token
    r"(?P<ampm>[0-9]{1,2}(?::[0-9]{2}(?::[0-9]{2})?)?[ap]m)(?![A-Za-z0-9.])"
    r"|(?P<time>[0-9]{1,2}:[0-9]{2}(?::[0-9]{2})?)(?![0-9:A-Za-z])"
    r"|(?P<zone>[A-Za-z][A-Za-z0-9_+\-]*(?:/[A-Za-z0-9_+\-]+)+)"
    r"|(?P<number>[0-9]+)(?![0-9:A-Za-z.])"
    r"|(?P<word>[A-Za-z]+)(?![A-Za-z0-9])"
    r"|(?P<comma>,))",
    re.IGNORECASE,
)
# whole-word forms of natural.lark's terminals (they all end in (?![a-z]))
_WEEKDAY = re.compile(
    r"(?:mon(?:day)?|tue(?:s(?:day)?)?|wed(?:nesday)?|thu(?:r(?:s(?:day)?)?)?|fri(?:day)?"
    r"|sat(?:urday)?|sun(?:day)?)s?"
)
_MONTH = re.compile(
    r"jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?"
)
_UNIT = re.compile(
    r"seconds|secs?|minutes?|mins?|hours?|hrs?|days?|weeks?|wks?|months?|years?|yrs?"
)
_WEEKPART = re.compile(r"(week|work)(day|end)s?")
_AMPM = re.compile(r"([0-9]{1,2})(?::([0-9]{2}))?(?::([0-9]{2}))?([ap])m")


class _Declined(Exception):
    """Not a phrase this reader covers: lark reads it."""


class _Token:
    __slots__ = ("kind", "word", "raw", "start", "end", "glued")

    def __init__(self, kind: str, raw: str, start: int, end: int, glued: bool) -> None:
        self.kind, self.raw, self.word = kind, raw, raw.lower()
        self.start, self.end = start, end
        self.glued = glued  # only spaces or tabs since the previous token (lark's [ \t]*)


def quick_english(text: str) -> n.Spec | None:
    """The AST of a common English phrase, or None for lark to read."""
    try:
        tokens = _tokens(text)
        phrase = _Reader(text, tokens).phrase()
    except _Declined:
        return None
    return n.Spec(text=text, body=phrase, span=phrase.span)


def _tokens(text: str) -> list[_Token]:
    tokens: list[_Token] = []
    position = 0
    for match in _TOKEN.finditer(text):
        if match.start() != position:
            raise _Declined  # a character no token starts with
        kind = match.lastgroup
        assert kind is not None  # every alternative is a named group
        start, position = match.span(kind)
        glued = not match.group(1).strip(" \t")  # lark's [ \t]* between words
        tokens.append(_Token(kind, match.group(kind), start, position, glued))
    if text[position:].strip(" \t\f\r\n"):
        raise _Declined
    return _separators(tokens)


def _separators(tokens: list[_Token]) -> list[_Token]:
    """Lark's _SEP (``,``, ``and``, ``or``, ``, and``) as one token; a union declines."""
    if _JOINING.isdisjoint([token.word for token in tokens]):
        return tokens  # nothing to join, nothing to decline
    merged: list[_Token] = []
    previous = None  # the token before this one, as read
    for token in tokens:
        word = token.word
        if word == "and" or word == "or" or token.kind == "comma":
            last = merged[-1] if merged else None
            if word != "," and token.glued and last and last.kind == "sep" and last.raw == ",":
                merged[-1] = _Token("sep", ", and", last.start, token.end, last.glued)
            else:
                merged.append(_Token("sep", token.raw, token.start, token.end, token.glued))
        elif (word == "every" or word == "each") and previous and previous.word in _UNION_JOINS:
            raise _Declined  # a union of complete phrases
        else:
            merged.append(token)
        previous = token
    return merged


_UNION_JOINS = ("and", "plus")
_JOINING = frozenset({",", "and", "or", "plus"})


class _Reader:
    def __init__(self, text: str, tokens: list[_Token]) -> None:
        self.text, self.tokens, self.at = text, tokens, 0
        self.problems: list[Diagnostic] = []

    def phrase(self) -> n.Phrase:
        clauses = []
        while self.at < len(self.tokens):
            lead = self._take("word")
            clause = _CLAUSES.get(lead.word)
            if clause is None:
                raise _Declined
            clauses.append(clause(self, lead))
        if not clauses:
            raise _Declined
        span = Span(start=self.tokens[0].start, end=self.tokens[-1].end)
        phrase = n.Phrase(clauses=merge_clauses(clauses, self), span=span)
        if self.problems:
            raise _Declined
        return phrase

    def problem(self, where: Span, message: str, hint: str | None = None) -> None:
        """What merge_clauses reports (a form with two readings): lark's path says it in full."""
        raise _Declined

    # --- clauses ------------------------------------------------------------------------------

    def _every_clause(self, every: _Token):
        following = self._peek()
        if following is not None and following.word == "other":
            self.at += 1
            return n.Days(items=self._day_list(), every=2, span=self._since(every))
        if following is not None and following.kind == "number":
            self.at += 1
            unit = self._unit()
            return self._every(every, unit, int(following.raw))
        if following is not None and _UNIT.fullmatch(following.word):
            return self._every(every, self._unit(), None)
        return n.Days(items=self._day_list(), lead=every.word, span=self._since(every))

    def _at_clause(self, at: _Token):
        times = [self._time()]
        while self._next_is("sep"):
            self.at += 1
            if self._next_word("at"):
                self.at += 1
            times.append(self._time())
        return n.Times(times=tuple(times), span=self._since(at))

    def _on_clause(self, on: _Token):
        return n.Days(items=self._day_list(), lead="on", span=self._since(on))

    def _except_clause(self, word: _Token):
        if self._next_word("on"):
            self.at += 1
        return n.Except(days=self._day_list(), span=self._since(word))

    def _in_clause(self, _in: _Token):
        zone = self._peek()
        if zone is None or zone.kind not in ("zone", "word") or _is_keyword(zone.word):
            raise _Declined  # months, years, "local time": lark
        self.at += 1
        return n.Zone(name=zone_in_canonical_case(zone.raw), span=_span(zone))

    def _from_clause(self, start: _Token):
        first = self._time()
        if not self._next_word("to"):
            raise _Declined
        self.at += 1
        last = self._time()
        return n.Window(start=first, end=last, span=self._since(start))

    # --- parts --------------------------------------------------------------------------------

    def _every(self, every: _Token, unit: str, count: int | None) -> n.Every:
        where = self._since(every)
        text = " ".join(self.text[where.start : where.end].split())
        return n.Every(unit=unit, count=count, text=text, span=where)

    def _unit(self) -> str:
        token = self._take("word")
        if not _UNIT.fullmatch(token.word):
            raise _Declined
        return unit_name(token.word)

    def _day_list(self) -> tuple:
        items = [self._day_item()]
        while self._next_is("sep"):
            self.at += 1
            items.append(self._day_item())
        days = attach_continuations(items, self.problems, self.text)
        if self.problems:
            raise _Declined
        return days

    def _day_item(self):
        token = self._take("word")
        if _WEEKDAY.fullmatch(token.word):
            return n.Weekdays(days=(weekday_number(token.word),), text=token.raw, span=_span(token))
        part = _WEEKPART.fullmatch(token.word)
        if part is not None and part.group() != "workend":
            days = (5, 6) if part.group(2) == "end" else (0, 1, 2, 3, 4)
            return n.Weekdays(days=days, text=token.raw, span=_span(token))
        if _MONTH.fullmatch(token.word):
            day = self._take("number")
            inner = n.MonthDay(day=int(day.raw), span=_span(day))
            where = Span(start=token.start, end=day.end)
            return n.Scoped(item=inner, months=(month_number(token.word),), span=where)
        raise _Declined

    def _time(self) -> n.TimeOfDay:
        token = self._peek()
        if token is None:
            raise _Declined
        self.at += 1
        if token.kind == "time":
            parts = [int(part) for part in token.raw.split(":")] + [0]
            return _time(token, parts[0], parts[1], parts[2])
        if token.kind == "number":
            return _time(token, int(token.raw))
        if token.kind == "ampm":
            return _ampm(token)
        if token.word in ("noon", "midnight"):
            return _time(token, 12 if token.word == "noon" else 0)
        raise _Declined

    # --- the token stream ---------------------------------------------------------------------

    def _peek(self) -> _Token | None:
        return self.tokens[self.at] if self.at < len(self.tokens) else None

    def _take(self, kind: str) -> _Token:
        token = self._peek()
        if token is None or token.kind != kind:
            raise _Declined
        self.at += 1
        return token

    def _next_is(self, kind: str) -> bool:
        token = self._peek()
        return token is not None and token.kind == kind

    def _next_word(self, word: str) -> bool:
        token = self._peek()
        return token is not None and token.word == word

    def _since(self, first: _Token) -> Span:
        return Span(start=first.start, end=self.tokens[self.at - 1].end)


# a clause's first word -> the method that reads the clause
_CLAUSES = {
    "every": _Reader._every_clause,
    "each": _Reader._every_clause,
    "at": _Reader._at_clause,
    "on": _Reader._on_clause,
    "except": _Reader._except_clause,
    "in": _Reader._in_clause,
    "from": _Reader._from_clause,
}
_KEYWORDS = frozenset({"local", "the", "every", "each", "at", "on", "in", "from", "to", "except"})


def _is_keyword(word: str) -> bool:
    return word in _KEYWORDS or bool(_MONTH.fullmatch(word))


def _span(token: _Token) -> Span:
    return Span(start=token.start, end=token.end)


def _time(token: _Token, hour: int, minute: int = 0, second: int = 0) -> n.TimeOfDay:
    return n.TimeOfDay(hour=hour, minute=minute, second=second, text=token.raw, span=_span(token))


def _ampm(token: _Token) -> n.TimeOfDay:
    match = _AMPM.fullmatch(token.word)
    assert match is not None  # the token's own pattern
    hour, minute, second, half = match.groups()
    if not 1 <= int(hour) <= 12:
        raise _Declined  # lark's transformer reports it
    clock = int(hour) % 12 + (12 if half == "p" else 0)
    return _time(token, clock, int(minute or 0), int(second or 0))
