"""The canonical printer: a phrase re-printed in the user's words, with its defaults spelt out."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from tomodachi_schedule.compiler.spec import nodes as n
from tomodachi_schedule.compiler.spec.rules.phrase import SUB_DAY
from tomodachi_schedule.compiler.spec.vocabulary import MONTH_NAMES, WEEKDAY_NAMES
from tomodachi_schedule.runtime.engine.wording import listing, ordinal


def canonical(phrase: n.Phrase, *, with_zone: bool = True) -> str:
    """The phrase re-printed in the user's words, defaults spelt out; it parses to the same schedule."""
    parts = [_clause(c) for c in phrase.clauses if with_zone or not isinstance(c, n.Zone)]
    parts += _implied(phrase)
    return " ".join(p for p in parts if p)


def _implied(phrase: n.Phrase) -> list[str]:
    """What a day-level phrase leaves unsaid: the default day of a week/month/year, and 00:00."""
    if is_one_off(phrase) and not phrase.find(n.Moment) and not phrase.find(n.Times):
        return ["at 00:00"]
    every = phrase.find(n.Every)
    if is_one_off(phrase) or phrase.find(n.CronClause) or every and every[0].unit in SUB_DAY:
        return []
    implied = []
    if not phrase.find(n.Days) and every:
        implied.append(_DEFAULT_DAYS.get(every[0].unit, ""))
    if not phrase.find(n.Times):
        implied.append("at 00:00")
    return implied


_DEFAULT_DAYS = {"week": "on monday", "month": "on the 1st", "year": "on january 1"}


def is_one_off(phrase: n.Phrase) -> bool:
    dates = [i for d in phrase.find(n.Days) for i in d.items if isinstance(i, n.SpecificDate)]
    return bool(phrase.find(n.Moment) or dates)


def _clause(clause) -> str:
    printer = _PRINTERS[type(clause)]
    return printer(clause)


def _every(clause: n.Every) -> str:
    if clause.text.lower().startswith(("every", "each")):
        return clause.text  # the user's words; aliases such as "5s" or "hourly" are spelt out
    if (clause.count or 1) == 1:
        return f"every {clause.unit}"
    return f"every {clause.count} {clause.unit}s"


def _days(clause: n.Days) -> str:
    items = and_list(_day(item) for item in clause.items)
    if clause.every:
        return f"every {_nth_word(clause.every)} {items}"
    return f"{clause.lead} {items}".strip()


def _nth_word(count: int) -> str:
    return {2: "other", 3: "third", 4: "fourth", 5: "fifth"}.get(count, f"{count}th")


def _day(item) -> str:
    if isinstance(item, n.Weekdays):
        return item.text or and_list(WEEKDAY_NAMES[d].lower() for d in item.days)
    if isinstance(item, n.MonthDay):
        if item.day is not None:
            return f"the {ordinal(item.day)}"
        assert item.from_end is not None  # a month day is a day, or counted from the end
        return f"the {from_end(item.from_end)} day of the month"
    if isinstance(item, n.NthWeekday):
        position = ordinal_word(item.n)
        return f"the {position} {WEEKDAY_NAMES[item.weekday].lower()} of the month"
    if isinstance(item, n.WorkdayOfMonth):
        return f"the {'last' if item.last else 'first'} weekday of the month"
    if isinstance(item, n.Scoped):
        return _scoped(item)
    return _date(item.date)


def _scoped(item: n.Scoped) -> str:
    months = and_list(MONTH_NAMES[m - 1].lower() for m in item.months)
    inner = item.item
    if isinstance(inner, n.MonthDay) and inner.day is not None and len(item.months) == 1:
        return f"{months} {inner.day}"
    if isinstance(inner, n.MonthDay) and inner.day is not None:
        return f"the {ordinal(inner.day)} of {months}"
    return f"{_day(inner).removesuffix(' of the month')} of {months}"


def ordinal_word(count: int) -> str:
    words = {1: "first", 2: "second", 3: "third", 4: "fourth", 5: "fifth", -1: "last"}
    if count in words:
        return words[count]
    return f"{words.get(-count, ordinal(-count))} to last"


def from_end(offset: int) -> str:
    return ordinal_word(-offset - 1)


def _times(clause: n.Times) -> str:
    return "at " + and_list(_time(t) for t in clause.times)


def _time(time: n.TimeOfDay) -> str:
    if time.text and not time.text.isdigit():
        return time.text
    seconds = f":{time.second:02d}" if time.second else ""
    return f"{time.hour:02d}:{time.minute:02d}{seconds}"


def _window(clause: n.Window) -> str:
    return f"from {_time(clause.start)} to {_time(clause.end)}"


def _months(clause: n.Months) -> str:
    return "in " + and_list(MONTH_NAMES[m - 1].lower() for m in clause.months)


def _date(when: n.DateTime) -> str:
    text = f"{when.year:04d}-{when.month:02d}-{when.day:02d}"
    if when.time is not None:
        text += " " + _time(
            n.TimeOfDay(hour=when.time.hour, minute=when.time.minute, second=when.time.second)
        )
    return text + (when.offset or "")


def _except(clause: n.Except) -> str:
    if clause.months:
        return "except in " + and_list(MONTH_NAMES[m - 1].lower() for m in clause.months)
    return "except on " + and_list(_day(item) for item in clause.days)


def _cron_clause(clause: n.CronClause) -> str:
    return f'cron "{cron_text(clause.expr)}"'


def cron_text(expr: n.CronExpr) -> str:
    if expr.macro:
        return expr.macro
    return " ".join(",".join(_cron_item(i) for i in f.items) for f in expr.fields)


def _cron_item(item: n.CronItem) -> str:
    text = item.low.text + (f"-{item.high.text}" if item.high else "")
    text += f"/{item.step.text}" if item.step else ""
    return text + (f"#{item.nth.text}" if item.nth else "")


_PRINTERS: dict[type, Callable[[Any], str]] = {
    n.Every: _every,
    n.Days: _days,
    n.Times: _times,
    n.Minutes: lambda c: "at " + and_list(f":{m:02d}" for m in c.minutes),
    n.Window: _window,
    n.Months: _months,
    n.Zone: lambda c: f"in {c.name}",
    n.Starting: lambda c: f"starting {_date(c.at)}",
    n.Until: lambda c: f"until {_date(c.at)}",
    n.Except: _except,
    n.CronClause: _cron_clause,
    n.Moment: lambda c: _date(c.at),
}


def and_list(words) -> str:
    """``a``, ``a and b``, ``a, b and c``."""
    return listing(list(words))
