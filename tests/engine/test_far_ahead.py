"""The paths that serve far-ahead and cold calls: zone transitions read from TZif files and their
POSIX rules against probing the zone, and chained next_after in DST zones against croniter and
against the general search (whole-year jumps, the last fire fed back, fires built from wall time).
"""

from __future__ import annotations

import math
import random
import zoneinfo
from datetime import datetime, timezone
from zoneinfo import ZoneInfo

import pytest
from croniter import croniter

from tomodachi_schedule.compiler import parse_schedule
from tomodachi_schedule.runtime.engine.zones import transitions
from tomodachi_schedule.runtime.engine.zones.tzfile import parse_posix

TRICKY_ZONES = [
    "Europe/Stockholm",
    "America/Santiago",  # southern hemisphere: DST across the new year
    "Australia/Lord_Howe",  # half-hour DST
    "Europe/Dublin",  # negative DST in the tz database
    "Africa/Casablanca",  # transitions listed to 2087, no rule after
    "America/Nuuk",
    "Pacific/Chatham",
    "Asia/Tehran",
    "America/New_York",
]
YEARS = [1970, 1996, 2007, 2026, 2037, 2038, 2039, 2040, 2087, 2088, 2089, 2090, 2100, 2400, 9998]


def probed(tz: ZoneInfo, year: int) -> tuple:
    start, end = transitions._year_start(year), transitions._year_start(year + 1)
    return transitions.probe_year(tz, start, end)


@pytest.mark.parametrize("key", TRICKY_ZONES)
def test_transitions_from_the_zone_file_equal_probing(key):
    tz = ZoneInfo(key)
    for year in YEARS:
        assert transitions.transitions_in_year.__wrapped__(tz, year) == probed(tz, year), year


def test_transitions_from_the_zone_file_equal_probing_in_random_zones():
    rng = random.Random(13)
    keys = sorted(zoneinfo.available_timezones())
    for key in rng.sample(keys, min(25, len(keys))):
        tz = ZoneInfo(key)
        for year in [
            rng.randrange(1970, 2040),
            rng.randrange(2040, 2200),
            rng.randrange(2200, 9998),
        ]:
            assert transitions.transitions_in_year.__wrapped__(tz, year) == probed(tz, year), (
                key,
                year,
            )


@pytest.mark.parametrize("key", [*TRICKY_ZONES, "Australia/Sydney", "UTC"])
def test_segments_read_from_the_rule_equal_the_scanned_ones(key):
    tz, rng = ZoneInfo(key), random.Random(key)
    read = 0
    for year in [*YEARS, *(rng.randrange(1970, 9998) for _ in range(40))]:
        start = transitions._year_start(year)
        for instant in [start, start - 1, *(start + rng.randrange(366 * 86400) for _ in range(6))]:
            year_of = transitions._utc_year(instant)
            from_rule = transitions.rule_segment(tz, instant, year_of)
            if from_rule is not None:
                read += 1
                assert from_rule == transitions.scanned_segment(tz, instant, year_of), instant
                assert from_rule.start <= instant < from_rule.end
    # a zone whose rule has DST is read from it in the years after its listed transitions
    assert read > 0 or key not in ("Europe/Stockholm", "America/New_York", "Australia/Sydney")


def test_posix_rules_read_every_date_form():
    rule = parse_posix("CET-1CEST,M3.5.0,M10.5.0/3")
    assert (rule.std, rule.dst) == (3600, 7200)
    begins, ends = rule.transitions(2026)
    assert datetime.fromtimestamp(begins, timezone.utc) == datetime(
        2026, 3, 29, 1, tzinfo=timezone.utc
    )
    assert datetime.fromtimestamp(ends, timezone.utc) == datetime(
        2026, 10, 25, 1, tzinfo=timezone.utc
    )
    julian = parse_posix("XST3XDT,J60/2,J300/2")  # J60 is March 1, leap year or not
    assert datetime.fromtimestamp(julian.transitions(2028)[0], timezone.utc).day == 1
    zero_based = parse_posix("XST3XDT,59/2,300/2")  # day 59 is February 29 in a leap year
    assert datetime.fromtimestamp(zero_based.transitions(2028)[0], timezone.utc).month == 2
    assert parse_posix("JST-9") is None  # no daylight saving time: no rule


CHAINED = ["0 0 29 2 *", "0 0 31 * *", "30 5 * jan,mar Ltue", "0 2 * * sun", "30 2 * 3 *"]
CRONITER_AGREES = CHAINED[:3]
CRONITER_SPELLING = {"30 5 * jan,mar Ltue": "30 5 * jan,mar L2"}


@pytest.mark.parametrize("expression", CHAINED)
@pytest.mark.parametrize("zone", ["Europe/Stockholm", "America/Santiago", "Australia/Lord_Howe"])
def test_chained_next_after_far_ahead_matches_croniter_and_the_general_search(expression, zone):
    tz = ZoneInfo(zone)
    schedule = parse_schedule(expression, timezone=zone)
    engine = schedule.finder()
    fire = datetime(2026, 1, 1, 0, 0, 7, tzinfo=tz)
    iterator = croniter(CRONITER_SPELLING.get(expression, expression), fire)
    for _ in range(150):
        general = engine.next_instant(math.floor(fire.timestamp()))
        following = schedule.next_after(fire)
        assert following.timestamp() == general
        reference = datetime.fromtimestamp(general, tz)
        assert (following.replace(tzinfo=None), following.fold) == (
            reference.replace(tzinfo=None),
            reference.fold,
        )
        if expression in CRONITER_AGREES:  # at 02:xx croniter's DST rules differ from ours
            iterator.set_current(fire, force=True)
            assert iterator.get_next(datetime).timestamp() == general
        fire = following


def test_leap_days_are_found_across_centuries():
    schedule = parse_schedule("0 0 29 2 *", timezone="Europe/Stockholm")
    fire = datetime(2096, 3, 1, tzinfo=ZoneInfo("Europe/Stockholm"))
    years = []
    for _ in range(3):
        fire = schedule.next_after(fire)
        years.append(fire.year)
    assert years == [2104, 2108, 2112]  # 2100 is not a leap year
    last = schedule.next_after(datetime(9996, 3, 1, tzinfo=timezone.utc))
    assert last is None  # 9996 was the last leap day datetime can hold
