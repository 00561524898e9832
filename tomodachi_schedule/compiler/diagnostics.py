"""Syntax errors in plain words: lark's expected-token sets, and "did you mean" suggestions."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import TYPE_CHECKING

from tomodachi_schedule.compiler.spec.vocabulary import english_words
from tomodachi_schedule.errors import Diagnostic, Span, did_you_mean, problem

if TYPE_CHECKING:  # lark is imported where a syntax error is worded, not with the quick readers
    from lark.exceptions import UnexpectedInput

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
    "AT": "at",
    "ON": "on",
    "ZONE_WORD": "a time zone such as CET",
    "COMPOUND": "a duration such as 1h30m",
    "DECIMAL": "a number such as 1.5",
    "HALF": "half",
    "QUARTER": "quarter",
    "DAYPART": "morning, afternoon, evening or night",
    "_UNION": "'and every'",
    "LOCAL_TIME": "'local time'",
    "YEAR": "a year such as 2027",
    "NEAREST": "nearest",
    "COUNTED": "'counted from'",
}

# "in 5 minutes", "tomorrow at 9": a schedule is fixed when compiled, not relative to now
_RELATIVE = re.compile(
    r"\b(?:in[ \t]+(?:a|an|\d+)[ \t]+(?:sec|min|hour|day|week|month|year)\w*|tomorrow|today|"
    r"tonight|yesterday|from[ \t]+now|next[ \t]+(?:week|month|year|mon|tue|wed|thu|fri|sat|sun)\w*)\b",
    re.IGNORECASE,
)


def syntax_error(error: UnexpectedInput, text: str, notation: str, offset: int = 0) -> Diagnostic:
    """One diagnostic for a lark syntax error, with a span into the source and a hint."""
    from lark.exceptions import UnexpectedCharacters, UnexpectedToken

    if isinstance(error, UnexpectedCharacters):
        position = error.pos_in_stream
        expected = set(error.allowed or ())
    else:
        token = error.token if isinstance(error, UnexpectedToken) else None
        position = token.start_pos if token is not None and token.type != "$END" else None
        expected = set(getattr(error, "expected", ()) or ())
    start: int = len(text) if position is None else position  # no position: at the end
    while 0 < start < len(text) and _WORD.match(text[start - 1]):
        start -= 1  # the whole word: lark may stop inside one ('9.30' at '.30')
    word = _word_at(text, start)
    span = Span(start=start, end=start + max(len(word), 1)).shifted(offset)
    relative = _RELATIVE.search(text)
    if relative and notation != "cron":
        return Diagnostic(
            message=f"{relative.group()!r} is relative to now; a schedule is fixed when compiled",
            span=Span(start=relative.start(), end=relative.end()).shifted(offset),
            hint="name the date ('on 2026-12-01 at 09:00') or the interval ('every 5 minutes')",
        )
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
        guess = did_you_mean(word.lower(), english_words(), cutoff=0.75)
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


def is_zone_name(word: str) -> bool:
    """True for a zone name in any case (``cet``, ``Europe/Stockholm``), not for a city alone."""
    key = word.lower()
    return key in _zone_names() and ("/" in key or _zone_names()[key].lower() == key)


def zone_in_canonical_case(name: str) -> str:
    """``europe/stockholm`` -> ``Europe/Stockholm``, ``cet`` -> ``CET``: any case is read."""
    from tomodachi_schedule.runtime.engine.zones.names import canonical_zone_name

    return canonical_zone_name(name)


# abbreviations people write that are not zones (or not the zone they mean), and what they mean
ABBREVIATIONS = {
    "pst": "America/Los_Angeles", "pdt": "America/Los_Angeles",
    "mdt": "America/Denver", "cdt": "America/Chicago", "edt": "America/New_York",
    "cest": "Europe/Stockholm, Europe/Paris or another Central European zone",
    "bst": "Europe/London", "ist": "Asia/Kolkata, Europe/Dublin or Asia/Jerusalem",
    "aest": "Australia/Sydney", "aedt": "Australia/Sydney", "jst": "Asia/Tokyo",
    "eest": "Europe/Helsinki or another Eastern European zone", "west": "Europe/Lisbon",
    "akst": "America/Anchorage", "hst": "Pacific/Honolulu",
}  # fmt: skip


def abbreviation_hint(name: str) -> str | None:
    """For ``PST``: which IANA zone(s) it usually means (it follows daylight saving time)."""
    meant = ABBREVIATIONS.get(name.lower())
    if meant is None:
        return None
    return f"{name} is an abbreviation, not a zone; name the IANA zone: {meant}"


def suggest_zone(word: str) -> str | None:
    """The IANA zone a misspelt or partial zone name most likely means."""
    lookup = _zone_names()
    key = word.lower()
    if key in lookup and lookup[key] != word:
        return lookup[key]
    guess = did_you_mean(key, lookup)
    return lookup[guess] if guess else None
