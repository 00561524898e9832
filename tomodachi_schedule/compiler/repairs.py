"""The nearest accepted phrasing of a refused spec: a small, bounded search of obvious repairs.

When a phrase is refused, its hint proposes a whole spec that compiles, found by trying a few
edits near the culprit that keep what the user said: a linking word added ("on the", "at", "in",
"from", "every", "of the month") or a stray one dropped, two words swapped, a time or a day number
written in the form the language reads (``9.30`` -> ``09:30``, ``the 15`` -> ``the 15th``), a
misspelt word corrected. Words that carry meaning (weekdays, months, numbers, units, zones, the
ordinals) are never added, dropped or swapped for another valid word: ``biweekly`` is never
"corrected" to ``weekly``. At most `MAX_TRIES` candidates are compiled, and only for a refused
spec: an accepted one costs nothing.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from functools import cache

from tomodachi_schedule.compiler.spec.vocabulary import english_words
from tomodachi_schedule.errors import Diagnostic, ScheduleError, did_you_mean

MAX_TRIES = 12  # candidates compiled at most, per refused spec (each costs about one parse)

# linking words: adding or dropping one never changes what a phrase names
_STRAY = frozenset({"the", "a", "an", "of", "on", "at", "in", "every", "each", "and", "please"})
_TIME = re.compile(
    r"^(?:\d{1,2}(?::\d\d){1,2}|\d{1,2}(?::\d\d)?[ap]\.?m\.?|noon|midnight)$", re.IGNORECASE
)
_LOOSE_TIME = re.compile(r"^(\d{1,2})(?:[.h](\d\d)?|[ ]?o'?clock)?$", re.IGNORECASE)
_AMPM = re.compile(r"^(\d{1,2})(?::(\d\d))?([ap])\.?m\.?$", re.IGNORECASE)
_ORDINAL = re.compile(
    r"^(?:\d{1,2}(?:st|nd|rd|th)|first|second|third|fourth|fifth|last|penultimate)$", re.IGNORECASE
)
_WEEKDAY = re.compile(
    r"^(?:mon(?:day)?|tue(?:s(?:day)?)?|wed(?:nesday)?|thu(?:r(?:s(?:day)?)?)?|fri(?:day)?|"
    r"sat(?:urday)?|sun(?:day)?)s?$|^(?:week(?:day|end)s?)$",
    re.IGNORECASE,
)
_MONTH = re.compile(
    r"^(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)$",
    re.IGNORECASE,
)
_UNIT = re.compile(r"^(?:seconds?|minutes?|hours?|days?|weeks?|months?|years?)$", re.IGNORECASE)
_DATE = re.compile(r"^\d{4}-\d{1,2}-\d{1,2}$")


def with_nearest_phrasing(
    error: ScheduleError, text: str, accepts: Callable[[str], bool]
) -> ScheduleError:
    """``error`` with hints that propose whole specs ``accepts`` takes: a word's correction or a
    clause's rewording put into the spec, or for a syntax error the nearest repair found."""
    if not error.diagnostics:
        return error
    diagnostics = [_whole_proposals(d, text, accepts) for d in error.diagnostics]
    first = diagnostics[0]
    unchanged = first.hint == error.diagnostics[0].hint  # no whole proposal made yet
    if unchanged and first.span is not None and is_syntax_problem(first):
        proposal = nearest_phrasing(text, first.span.start, accepts)
        if proposal is not None:
            diagnostics[0] = first.replace(hint=f"did you mean {proposal!r}?")
    if diagnostics == list(error.diagnostics):
        return error
    return ScheduleError(tuple(diagnostics), error.source, error.source_name, error.warnings)


def is_syntax_problem(diagnostic: Diagnostic) -> bool:
    """True for the diagnostics of `diagnostics.syntax_error` (a word the grammar cannot place)."""
    return diagnostic.message.startswith("unexpected word ")


_VERB = re.compile(r"did you mean|\bsay\b")


def _proposals(hint: str) -> list[tuple[str, str]]:
    """The (verb, quoted text) pairs of a hint: what follows ``did you mean`` or ``say`` in a
    part of it (parts end at ';'): ``did you mean 'X'?``, ``say 'A' (...) or 'B'``."""
    found = []
    for part in hint.split(";"):
        verb = _VERB.search(part)
        if verb:
            found += [(verb.group(), q) for q in re.findall(r"'([^']+)'", part[verb.end() :])]
    return found


def _whole_proposals(
    diagnostic: Diagnostic, text: str, accepts: Callable[[str], bool]
) -> Diagnostic:
    """A hint's proposals made whole specs: a corrected word, or the words that replace the
    culprit's clause, put into the spec in its place (when the result compiles)."""
    hint, span = diagnostic.hint or "", diagnostic.span
    if span is None:
        return diagnostic
    for verb, quoted in _proposals(hint):
        if verb == "say" and accepts(quoted):
            continue  # already a whole spec
        whole = _put_in(text, span.start, span.end, quoted, accepts)
        if whole is not None:
            hint = hint.replace(f"'{quoted}'", repr(whole), 1)
    return diagnostic if hint == diagnostic.hint else diagnostic.replace(hint=hint)


def _put_in(
    text: str, start: int, end: int, words: str, accepts: Callable[[str], bool]
) -> str | None:
    """``text`` with ``words`` in place of ``[start, end)`` (or of it and a linking word before
    it: 'on 2026-12-01' -> 'starting 2026-12-01'), if that compiles."""
    before = text[:start].rstrip()
    linked = before.rsplit(None, 1)
    starts = [start]
    if linked and linked[-1].lower() in _STRAY:
        starts.append(len(before) - len(linked[-1]))
    for low in starts:
        whole = " ".join((text[:low] + words + text[end:]).split())
        if whole != " ".join(text.split()) and accepts(whole):
            return whole
    return None


