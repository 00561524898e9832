"""Shared by the child services: reads the parent's orders from the environment and writes the report.

Modes (BENCH_MODE): `fire` records (nominal instant, handler entry) of every fire and, once the
window BENCH_WARMUP..BENCH_WARMUP+BENCH_SECONDS after the first fire is over (plus BENCH_GRACE
for late fires), writes them;
`idle` and `memory` write `{"ready": t}` once the service has started (`memory`: distinct
calendars, none due); `immediately` writes the wall time of the
first handler entry.
"""

from __future__ import annotations

import json
import math
import os
import threading
import time
from datetime import datetime

MODE = os.environ.get("BENCH_MODE", "fire")
COUNT = int(os.environ.get("BENCH_COUNT", "1"))
OUT = os.environ.get("BENCH_OUT", "bench-report.json")
WARMUP = float(os.environ.get("BENCH_WARMUP", "2"))
SECONDS = float(os.environ.get("BENCH_SECONDS", "5"))
# seconds after the window for its late fires to arrive
GRACE = float(os.environ.get("BENCH_GRACE", "3"))

# (nominal as float seconds or ISO text, wall time at entry)
entries: list[tuple[object, float]] = []
record = entries.append


def write_report(report: dict) -> None:
    """Write `report` where the parent waits for it, atomically (the parent polls for the file)."""
    with open(OUT + ".tmp", "w") as out:
        json.dump(report, out)
    os.replace(OUT + ".tmp", OUT)


def started() -> None:
    """Called once the service runs: `idle` reports readiness, `fire` starts the window watcher."""
    if MODE in ("idle", "memory"):
        write_report({"ready": time.time()})
    elif MODE == "fire":
        threading.Thread(target=report_window, daemon=True).start()


def fired_immediately() -> None:
    """Called by the `immediately` handler: report when it ran (only the first call counts)."""
    if not os.path.exists(OUT):
        write_report({"fired": time.time()})


def report_window() -> None:
    """Wait for the first fire, let the window pass, then write the fires whose nominal lies in it."""
    while not entries:
        time.sleep(0.05)
    window_start = math.floor(entries[0][1]) + WARMUP
    window_end = window_start + SECONDS
    time.sleep(max(0.0, window_end + GRACE - time.time()))
    pairs = [(as_seconds(nominal), entry) for nominal, entry in list(entries)]
    inside = [(n, e) for n, e in pairs if window_start <= n < window_end]
    write_report(
        {
            "count": COUNT,
            "window": [window_start, window_end],
            "nominal": [n for n, _ in inside],
            "entry": [e for _, e in inside],
        }
    )


_parsed: dict[str, float] = {}


def as_seconds(nominal: object) -> float:
    """A nominal instant as epoch seconds; tomodachi passes ISO text such as 2026-11-27T01:39:01Z."""
    if isinstance(nominal, (int, float)):
        return float(nominal)
    if isinstance(nominal, datetime):
        return nominal.timestamp()
    text = str(nominal)
    if text not in _parsed:
        _parsed[text] = datetime.fromisoformat(text.replace("Z", "+00:00")).timestamp()
    return _parsed[text]


# Ten years, in seconds: nothing fires while idle CPU is measured. An integer interval because
# tomodachi computes a yearly cron such as "0 0 1 1 *" minute by minute, 21 times per function at
# start, which takes tens of minutes for 10,000 functions; both services get the same schedule.
NO_FIRE_DUE = 10 * 365 * 86400


def fire_handler(index: int):
    """A scheduled method that records its nominal instant (tomodachi's `invocation_time`) and entry time."""
    now = time.time

    async def handler(self, invocation_time: object = "") -> None:
        record((invocation_time, now()))

    handler.__name__ = handler.__qualname__ = f"fire_{index}"
    return handler


async def immediate_handler(self) -> None:
    """Fires at start-up (immediately=True) and reports when."""
    fired_immediately()


def scheduled_methods(schedule, every_second=lambda index: 1, never_due=None) -> dict:
    """The service's methods for the mode the parent asked for, decorated with `schedule` (ours or
    tomodachi's); `every_second(i)` and `never_due(i)` give the i-th method's schedule in the
    `fire` and `memory` modes."""
    if MODE == "immediately":
        return {"fire_0": schedule(interval=20, immediately=True)(immediate_handler)}
    if MODE == "memory":  # distinct calendars, none due
        return {f"fire_{i}": schedule(interval=never_due(i))(fire_handler(i)) for i in range(COUNT)}
    if MODE == "idle":
        return {f"fire_{i}": schedule(interval=NO_FIRE_DUE)(fire_handler(i)) for i in range(COUNT)}
    return {f"fire_{i}": schedule(interval=every_second(i))(fire_handler(i)) for i in range(COUNT)}
