"""The language's speed: parse_schedule specs/s on a mix of notations, and compiling a 1,000-entry `.sched`."""

from __future__ import annotations

import statistics
import tempfile
from pathlib import Path

from bench import ours
from bench.measure import Sizes, best_rates
from bench.report import Row, not_measured, number, verdict

# Spec families, each a template of i (0, 1, 2, ...) that yields distinct specs, so that a cache in
# the compiler, if any, cannot turn the measurement into dictionary lookups.
TEMPLATES = {
    "cron": lambda i: f"{i % 60} {i % 24} * * mon-fri",
    "cron steps": lambda i: f"{i % 7}/{i % 9 + 2} {i % 12}-{i % 12 + 8} * * *",
    "cron last weekday": lambda i: f"{i % 60} {i % 24} * jan,mar Ltue",
    "English weekday": lambda i: f"every weekday at {i % 24:02d}:{i % 60:02d}",
    "English zone": lambda i: f"every day at {i % 24:02d}:{(i * 7) % 60:02d} in Europe/Stockholm",
    "English minutes": lambda i: f"every {i % 90 + 1} minutes",
    "timestamp": lambda i: f"{i % 24:02d}:{i % 60:02d}:{(i * 13) % 60:02d}",
    "interval seconds": lambda i: i % 3600 + 1,
}


def usable_templates(parse) -> tuple[dict, list[str]]:
    """The templates our parser accepts (probed on two specs each) and the names of those it refused."""
    usable, refused = {}, []
    for name, template in TEMPLATES.items():
        try:
            parse(template(1)), parse(template(2))
            usable[name] = template
        except Exception:  # noqa: BLE001 - a refused notation is reported in the row, not hidden
            refused.append(name)
    return usable, refused


def parse_rows(sizes: Sizes, _artefacts: dict) -> list[Row]:
    """parse_schedule throughput over distinct specs cycling through every accepted notation."""
    measure, target = "DSL parse (parse_schedule), specs/s on a mix of notations", "≥ 5,000/s"
    try:
        parse = ours.parse_schedule()
    except ours.Unavailable as missing:
        return [not_measured(measure, target, str(missing))]
    usable, refused = usable_templates(parse)
    if not usable:
        return [not_measured(measure, target, "parse_schedule refused every notation of the mix")]
    templates = list(usable.values())
    specs = [templates[i % len(templates)](i) for i in range(sizes.parse_specs)]
    rate = best_rates({"ours": parse}, specs, sizes)["ours"]
    note = f"{len(specs):,} distinct specs: {', '.join(usable)}"
    if refused:
        note += f"; REFUSED by the parser, left out: {', '.join(refused)}"
    return [Row(measure, f"{number(rate)}/s", "—", target, verdict(rate >= 5000), note)]


def sched_source(entries: int, per_service: int = 250) -> str:
    """A `.sched` file of `entries` entries over services of `per_service`, cycling the notations."""
    templates = list(TEMPLATES.values())
    lines = ['timezone "Europe/Stockholm"', ""]
    for first in range(0, entries, per_service):
        lines.append(f'service "bench-{first // per_service}" {{')
        for i in range(first, min(entries, first + per_service)):
            spec = templates[i % len(templates)](i)
            quoted = spec if isinstance(spec, int) else f'"{spec}"'
            lines.append(f"    job_{i}: {quoted} -> bench_handlers:job_{i}")
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


def compile_rows(sizes: Sizes, _artefacts: dict) -> list[Row]:
    """Wall time of the compiler CLI on a generated `.sched` file (median of three runs)."""
    entries = sizes.sched_entries
    measure, target = (
        f"compile a {entries:,}-entry .sched (tomodachi-compile, whole process)",
        "≤ 2 s",
    )
    with tempfile.TemporaryDirectory(prefix="bench-sched-") as workdir:
        sched = write_sched(Path(workdir), entries)
        try:
            seconds = statistics.median(ours.compile_sched(sched) for _ in range(3))
        except ours.Unavailable as missing:
            return [not_measured(measure, target, str(missing))]
    return [
        Row(
            measure,
            f"{seconds:.2f} s",
            "—",
            target,
            verdict(seconds <= 2.0),
            "median of 3 runs of the whole process: interpreter start, imports, parse, checks, code generation",
        )
    ]
