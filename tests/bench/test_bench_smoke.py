"""CI smoke run of the benchmarks: tiny sizes, no thresholds — proves every family's scripts run
against every contender and store, and that the table and the page render; one family, contender
or store per test, so no test takes more than a few seconds.

Marked ``bench``: the default run includes it, ``-m "not bench"`` leaves it out.
"""

from __future__ import annotations

import glob
import importlib.util
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

from bench import claims, footprint, lateness, measure, report, run, stores  # noqa: E402
from bench.page import write_page  # noqa: E402
from bench.plot import plot_lateness  # noqa: E402

FAMILY_MARKERS = {  # a text every family's rows carry, whatever the verdict
    "nextfire-utc": "next-fire calls/s, UTC",
    "nextfire-dst": "next-fire calls/s, Europe/Stockholm",
    "chain": "chained next_after",
    "iterate": "iterate 200 fires",
    "parse": "distinct cron specs/s",
    "one-spec": "one spec through parse_schedule",
    "compile": ".sched",
    "generated-import": "import a generated",
    "lateness": "fire lateness",
    "idle": "idle CPU",
    "memory": "memory per distinct calendar",
    "imports": "import tomodachi_schedule.runtime + Calendar",
    "startup": "first `immediately` fire",
    "claims": "SQLite: claims/s",
    "plan": "plan a day of",
}


CONTENDERS = ("croniter", "apscheduler", "tomodachi")
MISSING = [name for name in CONTENDERS if importlib.util.find_spec(name) is None]
needs_contenders = pytest.mark.skipif(
    bool(MISSING),
    reason=f"benchmark contender(s) not installed: {', '.join(MISSING)} (pip install -e '.[bench]')",
)
pytestmark = pytest.mark.bench


# lateness, idle and claims start a process or a server per contender or store: each is its own
# test below (one whole family would take 7-20 s), the other families run whole
SPLIT_FAMILIES = ("lateness", "idle", "claims")
LATENESS_COUNT = 50


def rendered(rows: list[report.Row]) -> str:
    text = report.console_table(rows)
    assert run.HARNESS_ERROR not in text, text
    return text


@needs_contenders
@pytest.mark.parametrize("family", [name for name in run.FAMILIES if name not in SPLIT_FAMILIES])
def test_each_family_runs_and_prints_its_rows(family) -> None:
    text = rendered(run.run_family(family, measure.QUICK, {}))
    assert FAMILY_MARKERS[family] in text


@needs_contenders
@pytest.mark.parametrize("contender", list(lateness.CONTENDERS))
def test_lateness_of_each_contender_is_measured_and_rendered(contender, tmp_path) -> None:
    fired = lateness.fire_run(contender, LATENESS_COUNT, measure.QUICK, tmp_path, 0)
    assert fired["nominal"], fired  # it fired inside the window
    reports = {(contender, LATENESS_COUNT): [fired]}
    rows = [
        lateness.count_row(LATENESS_COUNT, reports),
        lateness.instant_row(LATENESS_COUNT, reports),
    ]
    text = rendered(rows)
    figures = lateness.summary(lateness.lateness_of(fired), fired)
    assert FAMILY_MARKERS["lateness"] in text and figures in text
    assert any(character.isdigit() for character in figures), figures


@needs_contenders
@pytest.mark.parametrize("kind", list(footprint.SERVICES))
def test_idle_cpu_and_memory_of_each_contender_are_measured(kind, tmp_path) -> None:
    probe = footprint.idle_pair(kind, measure.QUICK, tmp_path)
    assert isinstance(probe, dict), probe
    assert probe["cpu"] >= 0 and probe["per_schedule"] > 0, probe
    for figures in (footprint.cpu_figures(probe), footprint.memory_figures(probe)):
        assert any(character.isdigit() for character in figures), figures


def _server(name: str, tmp_path: Path):
    binary = {"Redis": "redis-server", "PostgreSQL": "initdb", "etcd (3 members)": "etcd"}[name]
    if name == "PostgreSQL":
        found = shutil.which(binary) or glob.glob("/usr/lib/postgresql/*/bin/initdb")
    else:
        found = shutil.which(binary)
    if not found:
        pytest.skip(f"no {binary} binary on this machine (.ci/run installs it)")
    if name == "Redis":
        return claims.temporary_redis(tmp_path)
    return stores.temporary_postgres() if name == "PostgreSQL" else stores.temporary_etcd()


