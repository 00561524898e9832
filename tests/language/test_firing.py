"""The never-fires check's shortcut: a schedule it calls plainly firing does fire."""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

import pytest

from tomodachi_schedule.compiler import compile_spec
from tomodachi_schedule.compiler.spec.lowering.firing import plainly_fires
from tomodachi_schedule.errors import ScheduleError

from .corpus_specs import corpus_specs

CASES = Path(__file__).parent / "cases"
EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)


def test_what_it_calls_plainly_firing_fires_over_the_corpus():
    plain = 0
    for spec in corpus_specs(("phrases.txt", "fires.txt", "equivalent.txt")):
        try:
            schedule = compile_spec(int(spec) if spec.isdigit() else spec).schedule
        except ScheduleError:
            continue
        if plainly_fires(schedule):
            plain += 1
            assert schedule.next_after(EPOCH) is not None, spec
    assert plain > 100  # most schedules are plain: the shortcut is taken


@pytest.mark.parametrize(
    "spec",
    ["0 0 30 2 *", "0 0 31 4,6 *", "0 0 29 2 * 2027", "every monday except on mondays",
     "every day except on 1st,2nd,3rd", "0 0 * * 1#5", "every other friday in february"],
)  # fmt: skip
def test_what_is_not_plain_is_searched(spec):
    try:
        schedule = compile_spec(spec).schedule
    except ScheduleError:
        return  # refused as never firing (or otherwise): the search ran
    assert not plainly_fires(schedule) or schedule.next_after(EPOCH) is not None


@pytest.mark.parametrize("day", [28, 29, 30, 31])
def test_a_late_day_of_listed_months_is_plain_when_one_of_them_has_it(day):
    for month in range(1, 13):
        for cron in (f"0 0 {day} {month} *", f"0 0 {day} {month},2 *", f"0 0 {day}W {month} *"):
            try:
                schedule = compile_spec(cron).schedule
            except ScheduleError:  # refused as never firing: no listed month has the day
                listed = [int(m) for m in cron.split()[3].split(",")]
                assert all(LONGEST[m] < day for m in listed), cron
                continue
            assert schedule.next_after(EPOCH) is not None, cron
            # plain days: every one that fires is plain; nW days are searched
            assert plainly_fires(schedule) == ("W" not in cron), cron


def test_the_29th_of_february_fires_without_a_search():
    assert plainly_fires(compile_spec("0 0 29 2 *").schedule)
    assert not plainly_fires(compile_spec("0 0 29 2 * 2028").schedule)  # a year: searched


LONGEST = {1: 31, 2: 29, 3: 31, 4: 30, 5: 31, 6: 30, 7: 31, 8: 31, 9: 30, 10: 31, 11: 30, 12: 31}
