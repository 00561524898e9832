"""The compile commands' collector pace: raised while they run, put back after, never off."""

from __future__ import annotations

import gc
import subprocess
import sys

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


# In a fresh process, as `tomodachi-compile` runs: the compile command's module is imported when the
# command runs (and with it the runtime's generated interface, whose metaclass paces the collector
# for generated class bodies), then the compile sets its own pace, lowered here so that a small
# file sees several collections.
PACED_COMPILE = (
    "import contextlib, gc, sys\n"
    "from tomodachi_schedule.compiler.cli import collector\n"
    "from tomodachi_schedule.compiler.cli.registry import main\n"
    "assert 'tomodachi_schedule.runtime.generated' not in sys.modules\n"
    "collector.COMPILE_THRESHOLD = 1_000\n"
    "seen, inside, paced = [], [], collector.fewer_collections\n"
    "@contextlib.contextmanager\n"
    "def watched():\n"
    "    with paced():\n"
    "        inside.append(True)\n"
    "        yield\n"
    "        inside.clear()\n"
    "collector.fewer_collections = watched  # before the command's module imports it\n"
    "def record(phase, _):\n"
    "    if phase == 'start' and inside:\n"
    "        seen.append(gc.get_threshold()[0])\n"
    "gc.callbacks.append(record)\n"
    "status = main([sys.argv[1]])\n"
    "print(status, len(seen), sorted(set(seen)))\n"
)


def test_the_pace_holds_through_a_whole_compile_in_a_fresh_process(tmp_path):
    entries = "".join(f'    job_{i}: "{i % 50} 3 * * *" -> pace_jobs:job_{i}\n' for i in range(100))
    sched = tmp_path / "pace.sched"
    sched.write_text(f'service "pace" {{\n{entries}}}\n')
    (tmp_path / "pace_jobs.py").write_text("".join(f"def job_{i}(): pass\n" for i in range(100)))
    result = subprocess.run(
        [sys.executable, "-c", PACED_COMPILE, str(sched)],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=60,
    )
    status, collections, thresholds = result.stdout.split(" ", 2)
    assert status == "0", result.stderr
    # every collection of the compile ran at its pace: nothing put back the default 700
    assert int(collections) > 1 and thresholds.strip() == "[1000]"
