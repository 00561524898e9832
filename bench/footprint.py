"""What a service costs at rest: idle CPU and memory per schedule, import time, start → first fire."""

from __future__ import annotations

import statistics
import subprocess
import tempfile
import time
from pathlib import Path

from bench import ours
from bench.measure import Sizes, import_overhead_ms, spread
from bench.procs import (
    ChildFailed,
    child_argv,
    child_env,
    cpu_seconds,
    rss_bytes,
    running,
    settle,
    wait_for_report,
)
from bench.report import Row, ms, not_measured, verdict

SERVICES = {"ours": "ours_service.py", "tomodachi": "tomodachi_service.py"}


def idle_probe(kind: str, count: int, seconds: float, workdir: Path, mode: str = "idle") -> dict:
    """Start a service with `count` schedules none of which is due; its idle CPU share and RSS."""
    out, log = workdir / f"{mode}-{kind}-{count}.json", workdir / f"{mode}-{kind}-{count}.log"
    with running(child_argv(kind, SERVICES[kind]), child_env(mode, count, out), log) as process:
        wait_for_report(out, process, log, timeout=180)
        settled = settle(process.pid)
        before, started = cpu_seconds(process.pid), time.monotonic()
        time.sleep(seconds)
        share = (cpu_seconds(process.pid) - before) / (time.monotonic() - started)
        return {"cpu": share, "rss": rss_bytes(process.pid), "settled": settled}


def idle_pair(kind: str, sizes: Sizes, workdir: Path) -> dict | str:
    """Idle figures with `idle_schedules` + 1 schedules, and the per-schedule memory against a 1-schedule run."""
    try:
        loaded = idle_probe(kind, sizes.idle_schedules + 1, sizes.idle_seconds, workdir)
        alone = idle_probe(kind, 1, 0.1, workdir)
    except ChildFailed as failure:
        return f"not measured: {failure}"
    return loaded | {"per_schedule": (loaded["rss"] - alone["rss"]) / sizes.idle_schedules}


def idle_rows(sizes: Sizes, _artefacts: dict) -> list[Row]:
    """Idle CPU share and memory per schedule, ours against tomodachi."""
    with tempfile.TemporaryDirectory(prefix="bench-idle-") as workdir:
        probes = {kind: idle_pair(kind, sizes, Path(workdir)) for kind in SERVICES}
    count = f"{sizes.idle_schedules:,}"
    short = "window shorter than tomodachi's ~300 s wake-ups: --idle-seconds 330 sees them (notes below)"
    return [
        probe_row(
            f"idle CPU, {count} schedules, none due, over {sizes.idle_seconds:g} s",
            "≤ 0.05 % of a core",
            probes,
            cpu_figures,
            lambda p: p["cpu"] <= 0.0005,
            short if sizes.idle_seconds < 300 else "",
        ),
        probe_row(
            f"memory per schedule, identical intervals (RSS delta / {count})",
            "≤ 2 KB",
            probes,
            memory_figures,
            lambda p: p["per_schedule"] <= 2048,
        ),
    ]


def memory_rows(sizes: Sizes, _artefacts: dict) -> list[Row]:
    """RSS per distinct calendar schedule (distinct minute, hour, day and month; due in 2099)."""
    count = sizes.idle_schedules
    measure = f"memory per distinct calendar schedule (RSS delta / {count:,})"
    per_schedule = []
    with tempfile.TemporaryDirectory(prefix="bench-memory-") as workdir:
        try:
            for run in range(sizes.repeats):
                folder = Path(workdir) / str(run)
                folder.mkdir()
                loaded = idle_probe("ours", count + 1, 0.1, folder, "memory")
                alone = idle_probe("ours", 1, 0.1, folder, "memory")
                per_schedule.append((loaded["rss"] - alone["rss"]) / count)
        except ChildFailed as failure:
            return [not_measured(measure, "≤ 2 KB", str(failure))]
    return [
        Row(
            measure,
            spread([value / 1024 for value in per_schedule], lambda v: f"{v:,.2f}") + " KB",
            "—",
            "≤ 2 KB",
            verdict(statistics.median(per_schedule) <= 2048),
            "each a `@schedule` method with its own cron such as `5 3 2 1 * 2099`; "
            "RSS of the service minus RSS of the same service with one schedule",
        )
    ]


def cpu_figures(probe: dict) -> str:
    """The idle CPU share, also as CPU microseconds per second."""
    share = probe["cpu"]
    return f"{100 * share:.4f} % of a core ({share * 1e6:,.0f} µs/s, settled after {probe['settled']:.0f} s)"


def memory_figures(probe: dict) -> str:
    """Memory per schedule and the process's whole RSS."""
    return f"{probe['per_schedule'] / 1024:,.2f} KB (RSS {probe['rss'] / 2**20:,.1f} MB)"


