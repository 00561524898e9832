"""`tomodachi-compile plan` on a day of busy schedules: the whole process, as a user runs it."""

from __future__ import annotations

import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.measure import Sizes, median, spread
from bench.ours import python_env
from bench.report import Row, not_measured, verdict

SCHED = """service "busy" {
    ticks: "every 10 seconds" -> busy_jobs:tick
    minutes: "* * * * *" -> busy_jobs:minute
}
"""
FIRES = 8_640 + 1_440  # a day of each
LIMIT = 1.0  # issue 14: thousands of fires print in well under a second


def plan_times(sched: Path) -> tuple[float, float, int]:
    """Wall and CPU seconds of one `plan` process over a day, and the fires it printed."""
    argv = [sys.executable, "-m", "tomodachi_schedule.compiler.cli", "plan", str(sched)]
    argv += ["--from", "2027-01-04T00:00:00+00:00", "--hours", "24", "--tz", "UTC"]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    result = subprocess.run(argv, capture_output=True, text=True, env=python_env(), timeout=120)
    elapsed = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if result.returncode != 0:
        raise RuntimeError(f"plan failed: {(result.stderr or result.stdout).strip()[:300]}")
    cpu = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
    return elapsed, cpu, result.stdout.count("busy")


def plan_rows(sizes: Sizes, _artefacts: dict) -> list[Row]:
    measure = f"plan a day of `every 10 seconds` + `* * * * *` ({FIRES:,} fires, whole process)"
    target = f"≤ {LIMIT:g} s (CPU)"
    with tempfile.TemporaryDirectory(prefix="bench-plan-") as workdir:
        sched = Path(workdir) / "busy.sched"
        sched.write_text(SCHED)
        try:
            runs = [plan_times(sched) for _ in range(sizes.repeats)]
        except RuntimeError as failure:
            return [not_measured(measure, target, str(failure))]
    wall, cpu = [run[0] for run in runs], [run[1] for run in runs]
    printed = {run[2] for run in runs}
    return [
        Row(
            measure,
            f"CPU {spread(cpu, lambda v: f'{v:.2f}')} s; wall {spread(wall, lambda v: f'{v:.2f}')} s",
            "—",
            target,
            verdict(median(cpu) <= LIMIT and printed == {FIRES}),
            f"`tomodachi-compile plan busy.sched --hours 24`: interpreter start, imports, reading "
            f"the file, every fire in time order on standard output ({sorted(printed)} lines "
            "naming the service); judged on CPU time",
        )
    ]
