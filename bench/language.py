"""The language's speed: distinct specs parsed per second (cron against the other libraries'
constructors, English alone), `.sched` compile time by size, and importing a large generated module.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench import competitors, ours
from bench.measure import Sizes, median, spread
from bench.report import Row, not_measured, number, verdict

# Each form takes a time of day (minute m, hour h): 1,440 distinct specs a form, every spec
# written as each library accepts it, and no integer (an integer never reaches a parser).
CRON_FORMS = (
    "{m} {h} * * mon-fri",
    "{m} {h} * * 1,3,5",
    "{m} {h} 1,15 * *",
    "{m} {h} * jan-jun *",
    "{m} {h} 10-20 * *",
    "{m} {h}-23 * * sat,sun",
    "{m} {h} */2 * *",
    "{m} {h} * * *",
)
ENGLISH_FORMS = (
    "every weekday at {h:02d}:{m:02d}",
    "every day at {h:02d}:{m:02d} in Europe/Stockholm",
    "every monday and thursday at {h:02d}:{m:02d}",
    "at {h:02d}:{m:02d} and {h2:02d}:{m:02d}",
    "every 15 minutes from {h:02d}:{m:02d} to 23:59 on weekdays",
    "every other friday at {h:02d}:{m:02d}",
    "every day at {h:02d}:{m:02d} except on december 25",
    "every year on december 24 at {h:02d}:{m:02d}",
)


def distinct_specs(forms: tuple[str, ...], count: int) -> list[str]:
    """`count` distinct specs, cycling through the forms, each time of day used once per form."""
    specs = []
    for i in range(count):
        form, moment = forms[i % len(forms)], i // len(forms)
        m, h = moment % 60, moment // 60 % 24
        specs.append(form.format(m=m, h=h, h2=(h + 12) % 24))
    if len(set(specs)) != len(specs):
        raise ValueError(f"asked for {count} specs, more than the forms make distinct")
    return specs


def parse_runs(parsers: dict, specs: list[str], runs: int) -> dict[str, list[float]]:
    """Specs per second of each parser in each run, on a fresh slice of `specs` per run, runs
    interleaved; every parser sees every spec of its slice once."""
    size = len(specs) // runs
    rates: dict[str, list[float]] = {name: [] for name in parsers}
    for run in range(runs):
        batch = specs[run * size : (run + 1) * size]
        for name, parse in parsers.items():
            started = time.perf_counter()
            for spec in batch:
                parse(spec)
            rates[name].append(len(batch) / (time.perf_counter() - started))
    return rates


def parse_rows(sizes: Sizes, _artefacts: dict) -> list[Row]:
    """Distinct cron specs against the other libraries' constructors; distinct English alone."""
    cron_measure = "parse + validate + lower, distinct cron specs/s (parse_schedule)"
    english_measure = "parse + validate + lower, distinct English specs/s (parse_schedule)"
    try:
        parse = ours.parse_schedule()
    except ours.Unavailable as missing:
        return [
            not_measured(cron_measure, "≥ 2× croniter's constructor", str(missing)),
            not_measured(english_measure, "≥ 5,000/s", str(missing)),
        ]
    runs = sizes.repeats
    for warm in ("1 2 3 4 5", "every day at 01:02"):  # builds the parsers once, as any process
        parse(warm)
    cron = distinct_specs(CRON_FORMS, sizes.parse_specs * runs)
    rivals = competitors.constructors()
    rates = parse_runs({"ours": parse} | rivals, cron, runs)
    mine = rates.pop("ours")
    ratio = median(mine) / median(rates["croniter"]) if "croniter" in rates else 0.0
    others = "; ".join(
        f"{name} {spread(values, number)}/s ({median(mine) / median(values):.2f}×)"
        for name, values in rates.items()
    )
    english = distinct_specs(ENGLISH_FORMS, sizes.parse_specs * runs)
    english_rates = parse_runs({"ours": parse}, english, runs)["ours"]
    note = f"{len(cron) // runs:,} distinct specs per run and library, none parsed twice"
    return [
        Row(
            cron_measure,
            f"{spread(mine, number)}/s",
            others or "—",
            "≥ 2× croniter's constructor",
            verdict(ratio >= 2),
            note + f"; forms: {', '.join(f'`{form}`' for form in CRON_FORMS)}",
        ),
        Row(
            english_measure,
            f"{spread(english_rates, number)}/s",
            "—",
            "≥ 5,000/s",
            verdict(median(english_rates) >= 5000),
            note + f"; forms: {', '.join(f'`{form}`' for form in ENGLISH_FORMS)}",
        ),
    ]


