"""Fire lateness (handler entry − nominal instant) of services firing every second, per contender."""

from __future__ import annotations

import math
import statistics
import tempfile
from collections import Counter, defaultdict
from pathlib import Path

from bench.measure import Sizes, percentile
from bench.procs import ChildFailed, child_argv, child_env, running, wait_for_report
from bench.report import INFO, Row, ms, not_measured, verdict

CONTENDERS = {  # label -> (contender kind for child_argv, service file)
    "ours": ("ours", "ours_service.py"),
    "tomodachi": ("tomodachi", "tomodachi_service.py"),
    "floor": ("floor", "floor_loop.py"),
}
START_TIMEOUT = (
    120.0  # tomodachi needs a long while to start 10,000 schedule loops on a busy machine
)


def fire_run(contender: str, count: int, sizes: Sizes, workdir: Path, run: int) -> dict:
    """Run one contender's service with `count` every-second schedules; its report of fires."""
    kind, script = CONTENDERS[contender]
    out, log = workdir / f"{kind}-{count}-{run}.json", workdir / f"{kind}-{count}-{run}.log"
    env = child_env(
        "fire",
        count,
        out,
        warmup=sizes.warmup_seconds,
        seconds=sizes.lateness_seconds,
        grace=sizes.grace_seconds,
    )
    with running(child_argv(kind, script), env, log) as process:
        timeout = (
            START_TIMEOUT + sizes.warmup_seconds + sizes.lateness_seconds + sizes.grace_seconds + 10
        )
        return wait_for_report(out, process, log, timeout)


def lateness_of(report: dict) -> list[float]:
    """Seconds from nominal instant to handler entry, one per fire in the window."""
    return [entry - nominal for nominal, entry in zip(report["nominal"], report["entry"])]


def spread_of(report: dict) -> list[float]:
    """For each nominal instant of the window: seconds from it to the last handler entry it caused."""
    latest: dict[float, float] = defaultdict(float)
    for nominal, entry in zip(report["nominal"], report["entry"]):
        latest[nominal] = max(latest[nominal], entry - nominal)
    return list(latest.values())


def summary(samples: list[float], report: dict) -> str:
    """median / p99 / max, and how many fires were lost if any were."""
    return (
        f"{ms(statistics.median(samples))} / {ms(percentile(samples, 0.99))} / {ms(max(samples))}"
        + lost(report)
    )


def runs_of(contender: str, sizes: Sizes) -> int:
    """tomodachi runs once (it takes minutes to start 10,000 loops); ours and the floor 3+ times."""
    return 1 if contender == "tomodachi" else sizes.lateness_runs


def lateness_rows(sizes: Sizes, artefacts: dict) -> list[Row]:
    """Median/p99/max lateness for each count, and the spread of the largest count's instants."""
    reports: dict[tuple[str, int], list[dict | str]] = {}
    with tempfile.TemporaryDirectory(prefix="bench-lateness-") as workdir:
        for run in range(sizes.lateness_runs):
            for count in sizes.lateness_counts:
                for contender in CONTENDERS:
                    if run >= runs_of(contender, sizes):
                        continue
                    try:
                        report = fire_run(contender, count, sizes, Path(workdir), run)
                    except ChildFailed as failure:
                        report = f"not measured: {failure}"
                    reports.setdefault((contender, count), []).append(report)
    artefacts["lateness"] = {
        f"{name} ×{count:,}": [
            x for report in runs if isinstance(report, dict) for x in lateness_of(report)
        ]
        for (name, count), runs in reports.items()
    }
    rows = [count_row(count, reports) for count in sizes.lateness_counts]
    return rows + [instant_row(max(sizes.lateness_counts), reports)]


def described(runs: list[dict | str], figures) -> str:
    """`figures(report)` of each run, or why a run gave nothing to measure."""
    shown = []
    for report in runs:
        if isinstance(report, str):
            shown.append(report)
        elif not report["nominal"]:
            shown.append("not measured: no fire inside the window")
        else:
            shown.append(figures(report))
    return " | ".join(shown)


def usable(runs: list[dict | str]) -> list[dict]:
    return [report for report in runs if isinstance(report, dict) and report["nominal"]]


def compared_row(measure: str, target: str, count: int, reports: dict, figures, met) -> Row:
    """Our runs' figures against the other contenders'; `met(ours, floor)` judges ours."""
    others = "; ".join(
        f"{name} {described(reports.get((name, count), []), figures)}"
        for name in CONTENDERS
        if name != "ours"
    )
    mine = reports.get(("ours", count), [])
    if len(usable(mine)) != len(mine) or not mine:
        return not_measured(measure, target, described(mine, figures), others)
    status = (
        INFO if target == INFO else verdict(met(mine, usable(reports.get(("floor", count), []))))
    )
    return Row(
        measure,
        described(mine, figures),
        others,
        target,
        status,
        f"{len(mine)} runs, each a fresh process",
    )


def count_row(count: int, reports: dict) -> Row:
    """One row: lateness median / p99 / max with `count` schedules, ours against the others."""
    plural = "" if count == 1 else "s"
    measure = f"fire lateness median / p99 / max, {count:,} distinct schedule{plural} every second"
    target = "p99 ≤ 3 ms in every run; median ≤ floor's + 0.5 ms" if count == 1_000 else INFO

    def met(mine: list[dict], floor: list[dict]) -> bool:
        medians = [statistics.median(lateness_of(report)) for report in mine]
        floors = [statistics.median(lateness_of(report)) for report in floor]
        return (
            bool(floors)
            and all(exactly_once(report) for report in mine)
            and all(percentile(lateness_of(report), 0.99) <= 0.003 for report in mine)
            and statistics.median(medians) <= statistics.median(floors) + 0.0005
        )

    return compared_row(
        measure, target, count, reports, lambda report: summary(lateness_of(report), report), met
    )


def instant_row(count: int, reports: dict) -> Row:
    """`count` schedules due at one instant: nominal → last handler start, worst and median instant."""
    measure = f"{count:,} due at one instant: nominal → last handler start (worst / median instant)"
    target = "≤ 50 ms in every run" if count == 10_000 else INFO

    def figures(report: dict) -> str:
        spread = spread_of(report)
        return f"{ms(max(spread))} / {ms(statistics.median(spread))}" + lost(report)

    def met(mine: list[dict], _floor: list[dict]) -> bool:
        return all(exactly_once(report) and max(spread_of(report)) <= 0.050 for report in mine)

    return compared_row(measure, target, count, reports, figures, met)


def delivery(report: dict) -> tuple[int, int]:
    """(lost, extra) fires of the window: every schedule should fire exactly once per whole second."""
    per_second = Counter(report["nominal"])
    seconds = range(math.ceil(report["window"][0]), math.ceil(report["window"][1]))
    lost = sum(max(0, report["count"] - per_second[second]) for second in seconds)
    extra = sum(max(0, fires - report["count"]) for fires in per_second.values())
    return lost, extra


def lost(report: dict) -> str:
    """A warning when fires of the window never happened (their lateness is unknown, not small) or
    happened more than once (a scheduler bug that makes every other figure of the run meaningless).
    """
    missing, extra = delivery(report)
    expected = report["count"] * round(report["window"][1] - report["window"][0])
    text = f", only {expected - missing:,}/{expected:,} fires" if missing else ""
    return text + (f", {extra:,} DUPLICATE fires (a nominal instant run twice)" if extra else "")


def exactly_once(report: dict) -> bool:
    """Every schedule fired once per second of the window, no more, no less."""
    return delivery(report) == (0, 0)
