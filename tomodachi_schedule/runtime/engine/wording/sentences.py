"""English for schedule objects, in the words the schedule language reads: `explain()` says
exactly this, and every sentence it says is itself a spec with the same fires."""

from __future__ import annotations

from datetime import datetime, timedelta
from functools import cache, lru_cache
from typing import Any

from tomodachi_schedule.runtime.engine.days import ALL_MONTHS, DaySet
from tomodachi_schedule.runtime.engine.search.wallsearch import set_bits
from tomodachi_schedule.runtime.engine.wording.days import (
    MONTH_NAMES,
    WEEKDAY_NAMES,
    counted_from,
    describe_days,
    month_items,
    nth_items,
    ordinal,
    weekday_names,
)
from tomodachi_schedule.runtime.engine.wording.times import (
    clock,
    describe_times,
    interval,
    listing,
)

_DAY = 86400

__all__ = ["MONTH_NAMES", "WEEKDAY_NAMES", "describe", "listing", "ordinal"]


def describe(schedule: Any) -> str:
    """One sentence for any schedule object; a union's parts are joined by ``and``."""
    return " and ".join(_phrases(schedule, union=False))


def _phrases(schedule: Any, union: bool, limits: str = "", starts: str = "") -> list[str]:
    """The phrases of a schedule, each with ``limits`` (its except / starting / until words);
    ``starts`` is the date a ``starting`` bound names (it anchors periods too)."""
    AnyOf, Excluding, Bounded, Calendar, Interval, Once = _kinds()
    kind = type(schedule)
    if kind is AnyOf:
        return _union(schedule.parts, limits, starts)
    if kind is Excluding:
        words = f" except {_excluded(schedule.days)}" + limits
        return _phrases(schedule.inner, union, words, starts)
    if kind is Bounded:
        start = schedule.start and datetime.fromisoformat(schedule.start).date().isoformat()
        return _phrases(schedule.inner, union, _bounds(schedule) + limits, start or starts)
    if kind is Calendar:
        return [_calendar_phrase([schedule], union, starts) + limits]
    if kind is Interval:
        return [_interval_phrase(schedule) + limits]
    if kind is Once:
        return [_once_phrase(schedule) + limits]
    return [schedule.describe() + limits]


@cache
def _kinds() -> tuple[Any, ...]:
    """The schedule classes, imported when first worded (a `from` import inside each call costs
    more than the phrase it serves: `schedules` answers the package probe by its `__getattr__`)."""
    from tomodachi_schedule.runtime.engine.calendar import Calendar
    from tomodachi_schedule.runtime.engine.excluding import Excluding
    from tomodachi_schedule.runtime.engine.schedules import AnyOf, Bounded, Interval, Once

    return AnyOf, Excluding, Bounded, Calendar, Interval, Once


def _union(parts: Any, limits: str, starts: str) -> list[str]:
    """Calendars on the same days in the same zone read as one phrase (their times merged)."""
    Calendar = _kinds()[3]
    groups: dict[tuple, list] = {}
    others = []
    for part in _flat(parts):
        if type(part) is Calendar:
            groups.setdefault((part.days, part.zone), []).append(part)
        else:
            others.append(part)
    overnight = _overnight(list(groups.values())) if not others else None
    if overnight is not None:
        return [overnight + limits]
    union = len(groups) + len(others) > 1
    phrases = [_calendar_phrase(group, union, starts) + limits for group in groups.values()]
    for part in others:
        phrases += _phrases(part, union=True, limits=limits, starts=starts)
    return phrases


def _overnight(groups: list[list]) -> str | None:
    """``every 30 minutes from 22:00 to 02:00 on fridays``: a grid that runs past midnight into
    the next weekdays, as the language writes it (an overnight window belongs to the day it
    starts), instead of its two halves."""
    if len(groups) != 2:
        return None
    evening, morning = sorted(groups, key=lambda group: -min(_seconds_of_day(group[0])))
    late, early = evening[0].days, morning[0].days
    if not (_weekdays_only(late) and _weekdays_only(early)) or evening[0].zone != morning[0].zone:
        return None
    shifted = ((late.weekdays.days << 1) | (late.weekdays.days >> 6)) & 0b1111111
    times = sorted({t for c in evening for t in _seconds_of_day(c)})
    after = sorted({t for c in morning for t in _seconds_of_day(c)})
    step = times[1] - times[0] if len(times) > 1 else _DAY - times[0]
    grid = times + [_DAY + t for t in after]
    if shifted != early.weekdays.days or after[0] != 0 or after[-1] >= times[0] or step <= 0:
        return None
    if any(b - a != step for a, b in zip(grid, grid[1:])):
        return None
    days = listing(weekday_names(late.weekdays.days, plural=True))
    window = f"from {clock(times[0])} to {clock(after[-1])}"
    return f"{interval(step)} {window} on {days}{_zone(evening[0].zone)}"


def _weekdays_only(days: DaySet) -> bool:
    plain = days.weekdays is not None and not days.weekdays.nth and days.period is None
    return plain and days.monthdays is None and days.years is None and days.months == ALL_MONTHS