def sched_source(entries: int, per_service: int = 250) -> str:
    """A `.sched` file of `entries` distinct entries over services of `per_service`."""
    forms = CRON_FORMS + ENGLISH_FORMS
    specs = distinct_specs(forms, entries)
    lines = ['timezone "Europe/Stockholm"', ""]
    for first in range(0, entries, per_service):
        lines.append(f'service "bench-{first // per_service}" {{')
        for i in range(first, min(entries, first + per_service)):
            lines.append(f'    job_{i}: "{specs[i]}" -> bench_handlers:job_{i}')
        lines += ["}", ""]
    return "\n".join(lines)


def handler_source(entries: int) -> str:
    """The handler module the `.sched` file refers to."""
    return "\n".join(f"async def job_{i}() -> None:\n    pass\n" for i in range(entries))


def write_sched(workdir: Path, entries: int) -> Path:
    """Write `bench_schedules.sched` and its handler module into `workdir`; the `.sched` path.

    Not `bench.sched`: its module `bench` would be shadowed by this package when run from the repository.
    """
    (workdir / "bench_handlers.py").write_text(handler_source(entries))
    path = workdir / "bench_schedules.sched"
    path.write_text(sched_source(entries))
    return path


COMPILE_TARGETS = {1_000: 2.0, 10_000: 2.0, 20_000: 4.0}


def compile_rows(sizes: Sizes, _artefacts: dict) -> list[Row]:
    """Wall time of the compiler CLI on generated `.sched` files of each size, 3 runs each."""
    rows = []
    for entries in sizes.sched_entries:
        limit = COMPILE_TARGETS.get(entries)
        measure = f"compile a {entries:,}-entry .sched (tomodachi-compile, whole process)"
        target = f"≤ {limit:g} s" if limit else "—"
        with tempfile.TemporaryDirectory(prefix="bench-sched-") as workdir:
            sched = write_sched(Path(workdir), entries)
            try:
                runs = [ours.compile_sched_times(sched) for _ in range(sizes.repeats)]
            except ours.Unavailable as missing:
                rows.append(not_measured(measure, target, str(missing)))
                continue
        wall, cpu = [run[0] for run in runs], [run[1] for run in runs]
        rows.append(
            Row(
                measure,
                f"CPU {spread(cpu, lambda v: f'{v:.2f}')} s; wall {spread(wall, lambda v: f'{v:.2f}')} s",
                "—",
                target + " (CPU)" if limit else target,
                verdict(median(cpu) <= limit) if limit else "—",
                "whole process: interpreter start, imports, parse, checks, code generation; "
                "distinct cron and English entries. Judged on the process's CPU time (user + "
                "system): on a shared machine the wall time also counts the other processes' turns",
            )
        )
    return rows


def generated_import_rows(sizes: Sizes, _artefacts: dict) -> list[Row]:
    """Import time of a generated module with `sizes.import_entries` entries, warm bytecode."""
    entries = sizes.import_entries
    measure = f"import a generated {entries:,}-entry module (warm .pyc)"
    target = "≤ 300 ms"
    with tempfile.TemporaryDirectory(prefix="bench-gen-") as workdir:
        try:
            generated = ours.generated_module(Path(workdir), entries)
        except ours.Unavailable as missing:
            return [not_measured(measure, target, str(missing))]
        env = ours.python_env(str(generated.parent))
        import_times(generated.stem, env)  # writes the .pyc files
        runs = [import_times(generated.stem, env) for _ in range(sizes.repeats)]
    cpu, wall = [run[0] for run in runs], [run[1] for run in runs]
    return [
        Row(
            measure,
            f"CPU {spread(cpu, lambda v: f'{v:,.0f}')} ms; wall {spread(wall, lambda v: f'{v:,.0f}')} ms",
            "—",
            target + " (CPU)",
            verdict(statistics.median(cpu) <= 300),
            "each run a fresh interpreter importing the module (its handlers included), after one "
            "import that wrote the bytecode; judged on the CPU time of the import (the wall time "
            "on a shared machine also counts the other processes' turns)",
        )
    ]


IMPORT_TIMES = (
    "import time; cpu, wall = time.process_time(), time.perf_counter(); import {module}; "
    "print(1000 * (time.process_time() - cpu), 1000 * (time.perf_counter() - wall))"
)


def import_times(module: str, env: dict) -> tuple[float, float]:
    """(CPU ms, wall ms) of `import module` in a fresh interpreter."""
    result = subprocess.run(
        [sys.executable, "-c", IMPORT_TIMES.format(module=module)],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    cpu, wall = result.stdout.split()
    return float(cpu), float(wall)
