"""Fixtures for the operations tests: a service file whose schedules end every way a run can."""

from __future__ import annotations

import sys
import textwrap
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))
sys.path.insert(0, str(Path(__file__).parents[1] / "services"))

from ops_support import OPS_SERVICE, RUN  # noqa: E402
from svc_support import ServiceProcess  # noqa: E402


@pytest.fixture
def ops_service(tmp_path, monkeypatch):
    """Start ``python -m tomodachi_schedule run ops.py ARGS``; processes are killed at the end."""
    path = tmp_path / "ops.py"
    path.write_text(textwrap.dedent(OPS_SERVICE))
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    monkeypatch.setenv("OPS_MODULES", str(tmp_path / "modules.json"))
    monkeypatch.delenv("TOMODACHI_SCHEDULE_COORDINATOR", raising=False)
    started = []

    def start(*args: str) -> ServiceProcess:
        process = ServiceProcess(*RUN, str(path), *args)
        started.append(process)
        return process

    start.path = path  # type: ignore[attr-defined]
    start.tmp = tmp_path  # type: ignore[attr-defined]
    yield start
    for process in started:
        process.kill()