def probe_row(measure: str, target: str, probes: dict, figures, met, note: str = "") -> Row:
    """A row of ours against tomodachi for one idle figure."""
    theirs = probes["tomodachi"]
    others = "tomodachi " + (theirs if isinstance(theirs, str) else figures(theirs))
    mine = probes["ours"]
    if isinstance(mine, str):
        return not_measured(measure, target, mine.removeprefix("not measured: "), others)
    return Row(measure, figures(mine), others, target, verdict(met(mine)), note)


OURS_IMPORTS = {  # the package alone is lazy (PEP 562): what a service uses is the honest figure
    "import tomodachi_schedule.runtime": "tomodachi_schedule.runtime",
    "import tomodachi_schedule.runtime + Calendar, Interval, Service": (
        "tomodachi_schedule.runtime; from tomodachi_schedule.runtime import Calendar, Interval, Service"
    ),
}
OTHER_IMPORTS = {
    "tomodachi": "tomodachi",
    "croniter": "croniter",
    "apscheduler + CronTrigger": "apscheduler.triggers.cron",
    "asyncio alone (in any asyncio service)": "asyncio",
}
IMPORT_TARGET = "≤ 25 ms over python -c pass"


def import_rows(sizes: Sizes, _artefacts: dict) -> list[Row]:
    """Import time over `python -c pass` of our runtime and a generated module, against the others."""
    others = "; ".join(
        f"{label} {import_overhead_ms(module, sizes.import_runs):,.1f} ms"
        for label, module in OTHER_IMPORTS.items()
    )
    rows = [import_row(label, module, sizes, others) for label, module in OURS_IMPORTS.items()]
    try:
        with tempfile.TemporaryDirectory(prefix="bench-gen-") as workdir:
            generated = ours.generated_module(Path(workdir), entries=20)
            rows.append(
                import_row(
                    "import a generated module (20 schedules)",
                    generated.stem,
                    sizes,
                    others,
                    extra_path=str(generated.parent),
                )
            )
    except ours.Unavailable as missing:
        rows.append(not_measured("import a generated module", IMPORT_TARGET, str(missing), others))
    return rows


def import_row(measure: str, module: str, sizes: Sizes, others: str, extra_path: str = "") -> Row:
    """One import-time row (median of interleaved runs), checked against 25 ms, with what the import pulled in."""
    target = IMPORT_TARGET
    env = ours.python_env(extra_path)
    try:
        loaded = ours.import_facts(module, env)
        overhead = import_overhead_ms(module, sizes.import_runs, env=env)
    except subprocess.CalledProcessError as error:
        return not_measured(
            measure, target, f"import failed: {error.stderr.strip()[-200:]}", others
        )
    notable = ", ".join(loaded["notable"]) or "none"
    note = (
        f"{loaded['file']}: {loaded['count']} modules loaded, among them {notable} "
        f"(of {', '.join(ours.NOTABLE_MODULES)})"
    )
    return Row(measure, f"{overhead:,.1f} ms", others, target, verdict(overhead <= 25), note)


def startup_probe(kind: str, workdir: Path, run: int) -> float:
    """Seconds from launching the service process to its `immediately` handler's entry."""
    out, log = workdir / f"start-{kind}-{run}.json", workdir / f"start-{kind}-{run}.log"
    launched = time.time()
    with running(
        child_argv(kind, SERVICES[kind]), child_env("immediately", 1, out), log
    ) as process:
        return wait_for_report(out, process, log, timeout=60)["fired"] - launched


def startup_rows(sizes: Sizes, _artefacts: dict) -> list[Row]:
    """Process start → first `immediately` fire, median of runs, ours against tomodachi."""
    measure, target = (
        f"process start → first `immediately` fire (median of {sizes.startup_runs})",
        "≤ 0.15 s",
    )
    medians: dict[str, float | str] = {}
    with tempfile.TemporaryDirectory(prefix="bench-start-") as workdir:
        for kind in SERVICES:
            try:
                medians[kind] = statistics.median(
                    startup_probe(kind, Path(workdir), run) for run in range(sizes.startup_runs)
                )
            except ChildFailed as failure:
                medians[kind] = f"not measured: {failure}"
    shown = {
        kind: value if isinstance(value, str) else ms(value) for kind, value in medians.items()
    }
    others = f"tomodachi {shown['tomodachi']} (python -m tomodachi run --production)"
    if isinstance(medians["ours"], str):
        return [not_measured(measure, target, shown["ours"].removeprefix("not measured: "), others)]
    return [Row(measure, shown["ours"], others, target, verdict(medians["ours"] <= 0.15))]
