"""Cron fields read into masks and day forms, with every problem found along the way."""

from __future__ import annotations

from tomodachi_schedule.compiler.spec import nodes as n
from tomodachi_schedule.compiler.spec.rules.cron_days import (
    monthday_special,
    weekday_special,
)
from tomodachi_schedule.compiler.spec.rules.cron_fields import (
    KINDS,
    MONTHDAY,
    WEEKDAY,
    YEAR,
    CronFields,
    FieldKind,
    number,
)
from tomodachi_schedule.compiler.spec.vocabulary import LONGEST_MONTH
from tomodachi_schedule.errors import did_you_mean

MACROS = {
    "@yearly": "0 0 1 1 *",
    "@annually": "0 0 1 1 *",
    "@monthly": "0 0 1 * *",
    "@weekly": "0 0 * * 0",
    "@daily": "0 0 * * *",
    "@midnight": "0 0 * * *",
    "@hourly": "0 * * * *",
    "@minutely": "* * * * *",
}


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
    macro = (expr.macro or "").lower()  # called for macros only: never empty
    expansion = MACROS.get(macro)
    if expansion is None:
        guess = did_you_mean(macro, MACROS)
        out.problem(
            expr,
            f"unknown cron macro {expr.macro!r}",
            f"did you mean {guess!r}?" if guess else "macros: " + " ".join(MACROS),
        )
        return None
    atoms = [n.CronAtom(text=text, span=expr.span) for text in expansion.split()]
    return tuple(
        n.CronField(items=(n.CronItem(low=atom, span=expr.span),), span=expr.span) for atom in atoms
    )


def _check_field_count(expr: n.CronExpr, fields: tuple[n.CronField, ...], out: CronFields) -> bool:
    count = len(fields)
    if count == 6 and not _plausible_year(fields[5]) or count == 7 or _misplaced_question(fields):
        if count in (6, 7):
            out.problem(
                expr,
                f"this looks like a seconds-first (Quartz/Spring) cron with {count} fields",
                "our cron is minute hour day month weekday [year]; drop the seconds field "
                "(for seconds use 'every 20 seconds')",
            )
            return False
    if count < 5:
        out.problem(
            expr,
            f"cron needs 5 fields (minute hour day-of-month month day-of-week), got {count}",
            "tomodachi pads a short cron with '*', so '10' would silently mean minute 10 of every "
            "hour; write all 5 fields, or '10s' / 'every 10 seconds' for an interval",
        )
        return False
    if count > 7:
        out.problem(
            expr,
            f"cron has {count} fields; at most 6 (the 6th is the year)",
            "tomodachi silently ignores extra fields; we refuse them",
        )
        return False
    return True


def _plausible_year(cron_field: n.CronField) -> bool:
    texts = [a.text for item in cron_field.items for a in (item.low, item.high) if a is not None]
    return all(t == "*" or t.isdigit() and len(t) == 4 for t in texts)  # range checked later


def _misplaced_question(fields: tuple[n.CronField, ...]) -> bool:
    return any(
        item.low.text == "?" for i, f in enumerate(fields) if i not in (2, 4) for item in f.items
    )


def _read_item(kind: FieldKind, item: n.CronItem, out: CronFields) -> None:
    if kind is MONTHDAY and monthday_special(item, out):
        return
    if kind is WEEKDAY and weekday_special(item, out):
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
    if kind in (MONTHDAY, WEEKDAY) and not restricted:
        return
    mask = 0
    for value in values:
        mask |= 1 << ((value - 1) % 7 if kind is WEEKDAY else value - (1970 if kind is YEAR else 0))
    setattr(out, kind.mask, (getattr(out, kind.mask) or 0) | mask)


def _values(kind: FieldKind, item: n.CronItem, out: CronFields):
    """The numbers an item selects, in standard cron semantics (steps count from the start)."""
    if item.nth is not None:
        out.problem(item, f"'#' is only for the day-of-week field, not {kind.name}")
        return None
    low = number(kind, item.low, out, star_ok=True)
    high = number(kind, item.high, out) if item.high is not None else None
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
        # wraps around: 22-2, fri-mon
        return [kind.low + (v - kind.low) % size for v in span][::step]
    return list(range(low, high + 1, step))


def _step(item: n.CronItem, out: CronFields) -> int | None:
    if item.step is None:
        return 1
    step = int(item.step.text)
    if step == 0:
        out.problem(
            item.step,
            "a step of 0 never advances",
            "use */1 (or just *) for every value",
        )
        return None
    return step


def _check_monthdays_exist(fields: tuple[n.CronField, ...], out: CronFields) -> None:
    """``0 0 31 2,4 *`` can never fire: no listed month has a 31st."""
    plain_days = out.monthdays and not (out.from_end or out.nearest_weekday or out.last_weekday)
    if not plain_days or not out.weekday_any or not out.months or out.problems:
        return
    longest = max(LONGEST_MONTH[m] for m in range(1, 13) if out.months >> m & 1)
    first_day = (out.monthdays & -out.monthdays).bit_length() - 1
    if first_day > longest:
        out.problem(
            fields[2],
            f"day {first_day} never occurs in the listed months (they have at most {longest} days)",
            "this schedule could never fire",
        )
