"""The engine stands alone: building and running schedules loads no compiler, lark, black,
redis or tomodachi (checked in a fresh interpreter)."""

from __future__ import annotations

import subprocess
import sys

SCRIPT = """
import sys
from datetime import datetime, timezone
from tomodachi_schedule.runtime import (
    AnyOf, Bounded, Calendar, DaySet, Excluding, Interval, MonthDays, Once, Period, WeekDays,
)
now = datetime(2026, 3, 28, tzinfo=timezone.utc)
days = DaySet(monthdays=MonthDays(from_end=(0,)), weekdays=WeekDays(nth=((1, -1),)), period=Period())
schedules = [
    Calendar(days=days, zone="Europe/Stockholm"), Interval(every=20), Once(at="2027-01-01T00:00"),
    AnyOf(parts=(Interval(every=60),)), Bounded(inner=Interval(every=5), end="2030-01-01T00:00"),
    Excluding(inner=Interval(every=1), days=DaySet(months=1 << 7)),
]
for schedule in schedules:
    schedule.next_after(now)
    schedule.explain()
loaded = sorted(
    name for name in sys.modules
    if name.split(".")[0] in ("lark", "black", "redis", "tomodachi")
    or name.startswith("tomodachi_schedule.compiler")
)
print(",".join(loaded))
"""


def test_runtime_schedules_load_nothing_from_the_compiler():
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == ""
