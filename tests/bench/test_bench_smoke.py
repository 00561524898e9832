"""CI smoke run of the benchmarks: tiny sizes, no thresholds — proves the scripts run and the table renders.

Marked ``bench``: the default run includes it, ``-m "not bench"`` leaves it out.
"""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

from bench import lateness, measure, report, run  # noqa: E402

FAMILY_MARKERS = {  # a text every family's rows carry, whatever the verdict
    "nextfire-utc": "next-fire calls/s, UTC",
    "nextfire-dst": "next-fire calls/s, Europe/Stockholm",
    "chain": "chained next_after",
    "iterate": "iterate 200 fires",
    "parse": "distinct cron specs/s",
    "compile": ".sched",
    "generated-import": "import a generated",
    "lateness": "fire lateness",
    "idle": "idle CPU",
    "memory": "memory per distinct calendar",
    "imports": "import tomodachi_schedule.runtime + Calendar",
    "startup": "first `immediately` fire",
    "claims": "SQLite: claims/s",
}


CONTENDERS = ("croniter", "apscheduler", "tomodachi")
MISSING = [name for name in CONTENDERS if importlib.util.find_spec(name) is None]
needs_contenders = pytest.mark.skipif(
    bool(MISSING),
    reason=f"benchmark contender(s) not installed: {', '.join(MISSING)} (pip install -e '.[bench]')",
)
pytestmark = pytest.mark.bench


@pytest.fixture(scope="module")
def quick_run(tmp_path_factory) -> tuple[str, Path]:
    """One `bench/run.py --quick` into a temporary directory: its stdout and the output directory."""
    out = tmp_path_factory.mktemp("bench")
    result = subprocess.run(
        [sys.executable, str(REPO / "bench" / "run.py"), "--quick", "--out", str(out)],
        capture_output=True,
        text=True,
        timeout=600,
        cwd=REPO,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return result.stdout, out


@needs_contenders
def test_every_family_prints_its_rows(quick_run) -> None:
    stdout, _ = quick_run
    missing = [family for family, marker in FAMILY_MARKERS.items() if marker not in stdout]
    assert not missing, stdout


@needs_contenders
def test_no_family_crashed(quick_run) -> None:
    stdout, _ = quick_run
    assert "harness error" not in stdout


@needs_contenders
def test_competitors_and_floor_give_numbers(quick_run) -> None:
    stdout, _ = quick_run
    for contender in ("croniter", "APScheduler", "cronsim", "tomodachi", "floor"):
        line = next(line for line in stdout.splitlines() if contender in line)
        assert any(character.isdigit() for character in line.split(contender, 1)[1]), line


@needs_contenders
def test_page_has_table_machine_and_plot(quick_run) -> None:
    _, out = quick_run
    page = (out / "performance.md").read_text()
    assert "| measure | ours | compared with | target | status | note |" in page
    assert "- machine: " in page and "- command: `python bench/run.py --quick" in page
    assert "- code measured: " in page
    assert "![fire lateness per contender](img/lateness.png)" in page
    assert (out / "img" / "lateness.png").read_bytes().startswith(b"\x89PNG")


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
