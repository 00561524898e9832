"""Generated modules' handlers get ``interval`` as the .sched file wrote it, as tomodachi passes it."""

from __future__ import annotations

import pytest

from tomodachi_schedule.runtime import Calendar, Interval
from tomodachi_schedule.runtime.decorators import scheduled, scheduled_specs


def handler(interval):
    return interval


@pytest.mark.parametrize(
    ("schedule", "expected"),
    [
        (Interval(spec="20", every=20), 20),  # `20 -> handler` in a .sched file: seconds, an int
        (Calendar(spec="hourly", minutes=1), "hourly"),
        (Calendar(spec="1/2 8-18 * * mon-fri", minutes=2), "1/2 8-18 * * mon-fri"),
    ],
)
def test_interval_is_the_spec_as_written(schedule, expected):
    (spec,) = scheduled_specs(scheduled(handler, schedule))
    assert spec.interval == expected


def test_a_schedule_built_by_hand_without_spec_is_passed_itself():
    schedule = Interval(every=5)
    (spec,) = scheduled_specs(scheduled(handler, schedule))
    assert spec.interval is schedule
