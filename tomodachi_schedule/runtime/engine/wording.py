"""English renderings of schedule objects, for `Schedule.explain` when no wording was kept."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from tomodachi_schedule.runtime.engine.days import (
    ALL_MONTHS,
    ALL_WEEKDAYS,
    FIRST_YEAR,
    DaySet,
    MonthDays,
    WeekDays,
)
from tomodachi_schedule.runtime.engine.wallsearch import set_bits
from tomodachi_schedule.runtime.engine.zones import zone_label

if TYPE_CHECKING:  # wording is imported by describe(), after both exist
    from tomodachi_schedule.runtime.engine.calendar import Calendar
    from tomodachi_schedule.runtime.engine.schedules import Interval

WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MONTH_NAMES = (
    "", "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip


def ordinal(n: int) -> str:
    """1st, 2nd, 3rd, 4th, 11th, 21st ..."""
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def listing(words: list[str], conjunction: str = "and") -> str:
    """'a', 'a and b', 'a, b and c'."""
    if len(words) <= 1:
        return "".join(words)
    return f"{', '.join(words[:-1])} {conjunction} {words[-1]}"


def ranges(values: list[int]) -> list[tuple[int, int]]:
    """Consecutive runs of sorted integers."""
    runs: list[tuple[int, int]] = []
    for value in values:
        if runs and runs[-1][1] == value - 1:
            runs[-1] = (runs[-1][0], value)
        else:
            runs.append((value, value))
    return runs


def _compact(values: list[int], name: Callable[[int], str] = str, span: int = 2) -> list[str]:
    """Runs longer than ``span`` as 'a through b', the rest one by one."""
    words = []
    for first, last in ranges(values):
        if last - first >= span:
            words.append(f"{name(first)} through {name(last)}")
        else:
            words.extend(name(v) for v in range(first, last + 1))
    return words


def _progression(values: list[int]) -> tuple[int, int] | None:
    """(first, step) when three or more values are evenly spaced."""
    if len(values) < 3:
        return None
    step = values[1] - values[0]
    if all(b - a == step for a, b in zip(values, values[1:])):
        return values[0], step
    return None


def _unit_phrase(values: list[int], size: int, unit: str) -> str:
    """'every minute', 'every 5 minutes', 'every 2 minutes from minute 1 to 59', 'at minute 7'."""
    if len(values) == size:
        return f"every {unit}"
    progression = _progression(values)
    if progression:
        first, step = progression
        if first < step and values[-1] + step >= size:
            return f"every {step} {unit}s" + (f" from {unit} {first}" if first else "")
        return f"every {step} {unit}s from {unit} {first} to {values[-1]}"
    return f"at {unit} " + listing(_compact(values))


def describe_times(seconds: int, minutes: int, hours: int) -> str:
    """'at 09:00 and 17:30', 'every 5 minutes', 'at minute 7, during 08:00-18:59' ..."""
    second_list, minute_list, hour_list = set_bits(seconds), set_bits(minutes), set_bits(hours)
    if len(hour_list) * len(minute_list) * len(second_list) <= 6:
        show_seconds = second_list != [0]
        times = [
            f"{h:02d}:{m:02d}" + (f":{s:02d}" if show_seconds else "")
            for h in hour_list for m in minute_list for s in second_list
        ]  # fmt: skip
        return "at " + listing(times)
    if len(second_list) == 60 and len(minute_list) == 60:
        when = "every second"
    else:
        when = _unit_phrase(minute_list, 60, "minute")
        if second_list != [0]:
            when = f"{_unit_phrase(second_list, 60, 'second')}, {when}"
    if len(hour_list) == 24:
        return when + (" of every hour" if when.startswith("at minute") else "")
    hour_words = _compact(hour_list, name=lambda h: f"{h:02d}:00-{h:02d}:59", span=1)
    hour_words = [_merge_hours(word) for word in hour_words]
    return f"{when}, during {listing(hour_words)}"


def _merge_hours(word: str) -> str:
    """'08:00-08:59 through 18:00-18:59' -> '08:00-18:59'."""
    if " through " not in word:
        return word
    first, last = word.split(" through ")
    return f"{first[:5]}-{last[-5:]}"


def describe_monthdays(part: MonthDays) -> str:
    words = [f"the {ordinal(d)}" for d in set_bits(part.days)]
    words += ["the last day" if n == 0 else f"the last day minus {n}" for n in part.from_end]
    words += [f"the weekday nearest the {ordinal(d)}" for d in part.nearest_weekday]
    if part.last_weekday:
        words.append("the last weekday")
    return listing(words, "or") + " of the month"


def describe_weekdays(part: WeekDays) -> str:
    words = []
    if part.days == 0b11111:
        words.append("weekdays (Monday through Friday)")
    elif part.days == 0b1100000:
        words.append("weekends")
    elif part.days == ALL_WEEKDAYS:
        words.append("every day of the week")
    elif part.days:
        words.append(listing(_compact(set_bits(part.days), name=lambda d: WEEKDAY_NAMES[d] + "s")))
    nth = list(part.nth)
    if sorted(nth) == [(d, -1) for d in range(7)]:
        words.append("the last 7 days of the month")
        nth = []
    for weekday, n in nth:
        position = ordinal(n) if n > 0 else ("last" if n == -1 else f"{ordinal(-n)} to last")
        words.append(f"the {position} {WEEKDAY_NAMES[weekday]} of the month")
    return listing(words, "or")


def describe_days(days: DaySet) -> str:
    """Which dates: 'every day', 'on the 1st of the month or on Mondays', 'in March' ..."""
    parts = []
    if days.monthdays is not None:
        parts.append("on " + describe_monthdays(days.monthdays))
    if days.weekdays is not None:
        parts.append("on " + describe_weekdays(days.weekdays))
    if len(parts) == 2:
        joined = (" or " if days.combine == "or" else " and also ").join(parts)
        rule = "either may match" if days.combine == "or" else "both must match"
        text = f"{joined} ({rule})"
    else:
        text = parts[0] if parts else "every day"
    if days.months != ALL_MONTHS:
        text += " in " + listing(_compact(set_bits(days.months), name=lambda m: MONTH_NAMES[m]))
    if days.years is not None:
        text += " in " + listing(_compact([FIRST_YEAR + y for y in set_bits(days.years)]))
    if days.period is not None:
        period = days.period
        unit = period.unit if period.every == 1 else f"{period.every} {period.unit}s"
        text += f", every {unit} (counted from {period.anchor})"
    return text


def describe_calendar(calendar: Calendar) -> str:
    """English for a `Calendar`, stating the zone."""
    times = describe_times(calendar.seconds, calendar.minutes, calendar.hours)
    return f"{times}, {describe_days(calendar.days)} ({zone_label(calendar.zone)})"


def describe_interval(interval: Interval) -> str:
    """English for an `Interval`."""
    every = interval.every
    for size, unit in ((86400, "day"), (3600, "hour"), (60, "minute"), (1, "second")):
        if every % size == 0:
            count = every // size
            text = f"every {unit}" if count == 1 else f"every {count} {unit}s"
            break
    return text + " (elapsed time, aligned to the Unix epoch)"
