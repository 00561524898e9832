"""A brute-force oracle for calendar schedules: dates checked one by one, instants minute by
minute, DST rules applied straight from zoneinfo. Slow and obvious on purpose; it shares no
code with the engine beyond the schedule dataclasses it reads."""

from __future__ import annotations

import calendar as stdlib_calendar
from datetime import date, datetime, timedelta, timezone

from tomodachi_schedule.runtime import Calendar, DaySet, MonthDays, WeekDays

UTC = timezone.utc


def _days_in(day: date) -> int:
    return stdlib_calendar.monthrange(day.year, day.month)[1]


def _is_weekday(day: date) -> bool:
    return day.weekday() < 5


def _nearest_weekday_matches(target: int, day: date) -> bool:
    """nW by definition: the weekday of the month closest to the target day (ties: none)."""
    length = _days_in(day)
    if target > length or not _is_weekday(day):
        return False
    weekdays = [d for d in range(1, length + 1) if _is_weekday(day.replace(day=d))]
    closest = min(weekdays, key=lambda d: (abs(d - target), d))
    return closest == day.day


def monthday_matches(part: MonthDays, day: date) -> bool:
    length = _days_in(day)
    if part.days >> day.day & 1:
        return True
    if any(day.day == length - n for n in part.from_end):
        return True
    if any(_nearest_weekday_matches(n, day) for n in part.nearest_weekday):
        return True
    if part.last_weekday:
        later = [d for d in range(day.day + 1, length + 1) if _is_weekday(day.replace(day=d))]
        return _is_weekday(day) and not later
    return False


def weekday_matches(part: WeekDays, day: date) -> bool:
    if part.days >> day.weekday() & 1:
        return True
    length = _days_in(day)
    for weekday, n in part.nth:
        if day.weekday() != weekday:
            continue
        if n > 0 and (day.day - 1) // 7 + 1 == n:
            return True
        if n < 0 and (length - day.day) // 7 + 1 == -n:
            return True
    return False


def period_matches(days: DaySet, day: date) -> bool:
    period = days.period
    anchor = date.fromisoformat(period.anchor)
    if period.unit == "day":
        count = (day - anchor).days
    elif period.unit == "week":
        count = (
            (day - timedelta(days=day.weekday())) - (anchor - timedelta(days=anchor.weekday()))
        ).days // 7
    elif period.unit == "month":
        count = (day.year - anchor.year) * 12 + day.month - anchor.month
    else:
        count = day.year - anchor.year
    return count % period.every == 0


def date_matches(days: DaySet, day: date) -> bool:
    """Whether a local date is in the day set, by the definitions."""
    if not days.months >> day.month & 1:
        return False
    if days.years is not None and not (day.year >= 1970 and days.years >> (day.year - 1970) & 1):
        return False
    by_month = None if days.monthdays is None else monthday_matches(days.monthdays, day)
    by_week = None if days.weekdays is None else weekday_matches(days.weekdays, day)
    if by_month is None and by_week is None:
        ok = True
    elif by_month is None or by_week is None:
        ok = by_month if by_week is None else by_week
    else:
        ok = (by_month or by_week) if days.combine == "or" else (by_month and by_week)
    return ok and (days.period is None or period_matches(days, day))


def _wall_matches(cal: Calendar, wall: datetime) -> bool:
    return (
        cal.hours >> wall.hour & 1
        and cal.minutes >> wall.minute & 1
        and date_matches(cal.days, wall.date())
    )


def minute_fires(cal: Calendar, minute_start: int) -> bool:
    """Whether some wall time reading as this instant (whole minute) fires, by the DST rules."""
    tz = cal.tzinfo
    natural = datetime.fromtimestamp(minute_start, tz)
    if _wall_matches(cal, natural) and (natural.fold == 0 or cal.hours == (1 << 24) - 1):
        # fold=1 from fromtimestamp: the second occurrence of a repeated wall time
        return True
    # a nonexistent wall time read with the offset before the gap also reads as this instant
    for back in (3600, 7200, 1800, 86400):
        offset = datetime.fromtimestamp(minute_start - back, tz).utcoffset()
        wall = (datetime.fromtimestamp(minute_start, UTC) + offset).replace(tzinfo=None)
        if _nonexistent(wall, tz) and wall.replace(tzinfo=tz).timestamp() == minute_start:
            if _wall_matches(cal, wall):
                return True
    return False


def _nonexistent(wall: datetime, tz) -> bool:
    aware = wall.replace(tzinfo=tz)
    return datetime.fromtimestamp(aware.timestamp(), tz).replace(tzinfo=None) != wall


def is_fire(cal: Calendar, instant: datetime) -> bool:
    """Whether the instant is a fire of the calendar."""
    seconds = int(instant.timestamp())
    second = seconds % 60
    return bool(cal.seconds >> second & 1) and minute_fires(cal, seconds - second)


def scan_next(cal: Calendar, after: datetime, horizon_days: int) -> datetime | None:
    """The first fire after ``after`` within ``horizon_days`` (None: none in the horizon).

    Skips local dates that do not match; scans the instants around matching ones minute by
    minute (3 hours of margin each side covers every offset change in the tested zones).
    """
    tz = cal.tzinfo
    after_s = int(after.timestamp() // 1)
    local = datetime.fromtimestamp(after_s, tz).date()
    seconds = [s for s in range(60) if cal.seconds >> s & 1]
    for offset in range(-1, horizon_days + 1):
        day = local + timedelta(days=offset)
        if not date_matches(cal.days, day):
            continue
        midnight = int(datetime(day.year, day.month, day.day, tzinfo=UTC).timestamp())
        utc_offset = int(
            datetime(day.year, day.month, day.day, 12, tzinfo=tz).utcoffset().total_seconds()
        )
        first = max(midnight - utc_offset - 3 * 3600, (after_s // 60) * 60)
        last = midnight - utc_offset + 27 * 3600
        best = None
        for minute_start in range(first, last, 60):
            if minute_fires(cal, minute_start):
                fires = [minute_start + s for s in seconds if minute_start + s > after_s]
                if fires:
                    best = fires[0]
                    break
        if best is not None:
            return datetime.fromtimestamp(best, tz)
    return None


def instant(moment: datetime | None) -> tuple[float, str] | None:
    """What a fire is, for comparisons: the instant and its wall time with offset.

    Python compares and subtracts datetimes sharing a tzinfo by wall time, ignoring ``fold``
    (PEP 495), so two fires in a repeated hour would compare wrongly; compare these instead.
    """
    return None if moment is None else (moment.timestamp(), moment.isoformat())