def nearest_phrasing(text: str, start: int, accepts: Callable[[str], bool]) -> str | None:
    """The first repair of ``text`` (its culprit at offset ``start``) that ``accepts`` takes."""
    seen = {text}
    for candidate in candidates(text, start):
        if candidate in seen:
            continue
        seen.add(candidate)
        if len(seen) > MAX_TRIES + 1:
            return None
        if accepts(candidate):
            return candidate
    return None


def candidates(text: str, start: int) -> Iterator[str]:
    """Repairs of ``text`` around the word at offset ``start``, the likeliest first."""
    spans = [match.span() for match in re.finditer(r"\S+", text)]
    words = [text[low:high] for low, high in spans]
    # the word holding ``start`` (lark may point inside one: the '.30' of '9.30')
    culprit = next((i for i, (_low, high) in enumerate(spans) if high > start), len(words))
    if culprit >= len(words):
        return  # the phrase stops short: only the user knows what is missing
    yield from _respelt(words, culprit)
    yield from _rewritten(words, culprit)
    for index in (culprit, culprit - 1, culprit - 2):
        yield from _inserted(words, index)
    yield from _of_the_month(words, culprit)
    for index in (culprit, culprit - 1):
        yield from _dropped(words, index)
    if culprit > 0:
        swapped = words[: culprit - 1] + [words[culprit], words[culprit - 1]] + words[culprit + 1 :]
        yield " ".join(swapped)


def _respelt(words: list[str], index: int) -> Iterator[str]:
    """A misspelt word (one the language does not know) replaced by the known word it is closest
    to; a known word is never replaced by another."""
    word = words[index]
    if not word.isalpha() or word.lower() in _known_words() or _is_zone(word):
        return
    guess = did_you_mean(word.lower(), _known_words(), cutoff=0.75)
    if guess:
        yield _replaced(words, index, guess)


def _rewritten(words: list[str], index: int) -> Iterator[str]:
    """The culprit in the form the language reads: ``9.30`` -> ``09:30``, ``the 15`` -> 15th."""
    word, previous = words[index], words[index - 1].lower() if index else ""
    if word.isdigit() and previous in ("the", "on") and 1 <= int(word) <= 31:
        yield _replaced(words, index, _ordinal(int(word)))
    loose = _LOOSE_TIME.match(word)
    if loose and not word.isdigit() and int(loose.group(1)) < 24:
        yield _replaced(words, index, f"{int(loose.group(1)):02d}:{loose.group(2) or '00'}")
    ampm = _AMPM.match(word)
    if ampm:  # 9am -> 09:00 where a range wants one notation
        hour = int(ampm.group(1)) % 12 + (12 if ampm.group(3).lower() == "p" else 0)
        yield _replaced(words, index, f"{hour:02d}:{ampm.group(2) or '00'}")
    if word.lower() in ("o'clock", "oclock", "h") and index:
        yield " ".join(words[:index] + words[index + 1 :])
    following = words[index + 1] if index + 1 < len(words) else ""
    if word.lower() in ("minute", "minutes") and following.isdigit() and int(following) < 60:
        yield " ".join(words[:index] + [f":{int(following):02d}"] + words[index + 2 :])


def _inserted(words: list[str], index: int) -> Iterator[str]:
    """A linking word before ``words[index]`` that fits what the word is."""
    if index < 0:
        return
    for linking in _linking_words(words, index):
        if index and words[index - 1].lower() == linking.split()[-1]:
            continue  # "on on"
        yield " ".join(words[:index] + [linking] + words[index:])


def _linking_words(words: list[str], index: int) -> tuple[str, ...]:
    word = words[index]
    later = {w.lower() for w in words[index + 1 :]}
    if _TIME.match(word) or word.isdigit():
        return ("from", "at") if later & {"to", "until", "-"} else ("at",)
    if _ORDINAL.match(word):
        return ("on the", "the")
    if _WEEKDAY.match(word):
        return ("on", "every")
    if _MONTH.match(word):
        return ("in", "on")
    if _UNIT.match(word):
        return ("every",)
    if _DATE.match(word):
        return ("on",)
    if _is_zone(word):
        return ("in",)
    return ()


def _of_the_month(words: list[str], culprit: int) -> Iterator[str]:
    """``first monday`` -> ``first monday of the month``: after a weekday that follows an ordinal."""
    for index in (culprit - 1, culprit):
        if 0 < index < len(words) and _WEEKDAY.match(words[index]):
            if _ORDINAL.match(words[index - 1]):
                yield " ".join(words[: index + 1] + ["of", "the", "month"] + words[index + 1 :])


def _dropped(words: list[str], index: int) -> Iterator[str]:
    """Without a stray linking word, or a word repeated (``every every``)."""
    if index < 0 or index >= len(words):
        return
    word = words[index].lower()
    repeated = index > 0 and words[index - 1].lower() == word
    if word in _STRAY or repeated:
        yield " ".join(words[:index] + words[index + 1 :])


def _replaced(words: list[str], index: int, word: str) -> str:
    return " ".join(words[:index] + [word] + words[index + 1 :])


def _ordinal(number: int) -> str:
    suffix = (
        "th" if 10 <= number % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    )
    return f"{number}{suffix}"


@cache
def _known_words() -> frozenset[str]:
    return frozenset(english_words())


def _is_zone(word: str) -> bool:
    from tomodachi_schedule.compiler.diagnostics import is_zone_name

    return is_zone_name(word)
