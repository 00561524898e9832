"""The 400-year table of the next matching year (`DayMatcher.next_matching_year`) against asking
every year of the cycle in turn, for day sets that match every year, some years or none."""

from __future__ import annotations

import pytest

from tomodachi_schedule.runtime.engine.dates import is_leap, year_start
from tomodachi_schedule.runtime.engine.daymask import DayMatcher
from tomodachi_schedule.runtime.engine.days import DaySet, MonthDays, WeekDays

FEBRUARY = 1 << 2
DAY_SETS = {
    "every day": DaySet(),
    "29 February": DaySet(months=FEBRUARY, monthdays=MonthDays(days=1 << 29)),
    "29 February, a Monday": DaySet(
        months=FEBRUARY, monthdays=MonthDays(days=1 << 29), weekdays=WeekDays(days=1), combine="and"
    ),
    "30 February (never)": DaySet(months=FEBRUARY, monthdays=MonthDays(days=1 << 30)),
    "a 5th Friday of February": DaySet(months=FEBRUARY, weekdays=WeekDays(nth=((4, 5),))),
}


def _asking_each_year(matcher: DayMatcher) -> tuple:
    firsts = []
    for year in range(2000, 2400):
        firsts.append(matcher.first_in_year(year, year_start(year)))
    cycle = []
    for residue in range(400):
        ahead = next((a for a in range(400) if firsts[(residue + a) % 400] is not None), None)
        cycle.append(None if ahead is None else (ahead, firsts[(residue + ahead) % 400]))
    return tuple(cycle)


@pytest.mark.parametrize("name", DAY_SETS)
def test_the_cycle_table_is_what_asking_each_year_gives(name):
    matcher = DayMatcher(DAY_SETS[name])
    assert matcher._year_cycle() == _asking_each_year(DayMatcher(DAY_SETS[name]))


def test_leap_days_are_found_years_ahead_and_never_days_never():
    leap_day = DayMatcher(DAY_SETS["29 February"])
    year, _ = leap_day.next_matching_year(2097)
    assert year == 2104 and is_leap(year)  # 2100 is not a leap year
    assert DayMatcher(DAY_SETS["30 February (never)"]).next_matching_year(2026) is None
