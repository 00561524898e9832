"""Lowering's shortcuts give what the plain computations give: a wall-clock grid's masks from its
hours (`times.group_range`) against grouping every time of the grid, for every step that divides
an hour and some that do not, over edge and random windows; times of day with one offset into
the hour (`times.group_seconds`) against the general grouping."""

from __future__ import annotations

import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tomodachi_schedule import runtime as rt
from tomodachi_schedule.compiler.spec import nodes as n
from tomodachi_schedule.compiler.spec.lowering import days, firing
from tomodachi_schedule.compiler.spec.lowering.times import (
    group_ordered,
    group_range,
    group_seconds,
)

DIVISORS_OF_AN_HOUR = [step for step in range(1, 3601) if 3600 % step == 0]
OTHER_STEPS = [7, 420, 1000, 5400, 7200, 86399]
EDGES = [
    (0, 86399),  # the whole day
    (0, 3599),  # one whole hour
    (33000, 36000),  # ends on an hour's first second
    (33300, 36240),  # 09:15 to 10:04: a 15-minute grid stops short of 10:00's first step
    (33300, 36300),  # ... and meets it exactly
    (86399, 86399),  # one second
    (3599, 3600),  # across one hour boundary
]


def _windows(step: int, rng: random.Random) -> list[tuple[int, int]]:
    windows = list(EDGES)
    for _ in range(25):
        first = rng.randrange(86400)
        longest = 86399 - first if step >= 60 else min(86399 - first, 7200)  # keep it quick
        windows.append((first, first + rng.randrange(longest + 1)))
    return windows


@pytest.mark.parametrize("step", DIVISORS_OF_AN_HOUR + OTHER_STEPS)
def test_a_grid_has_the_masks_of_grouping_each_of_its_times(step):
    rng = random.Random(step)
    for first, last in _windows(step, rng):
        assert group_range(first, last, step) == group_seconds(range(first, last + 1, step)), (
            first,
            last,
        )


_SECOND_OF_DAY = st.integers(0, 86399)


@settings(max_examples=400, deadline=None)
@given(
    st.one_of(
        st.lists(_SECOND_OF_DAY, max_size=6),
        # one time into the hour in several hours ("at 09:00 and 17:00"), the shortcut's case
        st.tuples(st.integers(0, 3599), st.sets(st.integers(0, 23), min_size=1)).map(
            lambda pair: [pair[0] + 3600 * hour for hour in pair[1]]
        ),
    )
)
def test_times_of_day_have_the_masks_of_the_general_grouping(times):
    assert group_seconds(times) == group_ordered(sorted(set(times)))


def _plainly_as_it_was(days: rt.DaySet) -> bool:
    """firing._days_plainly_match as it was written: a list of the day parts, then any()."""
    if days.years is not None:
        return False
    if days.period is not None:
        return firing._weekly(days)
    parts = [part for part in (days.monthdays, days.weekdays) if part is not None]
    if days.combine == "and" and len(parts) == 2:
        return False
    return not parts or any(firing._in_a_listed_month(part, days.months) for part in parts)


_MONTHDAYS = st.one_of(
    st.none(),
    st.builds(rt.MonthDays, days=st.sampled_from([2, 1 << 29, 1 << 31, 0])),
    st.builds(rt.MonthDays, last_weekday=st.booleans()),
)
_WEEKDAYS = st.one_of(
    st.none(),
    st.builds(rt.WeekDays, days=st.integers(0, 127)),
    st.builds(rt.WeekDays, nth=st.sampled_from([((0, 5),), ((1, -1),), ((2, 2), (3, 5))])),
)


@settings(max_examples=400, deadline=None)
@given(
    st.builds(
        rt.DaySet,
        months=st.integers(1, 4095).map(lambda m: m << 1),
        monthdays=_MONTHDAYS,
        weekdays=_WEEKDAYS,
        combine=st.sampled_from(["or", "and"]),
        years=st.sampled_from([None, 1]),
        period=st.sampled_from([None, rt.Period(unit="week", every=2)]),
    )
)
def test_which_day_sets_plainly_fire_is_decided_as_before(days):
    assert firing._days_plainly_match(days) == _plainly_as_it_was(days)


def _monthdays_as_it_was(items) -> rt.MonthDays:
    """days._monthdays as it was written: each part of the record from its own comprehension."""
    days = 0
    for item in items:
        if isinstance(item, n.MonthDay) and item.day is not None:
            days |= 1 << item.day
    from_end = {i.from_end for i in items if isinstance(i, n.MonthDay) and i.from_end is not None}
    nearest = {1 for i in items if isinstance(i, n.WorkdayOfMonth) and not i.last}
    nearest |= {i.day for i in items if isinstance(i, n.NearestWeekday)}
    return rt.MonthDays(
        days=days,
        from_end=tuple(sorted(from_end)),
        nearest_weekday=tuple(sorted(nearest)),
        last_weekday=any(isinstance(i, n.WorkdayOfMonth) and i.last for i in items),
    )


_MONTH_DAY_ITEMS = st.one_of(
    st.builds(n.MonthDay, day=st.integers(1, 31)),
    st.builds(n.MonthDay, from_end=st.integers(0, 30)),
    st.builds(n.WorkdayOfMonth, last=st.booleans()),
    st.builds(n.NearestWeekday, day=st.integers(1, 31)),
)


@settings(max_examples=400, deadline=None)
@given(st.lists(_MONTH_DAY_ITEMS, min_size=1, max_size=4))
def test_days_of_the_month_lower_as_before(items):
    made = days._monthdays(items)
    assert made == _monthdays_as_it_was(items) and type(made) is rt.MonthDays
