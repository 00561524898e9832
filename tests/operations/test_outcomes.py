"""How a run ended, as the per-fire log and metrics see it: every outcome, from real parts."""

from __future__ import annotations

import asyncio
from datetime import datetime, timezone
from pathlib import Path

from tomodachi_schedule.runtime.clock import FakeClock
from tomodachi_schedule.runtime.cluster.claims import from_ms
from tomodachi_schedule.runtime.cluster.config import store_from_url
from tomodachi_schedule.runtime.cluster.gate import Coordinator
from tomodachi_schedule.runtime.cluster.options import Exclusive
from tomodachi_schedule.runtime.engine.schedules import Interval
from tomodachi_schedule.runtime.firing.runs import Runs
from tomodachi_schedule.runtime.jobs import Fire, Job
from tomodachi_schedule.runtime.observe import (
    CLAIMED_ELSEWHERE,
    MISSED,
    FireEvents,
    Refusal,
)
from tomodachi_schedule.runtime.observe.table import store_label
from tomodachi_schedule.runtime.options import JobOptions

T0 = 1_800_000_000_000
NOMINAL = from_ms(T0)


class Recorded:
    """A FireSink that keeps what it was told."""

    def __init__(self) -> None:
        self.events: list[tuple] = []

    def wants(self):
        return True

    def started(self, job, fire, late):
        self.events.append(("started", job.name, late))

    def finished(self, job, fire, outcome, seconds):
        self.events.append(("finished", job.name, outcome, seconds))


class Clock:
    def __init__(self, ms: int) -> None:
        self.ms = ms

    def now(self):
        return from_ms(self.ms)


def test_the_cluster_gate_says_why_a_fire_did_not_run_here(tmp_path):
    url = f"sqlite://{tmp_path / 'claims.db'}"
    clock = Clock(T0 + 100)

    async def scenario():
        first, second = (
            Coordinator(store_from_url(url), clock=clock).gate(Exclusive()) for _ in "ab"
        )
        fire = Fire("billing", "invoices", NOMINAL)
        answers = [await first.enter(fire), await second.enter(fire)]
        clock.ms = T0 + 3_600_000  # an hour late: past the default 60 s grace
        answers.append(await first.enter(Fire("billing", "invoices", from_ms(T0 + 60_000))))
        for gate in (first, second):
            await gate.coordinator.close()
        return answers

    won, lost, late = asyncio.run(scenario())
    assert won is True
    assert not lost and lost.outcome == CLAIMED_ELSEWHERE and lost == False  # noqa: E712
    assert not late and late.outcome == MISSED


def test_runs_report_a_refused_fire_with_the_gates_reason():
    class Elsewhere:
        async def enter(self, fire):
            return Refusal(CLAIMED_ELSEWHERE)

        async def exit(self, fire, outcome, error):
            raise AssertionError("exit is only for fires that ran")

    ran = []

    async def handler(fire):
        ran.append(fire)

    sink = Recorded()
    clock = FakeClock(datetime(2026, 1, 1, tzinfo=timezone.utc))

    async def scenario():
        runs = Runs(clock)
        runs.events = FireEvents(clock, [sink])
        job = Job(service="s", name="j", schedule=Interval(every=60), call=handler,
                  options=JobOptions(), gate=Elsewhere())  # fmt: skip
        task = runs.start(job, job.fire(clock.now()))
        await task

    asyncio.run(scenario())
    assert ran == []
    assert sink.events[0][:2] == ("started", "j")
    assert sink.events[-1][:3] == ("finished", "j", CLAIMED_ELSEWHERE)


def test_coordinator_urls_are_shown_without_their_password():
    redis = store_from_url("redis://worker:s3cret@redis.internal:6379/0")
    assert store_label(redis) == "redis://worker:***@redis.internal:6379/0"
    relative = store_from_url("sqlite:claims/here.db")
    assert store_label(relative) == f"sqlite://{Path.cwd() / 'claims' / 'here.db'}"


def test_per_fire_lines_are_capped_per_second_and_the_rest_counted(caplog):
    from tomodachi_schedule.runtime.observe import FireLog

    now = [100.0]
    log = FireLog(lines_per_second=6, monotonic=lambda: now[0])
    job = Job(service="s", name="j", schedule=Interval(every=1), call=None, options=JobOptions())
    fire = Fire("s", "j", NOMINAL)
    with caplog.at_level("INFO", logger="tomodachi_schedule.fires"):
        wanted = [log.wants() for _ in range(5)]  # room for three fires' two lines each
        for _ in range(3):
            log.started(job, fire, 0.001)
            log.finished(job, fire, "ok", 0.002)
        now[0] += 1.1  # the next second
        assert log.wants()
    assert wanted == [True, True, True, False, False]
    messages = [record.getMessage() for record in caplog.records]
    assert sum("started fire" in m for m in messages) == 3
    assert messages[-1] == (
        "4 per-fire line(s) left out: more than 6 a second (metrics count every fire; --quiet "
        "turns the lines off)"
    )
