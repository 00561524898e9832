"""Cron field kinds, the resolved form of a cron expression, and reading one value."""

from __future__ import annotations

from dataclasses import dataclass, field

from tomodachi_schedule.compiler.spec import nodes as n
from tomodachi_schedule.compiler.spec.vocabulary import MONTHS, WEEKDAYS
from tomodachi_schedule.errors import Diagnostic, did_you_mean, problem

_CRON_DAYS = WEEKDAYS[6:] + WEEKDAYS[:6]  # cron numbering: 0 = Sunday


# eq=False: the six kinds below are compared and hashed by identity, which is cheap on the hot path
@dataclass(frozen=True, eq=False)
class FieldKind:
    name: str
    mask: str  # the CronFields attribute its values go to
    low: int
    high: int
    names: tuple[str, ...] = ()  # names[i] means low + i


MINUTE = FieldKind("minute", "minutes", 0, 59)
HOUR = FieldKind("hour", "hours", 0, 23)
MONTHDAY = FieldKind("day-of-month", "monthdays", 1, 31)
MONTH = FieldKind("month", "months", 1, 12, MONTHS)
WEEKDAY = FieldKind("day-of-week", "weekdays", 0, 7, _CRON_DAYS + ("sun",))
YEAR = FieldKind("year", "years", 1970, 2099)
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
        self.problems.append(problem(message, where.span, hint))


def number(kind: FieldKind, atom: n.CronAtom, out: CronFields, star_ok: bool = False) -> int | None:
    text = atom.text.lower()
    if text in ("*", "?"):
        if text == "?" and kind not in (MONTHDAY, WEEKDAY):
            out.problem(
                atom,
                f"'?' is only for the day fields, not {kind.name}",
                "Quartz writes '?' in a day field; ours is minute hour day month weekday",
            )
            return None
        if star_ok:
            return kind.low
        bad_value(kind, atom, out)
        return None
    if text.isdigit():
        value = int(text)
        if not kind.low <= value <= kind.high:
            out.problem(atom, f"{kind.name} {value} is out of range {kind.low}-{kind.high}")
            return None
        return value
    if text in kind.names:
        return kind.low + kind.names.index(text)
    bad_value(kind, atom, out)
    return None


def bad_value(kind: FieldKind, atom: n.CronAtom, out: CronFields) -> None:
    guess = did_you_mean(atom.text.lower(), kind.names) if kind.names else None
    hint = f"did you mean {guess!r}?" if guess else _value_hint(kind)
    out.problem(atom, f"{atom.text!r} is not a valid {kind.name} value", hint)


def _value_hint(kind: FieldKind) -> str:
    names = (
        f" or names {kind.names[0]}..{kind.names[-2 if kind is WEEKDAY else -1]}"
        if kind.names
        else ""
    )
    specials = {
        MONTHDAY: "; also L, L-n, nW, LW",
        WEEKDAY: "; also Lmon, monL, 2L, mon#2, L",
    }
    return f"{kind.name} takes numbers {kind.low}-{kind.high}{names}{specials.get(kind, '')}"
