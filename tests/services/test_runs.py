"""Runs on a fake clock: overlap policies, timeouts, failures, gates, shutdown with runs going."""

from __future__ import annotations

import asyncio
import logging

from svc_support import begin, every_seconds, run_for


def test_overlap_skip_is_the_default_and_logged(clock, make_job, scheduler, caplog):
    job, rec = make_job(every_seconds(10), takes=25)
    with caplog.at_level(logging.WARNING, logger="tomodachi_schedule"):
        run_for(clock, scheduler, [job], 60, grace=30)
    # :10 runs until :35, so :20 and :30 are skipped; :40 runs until 1:05, :50 and 1:00 skipped
    assert rec.nominals == ["2026-01-01T00:00:10Z", "2026-01-01T00:00:40Z"]
    skipped = [r for r in caplog.records if "skipped" in r.message]
    assert len(skipped) == 4 and all(r.levelname == "WARNING" for r in skipped)


def test_overlap_allow_runs_alongside(clock, make_job, scheduler):
    job, rec = make_job(every_seconds(10), takes=25, overlap="allow")
    run_for(clock, scheduler, [job], 60, grace=30)
    assert len(rec.fires) == 6
    assert len(rec.finished) == 6


def test_overlap_queue_runs_one_waiting_fire_after_the_current(clock, make_job, scheduler):
    job, rec = make_job(every_seconds(10), takes=25, overlap="queue")
    starts = []
    inner = job.call

    async def call(fire):
        starts.append(clock.time() - 1_767_225_600)
        await inner(fire)

    job.call = call
    run_for(clock, scheduler, [job], 60, grace=100)
    # :10 runs 10-35; :20 queued (runs 35-60); :30 skipped (queue full); :40 queued (60-85) ...
    assert rec.nominals[:3] == [
        "2026-01-01T00:00:10Z",
        "2026-01-01T00:00:20Z",
        "2026-01-01T00:00:40Z",
    ]
    assert starts[:3] == [10, 35, 60]


def test_timeout_cancels_the_run_logs_and_the_schedule_goes_on(clock, make_job, scheduler, caplog):
    job, rec = make_job(every_seconds(10), takes=100, timeout="5s")
    with caplog.at_level(logging.ERROR, logger="tomodachi_schedule"):
        run_for(clock, scheduler, [job], 36)
    assert len(rec.fires) == 3  # each run cancelled at +5 s, so none overlaps the next
    assert rec.finished == []
    assert sum("timeout" in r.message for r in caplog.records) == 3


def test_failing_handler_is_logged_with_traceback_and_keeps_its_schedule(
    clock, make_job, scheduler, caplog
):
    job, rec = make_job(every_seconds(10), fails=True)
    with caplog.at_level(logging.ERROR, logger="tomodachi_schedule"):
        run_for(clock, scheduler, [job], 30)
    assert len(rec.fires) == 3
    failures = [r for r in caplog.records if "failed" in r.message]
    assert len(failures) == 3 and all(r.exc_info for r in failures)


class RecordingGate:
    def __init__(self, admit=True, missed=()):
        self.admit = admit
        self.missed = list(missed)
        self.entered, self.exited = [], []

    async def enter(self, fire):
        self.entered.append(fire)
        return self.admit

    async def exit(self, fire, outcome, error):
        self.exited.append((fire.invocation_time, outcome, error))

    async def catch_up(self, job, now):
        return self.missed


def test_gate_is_asked_before_and_told_after_each_fire(clock, make_job, scheduler):
    gate = RecordingGate()
    ok, _ = make_job(every_seconds(20), name="ok", gate=gate)
    bad, _ = make_job(every_seconds(30), name="bad", fails=True, gate=gate)
    run_for(clock, scheduler, [ok, bad], 30)
    assert [(f.job, f.invocation_time) for f in gate.entered] == [
        ("ok", "2026-01-01T00:00:20Z"),
        ("bad", "2026-01-01T00:00:30Z"),
    ]
    assert gate.exited == [
        ("2026-01-01T00:00:20Z", "ok", None),
        ("2026-01-01T00:00:30Z", "failed", "RuntimeError: handler failed"),
    ]


def test_a_closed_gate_means_the_handler_does_not_run(clock, make_job, scheduler):
    gate = RecordingGate(admit=False)
    job, rec = make_job(every_seconds(10), gate=gate)
    run_for(clock, scheduler, [job], 30)
    assert len(gate.entered) == 3 and rec.fires == [] and gate.exited == []


def test_catch_up_fires_a_gate_asks_for_run_once_each_at_start(clock, make_job, scheduler):
    from svc_support import START

    missed = [START.replace(year=2025, month=12, day=31, hour=23, minute=m) for m in (58, 59)]
    gate = RecordingGate(missed=missed)
    job, rec = make_job(every_seconds(30), takes=1, gate=gate)
    run_for(clock, scheduler, [job], 10)
    assert [(f.invocation_time, f.catch_up) for f in rec.fires] == [
        ("2025-12-31T23:58:00Z", True),
        ("2025-12-31T23:59:00Z", True),
    ]


