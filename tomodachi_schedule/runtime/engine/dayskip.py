"""How `Excluding` skips days: the excluded ones, and the days its inner schedule cannot fire on.

Asking the inner schedule again after each excluded day is fine when the next free day is near;
it is not when the inner schedule fires only on excluded days ("except weekdays on mondays"):
that would ask once a week until the year 9999. Where the days an inner schedule can fire on
are known from its day sets alone, the next day that is both possible and not excluded is found
month by month, within a horizon that proves there is none when none is found.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from datetime import date, datetime, timedelta, timezone, tzinfo
from typing import TYPE_CHECKING

from tomodachi_schedule.runtime.engine.daymask import DayMatcher, day_matcher, days_in_month
from tomodachi_schedule.runtime.engine.days import DaySet, Period
from tomodachi_schedule.runtime.engine.schedules import AnyOf, Bounded, Interval, read_local
from tomodachi_schedule.runtime.engine.search.wallsearch import MAX_YEAR, lowest_bit
from tomodachi_schedule.runtime.engine.zones.tzfile import zone_file

if TYPE_CHECKING:
    from tomodachi_schedule.runtime.engine.base import Schedule

LAST_LISTED_YEAR = 2099  # the last year a year list (cron's 6th field) can name
SHAPES_SPAN = 60  # years: any span this long holds every month shape (length, weekday of the 1st)
_EXCLUDED_MONTHS_LIMIT = 12 * 400  # excluding every date of 400 years (a Gregorian cycle) is all
_EVERY_DAY = ((1 << 32) - 1) & ~1  # month days 1..31
_CYCLE_DAYS = 146097  # 400 Gregorian years, a whole number of weeks: the calendar repeats
_TICK = timedelta(microseconds=1)

MonthMask = Callable[[int, int], int]  # (year, month) -> bit d set for each possible day d


class FireDays:
    """The local days a schedule can fire on (a superset: never a day it fires on left out), as
    month masks, and the day matchers they are read from (which bound the search)."""

    __slots__ = ("mask", "matchers")

    def __init__(self, mask: MonthMask, matchers: tuple[DayMatcher, ...]) -> None:
        self.mask = mask
        self.matchers = matchers


def every_day(_year: int, _month: int) -> int:
    return _EVERY_DAY


def union(masks: list[MonthMask]) -> MonthMask:
    def mask(year: int, month: int) -> int:
        bits = 0
        for part in masks:
            bits |= part(year, month)
        return bits

    return mask


def without(inner: MonthMask, excluded: DayMatcher) -> MonthMask:
    def mask(year: int, month: int) -> int:
        return inner(year, month) & ~excluded.month_mask(year, month)

    return mask


def next_possible_day(possible: FireDays, excluded: DayMatcher, day: date) -> date | None:
    """The first date after ``day`` that ``possible`` allows and ``excluded`` does not; None
    when there is none within the horizon, which proves there is none ever: day patterns repeat
    every 400 Gregorian years (times what an "every n-th" period adds), and year lists end in
    2099. Without either, a month's days depend only on its shape (month, length, weekday of the
    1st), and any 60 years hold every shape (checked for years 1 to 9900). This bounds "every
    monday except on mondays" to 720 months."""
    last_year = _horizon((*possible.matchers, excluded), day.year)
    year, month, mday = day.year, day.month, day.day + 1
    while year <= last_year:
        length = days_in_month(year, month)
        if mday <= length:
            days_left = ((1 << (length + 1)) - 1) >> mday << mday  # bits mday..length
            allowed = possible.mask(year, month) & ~excluded.month_mask(year, month) & days_left
            if allowed:
                return date(year, month, lowest_bit(allowed))
        year, month, mday = (year + 1, 1, 1) if month == 12 else (year, month + 1, 1)
    return None


