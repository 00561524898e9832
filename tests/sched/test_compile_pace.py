"""The compile commands pause the cyclic collector while they run, and leave it as they found it;
what makes that safe: a compile makes no cyclic garbage that grows with the file."""

from __future__ import annotations

import gc
import subprocess
import sys

import pytest

from tomodachi_schedule.compiler.cli import collector
from tomodachi_schedule.compiler.cli.collector import collector_paused
from tomodachi_schedule.compiler.cli.registry import main


@pytest.fixture
def collecting():
    was = gc.isenabled()
    yield
    (gc.enable if was else gc.disable)()


@pytest.mark.parametrize("enabled", [True, False])
def test_paused_inside_and_as_it_was_after(collecting, enabled):
    (gc.enable if enabled else gc.disable)()
    with collector_paused():
        assert not gc.isenabled()
    assert gc.isenabled() is enabled


def test_back_after_an_error_too(collecting):
    gc.enable()
    with pytest.raises(RuntimeError), collector_paused():
        raise RuntimeError("boom")
    assert gc.isenabled()


def test_compile_and_check_run_inside_it(tmp_path, monkeypatch, collecting):
    seen = []
    real = collector.collector_paused

    def watched():
        seen.append("entered")
        return real()

    monkeypatch.setattr("tomodachi_schedule.compiler.cli.sched_commands.collector_paused", watched)
    sched = tmp_path / "pace.sched"
    sched.write_text('service "pace" {\n    beat: 20 -> pace_jobs:beat\n}\n')
    (tmp_path / "pace_jobs.py").write_text("def beat():\n    pass\n")
    gc.enable()
    assert main([str(sched)]) == 0
    assert main(["check", str(sched)]) == 0
    assert seen == ["entered", "entered"] and gc.isenabled()
    assert (tmp_path / "pace.py").exists()


# In a fresh process, as `tomodachi-compile` runs, the collector off from the start: the objects a
# collection after the command finds unreachable (cyclic garbage the command left).
CYCLIC_GARBAGE = (
    "import contextlib, gc, io, sys\n"
    "gc.collect()\n"
    "gc.disable()\n"
    "from tomodachi_schedule.compiler.cli.registry import main\n"
    "with contextlib.redirect_stderr(io.StringIO()):\n"
    "    status = main(sys.argv[1:])\n"
    "print(status, gc.collect())\n"
)

SPECS = (
    "{m} 3 * * mon-fri",  # a plain cron
    "every weekday at 09:{m:02d}",  # English, the quick reader
    "fortnightly on monday at 09:{m:02d} starting 2027-01-04",  # English, lark
    "every blursday at 09:{m:02d}",  # an error, with its hint
)


def _cyclic_garbage(tmp_path, entries: int, spec: str) -> tuple[int, int]:
    lines = "".join(
        f'    job_{i}: "{spec.format(m=i % 60)}" -> pace_jobs:job\n' for i in range(entries)
    )
    folder = tmp_path / f"{entries}-{SPECS.index(spec)}"
    folder.mkdir()
    (folder / "pace.sched").write_text(f'service "pace" {{\n{lines}}}\n')
    (folder / "pace_jobs.py").write_text("def job():\n    pass\n")
    result = subprocess.run(
        [sys.executable, "-c", CYCLIC_GARBAGE, "pace.sched"],
        capture_output=True,
        text=True,
        cwd=folder,
        timeout=60,
    )
    status, found = result.stdout.split()
    return int(status), int(found)


@pytest.mark.parametrize("spec", SPECS)
def test_a_compile_makes_no_cyclic_garbage_that_grows_with_the_file(tmp_path, spec):
    small_status, small = _cyclic_garbage(tmp_path, 20, spec)
    large_status, large = _cyclic_garbage(tmp_path, 400, spec)
    assert small_status == large_status == (1 if "blursday" in spec else 0)
    # 380 more entries leave at most a few more objects (a cycle an entry would leave 380+)
    assert large - small < 50, (small, large)
