"""Lowering of day lists: which days of which months a phrase picks, as runtime day sets."""

from __future__ import annotations

from collections import defaultdict

from tomodachi_schedule import runtime as rt
from tomodachi_schedule.compiler.spec import nodes as n
from tomodachi_schedule.compiler.spec.node_support import maker
from tomodachi_schedule.runtime.engine.masks import bits

ALL_MONTHS = sum(1 << m for m in range(1, 13))
# the records a day list lowers to, made without calling their classes (`node_support.maker`)
DaySet = maker(rt.DaySet)
_MonthDays = maker(rt.MonthDays)
_WeekDays = maker(rt.WeekDays)


def group_by_months(items) -> dict[int, list]:
    for item in items:
        if isinstance(item, n.Scoped):
            break
    else:  # no item names its months (most lists): one group, in every month
        return {ALL_MONTHS: list(items)}
    groups: dict[int, list] = defaultdict(list)
    for item in items:
        scope = bits(item.months) if isinstance(item, n.Scoped) else ALL_MONTHS
        groups[scope].append(item.item if isinstance(item, n.Scoped) else item)
    return groups or {ALL_MONTHS: []}


def dayset(items, months: int, period, combine: str, years: int | None = None):
    weekdays, monthdays = [], []
    for item in items:
        if isinstance(item, (n.Weekdays, n.NthWeekday)):
            weekdays.append(item)
        elif isinstance(item, (n.MonthDay, n.WorkdayOfMonth, n.NearestWeekday)):
            monthdays.append(item)
    return DaySet(
        months=months,
        years=years,
        monthdays=_monthdays(monthdays),
        weekdays=_weekdays(weekdays),
        combine=combine,
        period=period,
    )


def intersection(lists, months: int, period, years: int | None = None):
    """Two day lists (``every friday on the 13th``): a date must match both."""
    items = [item for days in lists for item in days.items]
    return dayset(items, months, period, "and", years)


def _monthdays(items):
    if not items:
        return None
    days = 0
    for item in items:  # the common case first: plain days of the month ("december 24")
        if type(item) is not n.MonthDay or item.day is None or item.from_end is not None:
            break
        days |= 1 << item.day
    else:
        return _MonthDays(days=days, from_end=(), nearest_weekday=(), last_weekday=False)
    days = bits(i.day for i in items if isinstance(i, n.MonthDay) and i.day is not None)
    from_end = tuple(
        sorted({i.from_end for i in items if isinstance(i, n.MonthDay) and i.from_end is not None})
    )
    first_workday = {1 for i in items if isinstance(i, n.WorkdayOfMonth) and not i.last}
    nearest = tuple(
        sorted(first_workday | {i.day for i in items if isinstance(i, n.NearestWeekday)})
    )
    last_workday = any(isinstance(i, n.WorkdayOfMonth) and i.last for i in items)
    return _MonthDays(
        days=days,
        from_end=from_end,
        nearest_weekday=nearest,
        last_weekday=last_workday,
    )


def _weekdays(items):
    if not items:
        return None
    days, nth = 0, set()
    for item in items:
        if isinstance(item, n.Weekdays):
            for day in item.days:
                days |= 1 << day
        elif isinstance(item, n.NthWeekday):
            nth.add((item.weekday, item.n))
    return _WeekDays(days=days, nth=tuple(sorted(nth)) if nth else ())


def except_daysets(excluded: n.Except) -> list:
    if excluded.months:
        return [DaySet(months=bits(excluded.months))]
    dates = [i.date for i in excluded.days if isinstance(i, n.SpecificDate)]
    others = [i for i in excluded.days if not isinstance(i, n.SpecificDate)]
    result = [
        dayset([d], mask, None, "or")
        for mask, d_items in group_by_months(others).items()
        for d in d_items
    ]
    for when in dates:
        day = _MonthDays(days=1 << when.day)
        result.append(DaySet(months=1 << when.month, years=1 << (when.year - 1970), monthdays=day))
    return result
