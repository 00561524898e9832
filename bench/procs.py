"""Child processes for the service benchmarks: start, wait for their report file, read /proc, always kill."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

CHILDREN = Path(__file__).resolve().parent / "children"
REPO = CHILDREN.parent.parent


class ChildFailed(Exception):
    """A child service exited or stayed silent; the message carries the tail of its log."""


def child_argv(contender: str, script: str) -> list[str]:
    """How a user would run each contender's service file."""
    # tomodachi only takes a path relative to the cwd
    path = os.path.relpath(CHILDREN / script, REPO)
    if contender == "tomodachi":
        return [
            sys.executable,
            "-m",
            "tomodachi",
            "run",
            "--production",
            "--loop",
            "asyncio",
            "--log-level",
            "warning",
            path,
        ]
    if contender == "ours":  # at WARNING, as tomodachi above: no per-fire INFO lines
        return [sys.executable, "-m", "tomodachi_schedule", "run", "--log-level", "warning", path]
    return [sys.executable, path]


def child_env(mode: str, count: int, out: Path, **extra: float | str) -> dict[str, str]:
    """The environment that tells a child service what to do (see children/recorder.py)."""
    env = dict(os.environ, BENCH_MODE=mode, BENCH_COUNT=str(count), BENCH_OUT=str(out))
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH")]))
    env.update({f"BENCH_{key.upper()}": str(value) for key, value in extra.items()})
    # installed packages (the competitors, and ours from a wheel) import from bytecode caches;
    # without this an editable checkout would be compiled from source on every start
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


@contextlib.contextmanager
def running(argv: list[str], env: dict[str, str], log: Path) -> Iterator[subprocess.Popen]:
    """Run `argv` from the repository root in its own process group; the group is always killed on the way out."""
    with open(log, "wb") as log_file:
        process = subprocess.Popen(
            argv,
            env=env,
            stdout=log_file,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
            cwd=REPO,
        )
    try:
        yield process
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait()


def wait_for_report(path: Path, process: subprocess.Popen, log: Path, timeout: float) -> dict:
    """The JSON a child writes to `path`, once it appears; ChildFailed if the child dies or times out."""
    deadline = time.monotonic() + timeout
    while not path.exists():
        if process.poll() is not None:
            raise ChildFailed(f"child exited with {process.returncode}: {log_tail(log)}")
        if time.monotonic() > deadline:
            raise ChildFailed(f"no report within {timeout:.0f} s: {log_tail(log)}")
        time.sleep(0.02)
    return json.loads(path.read_text())


def log_tail(log: Path, lines: int = 3) -> str:
    """The last lines of a child's log, joined on one line."""
    try:
        text = log.read_text(errors="replace").strip().splitlines()
    except OSError:
        return "(no log)"
    return " / ".join(line.strip()[:200] for line in text[-lines:]) or "(empty log)"


def cpu_seconds(pid: int) -> float:
    """CPU time of every thread of `pid` so far, in seconds, at nanosecond resolution (schedstat)."""
    total = 0
    for task in Path(f"/proc/{pid}/task").iterdir():
        with contextlib.suppress(OSError):
            total += int((task / "schedstat").read_text().split()[0])
    return total / 1e9


def rss_bytes(pid: int) -> int:
    """Resident set size of `pid` in bytes."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) * 1024
    raise ChildFailed(f"no VmRSS for {pid}")


def settle(pid: int, quiet_share: float = 0.02, limit: float = 90.0) -> float:
    """Wait until `pid` uses under `quiet_share` of a core over one second; the seconds it took."""
    started = time.monotonic()
    while time.monotonic() - started < limit:
        before = cpu_seconds(pid)
        time.sleep(1.0)
        if cpu_seconds(pid) - before < quiet_share:
            break
    return time.monotonic() - started
