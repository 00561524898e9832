"""Daylight saving time corpus: gaps, repeated hours, 30-minute shifts, all-hours schedules."""

from __future__ import annotations

from datetime import datetime, timezone
from itertools import islice

import pytest

from tomodachi_schedule.runtime import Calendar, DaySet, MonthDays

ALL_MINUTES = (1 << 60) - 1


def bits(*values: int) -> int:
    return sum(1 << v for v in values)


def fires(calendar: Calendar, after: str, count: int) -> list[str]:
    start = datetime.fromisoformat(after)
    return [fire.isoformat() for fire in islice(calendar.iter_after(start), count)]


DAILY_0230 = dict(minutes=bits(30), hours=bits(2))

CASES = [
    # spring forward: a nonexistent time fires shifted forward by the gap (offset before)
    ("Europe/Stockholm", DAILY_0230, "2026-03-28T12:00:00+01:00",
     ["2026-03-29T03:30:00+02:00", "2026-03-30T02:30:00+02:00"]),
    ("America/New_York", DAILY_0230, "2026-03-07T12:00:00-05:00",
     ["2026-03-08T03:30:00-04:00", "2026-03-09T02:30:00-04:00"]),
    # Lord Howe moves by 30 minutes: 02:00-02:30 does not exist on 2026-10-04
    ("Australia/Lord_Howe", dict(minutes=bits(15), hours=bits(2)), "2026-10-03T12:00:00+10:30",
     ["2026-10-04T02:45:00+11:00", "2026-10-05T02:15:00+11:00"]),
    # fall back: a repeated time fires once, at its first occurrence
    ("Europe/Stockholm", DAILY_0230, "2026-10-24T12:00:00+02:00",
     ["2026-10-25T02:30:00+02:00", "2026-10-26T02:30:00+01:00"]),
    ("America/New_York", dict(minutes=bits(30), hours=bits(1)), "2026-10-31T12:00:00-04:00",
     ["2026-11-01T01:30:00-04:00", "2026-11-02T01:30:00-05:00"]),
    ("Australia/Lord_Howe", dict(minutes=bits(45), hours=bits(1)), "2026-04-04T12:00:00+11:00",
     ["2026-04-05T01:45:00+11:00", "2026-04-06T01:45:00+10:30"]),
    # every hour matched: the schedule follows the clock through both occurrences
    ("Europe/Stockholm", dict(minutes=bits(0, 30)), "2026-10-25T01:45:00+02:00",
     ["2026-10-25T02:00:00+02:00", "2026-10-25T02:30:00+02:00", "2026-10-25T02:00:00+01:00",
      "2026-10-25T02:30:00+01:00", "2026-10-25T03:00:00+01:00"]),
    ("Australia/Lord_Howe", dict(minutes=bits(0, 15, 30, 45)), "2026-04-05T01:20:00+11:00",
     ["2026-04-05T01:30:00+11:00", "2026-04-05T01:45:00+11:00", "2026-04-05T01:30:00+10:30",
      "2026-04-05T01:45:00+10:30", "2026-04-05T02:00:00+10:30"]),
    # every hour through a gap: shifted fires coincide with real ones and fire once
    ("Europe/Stockholm", dict(minutes=bits(0, 30)), "2026-03-29T01:15:00+01:00",
     ["2026-03-29T01:30:00+01:00", "2026-03-29T03:00:00+02:00", "2026-03-29T03:30:00+02:00"]),
    # hours 1-3 only (not every hour) in the repeated hour: first occurrence only
    ("Europe/Stockholm", dict(minutes=bits(0, 30), hours=bits(1, 2, 3)), "2026-10-25T01:45:00+02:00",
     ["2026-10-25T02:00:00+02:00", "2026-10-25T02:30:00+02:00", "2026-10-25T03:00:00+01:00"]),
]  # fmt: skip


@pytest.mark.parametrize("zone, fields, after, expected", CASES)
def test_dst_rules(zone, fields, after, expected):
    assert fires(Calendar(zone=zone, **fields), after, len(expected)) == expected


def test_a_call_inside_the_gap_shift_still_sees_the_shifted_fire():
    # at 03:10 CEST the shifted 02:30 (= 03:30 CEST) is still to come
    calendar = Calendar(zone="Europe/Stockholm", **DAILY_0230)
    after = datetime.fromisoformat("2026-03-29T03:10:00+02:00")
    assert calendar.next_after(after).isoformat() == "2026-03-29T03:30:00+02:00"


def test_a_call_in_the_second_occurrence_fires_the_rest_of_the_hour_for_all_hours():
    calendar = Calendar(zone="Europe/Stockholm", minutes=bits(0, 30))
    after = datetime.fromisoformat("2026-10-25T02:10:00+01:00")  # second 02:10
    assert calendar.next_after(after).isoformat() == "2026-10-25T02:30:00+01:00"


def test_a_call_in_the_second_occurrence_skips_repeated_times_otherwise():
    calendar = Calendar(zone="Europe/Stockholm", **DAILY_0230)
    after = datetime.fromisoformat("2026-10-25T02:10:00+01:00")
    assert calendar.next_after(after).isoformat() == "2026-10-26T02:30:00+01:00"


def test_results_are_in_the_schedule_zone_whatever_the_input_zone():
    calendar = Calendar(zone="America/New_York", minutes=bits(0), hours=bits(9))
    fire = calendar.next_after(datetime(2026, 7, 1, tzinfo=timezone.utc))
    assert fire.isoformat() == "2026-07-01T09:00:00-04:00"
    assert fire.tzinfo is calendar.tzinfo


@pytest.mark.parametrize("zone", ["UTC", "Europe/Stockholm", "+05:30"])
def test_leap_day_skips_2100(zone):
    feb29 = Calendar(
        zone=zone,
        minutes=1,
        hours=1,
        days=DaySet(months=bits(2), monthdays=MonthDays(days=bits(29))),
    )
    years = [
        fire.year for fire in islice(feb29.iter_after(datetime(2088, 3, 1, tzinfo=timezone.utc)), 5)
    ]
    assert years == [2092, 2096, 2104, 2108, 2112]


@pytest.mark.parametrize("zone", ["UTC", "Europe/Stockholm"])
def test_impossible_dates_never_fire(zone):
    feb30 = DaySet(months=bits(2), monthdays=MonthDays(days=bits(30)))
    calendar = Calendar(minutes=1, hours=1, days=feb30, zone=zone)
    assert calendar.next_after(datetime(2026, 1, 1, tzinfo=timezone.utc)) is None


def test_year_field_ends_the_schedule():
    calendar = Calendar(
        minutes=1,
        hours=1,
        days=DaySet(years=bits(2027 - 1970, 2029 - 1970)),
        zone="Europe/Stockholm",
    )
    start = datetime(2026, 6, 1, tzinfo=timezone.utc)
    assert calendar.next_after(start).isoformat() == "2027-01-01T00:00:00+01:00"
    assert (
        calendar.next_after(datetime(2028, 1, 1, tzinfo=timezone.utc)).isoformat()
        == "2029-01-01T00:00:00+01:00"
    )
    assert calendar.next_after(datetime(2029, 12, 31, 23, tzinfo=timezone.utc)) is None
