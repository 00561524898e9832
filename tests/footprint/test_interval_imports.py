"""A service of intervals starts without the calendar engine's day tables (start-up time)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import datetime, timezone

from tomodachi_schedule.runtime.engine import excluding, schedules

DAY_TABLES = (
    "tomodachi_schedule.runtime.engine.days",
    "tomodachi_schedule.runtime.engine.daymask",
    "tomodachi_schedule.runtime.engine.dayskip",
    "tomodachi_schedule.runtime.engine.zones.tzfile",
    "tomodachi_schedule.runtime.engine.excluding",
)

PROBE = """
import json, sys
from tomodachi_schedule import Service, schedule
from tomodachi_schedule.runtime import runner, scheduling

class Ticks(Service):
    @schedule(interval=20, immediately=True)
    async def tick(self):
        pass

print(json.dumps(sorted(m for m in sys.modules if m.startswith("tomodachi_schedule"))))
"""


def test_an_interval_service_loads_no_day_tables() -> None:
    out = subprocess.run(
        [sys.executable, "-c", PROBE], capture_output=True, text=True, check=True
    ).stdout
    loaded = json.loads(out)
    assert "tomodachi_schedule.runtime.engine.schedules" in loaded
    assert [name for name in DAY_TABLES if name in loaded] == []


def test_excluding_still_answers_under_its_old_module() -> None:
    assert schedules.Excluding is excluding.Excluding
    assert schedules.fire_days is excluding.fire_days


DECLARE_ONLY = """
import json, sys
from datetime import datetime, timezone
from tomodachi_schedule.runtime import Calendar, DaySet, Excluding, MonthDays, bits
calendar = Calendar(minutes=bits((0,)), hours=bits((9,)), zone="Europe/Stockholm")
christmas = DaySet(months=bits((12,)), monthdays=MonthDays(days=bits((25,))))
excluding = Excluding(inner=calendar, days=christmas, zone="Europe/Stockholm")
declared = sorted(m for m in sys.modules if m.startswith("tomodachi_schedule"))
fire = excluding.next_after(datetime(2026, 12, 24, 9, tzinfo=timezone.utc))
used = sorted(m for m in sys.modules if m.startswith("tomodachi_schedule"))
print(json.dumps([declared, used, fire.isoformat()]))
"""
SEARCH_TABLES = (
    "tomodachi_schedule.runtime.engine.search.fastpath",
    "tomodachi_schedule.runtime.engine.search.general",
    "tomodachi_schedule.runtime.engine.dayskip",
    "tomodachi_schedule.runtime.engine.daymask",
    "tomodachi_schedule.runtime.engine.zones.transitions",
)


def test_declaring_calendars_and_exclusions_loads_no_search_until_the_first_next_fire() -> None:
    out = subprocess.run(
        [sys.executable, "-c", DECLARE_ONLY], capture_output=True, text=True, check=True
    ).stdout
    declared, used, fire = json.loads(out)
    assert [name for name in SEARCH_TABLES if name in declared] == []
    assert [name for name in SEARCH_TABLES if name not in used] == []
    assert fire == "2026-12-26T09:00:00+01:00"  # the 25th excluded


LOCAL_INTERVAL = """
import json, sys
from datetime import datetime, timezone
from tomodachi_schedule.runtime import Interval
from tomodachi_schedule.runtime.engine.zones.names import local_zone
interval = Interval(every=60)
declared = "zoneinfo" in sys.modules
fire = interval.next_after(datetime(2026, 6, 1, 12, 0, 30, tzinfo=timezone.utc))
print(json.dumps([declared, fire.tzinfo is local_zone(), fire.timestamp()]))
"""


def test_an_interval_in_the_machines_zone_reads_the_zone_at_its_first_fire() -> None:
    out = subprocess.run(
        [sys.executable, "-c", LOCAL_INTERVAL],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "TZ": "Europe/Stockholm"},
    ).stdout
    declared, local, fire = json.loads(out)
    assert declared is False  # zoneinfo is not needed to declare it
    assert local is True and fire == datetime(2026, 6, 1, 12, 1, tzinfo=timezone.utc).timestamp()
