"""Near the end of datetime's range a schedule has no further fire: None, never an error
(issue 12.7). A fire whose instant lies past 9999-12-31T23:59:59Z does not exist."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from itertools import islice

import pytest

from tomodachi_schedule import parse_schedule

END = datetime(9999, 12, 31, 23, 59, 59, tzinfo=timezone.utc)
ZONES = ["America/St_Johns", "-03:30", "-11:45", "Pacific/Kiritimati", "+14:00", "UTC"]
SPECS = ["22:15:30", "every day at 23:59", "0 0 * * *", "*/7 * * * *", "every 15 minutes"]


def in_utc(fire: datetime) -> datetime:
    return fire.astimezone(timezone.utc)  # raises OverflowError past datetime's end


@pytest.mark.parametrize("zone", ZONES)
@pytest.mark.parametrize("spec", SPECS)
def test_next_after_near_the_end_of_datetime_gives_a_fire_in_range_or_none(spec, zone):
    schedule = parse_schedule(spec, timezone=zone)
    for minutes in range(0, 3 * 24 * 60, 15):
        start = END - timedelta(minutes=minutes)
        fire = schedule.next_after(start)
        assert fire is None or start < in_utc(fire) <= END, (start, fire)


@pytest.mark.parametrize("zone", ZONES)
@pytest.mark.parametrize("spec", SPECS)
def test_iter_after_stops_at_the_end_of_datetime(spec, zone):
    schedule = parse_schedule(spec, timezone=zone)
    start = END - timedelta(days=3)
    fires = list(islice(schedule.iter_after(start), 1000))
    assert fires and all(start < in_utc(fire) <= END for fire in fires)
    assert fires[-1] == schedule.next_after(fires[-2]) and schedule.next_after(fires[-1]) is None


def test_the_reported_case():
    schedule = parse_schedule("22:15:30", timezone="America/St_Johns")
    assert schedule.next_after(datetime(9999, 12, 31, 2, tzinfo=timezone.utc)) is None
    assert schedule.next_after(datetime(9999, 12, 31, 4, tzinfo=timezone.utc)) is None
