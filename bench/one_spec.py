"""One spec at a time (issue 11's budget: one spec <= 1 ms): every spec of the test corpus timed
alone through parse_schedule, warm (in a process that has read other specs) and cold (the first
spec of a fresh process)."""

from __future__ import annotations

import json
import re
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from bench import ours
from bench.measure import Sizes, median, percentile
from bench.report import INFO, Row, not_measured, verdict

REPO = Path(__file__).resolve().parent.parent
CHILD = REPO / "bench" / "children" / "one_spec.py"
CASES = REPO / "tests" / "language" / "cases"
# which fields of each corpus file hold a spec (the others hold meanings, zones, instants)
SPEC_FIELDS = {
    "phrases.txt": "first",
    "fires.txt": "first",
    "equivalent.txt": "all",
    "errors.txt": "line",
    "ambiguous.txt": "first",
    "near_miss.txt": "all",
}
# the first spec of a fresh process, one of each path a spec can take; the grammar's spec must be
# one the quick readers decline (the row says so if a run did not import lark)
GRAMMAR = "English through the grammar"
COLD = {
    "cron": "5 4 * * mon-fri",
    "English the quick reader takes": "every weekday at 09:00",
    GRAMMAR: "fortnightly on monday at 09:00 starting 2027-01-04",
    "timestamp": "22:15:30",
}
BUDGET_NS = 1_000_000


def corpus_specs() -> list[str]:
    """Every distinct spec written in the language tests' corpus files, sorted."""
    specs: dict[str, None] = {}
    for name, fields in SPEC_FIELDS.items():
        for line in (CASES / name).read_text(encoding="utf-8").splitlines():
            if not line.strip() or line.startswith("#"):
                continue
            parts = [line] if fields == "line" else re.split(r";;|==|;", line)
            for part in parts[:1] if fields == "first" else parts:
                specs[part.strip()] = None
    return sorted(specs)


def child_run(specs: list[str], seed: int) -> dict:
    """One fresh process timing ``specs`` once each in the order ``seed`` shuffles them to."""
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as file:
        json.dump(specs, file)
    command = [sys.executable, str(CHILD), file.name, str(seed)]
    done = subprocess.run(command, capture_output=True, text=True, cwd=REPO, env=ours.python_env())
    Path(file.name).unlink()
    if done.returncode != 0:
        raise ours.Unavailable(f"the one-spec child failed: {done.stderr.strip()[-300:]}")
    return json.loads(done.stdout)


def one_spec_rows(sizes: Sizes, _artefacts: dict) -> list[Row]:
    """Warm: each corpus spec's median over runs; cold: the first spec of fresh processes."""
    measure = "one spec through parse_schedule, every accepted spec of the test corpus (warm)"
    try:
        specs = corpus_specs()[: sizes.parse_specs]
        runs = [child_run(specs, seed) for seed in range(sizes.repeats)]
        cold = {
            kind: [child_run([spec], 0) for _ in range(sizes.repeats)]
            for kind, spec in COLD.items()
        }
    except (ours.Unavailable, OSError, ValueError) as failed:
        return [not_measured(measure, "≤ 1 ms each", str(failed))]
    return [*_warm_rows(measure, specs, runs), _cold_row(cold)]


def _warm_rows(measure: str, specs: list[str], runs: list[dict]) -> list[Row]:
    each = {spec: statistics.median(run["times"][spec][0] for run in runs) for spec in specs}
    accepted = {spec for spec in specs if runs[0]["times"][spec][1]}
    conditions = (
        f"{len(runs)} fresh processes, each parsing every spec once in its own random order after "
        "importing the compiler; a spec's figure is its median over the processes, CPU time; "
        "first-use costs in a process (a grammar terminal's pattern, a zone's file) fall on "
        "whichever spec meets them first"
    )
    ok_times = [each[spec] for spec in accepted]
    refused = [each[spec] for spec in specs if spec not in accepted]
    return [
        Row(
            measure,
            _summary(ok_times),
            "—",
            "≤ 1 ms each",
            verdict(max(ok_times, default=0) <= BUDGET_NS),
            f"{len(ok_times)} specs; {conditions}; slowest: {_slowest(each, accepted)}",
        ),
        Row(
            "one spec through parse_schedule, every refused spec of the test corpus (warm)",
            _summary(refused),
            "—",
            "—",
            INFO,
            f"{len(refused)} specs, the error and its hint included; {conditions}; slowest: "
            + _slowest(each, set(specs) - accepted),
        ),
    ]


def _cold_row(cold: dict[str, list[dict]]) -> Row:
    parts = []
    for kind, runs in cold.items():
        first = median([run["times"][run["first"]][0] / 1e6 for run in runs])
        missed = kind == GRAMMAR and not all(run["lark"] for run in runs)
        parts.append(
            f"{kind} `{COLD[kind]}` {first:.1f} ms" + (" (lark not used)" if missed else "")
        )
    imports = median([run["import_ns"] / 1e6 for runs in cold.values() for run in runs])
    return Row(
        "one spec through parse_schedule, the first spec of a fresh process (cold)",
        "; ".join(parts),
        "—",
        "—",
        INFO,
        f"after importing the compiler ({imports:.1f} ms, not included); the first spec loads "
        "what its path needs (readers, the grammar's parser from its cache, lark); median of "
        "fresh processes, CPU time",
    )


def _summary(times: list[float]) -> str:
    if not times:
        return "—"
    shown = [median(times), percentile(times, 0.95), percentile(times, 0.99), max(times)]
    return "median {:.2f} / p95 {:.2f} / p99 {:.2f} / max {:.2f} ms".format(
        *(t / 1e6 for t in shown)
    )


def _slowest(each: dict[str, float], among: set[str], count: int = 3) -> str:
    worst = sorted(among, key=each.__getitem__, reverse=True)[:count]
    # a "|" would end the cell of the table this note is shown in
    return ", ".join(f"`{spec.replace('|', '¦')}` {each[spec] / 1e6:.2f} ms" for spec in worst)
