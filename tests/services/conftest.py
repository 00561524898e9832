"""Fixtures for the services tests: a fake clock, a scheduler on it, and recording jobs."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from svc_support import START, Recorder, every_seconds  # noqa: E402

from tomodachi_schedule.runtime.clock import FakeClock  # noqa: E402
from tomodachi_schedule.runtime.jobs import Job  # noqa: E402
from tomodachi_schedule.runtime.options import JobOptions  # noqa: E402
from tomodachi_schedule.runtime.scheduling import Scheduler  # noqa: E402


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(START)


@pytest.fixture
def make_job(clock: FakeClock):
    def make(schedule=None, *, name="job", takes=0.0, fails=False, gate=None, **options):
        recorder = Recorder(clock, takes=takes, fails=fails)
        job = Job(
            service="svc",
            name=name,
            schedule=schedule if schedule is not None else every_seconds(10),
            call=recorder,
            options=JobOptions.build(**options),
            gate=gate,
        )
        return job, recorder

    return make


@pytest.fixture
def scheduler(clock: FakeClock) -> Scheduler:
    return Scheduler(clock)