def _flat(parts: Any) -> list:
    """Nested unions as one list of parts."""
    AnyOf = _kinds()[0]
    flat = []
    for part in parts:
        flat += _flat(part.parts) if type(part) is AnyOf else [part]
    return flat


def _calendar_phrase(calendars: list, union: bool, starts: str = "") -> str:
    days = calendars[0].days
    masks = tuple([(c.seconds, c.minutes, c.hours) for c in calendars])
    when, grid = _times_words(masks, days.is_every_day)
    lead, follow = describe_days(days)
    if grid:
        clock_words = when in ("every minute", "every hour") or " from " in when or " at :" in when
        if not follow and not clock_words:
            follow = "every day"  # so the grid reads as wall-clock times, not elapsed time
        words = f"{when} {follow}"
    elif lead.startswith("every month on ") and not union:
        words = f"{when} {follow}"  # "at 05:30 on the last tuesday"
    else:
        words = f"{lead} {when}"  # "every weekday at 09:00", "every day at 07:00"
    return words.strip() + _zone(calendars[0].zone) + counted_from(calendars[0].days.period, starts)


@lru_cache(maxsize=1024)
def _times_words(masks: tuple[tuple[int, int, int], ...], every_day: bool) -> tuple[str, bool]:
    """`describe_times` of the times of day of calendars given by their (seconds, minutes, hours)
    masks: remembered, since listing every time of a grid costs more than the rest of a sentence,
    and a file of schedules repeats its times of day on other days."""
    times = sorted({t for masks_of in masks for t in _seconds_of_masks(*masks_of)})
    return describe_times(times, every_day=every_day)


def _seconds_of_day(calendar: Any) -> list[int]:
    return _seconds_of_masks(calendar.seconds, calendar.minutes, calendar.hours)


def _seconds_of_masks(second_mask: int, minute_mask: int, hour_mask: int) -> list[int]:
    # each mask read once (a nested comprehension would re-read the inner ones per outer value)
    seconds = set_bits(second_mask)
    minutes = [m * 60 + s for m in set_bits(minute_mask) for s in seconds]
    return [h * 3600 + ms for h in set_bits(hour_mask) for ms in minutes]


def _zone(zone: str | None) -> str:
    return " in local time" if zone is None else f" in {zone}"


def _interval_phrase(schedule: Any) -> str:
    """Elapsed time: a count above one, so the words read back as an interval, not a clock."""
    every = schedule.every
    if every % 3600 == 0 and every > 3600:
        return f"every {every // 3600} hours"
    if every % 60 == 0 and every > 60:
        return f"every {every // 60} minutes"
    return "every second" if every == 1 else f"every {every} seconds"


def _once_phrase(schedule: Any) -> str:
    moment = datetime.fromisoformat(schedule.at)
    if moment.tzinfo is not None and schedule.zone is None:
        return moment.isoformat()
    time = moment.strftime("%H:%M" if not moment.second else "%H:%M:%S")
    return f"on {moment.date().isoformat()} at {time}{_zone(schedule.zone)}"


def _bounds(schedule: Any) -> str:
    words = ""
    if schedule.start:
        words += f" starting {_local(datetime.fromisoformat(schedule.start))}"
    if schedule.end:
        last = datetime.fromisoformat(schedule.end) - timedelta(seconds=1)  # the end is exclusive
        words += f" until {_local(last)}"
    return words


def _local(moment: datetime) -> str:
    if (moment.hour, moment.minute, moment.second) == (0, 0, 0):
        return moment.date().isoformat()
    if (moment.hour, moment.minute, moment.second) == (23, 59, 59):
        return moment.date().isoformat()  # "until 2027-06-30" includes that whole day
    return moment.strftime("%Y-%m-%d %H:%M:%S")


def _excluded(days: DaySet) -> str:
    """The days an `Excluding` drops, as the ``except`` clause says them."""
    months = [MONTH_NAMES[m].lower() for m in set_bits(days.months)]
    if days.monthdays is None and days.weekdays is None:
        return "in " + listing(months)
    if days.years is not None and days.monthdays is not None and len(months) == 1:
        year = 1970 + set_bits(days.years)[0]
        day = set_bits(days.monthdays.days)[0]
        month = set_bits(days.months)[0]
        return f"on {year:04d}-{month:02d}-{day:02d}"
    items = month_items(days.monthdays) if days.monthdays is not None else []
    if days.weekdays is not None:
        items += weekday_names(days.weekdays.days, plural=True) if days.weekdays.days else []
        items += nth_items(days.weekdays)
    if len(months) == 1 and days.monthdays is not None and days.weekdays is None:
        plain = set_bits(days.monthdays.days)
        if len(plain) == len(items):  # "except on december 25"
            return "on " + listing([f"{months[0]} {day}" for day in plain])
    words = "on " + listing(items)
    return words if len(months) == 12 else words + " of " + listing(months)


def describe_interval_words(seconds: int) -> str:
    """``every 15 minutes`` for a number of seconds (the CLI's and the runner's tables)."""
    return interval(seconds)
