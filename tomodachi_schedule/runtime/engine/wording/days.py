"""Which days, in the schedule language's own words: ``on mondays``, ``on the last friday``."""

from __future__ import annotations

import re
from datetime import date, timedelta
from functools import lru_cache

from tomodachi_schedule.runtime.engine.days import (
    ALL_MONTHDAYS,
    ALL_MONTHS,
    ALL_WEEKDAYS,
    FIRST_YEAR,
    DaySet,
    MonthDays,
    Period,
    WeekDays,
)
from tomodachi_schedule.runtime.engine.search.wallsearch import set_bits
from tomodachi_schedule.runtime.engine.wording.times import listing

WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MONTH_NAMES = (
    "", "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip
_POSITIONS = {1: "first", 2: "second", 3: "third", 4: "fourth", 5: "fifth", -1: "last"}
_LAST_SEVEN = tuple((day, -1) for day in range(7))  # cron's lone L: the last seven days


def ordinal(n: int) -> str:
    """1st, 2nd, 3rd, 4th, 11th, 21st ..."""
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def _weekday(day: int) -> str:
    return WEEKDAY_NAMES[day].lower()


def _from_end(offset: int) -> str:
    """``the last day``, ``the 3rd to last day`` (L, L-2)."""
    return "the last day" if offset == 0 else f"the {ordinal(offset + 1)} to last day"


def _position(n: int) -> str:
    if n in _POSITIONS:
        return _POSITIONS[n]
    return f"{ordinal(-n)} to last"


def weekday_names(mask: int, plural: bool = False) -> list[str]:
    """``weekday`` for Monday to Friday, ``weekend``, else the names."""
    if mask == 0b11111:
        return ["weekdays" if plural else "weekday"]
    if mask == 0b1100000:
        return ["weekends" if plural else "weekend"]
    return [_weekday(d) + ("s" if plural else "") for d in set_bits(mask)]


def month_items(part: MonthDays) -> list[str]:
    words = [f"the {ordinal(d)}" for d in set_bits(part.days)]
    words += _from_end_items(sorted(part.from_end))
    for day in part.nearest_weekday:
        words.append("the first weekday" if day == 1 else f"the weekday nearest the {ordinal(day)}")
    return words + (["the last weekday"] if part.last_weekday else [])


def _from_end_items(offsets: list[int]) -> list[str]:
    """``the last 7 days`` for L, L-1 ... L-6 (three or more from the last day on), else each."""
    run = next((k for k in range(len(offsets), 0, -1) if offsets[:k] == list(range(k))), 0)
    if run < 3:
        return [_from_end(offset) for offset in offsets]
    return [f"the last {run} days"] + [_from_end(offset) for offset in offsets[run:]]


def nth_items(part: WeekDays) -> list[str]:
    nth = tuple(sorted(part.nth))
    if sorted(nth) == sorted(_LAST_SEVEN):  # as the last seven days of the month
        return _from_end_items(list(range(7)))
    return [f"the {_position(n)} {_weekday(day)}" for day, n in sorted(nth, key=_nth_order)]


def _nth_order(pair: tuple[int, int]) -> tuple[int, int]:
    day, n = pair
    return (n if n > 0 else 10 - n, day)


# Day sets recur across a file's schedules far more than times of day do ("every weekday", the
# 1st and 15th): their words are remembered by value (a `DaySet` is an immutable record whose
# equality covers every field, so equal day sets always read the same).
@lru_cache(maxsize=512)
def describe_days(days: DaySet) -> tuple[str, str]:
    """(words that lead a phrase with 'every', words that follow its time) for a `DaySet`."""
    lead, follow = _day_words(days)
    extra = ""
    if days.months != ALL_MONTHS:
        extra += " in " + listing([MONTH_NAMES[m].lower() for m in set_bits(days.months)])
    if days.years is not None:
        extra += " in " + listing([str(FIRST_YEAR + y) for y in set_bits(days.years)])
    return lead + extra, (follow + extra).strip()


def _day_words(days: DaySet) -> tuple[str, str]:
    weekdays, monthdays, period = days.weekdays, days.monthdays, days.period
    plain = weekdays is not None and not weekdays.nth and weekdays.days
    if period is not None:
        return _period_words(days)
    if _every_date(days):
        return "every day", ""
    if monthdays is None and plain:
        assert weekdays is not None  # a plain day set restricts one of the two
        return "every " + listing(weekday_names(weekdays.days)), "on " + listing(
            weekday_names(weekdays.days, plural=True)
        )
    if days.combine == "and" and monthdays is not None and plain:
        assert weekdays is not None  # plain means a weekday list
        every = "every " + listing(weekday_names(weekdays.days))
        words = f"{every} on {listing(month_items(monthdays))}"
        return words, words
    items = _items(days)
    return f"every month on {items}", f"on {items}"


def _every_date(days: DaySet) -> bool:
    """No restriction, or (as with cron's ``*/1`` beside another field) one part matching all."""
    weekdays, monthdays = days.weekdays, days.monthdays
    all_weekdays = weekdays is not None and weekdays.days == ALL_WEEKDAYS
    all_monthdays = monthdays is not None and monthdays.days == ALL_MONTHDAYS
    if days.combine == "or" and (all_weekdays or all_monthdays):
        return True
    return (monthdays is None or all_monthdays) and (weekdays is None or all_weekdays)


def _items(days: DaySet) -> str:
    monthdays, weekdays = days.monthdays, days.weekdays
    if weekdays is not None and sorted(weekdays.nth) == sorted(_LAST_SEVEN):
        # cron's lone L (the last seven days) beside other month days: one list, in order
        base = monthdays or MonthDays()
        offsets = tuple(sorted(set(base.from_end) | set(range(7))))
        monthdays = MonthDays(
            days=base.days,
            from_end=offsets,
            nearest_weekday=base.nearest_weekday,
            last_weekday=base.last_weekday,
        )
        weekdays = WeekDays(days=weekdays.days)
    words = month_items(monthdays) if monthdays is not None else []
    if weekdays is not None:
        words += weekday_names(weekdays.days, plural=True) if weekdays.days else []
        words += nth_items(weekdays)
    words = list(dict.fromkeys(words))  # cron's L twice (L and lone L) says it once
    if weekdays is None or not (weekdays.days or weekdays.nth):
        words = _one_the(words)
    last = words[-1] if words else ""
    if last.startswith("the ") and "nearest" not in last and not re.fullmatch(r"the \d+\w\w", last):
        words[-1] += " of the month"  # "the last friday of the month"
    return listing(words)


def _one_the(words: list[str]) -> list[str]:
    """``the 1st, 3rd and 5th``: one "the" for a run of day numbers (the language reads an
    ordinal alone as a day of the month when no weekday follows it)."""
    plain = [bool(re.fullmatch(r"the \d+\w\w", word)) for word in words]
    return [word[4:] if plain[i] and i and plain[i - 1] else word for i, word in enumerate(words)]


def _period_words(days: DaySet) -> tuple[str, str]:
    period = days.period
    assert period is not None  # called for day sets with a period only
    unit = period.unit if period.every == 1 else f"{period.every} {period.unit}s"
    inner = DaySet(months=ALL_MONTHS, monthdays=days.monthdays, weekdays=days.weekdays)
    _, follow = _day_words(inner) if days.monthdays or days.weekdays else ("", "")
    if follow.startswith("every "):  # "every friday on the 13th": the weekdays go after "on"
        follow = "on " + follow.removeprefix("every ")
    words = f"every {unit} {follow}".strip()
    return words, words


# Anchors are shown near this fixed date: easier to count from than 1970-01-01, and the same
# words whatever the clock says (any date in phase names the same fires).
_SHOWN_NEAR = date(2026, 1, 1)
_DEFAULT_ANCHOR = "1970-01-01"


def counted_from(period: Period | None, starts: str = "") -> str:
    """`` counted from 2026-01-05``: which days, weeks, months or years an every-n period keeps
    (nothing for n = 1, nor when a ``starting`` date, which anchors the period too, says it)."""
    if period is None or period.every == 1 or period.anchor == starts:
        return ""
    shown = period.anchor_date if period.anchor != _DEFAULT_ANCHOR else _in_phase_near(period)
    return f" counted from {shown.isoformat()}"


def _in_phase_near(period: Period) -> date:
    """The first day, Monday, 1st of a month or January 1 on or after `_SHOWN_NEAR` that the
    period counts as its first (the same phase as its anchor)."""
    anchor, every, near = period.anchor_date, period.every, _SHOWN_NEAR
    if period.unit == "day":
        return near + timedelta(days=(anchor - near).days % every)
    if period.unit == "week":
        monday = near + timedelta(days=-near.weekday() % 7)
        anchor_monday = anchor - timedelta(days=anchor.weekday())
        return monday + timedelta(weeks=((anchor_monday - monday).days // 7) % every)
    if period.unit == "month":
        months = near.year * 12 + near.month - 1
        months += (anchor.year * 12 + anchor.month - 1 - months) % every
        return date(months // 12, months % 12 + 1, 1)
    return date(near.year + (anchor.year - near.year) % every, 1, 1)
