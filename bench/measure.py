"""Timing primitives shared by the benchmark families: call rates, percentiles, command wall times."""

from __future__ import annotations

import itertools
import math
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Sizes:
    """How hard each family works; `QUICK` keeps CI fast, `FULL` gives figures worth reading.

    Every timed row of a full run is the median of three runs (`repeats`, `lateness_runs`).
    """

    batch_seconds: float  # length of one timed batch of calls
    repeats: int  # runs per contender
    starts: int  # distinct random start instants per zone for next-fire
    iterate_fires: int
    chain_fires: int
    parse_specs: int  # distinct specs per run and notation (no spec is parsed twice)
    sched_entries: tuple[int, ...]
    import_entries: int
    lateness_counts: tuple[int, ...]
    lateness_runs: int
    lateness_seconds: float
    warmup_seconds: float
    grace_seconds: float  # how long a child waits after the window for its late fires
    idle_schedules: int
    idle_seconds: float
    import_runs: int
    startup_runs: int
    claims: int
    agreement_starts: int  # starts on which every library's answer is compared with ours


FULL = Sizes(
    batch_seconds=0.25,
    repeats=3,
    starts=5_000,
    iterate_fires=10_000,
    chain_fires=2_000,
    parse_specs=1_500,
    sched_entries=(1_000, 10_000, 20_000),
    import_entries=10_000,
    lateness_counts=(1, 1_000, 10_000),
    lateness_runs=3,
    lateness_seconds=8.0,
    warmup_seconds=3.0,
    grace_seconds=3.0,
    idle_schedules=10_000,
    idle_seconds=10.0,
    import_runs=11,
    startup_runs=5,
    claims=2_000,
    agreement_starts=200,
)
QUICK = Sizes(
    batch_seconds=0.02,
    repeats=1,
    starts=200,
    iterate_fires=200,
    chain_fires=50,
    parse_specs=100,
    sched_entries=(20,),
    import_entries=50,
    lateness_counts=(1, 50),
    lateness_runs=1,
    lateness_seconds=1.0,
    warmup_seconds=0.5,
    grace_seconds=0.5,
    idle_schedules=200,
    idle_seconds=1.0,
    import_runs=2,
    startup_runs=1,
    claims=50,
    agreement_starts=20,
)


def batch_of(inputs: Sequence[Any], count: int) -> list[Any]:
    """`count` inputs, cycling through `inputs`, materialised so the timed loop only calls."""
    return list(itertools.islice(itertools.cycle(inputs), count))


def time_batch(function: Callable[[Any], Any], batch: list[Any]) -> float:
    """Seconds taken to call `function` once per item of `batch`."""
    started = time.perf_counter()
    for item in batch:
        function(item)
    return time.perf_counter() - started


def calibrate(function: Callable[[Any], Any], inputs: Sequence[Any], seconds: float) -> int:
    """How many calls fill about `seconds` (timeit's autorange, then scaled)."""
    count = 1
    while True:
        elapsed = time_batch(function, batch_of(inputs, count))
        if elapsed >= seconds / 10 or count >= 10_000_000:
            return max(1, int(count * seconds / max(elapsed, 1e-9)))
        count *= 4


def best_rates(
    contenders: dict[str, Callable[[Any], Any]], inputs: Sequence[Any], sizes: Sizes
) -> dict[str, float]:
    """Calls per second of each contender, best batch of `sizes.repeats`, batches interleaved.

    Interleaving contenders round by round means a burst of load from another process hurts all
    of them alike, which keeps the ratios honest on a shared machine.
    """
    batches = {
        name: batch_of(inputs, calibrate(f, inputs, sizes.batch_seconds))
        for name, f in contenders.items()
    }
    best = dict.fromkeys(contenders, 0.0)
    for _ in range(sizes.repeats):
        for name, function in contenders.items():
            batch = batches[name]
            best[name] = max(best[name], len(batch) / time_batch(function, batch))
    return best


def rate_runs(
    contenders: dict[str, Callable[[Any], Any]], inputs: Sequence[Any], sizes: Sizes
) -> dict[str, list[float]]:
    """Calls per second of each contender in each of `sizes.repeats` runs, runs interleaved.

    A run is one batch of about `sizes.batch_seconds`, cycling through `inputs`. Interleaving
    contenders run by run means a burst of load from another process hurts all of them alike,
    which keeps the ratios honest on a shared machine.
    """
    batches = {
        name: batch_of(inputs, calibrate(f, inputs, sizes.batch_seconds))
        for name, f in contenders.items()
    }
    runs: dict[str, list[float]] = {name: [] for name in contenders}
    for _ in range(sizes.repeats):
        for name, function in contenders.items():
            batch = batches[name]
            runs[name].append(len(batch) / time_batch(function, batch))
    return runs


def spread(values: Sequence[float], show: Callable[[float], str]) -> str:
    """The median of `values` with their range: `12 (10–15)`."""
    return f"{show(statistics.median(values))} ({show(min(values))}–{show(max(values))})"


def median(values: Sequence[float]) -> float:
    return statistics.median(values)


def percentile(values: Sequence[float], fraction: float) -> float:
    """The nearest-rank percentile of `values` (`fraction` in 0..1)."""
    ordered = sorted(values)
    # 1-based: the smallest value with `fraction` of them at or below
    rank = math.ceil(fraction * len(ordered))
    return ordered[min(len(ordered), max(1, rank)) - 1]


IMPORT_TIMER = "import time; started = time.perf_counter(); import {statement}; print(time.perf_counter() - started)"


def import_overhead_ms(statement: str, runs: int, env: dict | None = None) -> float:
    """Median ms that `import <statement>` adds to a fresh interpreter, timed inside it.

    Timing inside the child (what `python -X importtime` reports) leaves out interpreter start-up,
    whose run-to-run noise on a busy machine is larger than the imports being measured; it is the
    same quantity as `python -c "import X"` minus `python -c pass`, with less noise.
    """
    code = IMPORT_TIMER.format(statement=statement)
    samples = [
        float(
            subprocess.run(
                [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
            ).stdout
        )
        for _ in range(runs)
    ]
    return 1000 * statistics.median(samples)
