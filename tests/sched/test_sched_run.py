"""Generated modules in real processes: what importing loads, and the three ways to run them."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import textwrap
import threading
from pathlib import Path

import pytest

from tomodachi_schedule.runtime import GENERATED_API_VERSION

EXAMPLES = Path(__file__).parent.parent.parent / "examples"
# The seed's example prints this at start-up (immediately=True), which shows jobs really run.
STARTED = "Every 20 seconds and immediately"
WAIT = 60  # seconds; a bound on a hung child, not a performance figure


def child_env() -> dict[str, str]:
    """The environment of a child: the repository and examples/ (the handlers) importable."""
    parts = (str(EXAMPLES.parent), str(EXAMPLES), os.environ.get("PYTHONPATH", ""))
    path = os.pathsep.join(p for p in parts if p)
    return {**os.environ, "PYTHONPATH": path, "PYTHONUNBUFFERED": "1"}


def test_importing_a_generated_module_loads_no_compiler_nor_optional_libraries():
    probe = textwrap.dedent("""
        import sys
        import seed, maintenance, multizone, reporting
        heavy = sorted(
            name for name in sys.modules
            if name.split(".")[0] in ("lark", "black", "tomodachi", "redis")
            or name.startswith("tomodachi_schedule.compiler")
        )
        print(",".join(heavy))
        """)
    result = subprocess.run(
        [sys.executable, "-c", probe],
        cwd=EXAMPLES,
        env=child_env(),
        capture_output=True,
        text=True,
        timeout=WAIT,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == ""


def run_until_started(argv: list[str]) -> tuple[int, str]:
    """Start ``argv`` in examples/, wait for the seed's immediate job, SIGTERM it; status, output."""
    child = subprocess.Popen(
        argv,
        cwd=EXAMPLES,
        env=child_env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    seen: list[str] = []
    started = threading.Event()

    def read() -> None:
        for line in child.stdout:
            seen.append(line)
            if STARTED in line:
                started.set()

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    try:
        assert started.wait(WAIT), "".join(seen)
        child.send_signal(signal.SIGTERM)
        status = child.wait(WAIT)
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
    reader.join(WAIT)
    return status, "".join(seen)


def test_runs_as_a_script():
    status, output = run_until_started([sys.executable, "seed.py"])
    assert status == 0, output
    assert "Traceback" not in output


def test_runs_under_the_minimal_runner():
    status, output = run_until_started(
        [sys.executable, "-m", "tomodachi_schedule", "run", "seed.py"]
    )
    assert status == 0, output
    assert "Traceback" not in output


@pytest.mark.skipif(shutil.which("tomodachi") is None, reason="the tomodachi CLI is not installed")
def test_runs_under_real_tomodachi():
    status, output = run_until_started(["tomodachi", "run", "--production", "seed.py"])
    assert status == 0, output
    assert "Traceback" not in output


def test_api_mismatch_is_one_clear_line(tmp_path):
    text = (EXAMPLES / "multizone.py").read_text()
    current = f"require_generated_api({GENERATED_API_VERSION},"
    stale = text.replace(current, "require_generated_api(999,")
    assert stale != text
    (tmp_path / "stale.py").write_text(stale)
    result = subprocess.run(
        [sys.executable, str(tmp_path / "stale.py")],
        cwd=EXAMPLES,
        env=child_env(),
        capture_output=True,
        text=True,
        timeout=WAIT,
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "generated for generated-code API version 999" in result.stderr
    assert "regenerate it with `tomodachi-compile" in result.stderr
