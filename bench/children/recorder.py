"""Shared by the child services: reads the parent's orders from the environment and writes the report.

Modes (BENCH_MODE): `fire` records (nominal instant, handler entry) of every fire and, once the
window BENCH_WARMUP..BENCH_WARMUP+BENCH_SECONDS after the first fire is over, writes them;
`idle` writes `{"ready": t}` once the service has started; `immediately` writes the wall time of the
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
GRACE = 3.0  # seconds after the window for late fires of the window to arrive

entries: list[tuple[object, float]] = []  # (nominal as float seconds or ISO text, wall time at entry)
record = entries.append


def write_report(report: dict) -> None:
    """Write `report` where the parent waits for it, atomically (the parent polls for the file)."""
    with open(OUT + ".tmp", "w") as out:
        json.dump(report, out)
    os.replace(OUT + ".tmp", OUT)


def started() -> None:
    """Called once the service runs: `idle` reports readiness, `fire` starts the window watcher."""
    if MODE == "idle":
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
    write_report({"count": COUNT, "window": [window_start, window_end],
                  "nominal": [n for n, _ in inside], "entry": [e for _, e in inside]})


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