@pytest.mark.parametrize("store", ["SQLite", "Redis", "PostgreSQL", "etcd (3 members)"])
def test_claims_of_each_store_are_measured(store, tmp_path) -> None:
    if store == "SQLite":
        row = claims.claim_row(store, f"sqlite://{tmp_path}/claims.db", measure.QUICK.claims)
    else:
        with _server(store, tmp_path) as url:
            row = claims.claim_row(store, url, measure.QUICK.claims)
    text = rendered([row])
    assert f"{store}: claims/s" in text and "claims won" in text, text


def test_the_command_writes_the_page_outside_the_docs(tmp_path) -> None:
    result = subprocess.run(
        [sys.executable, str(REPO / "bench" / "run.py"), "--quick", "--only", "parse"]
        + ["--out", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=REPO,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    page = (tmp_path / "performance.md").read_text()
    assert "| measure | ours | compared with | target | status | note |" in page
    assert "- machine: " in page and "- command: `python bench/run.py --quick" in page
    assert "- code measured: " in page and FAMILY_MARKERS["parse"] in page


def test_the_page_shows_the_lateness_plot(tmp_path) -> None:
    pytest.importorskip(
        "matplotlib", reason="the plot needs matplotlib (pip install -e '.[bench]')"
    )
    samples = {"ours ×50": [0.0004, 0.0011, 0.0009], "floor ×50": [0.0002, 0.0003, 0.0002]}
    plot = plot_lateness(samples, tmp_path / "img" / "lateness.png")
    assert plot is not None and plot.read_bytes().startswith(b"\x89PNG")
    write_page(tmp_path / "performance.md", [], "python bench/run.py", plot, {}, measure.QUICK)
    page = (tmp_path / "performance.md").read_text()
    assert "![fire lateness per contender](img/lateness.png)" in page


def test_percentile_is_nearest_rank() -> None:
    values = [float(v) for v in range(1, 101)]
    assert measure.percentile(values, 0.5) == 50.0
    assert measure.percentile(values, 0.99) == 99.0
    assert measure.percentile([3.0], 0.99) == 3.0


def test_spread_is_last_entry_per_instant() -> None:
    run = {
        "nominal": [10.0, 10.0, 11.0],
        "entry": [10.001, 10.004, 11.002],
        "count": 2,
        "window": [10.0, 12.0],
    }
    assert sorted(round(s, 6) for s in lateness.spread_of(run)) == [0.002, 0.004]
    assert lateness.lost(run) == ", only 3/4 fires"


def test_duplicate_fires_are_flagged_and_fail_the_target() -> None:
    run = {"nominal": [10.0, 10.0, 10.0], "entry": [10.001] * 3, "count": 1, "window": [10.0, 11.0]}
    assert lateness.delivery(run) == (0, 2)
    assert "2 DUPLICATE fires" in lateness.lost(run)
    assert not lateness.exactly_once(run)


def test_markdown_table_escapes_pipes() -> None:
    row = report.Row("a | b", "1", "—", "≥ 2", report.MISSED)
    assert "| a \\| b | 1 | — | ≥ 2 | MISSED |  |" in report.markdown_table([row])


def test_only_update_docs_writes_the_tracked_page() -> None:
    assert run.output_folder(run.arguments([])) == REPO / "build" / "bench"
    assert run.output_folder(run.arguments(["--out", "/tmp/x"])) == Path("/tmp/x")
    assert run.output_folder(run.arguments(["--update-docs"])) == REPO / "docs"


def test_the_cold_rows_specs_take_the_paths_they_are_named_for() -> None:
    """The cold row's grammar spec goes through lark and the quick ones do not: a quick reader
    that learns the grammar's spec would make that row silently cheaper."""
    from bench import one_spec

    used = {
        kind: one_spec.child_run([spec], 0)["lark"]
        for kind, spec in one_spec.COLD.items()
        if kind != "timestamp"
    }
    assert used == {"cron": False, "English the quick reader takes": False, one_spec.GRAMMAR: True}
