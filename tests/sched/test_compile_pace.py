"""The compile commands' collector pace: raised while they run, put back after, never off."""

from __future__ import annotations

import gc

import pytest

from tomodachi_schedule.compiler.cli import collector
from tomodachi_schedule.compiler.cli.collector import COMPILE_THRESHOLD, fewer_collections
from tomodachi_schedule.compiler.cli.registry import main


def test_the_thresholds_are_raised_inside_and_come_back_after():
    before = gc.get_threshold()
    with fewer_collections():
        inside = gc.get_threshold()
        assert gc.isenabled()
    assert inside[0] >= COMPILE_THRESHOLD and inside[1:] == before[1:]
    assert gc.get_threshold() == before


def test_they_come_back_after_an_error_too():
    before = gc.get_threshold()
    with pytest.raises(RuntimeError), fewer_collections():
        raise RuntimeError("boom")
    assert gc.get_threshold() == before


def test_a_higher_threshold_set_by_the_caller_is_kept(monkeypatch):
    before = gc.get_threshold()
    try:
        gc.set_threshold(COMPILE_THRESHOLD * 2, *before[1:])
        with fewer_collections():
            assert gc.get_threshold()[0] == COMPILE_THRESHOLD * 2
    finally:
        gc.set_threshold(*before)


def test_compile_and_check_run_inside_it(tmp_path, monkeypatch, capsys):
    seen = []
    real = collector.fewer_collections

    def watched():
        seen.append("entered")
        return real()

    monkeypatch.setattr("tomodachi_schedule.compiler.cli.sched_commands.fewer_collections", watched)
    sched = tmp_path / "pace.sched"
    sched.write_text('service "pace" {\n    beat: 20 -> pace_jobs:beat\n}\n')
    (tmp_path / "pace_jobs.py").write_text("def beat():\n    pass\n")
    before = gc.get_threshold()
    assert main([str(sched)]) == 0
    assert main(["check", str(sched)]) == 0
    assert seen == ["entered", "entered"] and gc.get_threshold() == before
    assert (tmp_path / "pace.py").exists()
