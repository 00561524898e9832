"""A zone name in any case resolves to the tz database's spelling, whether it is found by one of
the usual spellings tried first or by the scan of the database."""

from __future__ import annotations

from zoneinfo import available_timezones

import pytest

from tomodachi_schedule.runtime.engine.zones import names
from tomodachi_schedule.runtime.engine.zones.names import canonical_zone_name

ZONES = sorted(available_timezones())


def test_every_zone_in_lower_case_gets_the_database_spelling():
    assert len(ZONES) > 300
    for zone in ZONES:
        assert canonical_zone_name(zone.lower()) == zone
        assert canonical_zone_name(zone) == zone


@pytest.mark.parametrize(
    "written, spelt",
    [
        ("cet", "CET"),
        ("Est5edt", "EST5EDT"),
        ("europe/stockholm", "Europe/Stockholm"),
        ("AMERICA/NEW_YORK", "America/New_York"),
        ("america/port-au-prince", "America/Port-au-Prince"),
        ("etc/gmt+5", "Etc/GMT+5"),
        ("no/such_zone", "no/such_zone"),
    ],
)
def test_names_in_other_cases(written, spelt):
    assert canonical_zone_name(written) == spelt


def test_the_usual_spellings_need_no_scan_of_the_database(monkeypatch):
    def scan() -> dict[str, str]:
        raise AssertionError("scanned the tz database")

    monkeypatch.setattr(names, "_zone_names_by_lower_case", scan)
    assert canonical_zone_name("cet") == "CET"
    assert canonical_zone_name("europe/stockholm") == "Europe/Stockholm"
    assert canonical_zone_name("asia/ho_chi_minh") == "Asia/Ho_Chi_Minh"


@pytest.mark.parametrize("offset", ["+05:30", "-03:00", "+0530", "+00:00"])
def test_an_offset_has_no_other_spelling_to_scan_the_database_for(monkeypatch, offset):
    def scan() -> dict[str, str]:
        raise AssertionError("scanned the tz database")

    monkeypatch.setattr(names, "_zone_names_by_lower_case", scan)
    assert canonical_zone_name(offset) == offset
