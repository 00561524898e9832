"""Syntax errors in plain words: lark's expected-token sets, and "did you mean" suggestions."""

from __future__ import annotations

import re
from functools import lru_cache

from lark.exceptions import UnexpectedCharacters, UnexpectedInput, UnexpectedToken

from tomodachi_schedule.compiler.spec.vocabulary import english_words
from tomodachi_schedule.errors import Diagnostic, ScheduleError, Span, did_you_mean, problem

_WORD = re.compile(r"[^\s,]+")

# what a terminal stands for, in the words of a user
_TERMINALS = {
    "NUMBER": "a number",
    "ORDNUM": "a day such as 1st",
    "TIME24": "a time such as 09:00",
    "AMPM": "a time such as 9am",
    "NOON": "noon",
    "MIDNIGHT": "midnight",
    "DATE": "a date such as 2026-12-01",
    "DATETIME": "a date and time such as 2026-12-01 10:00",
    "WEEKDAY": "a weekday",
    "WEEKPART": "'weekdays' or 'weekends'",
    "MONTH": "a month",
    "UNIT": "a unit (seconds, minutes, hours, days, weeks, months, years)",
    "ZONE": "a time zone such as Europe/Stockholm",
    "STRING": "a quoted cron expression",
    "ORDWORD": "an ordinal such as first or last",
    "SECOND": "second",
    "EVERY": "every",
    "CRON_NUMBER": "a number",
    "CRON_WORD": "a name such as jan or mon",
    "STAR": "*",
    "QUESTION": "?",
    "MACRO": "a macro such as @daily",
    "_SEP": "'and' or ','",
    "$END": "the end of the schedule",
    "COMMA": "','",
    "MINUS": "'-'",
    "SLASH": "'/'",
    "HASH": "'#'",
    "ADVERB": "a word such as daily",
    "ONCE": "once",
    "OF": "of",
    "THE": "the",
    "CRON_KW": "cron",
    "MINUTE_MARK": "minutes such as :30",
    "EXCEPT": "except",
    "FROM": "from",
    "BETWEEN": "between",
    "TO": "to",
    "STARTING": "starting",
    "UNTIL": "until",
    "THROUGH": "through",
    "OTHER": "other",
    "PER": "per",
}


def syntax_error(error: UnexpectedInput, text: str, notation: str, offset: int = 0) -> Diagnostic:
    """One diagnostic for a lark syntax error, with a span into the source and a hint."""
    if isinstance(error, UnexpectedCharacters):
        position = error.pos_in_stream
        expected = set(error.allowed or ())
    else:
        token = error.token if isinstance(error, UnexpectedToken) else None
        position = token.start_pos if token is not None and token.type != "$END" else None
        expected = set(getattr(error, "expected", ()) or ())
    start: int = len(text) if position is None else position  # no position: at the end
    word = _word_at(text, start)
    span = Span(start=start, end=start + max(len(word), 1)).shifted(offset)
    if not word:
        return problem("the schedule ends too early", span, _expected_hint(expected))
    kind = "cron field" if notation == "cron" else "word"
    return problem(f"unexpected {kind} {word!r}", span, _hint(word, text, start, expected))


def _word_at(text: str, start: int) -> str:
    match = _WORD.match(text, start)
    return match.group() if match else ""


def _hint(word: str, text: str, start: int, expected: set[str]) -> str | None:
    previous = text[:start].split()[-1:] or [""]
    if previous[0].lower() == "in" or "ZONE" in expected and "/" in word:
        suggestion = suggest_zone(word)
        if suggestion:
            return f"did you mean {suggestion!r}?"
    if word.isalpha():
        guess = did_you_mean(word.lower(), english_words())
        if guess and guess != word.lower():
            return f"did you mean {guess!r}?"
    return _expected_hint(expected)


def _expected_hint(expected: set[str]) -> str | None:
    words = sorted({_describe(name) for name in expected if not name.startswith("__")})
    if not words:
        return None
    if len(words) > 6:
        words = words[:6] + ["..."]
    return "expected " + ", ".join(words)


def _describe(terminal: str) -> str:
    if terminal in _TERMINALS:
        return _TERMINALS[terminal]
    return repr(terminal.lower())


@lru_cache(maxsize=1)
def _zone_names() -> dict[str, str]:
    import zoneinfo

    names = zoneinfo.available_timezones() | {"UTC"}
    lookup = {name.lower(): name for name in names}
    for name in names:  # "stockholm" finds Europe/Stockholm
        lookup.setdefault(name.rsplit("/", 1)[-1].lower(), name)
    return lookup


def zone_in_canonical_case(name: str) -> str:
    """``europe/stockholm`` -> ``Europe/Stockholm``: zone names are read in any case."""
    from tomodachi_schedule.runtime.engine.zones import resolve_zone

    if "/" not in name:
        return name
    try:
        resolve_zone(name)
        return name
    except ScheduleError:
        found = _zone_names().get(name.lower(), "")
        return found if "/" in found else name


def suggest_zone(word: str) -> str | None:
    """The IANA zone a misspelt or partial zone name most likely means."""
    lookup = _zone_names()
    key = word.lower()
    if key in lookup:
        return lookup[key]
    guess = did_you_mean(key, lookup)
    return lookup[guess] if guess else None
