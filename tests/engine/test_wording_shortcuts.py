"""The wording's shortcuts give the words the plain computation gives: remembered day words and
times-of-day words, and the times of day read from each mask once."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from tomodachi_schedule.runtime import AnyOf, Calendar, DaySet, MonthDays, Period, WeekDays
from tomodachi_schedule.runtime.engine.days import ALL_MONTHS
from tomodachi_schedule.runtime.engine.search.wallsearch import set_bits
from tomodachi_schedule.runtime.engine.wording import days as day_words
from tomodachi_schedule.runtime.engine.wording import describe, sentences
from tomodachi_schedule.runtime.engine.wording.sentences import _seconds_of_day
from tomodachi_schedule.runtime.engine.wording.times import describe_times


def masks(limit: int) -> st.SearchStrategy[int]:
    return st.sets(st.integers(0, limit - 1), min_size=1).map(lambda s: sum(1 << v for v in s))


week_days = st.builds(WeekDays, days=masks(7))
month_days = st.builds(MonthDays, days=masks(32).map(lambda m: m & ~1 or 2))
day_sets = st.one_of(
    st.builds(DaySet, weekdays=week_days),
    st.builds(DaySet, monthdays=month_days),
    st.builds(DaySet, weekdays=week_days, monthdays=month_days, combine=st.sampled_from(["or", "and"])),
    st.builds(DaySet, months=masks(13).map(lambda m: m & ALL_MONTHS or 2), weekdays=week_days),
    st.builds(DaySet, weekdays=week_days, period=st.builds(Period, unit=st.just("week"), every=st.integers(2, 4))),
)  # fmt: skip


@settings(max_examples=200, deadline=None)
@given(days=day_sets)
def test_remembered_day_words_are_the_computed_ones(days):
    computed = day_words.describe_days.__wrapped__(days)
    assert day_words.describe_days(days) == computed
    assert day_words.describe_days(days) == computed  # the second time from the memory
    # an equal day set, built anew, reads the same
    again = DaySet(**{name: getattr(days, name) for name, _ in DaySet._fields})
    assert day_words.describe_days(again) == computed


@settings(max_examples=200, deadline=None)
@given(seconds=masks(60), minutes=masks(60), hours=masks(24))
def test_times_of_day_are_every_combination_in_order(seconds, minutes, hours):
    calendar = Calendar(seconds=seconds, minutes=minutes, hours=hours, zone="UTC")
    expected = [
        h * 3600 + m * 60 + s
        for h in set_bits(hours)
        for m in set_bits(minutes)
        for s in set_bits(seconds)
    ]
    assert _seconds_of_day(calendar) == expected


@settings(max_examples=200, deadline=None)
@given(
    times=st.lists(st.tuples(masks(60), masks(60), masks(24)), min_size=1, max_size=3),
    every_day=st.booleans(),
)
def test_remembered_times_words_are_the_computed_ones(times, every_day):
    calendars = [Calendar(seconds=s, minutes=m, hours=h, zone="UTC") for s, m, h in times]
    merged = sorted({t for calendar in calendars for t in _seconds_of_day(calendar)})
    computed = describe_times(merged, every_day=every_day)
    masks_of = tuple((c.seconds, c.minutes, c.hours) for c in calendars)
    assert sentences._times_words(masks_of, every_day) == computed
    assert sentences._times_words(masks_of, every_day) == computed  # from the memory


def test_a_union_of_calendars_reads_its_merged_times():
    morning = Calendar(minutes=1 << 15, hours=1 << 9, zone="UTC")
    evening = Calendar(minutes=1 << 30, hours=1 << 18, zone="UTC")
    assert describe(AnyOf(parts=(morning, evening))) == "every day at 09:15 and 18:30 in UTC"
