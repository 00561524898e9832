"""Chained next_after far ahead in a DST zone: each call fed the previous fire, in a fresh process.

`python -m bench.chain EXPR ZONE COUNT FIRST` is one run: it walks COUNT fires with ours and with
croniter (FIRST says which goes first) and prints the seconds each took as JSON. A fresh process
per run means our caches start cold, as a service's do after a restart.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from datetime import datetime
from zoneinfo import ZoneInfo

from bench import ours
from bench.measure import Sizes, median, spread
from bench.report import Row, not_measured, verdict

CHAINED = ("0 0 29 2 *", "0 0 31 * *", "30 5 * jan,mar Ltue")
ZONE = "Europe/Stockholm"
TARGET = 10


def walk(next_after, start: datetime, count: int) -> list[datetime]:
    """Up to `count` fires, each the next after the previous one (fewer if the schedule ends)."""
    fires, fire = [], start
    for _ in range(count):
        fire = next_after(fire)
        if fire is None:
            break
        fires.append(fire)
    return fires


def croniter_step(expression: str, start: datetime):
    """croniter as a chained caller uses it: one iterator moved with `set_current` each call."""
    from croniter import croniter

    from bench.competitors import CRONITER_SPELLING

    iterator = croniter(CRONITER_SPELLING.get(expression, expression), start)

    def next_after(fire: datetime) -> datetime | None:
        iterator.set_current(fire, force=True)
        try:
            return iterator.get_next(datetime)
        except ValueError:  # past the year 9999
            return None

    return next_after


def one_run(expression: str, zone: str, count: int, first: str) -> dict:
    """Seconds for ours and croniter to walk the same fires, and whether they agree."""
    start = datetime(2026, 1, 1, 0, 0, 7, tzinfo=ZoneInfo(zone))
    schedule = ours.compiled(expression, zone)
    results = {}
    for name in (first, "croniter" if first == "ours" else "ours"):
        step = schedule.next_after if name == "ours" else croniter_step(expression, start)
        started = time.perf_counter()
        fires = walk(step, start, count)
        results[name] = (time.perf_counter() - started, fires)
    # croniter goes on past 9999 where datetime (and we) stop: compare the same number of fires
    fewest = min(len(results["ours"][1]), len(results["croniter"][1]))
    for name, (seconds, fires) in results.items():
        results[name] = (seconds * fewest / max(1, len(fires)), fires[:fewest])
    mine, theirs = results["ours"][1], results["croniter"][1]
    same = sum(a.timestamp() == b.timestamp() for a, b in zip(mine, theirs))
    return {
        "ours": results["ours"][0],
        "croniter": results["croniter"][0],
        "fires": len(mine),
        "same": same,
    }


def chain_rows(sizes: Sizes, _artefacts: dict) -> list[Row]:
    """Per expression: ours against croniter over `sizes.chain_fires` chained fires, 3+ runs."""
    rows = []
    for expression in CHAINED:
        measure = f"chained next_after, {sizes.chain_fires:,} fires of `{expression}`, {ZONE}"
        target = f"≥ {TARGET}× croniter"
        try:
            runs = [
                child_run(expression, sizes.chain_fires, "ours" if run % 2 else "croniter")
                for run in range(sizes.repeats)
            ]
        except (subprocess.CalledProcessError, ValueError) as failure:
            rows.append(not_measured(measure, target, f"child failed: {failure}"))
            continue
        mine = [run["ours"] / run["fires"] * 1e6 for run in runs]
        theirs = [run["croniter"] / run["fires"] * 1e6 for run in runs]
        ratio = median(theirs) / median(mine)
        rows.append(
            Row(
                measure,
                spread(mine, lambda v: f"{v:,.1f}") + " µs/call",
                f"croniter {spread(theirs, lambda v: f'{v:,.1f}')} µs/call ({ratio:.1f}×)",
                target,
                verdict(ratio >= TARGET and all(r["same"] == r["fires"] for r in runs)),
                f"each run a fresh process (cold caches) walking from 2026-01-01: "
                f"{runs[0]['fires']:,} fires (a schedule ends at 9999), "
                f"{runs[0]['same']:,} identical in both",
            )
        )
    return rows


def child_run(expression: str, count: int, first: str) -> dict:
    """One run in a fresh interpreter (see the module docstring)."""
    result = subprocess.run(
        [sys.executable, "-m", "bench.chain", expression, ZONE, str(count), first],
        capture_output=True,
        text=True,
        check=True,
        cwd=ours.REPO,
        env=ours.python_env(),
    )
    return json.loads(result.stdout)


if __name__ == "__main__":
    expression_, zone_, count_, first_ = sys.argv[1:5]
    print(json.dumps(one_run(expression_, zone_, int(count_), first_)))