def test_shutdown_waits_for_running_handlers_within_grace(clock, make_job, scheduler):
    job, rec = make_job(every_seconds(10), takes=5)
    gate = RecordingGate()
    job.gate = gate

    async def body():
        await begin(clock, scheduler, [job], 11)  # the :10 run is going until :15
        stopping = asyncio.ensure_future(scheduler.stop(grace=30))
        await clock.advance(10)
        await stopping

    asyncio.run(body())
    assert len(rec.finished) == 1  # finished within the grace, nothing new started
    assert gate.exited[0][1] == "ok"


def test_shutdown_cancels_runs_still_going_after_grace(clock, make_job, scheduler, caplog):
    job, rec = make_job(every_seconds(10), takes=600)
    gate = RecordingGate()
    job.gate = gate
    state = {}

    async def body():
        await begin(clock, scheduler, [job], 10)
        stopping = asyncio.ensure_future(scheduler.stop(grace=30))
        await clock.advance(29)
        state["before_grace"] = stopping.done()
        await clock.advance(2)
        await stopping

    with caplog.at_level(logging.WARNING, logger="tomodachi_schedule"):
        asyncio.run(body())
    assert state["before_grace"] is False
    assert rec.finished == [] and len(rec.fires) == 1
    assert gate.exited == [("2026-01-01T00:00:10Z", "cancelled", "cancelled at shutdown")]
    assert any("grace period over" in r.message for r in caplog.records)


def test_second_request_cancels_at_once(clock, make_job, scheduler):
    job, rec = make_job(every_seconds(10), takes=600)

    async def body():
        await begin(clock, scheduler, [job], 10)
        stopping = asyncio.ensure_future(scheduler.stop(grace=300))
        await clock.advance(1)
        scheduler.cancel_running()
        await asyncio.wait_for(stopping, 1)  # real seconds: must not wait for the fake grace

    asyncio.run(body())
    assert rec.finished == []


class BrokenGate(RecordingGate):
    async def enter(self, fire):
        raise ConnectionError("store down")


def test_a_gate_that_raises_means_do_not_run_and_the_schedule_goes_on(
    clock, make_job, scheduler, caplog
):
    job, rec = make_job(every_seconds(10), gate=BrokenGate())
    with caplog.at_level(logging.ERROR, logger="tomodachi_schedule"):
        run_for(clock, scheduler, [job], 30)
    assert rec.fires == []
    assert sum("gate enter failed" in r.message for r in caplog.records) == 3


def test_a_schedule_that_raises_is_dropped_and_the_others_go_on(clock, make_job, scheduler, caplog):
    class Broken:
        def next_after(self, dt):
            raise ValueError("engine bug")

        def explain(self):
            return "broken"

    broken, _ = make_job(Broken(), name="broken")
    fine, rec = make_job(every_seconds(10), name="fine")
    with caplog.at_level(logging.ERROR, logger="tomodachi_schedule"):
        run_for(clock, scheduler, [broken, fine], 30)
    assert len(rec.fires) == 3
    assert any("cannot compute the next fire" in r.message for r in caplog.records)


def test_a_plain_run_cancelled_at_shutdown_is_logged(clock, make_job, scheduler, caplog):
    job, rec = make_job(every_seconds(10), takes=600)  # no gate, no timeout: the handler's task

    async def body():
        await begin(clock, scheduler, [job], 10)
        stopping = asyncio.ensure_future(scheduler.stop(grace=5))
        await clock.advance(6)
        await stopping

    with caplog.at_level(logging.WARNING, logger="tomodachi_schedule"):
        asyncio.run(body())
    assert len(rec.fires) == 1 and rec.finished == []
    cancelled = [r for r in caplog.records if r.message.endswith("cancelled")]
    assert [r.message for r in cancelled] == ["svc.job: run for 2026-01-01T00:00:10Z cancelled"]


def test_a_call_failing_before_it_gives_an_awaitable_is_logged_and_the_schedule_goes_on(
    clock, make_job, scheduler, caplog
):
    job, _ = make_job(every_seconds(10))
    calls = []

    def call(fire):
        calls.append(fire)
        raise TypeError("bad arguments")

    job.call = call
    with caplog.at_level(logging.ERROR, logger="tomodachi_schedule"):
        run_for(clock, scheduler, [job], 30)
    failures = [r for r in caplog.records if "failed" in r.message]
    assert len(calls) == 3 and len(failures) == 3
    assert all(isinstance(r.exc_info[1], TypeError) for r in failures)


def test_a_call_giving_an_awaitable_that_is_not_a_coroutine_is_awaited(clock, make_job, scheduler):
    job, rec = make_job(every_seconds(10))
    inner = job.call

    def call(fire):
        return asyncio.ensure_future(inner(fire))

    job.call = call
    run_for(clock, scheduler, [job], 30)
    assert rec.nominals == [f"2026-01-01T00:00:{s}Z" for s in (10, 20, 30)]
    assert len(rec.finished) == 3
