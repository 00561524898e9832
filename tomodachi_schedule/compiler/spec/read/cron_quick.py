"""The common cron shape read straight into its fields, without the AST.

Five fields of numbers, names, ``*``, ranges, lists and steps are most cron specs, and reading one
through the AST (reader, nodes with spans, the rule that resolves each item) costs several times
more than the schedule it makes. This reads the same text into the same `CronFields`, in cron's
semantics as `rules/cron.py` states them (steps count from the start, ranges may wrap, ``a/n``
runs to the end of the field). It declines (None) anything else and anything the full path would
report — ``L``, ``W``, ``#``, ``?``, a 6th field, ``*`` inside a list, an unknown name, a value out
of range, a step of 0, a day no listed month has — so the full path reads, and reports on,
exactly those. tests/language/test_cron_quick.py checks the two agree.
"""

from __future__ import annotations

import re
from functools import lru_cache

from tomodachi_schedule.compiler.spec.rules.cron_fields import (
    HOUR,
    MINUTE,
    MONTH,
    MONTHDAY,
    WEEKDAY,
    CronFields,
    FieldKind,
)
from tomodachi_schedule.compiler.spec.vocabulary import LONGEST_MONTH

_ITEM = r"(?:\*/[0-9]+|(?:[0-9]+|[A-Za-z]{3})(?:-(?:[0-9]+|[A-Za-z]{3}))?(?:/[0-9]+)?)"
_FIELD = rf"(\*|{_ITEM}(?:,{_ITEM})*)"
_SPACE = r"[ \t\f\r\n]"  # the whitespace cron.lark ignores
_SHAPE = re.compile(rf"{_SPACE}*{_FIELD}" + rf"{_SPACE}+{_FIELD}" * 4 + rf"{_SPACE}*")
_KINDS = (MINUTE, HOUR, MONTHDAY, MONTH, WEEKDAY)


def quick_cron_fields(text: str) -> tuple[CronFields, str] | None:
    """The fields of a plain five-field cron and its text as `explain` quotes it, or None."""
    if text[:1].isalpha():
        return None  # English: a minute field has no names, so no plain cron starts with a letter
    shape = _SHAPE.fullmatch(text)
    if shape is None:
        return None
    written = shape.groups()
    masks: list[int] = []
    for kind, field_text in zip(_KINDS, written):
        mask = _mask(kind, field_text)
        if mask is None:
            return None
        masks.append(mask)
    minutes, hours, monthdays, months, weekdays = masks
    out = CronFields(
        minutes=minutes,
        hours=hours,
        monthdays=monthdays,
        months=months,
        weekdays=weekdays,
        monthday_any=not monthdays,  # `_mask` gives 0 for a day field's `*` alone
        weekday_any=not weekdays,
    )
    if not _days_exist(out):
        return None
    return out, " ".join(written)


# A field's text -> its mask: distinct specs share most fields ("0", "*", "mon-fri", "1-5"), and
# the mask depends on the kind and the text alone
@lru_cache(maxsize=2048)
def _mask(kind: FieldKind, text: str) -> int | None:
    """The mask of one field (0 for a day field's ``*``: unrestricted), or None to decline."""
    if text == "*":
        return 0 if kind is MONTHDAY or kind is WEEKDAY else _every(kind)
    return _field_mask(kind, text)


def _every(kind: FieldKind) -> int:
    return ((1 << (kind.high + 1)) - 1) ^ ((1 << kind.low) - 1)


def _field_mask(kind: FieldKind, text: str) -> int | None:
    """The mask of a restricted field, or None for anything the full path should read."""
    mask = 0
    for item in text.split(","):
        base, slash, step_text = item.partition("/")
        step = int(step_text) if slash else 1
        if step == 0:
            return None
        bounds = _bounds(kind, base, slash)
        if bounds is None:
            return None
        for value in _walk(kind, *bounds, step):
            mask |= 1 << ((value - 1) % 7 if kind is WEEKDAY else value)
    return mask


def _bounds(kind: FieldKind, base: str, stepped: str) -> tuple[int, int] | None:
    """The first and last value of ``*``, ``a`` or ``a-b`` (``a/n`` runs to the field's end)."""
    if base == "*":
        return kind.low, 6 if kind is WEEKDAY else kind.high
    low_text, dash, high_text = base.partition("-")
    low = _value(kind, low_text)
    high = _value(kind, high_text) if dash else (kind.high if stepped else low)
    if low is None or high is None:
        return None
    return low, high


def _value(kind: FieldKind, text: str) -> int | None:
    if text.isdigit():
        value = int(text)
        return value if kind.low <= value <= kind.high else None
    name = text.lower()
    return kind.low + kind.names.index(name) if name in kind.names else None


def _walk(kind: FieldKind, low: int, high: int, step: int) -> range | list[int]:
    if high >= low:
        return range(low, high + 1, step)
    size = 7 if kind is WEEKDAY else kind.high - kind.low + 1  # wraps around: 22-2, fri-mon
    wrapped = range(low, low + (high - low) % size + 1)
    return [kind.low + (value - kind.low) % size for value in wrapped][::step]


def _days_exist(out: CronFields) -> bool:
    """False for ``0 0 31 2,4 *``, which the full path reports as never firing."""
    if out.monthday_any or not out.weekday_any:
        return True
    longest = max(LONGEST_MONTH[m] for m in range(1, 13) if out.months >> m & 1)
    first_day = (out.monthdays & -out.monthdays).bit_length() - 1
    return first_day <= longest
