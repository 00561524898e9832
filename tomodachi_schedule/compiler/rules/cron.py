"""Cron fields read into masks and day forms, with every problem found along the way."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from tomodachi_schedule.compiler import nodes as n
from tomodachi_schedule.compiler.diagnostics import did_you_mean
from tomodachi_schedule.compiler.vocabulary import MONTHS
from tomodachi_schedule.errors import Diagnostic

MACROS = {
    "@yearly": "0 0 1 1 *", "@annually": "0 0 1 1 *", "@monthly": "0 0 1 * *",
    "@weekly": "0 0 * * 0", "@daily": "0 0 * * *", "@midnight": "0 0 * * *",
    "@hourly": "0 * * * *", "@minutely": "* * * * *",
}  # fmt: skip

_CRON_DAYS = ("sun", "mon", "tue", "wed", "thu", "fri", "sat")  # cron numbering: 0 = Sunday


@dataclass(frozen=True)
class FieldKind:
    name: str
    low: int
    high: int
    names: tuple[str, ...] = ()  # names[i] means low + i


MINUTE = FieldKind("minute", 0, 59)
HOUR = FieldKind("hour", 0, 23)
MONTHDAY = FieldKind("day-of-month", 1, 31)
MONTH = FieldKind("month", 1, 12, MONTHS)
WEEKDAY = FieldKind("day-of-week", 0, 7, _CRON_DAYS + ("sun",))
YEAR = FieldKind("year", 1970, 2099)
KINDS = (MINUTE, HOUR, MONTHDAY, MONTH, WEEKDAY, YEAR)


@dataclass
class CronFields:
    """A resolved cron expression: plain masks plus the special day forms."""

    minutes: int = 0
    hours: int = 0
    monthdays: int = 0
    months: int = 0
    weekdays: int = 0  # bit 0 = Monday
    years: int | None = None
    from_end: set[int] = field(default_factory=set)
    nearest_weekday: set[int] = field(default_factory=set)
    last_weekday: bool = False
    nth: set[tuple[int, int]] = field(default_factory=set)
    monthday_any: bool = True  # '*' or '?': unrestricted
    weekday_any: bool = True
    problems: list[Diagnostic] = field(default_factory=list)

    def problem(self, where: n.Node, message: str, hint: str | None = None) -> None:
        self.problems.append(Diagnostic(message=message, span=where.span, hint=hint))


def resolve(expr: n.CronExpr) -> CronFields:
    """Read every field; `problems` lists what is wrong (empty when the expression is valid)."""
    out = CronFields()
    fields = expr.fields
    if expr.macro is not None:
        fields = _macro_fields(expr, out)
        if fields is None:
            return out
    if not _check_field_count(expr, fields, out):
        return out
    for kind, cron_field in zip(KINDS, fields):
        for item in cron_field.items:
            _read_item(kind, item, out)
    if len(fields) == 5:
        out.years = None
    _check_monthdays_exist(fields, out)
    return out


def _macro_fields(expr: n.CronExpr, out: CronFields):
    expansion = MACROS.get(expr.macro.lower())
    if expansion is None:
        guess = did_you_mean(expr.macro.lower(), MACROS)
        out.problem(expr, f"unknown cron macro {expr.macro!r}",
                    f"did you mean {guess!r}?" if guess else "macros: " + " ".join(MACROS))  # fmt: skip
        return None
    atoms = [n.CronAtom(text=text, span=expr.span) for text in expansion.split()]
    return tuple(n.CronField(items=(n.CronItem(low=atom, span=expr.span),), span=expr.span) for atom in atoms)


def _check_field_count(expr: n.CronExpr, fields: tuple[n.CronField, ...], out: CronFields) -> bool:
    count = len(fields)
    if count == 6 and not _plausible_year(fields[5]) or count == 7 or _misplaced_question(fields):
        if count in (6, 7):
            out.problem(expr, f"this looks like a seconds-first (Quartz/Spring) cron with {count} fields",
                        "our cron is minute hour day month weekday [year]; drop the seconds field "
                        "(for seconds use 'every 20 seconds')")  # fmt: skip
            return False
    if count < 5:
        out.problem(expr, f"cron needs 5 fields (minute hour day-of-month month day-of-week), got {count}",
                    "tomodachi pads a short cron with '*', so '10' would silently mean minute 10 of every "
                    "hour; write all 5 fields, or '10s' / 'every 10 seconds' for an interval")  # fmt: skip
        return False
    if count > 7:
        out.problem(expr, f"cron has {count} fields; at most 6 (the 6th is the year)",
                    "tomodachi silently ignores extra fields; we refuse them")  # fmt: skip
        return False
    return True


def _plausible_year(cron_field: n.CronField) -> bool:
    texts = [a.text for item in cron_field.items for a in (item.low, item.high) if a is not None]
    return all(t == "*" or t.isdigit() and len(t) == 4 for t in texts)  # range checked later


def _misplaced_question(fields: tuple[n.CronField, ...]) -> bool:
    return any(item.low.text == "?" for i, f in enumerate(fields) if i not in (2, 4) for item in f.items)


def _read_item(kind: FieldKind, item: n.CronItem, out: CronFields) -> None:
    if kind is MONTHDAY and _monthday_special(item, out):
        return
    if kind is WEEKDAY and _weekday_special(item, out):
        return
    values = _values(kind, item, out)
    if values is None:
        return
    if item.low.text in ("*", "?") and item.step is None:
        return _unrestricted(kind, out) if kind in (MONTHDAY, WEEKDAY) else _add(kind, values, out)
    _mark_restricted(kind, out)
    _add(kind, values, out)


def _unrestricted(kind: FieldKind, out: CronFields) -> None:
    _add(kind, range(kind.low, kind.high + 1), out, restricted=False)


def _mark_restricted(kind: FieldKind, out: CronFields) -> None:
    if kind is MONTHDAY:
        out.monthday_any = False
    elif kind is WEEKDAY:
        out.weekday_any = False


def _add(kind: FieldKind, values, out: CronFields, restricted: bool = True) -> None:
    mask = 0
    for value in values:
        mask |= 1 << ((value - 1) % 7 if kind is WEEKDAY else value - (1970 if kind is YEAR else 0))
    name = {MINUTE: "minutes", HOUR: "hours", MONTHDAY: "monthdays", MONTH: "months",
            WEEKDAY: "weekdays", YEAR: "years"}[kind]  # fmt: skip
    if kind in (MONTHDAY, WEEKDAY) and not restricted:
        return
    setattr(out, name, (getattr(out, name) or 0) | mask)


def _values(kind: FieldKind, item: n.CronItem, out: CronFields):
    """The numbers an item selects, in standard cron semantics (steps count from the start)."""
    if item.nth is not None:
        out.problem(item, f"'#' is only for the day-of-week field, not {kind.name}")
        return None
    low = _number(kind, item.low, out, star_ok=True)
    high = _number(kind, item.high, out) if item.high is not None else None
    step = _step(item, out)
    if low is None or item.high is not None and high is None or step is None:
        return None
    if item.low.text in ("*", "?"):
        low, high = kind.low, kind.high if kind is not WEEKDAY else 6
    elif high is None:
        high = (kind.high if kind is not WEEKDAY else 6) if item.step is not None else low
    return _walk(kind, item, low, high, step, out)


def _walk(kind: FieldKind, item: n.CronItem, low: int, high: int, step: int, out: CronFields):
    if high < low:
        if kind is YEAR:
            out.problem(item, f"year range {low}-{high} runs backwards", f"write {high}-{low}")
            return None
        size = kind.high - kind.low + 1 if kind is not WEEKDAY else 7
        span = list(range(low, low + (high - low) % size + 1))
        return [kind.low + (v - kind.low) % size for v in span][::step]  # wraps around: 22-2, fri-mon
    return list(range(low, high + 1, step))


def _step(item: n.CronItem, out: CronFields) -> int | None:
    if item.step is None:
        return 1
    step = int(item.step.text)
    if step == 0:
        out.problem(item.step, "a step of 0 never advances", "use */1 (or just *) for every value")
        return None
    return step


def _number(kind: FieldKind, atom: n.CronAtom, out: CronFields, star_ok: bool = False) -> int | None:
    text = atom.text.lower()
    if text in ("*", "?"):
        if text == "?" and kind not in (MONTHDAY, WEEKDAY):
            out.problem(atom, f"'?' is only for the day fields, not {kind.name}",
                        "Quartz writes '?' in a day field; ours is minute hour day month weekday")  # fmt: skip
            return None
        return kind.low if star_ok else _bad(kind, atom, out)
    if text.isdigit():
        value = int(text)
        if not kind.low <= value <= kind.high:
            out.problem(atom, f"{kind.name} {value} is out of range {kind.low}-{kind.high}")
            return None
        return value
    if text in kind.names:
        return kind.low + kind.names.index(text)
    return _bad(kind, atom, out)


def _bad(kind: FieldKind, atom: n.CronAtom, out: CronFields) -> None:
    guess = did_you_mean(atom.text.lower(), kind.names) if kind.names else None
    hint = f"did you mean {guess!r}?" if guess else _value_hint(kind)
    out.problem(atom, f"{atom.text!r} is not a valid {kind.name} value", hint)


def _value_hint(kind: FieldKind) -> str:
    names = f" or names {kind.names[0]}..{kind.names[-2 if kind is WEEKDAY else -1]}" if kind.names else ""
    specials = {MONTHDAY: "; also L, L-n, nW, LW", WEEKDAY: "; also Lmon, monL, 2L, mon#2, L"}
    return f"{kind.name} takes numbers {kind.low}-{kind.high}{names}{specials.get(kind, '')}"


def _monthday_special(item: n.CronItem, out: CronFields) -> bool:
    text = item.low.text.lower()
    if text == "l" and item.step is None and item.nth is None:
        offset = _from_end_offset(item, out)
        if offset is not None:
            out.from_end.add(offset)
        out.monthday_any = False
        return True
    if text == "lw" and item.high is None:
        out.last_weekday, out.monthday_any = True, False
        return True
    match = re.fullmatch(r"(\d+)w", text)
    if match and item.high is None:
        day = int(match.group(1))
        if 1 <= day <= 31:
            out.nearest_weekday.add(day)
        else:
            out.problem(item.low, f"day {day} in {item.low.text} is out of range 1-31")
        out.monthday_any = False
        return True
    return False


def _from_end_offset(item: n.CronItem, out: CronFields) -> int | None:
    if item.high is None:
        return 0
    if not item.high.text.isdigit() or not 0 <= int(item.high.text) <= 30:
        out.problem(item, f"'{item.low.text}-{item.high.text}' needs a number of days 0-30 after L-")
        return None
    return int(item.high.text)


def _weekday_special(item: n.CronItem, out: CronFields) -> bool:
    text = item.low.text.lower()
    if item.nth is not None:
        return _weekday_nth(item, out)
    if text == "l" and item.high is None:
        out.nth.update((day, -1) for day in range(7))  # tomodachi: the last seven days
    elif re.fullmatch(r"l[a-z]{3}", text):
        _last_weekdays(item, out)
    elif re.fullmatch(r"([a-z]{3}|\d)l", text) and item.high is None:
        day = _weekday_value(n.CronAtom(text=text[:-1], span=item.low.span), out)
        if day is not None:
            out.nth.add((day, -1))
    else:
        return False
    out.weekday_any = False
    return True


def _last_weekdays(item: n.CronItem, out: CronFields) -> None:
    first = _weekday_value(n.CronAtom(text=item.low.text[1:], span=item.low.span), out)
    last = _weekday_value(item.high, out) if item.high is not None else first
    if first is None or last is None:
        return
    out.nth.update(((first + i) % 7, -1) for i in range((last - first) % 7 + 1))


def _weekday_nth(item: n.CronItem, out: CronFields) -> bool:
    day = _weekday_value(item.low, out)
    count = int(item.nth.text)
    if not 1 <= count <= 5:
        out.problem(item.nth, f"#{count}: a weekday occurs 1 to 5 times a month")
    elif day is not None:
        out.nth.add((day, count))
    out.weekday_any = False
    return True


def _weekday_value(atom: n.CronAtom, out: CronFields) -> int | None:
    """Monday = 0 for a cron weekday number (0 or 7 = Sunday) or name."""
    value = _number(WEEKDAY, atom, out)
    return None if value is None else (value - 1) % 7


def _check_monthdays_exist(fields: tuple[n.CronField, ...], out: CronFields) -> None:
    """``0 0 31 2,4 *`` can never fire: no listed month has a 31st."""
    plain_days = out.monthdays and not (out.from_end or out.nearest_weekday or out.last_weekday)
    if not plain_days or not out.weekday_any or not out.months or out.problems:
        return
    longest = max(_DAYS_IN_MONTH[m] for m in range(1, 13) if out.months >> m & 1)
    first_day = (out.monthdays & -out.monthdays).bit_length() - 1
    if first_day > longest:
        out.problem(fields[2], f"day {first_day} never occurs in the listed months (they have at most {longest} days)",
                    "this schedule could never fire")  # fmt: skip


_DAYS_IN_MONTH = {1: 31, 2: 29, 3: 31, 4: 30, 5: 31, 6: 30, 7: 31, 8: 31, 9: 30, 10: 31, 11: 30, 12: 31}