def _horizon(matchers: tuple[DayMatcher, ...], year: int) -> int:
    if all(matcher.by_shape for matcher in matchers):
        last_year = year + SHAPES_SPAN
    else:
        cycle_days = _CYCLE_DAYS
        for matcher in matchers:
            cycle_days = math.lcm(cycle_days, _cycle_days(matcher.days.period))
        last_year = max(year + 400 * cycle_days // _CYCLE_DAYS + 1, LAST_LISTED_YEAR + 1)
    return min(last_year, MAX_YEAR)


def _cycle_days(period: Period | None) -> int:
    """Days after which a day set with ``period`` repeats: 400 years of the calendar, times
    what the period adds (an "every other day" set repeats every 800 years: 146,097 is odd)."""
    if period is None:
        return _CYCLE_DAYS
    if period.unit in ("day", "week"):
        return math.lcm(_CYCLE_DAYS, period.every * (7 if period.unit == "week" else 1))
    months = period.every * (12 if period.unit == "year" else 1)  # 4,800 months a cycle
    return _CYCLE_DAYS * (math.lcm(4800, months) // 4800)


def next_free_day(matcher: DayMatcher, day: date) -> date | None:
    """The first date after ``day`` that the matcher does not match (None: all excluded)."""
    year, month, mday = day.year, day.month, day.day + 1
    for _ in range(_EXCLUDED_MONTHS_LIMIT):
        length = days_in_month(year, month)
        if mday <= length:
            rest = (1 << (length - mday + 1)) - 1
            free = ~(matcher.month_mask(year, month) >> mday) & rest
            if free:
                return date(year, month, mday + lowest_bit(free))
        year, month, mday = (year + 1, 1, 1) if month == 12 else (year, month + 1, 1)
        if year > MAX_YEAR:
            return None
    return None


def interval_span(every: int, excluded: DayMatcher, tz: tzinfo) -> tuple[int, int] | None:
    """(from_year, years) for fires every ``every`` seconds with ``excluded`` days left out in
    ``tz``: when no fire in ``years`` years from a start on or after ``from_year`` is on a free
    day, none ever is. From ``from_year`` on the zone follows its yearly rule, which repeats
    every 400 years like the calendar (and like the excluded days, times their "every n-th"
    period), so the local date of a fire and the date of the fire ``lcm(every, cycle)`` seconds
    later are alike. None when that cannot be shown (a zone not read from the tz database; a
    year list, which ends in 2099 anyway)."""
    days = excluded.days
    from_year = _rule_from(tz)
    if from_year is None or days.years is not None:
        return None
    cycle_days = _cycle_days(days.period)
    cycles = math.lcm(every, cycle_days * 86400) // (_CYCLE_DAYS * 86400)
    return from_year, 400 * cycles + 1  # a year more: a start late in its year


def _rule_from(tz: tzinfo) -> int | None:
    """The year from which ``tz``'s offsets repeat every 400 years; None when not known."""
    if isinstance(tz, timezone):  # a fixed offset
        return 1
    key = getattr(tz, "key", None)
    zone = zone_file(key) if key else None
    return None if zone is None else zone.rule_from


class Skips:
    """An `Excluding`'s derived state: its zone, the excluded days' matcher, the days its inner
    schedule can fire on (None: not known) and, for an interval, its `interval_span`."""

    __slots__ = ("tz", "matcher", "possible", "span")

    def __init__(self, inner: Schedule, days: DaySet, tz: tzinfo) -> None:
        self.tz, self.matcher = tz, day_matcher(days)
        self.possible = fire_days(inner, tz)
        bare = inner.inner if type(inner) is Bounded else inner
        every = bare.every if type(bare) is Interval else None
        self.span = None if every is None else interval_span(every, self.matcher, tz)

    def next_after(self, inner: Schedule, dt: datetime) -> datetime | None:
        """The first fire of ``inner`` after ``dt`` on a day that is not excluded."""
        tz, matcher, possible, span = self.tz, self.matcher, self.possible, self.span
        fire = inner.next_after(dt)
        # an interval's fires repeat their days within `span` years of its first fire (or of
        # the zone's settling on its yearly rule, if later): no free one by then means none ever
        last_year = MAX_YEAR if span is None or fire is None else max(fire.year, span[0]) + span[1]
        while fire is not None and fire.year <= last_year:
            day = fire.astimezone(tz).date()
            if not matcher.matches(day):
                return fire
            # skip the whole excluded run of days at once (and, where the inner days are known,
            # every day inner cannot fire on as well, month by month), then ask inner again
            if possible is None:
                free = next_free_day(matcher, day)
            else:
                free = next_possible_day(possible, matcher, day)
            if free is None:
                return None
            midnight = datetime.combine(free, datetime.min.time())
            fire = inner.next_after(read_local(midnight, tz) - _TICK)
        return None


def fire_days(schedule: Schedule, tz: tzinfo) -> FireDays | None:
    """The local days (in ``tz``) on which ``schedule`` can fire, when its day sets tell: a
    calendar fires on the days its day set matches; a union on its parts' days; a bounded
    schedule on (some of) its inner days; an exclusion on its inner days less the excluded ones,
    or on every day it does not exclude. None when that is not known."""
    from tomodachi_schedule.runtime.engine.calendar import Calendar
    from tomodachi_schedule.runtime.engine.excluding import Excluding

    kind = type(schedule)
    if kind is Calendar:
        if schedule.tzinfo != tz:  # type: ignore[attr-defined]
            return None
        matcher = day_matcher(schedule.days)  # type: ignore[attr-defined]
        return FireDays(matcher.month_mask, (matcher,))
    if kind is Bounded:  # its window only takes fires away
        return fire_days(schedule.inner, tz)  # type: ignore[attr-defined]
    if kind is AnyOf:
        parts = [fire_days(part, tz) for part in schedule.parts]  # type: ignore[attr-defined]
        if any(part is None for part in parts):
            return None
        known = [part for part in parts if part is not None]
        matchers = tuple(matcher for part in known for matcher in part.matchers)
        return FireDays(union([part.mask for part in known]), matchers)
    if kind is Excluding:
        skips = schedule.skips()  # type: ignore[attr-defined]
        if skips.tz != tz:
            return None
        excluded, possible = skips.matcher, skips.possible
        if possible is None:
            return FireDays(without(every_day, excluded), (excluded,))
        return FireDays(without(possible.mask, excluded), (*possible.matchers, excluded))
    return None
