"""Cron's special day forms: L, L-n, nW, LW in day-of-month; Ltue, tueL, 2L, tue#2, L in day-of-week."""

from __future__ import annotations

import re

from tomodachi_schedule.compiler.spec import nodes as n
from tomodachi_schedule.compiler.spec.rules.cron_fields import WEEKDAY, CronFields, number


def monthday_special(item: n.CronItem, out: CronFields) -> bool:
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
        out.problem(
            item,
            f"'{item.low.text}-{item.high.text}' needs a number of days 0-30 after L-",
        )
        return None
    return int(item.high.text)


def weekday_special(item: n.CronItem, out: CronFields) -> bool:
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
    nth = item.nth
    assert nth is not None  # called for items with a '#'
    day = _weekday_value(item.low, out)
    count = int(nth.text)
    if not 1 <= count <= 5:
        out.problem(nth, f"#{count}: a weekday occurs 1 to 5 times a month")
    elif day is not None:
        out.nth.add((day, count))
    out.weekday_any = False
    return True


def _weekday_value(atom: n.CronAtom, out: CronFields) -> int | None:
    """Monday = 0 for a cron weekday number (0 or 7 = Sunday) or name."""
    value = number(WEEKDAY, atom, out)
    return None if value is None else (value - 1) % 7
