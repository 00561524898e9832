"""The runner talks: its schedule table at start and a line per run, in real processes."""

from __future__ import annotations

import json
import shutil
import signal
import subprocess
from pathlib import Path

import pytest
from ops_support import RUN
from svc_support import ServiceProcess

ROOT = Path(__file__).resolve().parents[2]


def test_start_table_and_a_line_per_run_with_every_outcome(ops_service):
    process = ops_service()
    process.wait_for("5 schedule(s):", timeout=4)
    header = process.wait_for("SERVICE")
    for column in ("SCHEDULE", "SPEC", "ZONE", "OVERLAP", "EXCLUSIVE", "NEXT FIRE"):
        assert column in header
    shared = process.wait_for("ops      shared")
    assert "every 2 seconds" in shared and "yes" in shared
    coordinator = process.wait_for("coordinator for exclusive schedules:")
    db = ops_service.tmp / "state" / "tomodachi-schedule" / "claims.db"
    assert coordinator.endswith(f"sqlite://{db}")  # the default file, by its full path
    process.wait_for("ops.fine: started fire")
    process.wait_for("ops.broken: finished fire")
    process.wait_for("ops.long: finished fire", timeout=4)
    process.signal(signal.SIGTERM)
    assert process.finish() == 0
    out = process.output
    assert "ops.fine: finished fire" in out and ": ok in " in out
    assert "ops.broken: finished fire" in out and ": failed in " in out
    assert "ops.slow: finished fire" in out and ": timed out in " in out
    assert "ops.long: finished fire" in out and ": skipped (still running) in " in out


def test_quiet_keeps_problems_but_drops_the_per_run_lines(ops_service):
    process = ops_service("--quiet")
    process.wait_for("started ops: 5 schedule(s)", timeout=4)
    process.wait_for("run for", timeout=3)  # broken's failure or slow's timeout: still logged
    process.signal(signal.SIGTERM)
    assert process.finish() == 0
    assert "started fire" not in process.output and "finished fire" not in process.output


def test_json_log_lines_carry_the_same_fields(ops_service):
    process = ops_service("--log-format", "json")
    process.wait_for('"kind": "finished"', timeout=4)
    process.wait_for('"outcome": "failed"', timeout=3)
    process.signal(signal.SIGTERM)
    assert process.finish() == 0
    records = [json.loads(line) for line in process.lines if line.startswith("{")]
    assert len(records) == len([line for line in process.lines if line.strip()])  # all JSON
    table = next(r for r in records if r.get("kind") == "schedules")
    assert {row["schedule"] for row in table["schedules"]} == {
        "fine", "broken", "slow", "long", "shared"
    }  # fmt: skip
    assert set(table["schedules"][0]) == {
        "service", "schedule", "spec", "zone", "overlap", "exclusive", "next_fire"
    }  # fmt: skip
    assert table["coordinators"][0].startswith("sqlite:///")
    started = next(r for r in records if r.get("kind") == "started")
    assert {"service", "schedule", "fire", "late_ms", "catch_up"} <= set(started)
    finished = [r for r in records if r.get("kind") == "finished"]
    assert {"ok", "failed"} <= {r["outcome"] for r in finished}
    assert all(isinstance(r["duration_ms"], float) for r in finished)


def test_list_prints_the_table_and_runs_nothing(ops_service):
    result = subprocess.run(
        [*RUN, str(ops_service.path), "--list"], capture_output=True, text=True, timeout=20
    )
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].split()[:3] == ["SERVICE", "SCHEDULE", "SPEC"]
    assert [line.split()[1] for line in lines[1:6]] == ["fine", "broken", "slow", "long", "shared"]
    assert lines[-1].startswith("coordinator for exclusive schedules: sqlite:///")
    assert not (ops_service.tmp / "modules.json").exists()  # no handler ran


@pytest.mark.skipif(shutil.which("tomodachi") is None, reason="tomodachi is not installed")
def test_under_tomodachi_run_the_same_lines_go_through_its_logging():
    process = ServiceProcess(
        "tomodachi", "run", "--production", "examples/tomodachi_service.py", cwd=str(ROOT)
    )
    try:
        process.wait_for("3 schedule(s):", timeout=20)
        process.wait_for("every_second  ")  # the table's rows follow in the same record
        line = process.wait_for("every_second: finished fire", timeout=5)
        assert "tomodachi_schedule.fires" in line  # tomodachi's renderer names our logger
        assert "outcome" in line and "duration_ms" in line  # fields as structlog key=values
        process.signal(signal.SIGTERM)
        assert process.finish() == 0
    finally:
        process.kill()
