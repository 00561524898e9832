"""Random calendar schedules with every day form (L, L-n, nW, LW, nth weekdays, periods,
years, AND/OR) and instants near DST transitions, from a seeded RNG."""

from __future__ import annotations

import random
from datetime import datetime, timedelta, timezone
from functools import cache
from zoneinfo import ZoneInfo

from tomodachi_schedule.runtime import Calendar, DaySet, MonthDays, Period, WeekDays

# Lord Howe shifts by 30 minutes; Santiago and Havana change at midnight (a missing or repeated
# midnight); Dublin's winter time is, in the tz database, a negative daylight saving time
DST_ZONES = [
    "Europe/Stockholm", "America/New_York", "Australia/Lord_Howe", "America/Santiago",
    "America/Havana", "Europe/Dublin",
]  # fmt: skip
ZONES = ["UTC", "+05:30"] + DST_ZONES


@cache
def transitions(zone: str) -> tuple[datetime, ...]:
    """The offset changes of 2026-2027, found hour by hour straight from zoneinfo."""
    tz, moment = ZoneInfo(zone), datetime(2026, 1, 1, tzinfo=timezone.utc)
    found, offset = [], moment.astimezone(tz).utcoffset()
    while moment.year < 2028:
        moment += timedelta(hours=1)
        if moment.astimezone(tz).utcoffset() != offset:
            found.append(_first_changed_minute(moment, tz, offset))
            offset = moment.astimezone(tz).utcoffset()
    return tuple(found)


def _first_changed_minute(moment: datetime, tz: ZoneInfo, old: timedelta) -> datetime:
    minute = moment - timedelta(hours=1)
    while minute.astimezone(tz).utcoffset() == old:
        minute += timedelta(minutes=1)
    return minute


def subset(rng: random.Random, low: int, high: int, most: int) -> int:
    mask = 0
    for _ in range(rng.randint(1, most)):
        mask |= 1 << rng.randint(low, high)
    return mask


def random_hours(rng: random.Random) -> int:
    kind = rng.random()
    if kind < 0.3:
        return (1 << 24) - 1
    if kind < 0.6:
        return subset(rng, 0, 4, 3)  # the hours DST transitions touch
    return subset(rng, 0, 23, 6)


def random_minutes(rng: random.Random) -> int:
    kind = rng.random()
    if kind < 0.15:
        return (1 << 60) - 1
    if kind < 0.4:
        step = rng.choice([5, 10, 15, 20, 30])
        return sum(1 << m for m in range(rng.randrange(step), 60, step))
    return subset(rng, 0, 59, 4)


def random_monthdays(rng: random.Random) -> MonthDays:
    return MonthDays(
        days=subset(rng, 1, 31, 4) if rng.random() < 0.6 else 0,
        from_end=tuple(sorted({rng.randint(0, 5) for _ in range(rng.randint(0, 2))})),
        nearest_weekday=tuple(
            sorted({rng.choice([1, 2, 15, 28, 29, 30, 31]) for _ in range(rng.randint(0, 2))})
        ),
        last_weekday=rng.random() < 0.25,
    )


def random_weekdays(rng: random.Random) -> WeekDays:
    nth = {
        (rng.randint(0, 6), rng.choice([1, 2, 3, 4, 5, -1, -2])) for _ in range(rng.randint(0, 2))
    }
    return WeekDays(days=subset(rng, 0, 6, 3) if rng.random() < 0.6 else 0, nth=tuple(sorted(nth)))


def random_days(rng: random.Random) -> DaySet:
    if rng.random() < 0.4:
        return DaySet()  # every day: the transition days always match
    months = (1 << 13) - 2 if rng.random() < 0.6 else subset(rng, 1, 12, 8)
    period = None
    if rng.random() < 0.2:
        unit = rng.choice(["day", "week", "month", "year"])
        period = Period(
            unit=unit, every=rng.randint(2, 3), anchor=rng.choice(["1970-01-01", "2026-02-11"])
        )
    return DaySet(
        months=months,
        years=None if rng.random() < 0.85 else subset(rng, 2026 - 1970, 2030 - 1970, 3),
        monthdays=random_monthdays(rng) if rng.random() < 0.5 else None,
        weekdays=random_weekdays(rng) if rng.random() < 0.5 else None,
        combine=rng.choice(["or", "and"]),
        period=period,
    )


def random_calendar(
    rng: random.Random, zone: str | None = None, transition_hours: bool = False
) -> Calendar:
    """A random calendar; ``transition_hours``: every day, mostly at the hours DST moves."""
    if transition_hours:  # hours 0-4 and 21-23: where the tested zones change offset
        hours = subset(rng, 0, 4, 3) | subset(rng, 21, 23, 2) | subset(rng, 0, 23, 1)
    else:
        hours = random_hours(rng)
    return Calendar(
        seconds=1 if rng.random() < 0.85 else subset(rng, 0, 59, 3),
        minutes=random_minutes(rng),
        hours=hours,
        days=DaySet() if transition_hours else random_days(rng),
        zone=zone or rng.choice(ZONES),
    )


def random_instant(
    rng: random.Random, calendar: Calendar, near_transition: bool = False
) -> datetime:
    """Mostly within hours before a DST transition, sometimes anywhere in 2026-2027."""
    if calendar.zone in DST_ZONES and (near_transition or rng.random() < 0.7):
        change = rng.choice(transitions(calendar.zone))
        return (change - timedelta(seconds=rng.randint(0, 3 * 3600))).astimezone(calendar.tzinfo)
    start = datetime(2026, 1, 1, tzinfo=timezone.utc)
    return start + timedelta(
        seconds=rng.randint(0, 2 * 365 * 86400), microseconds=rng.choice([0, 999_999])
    )
