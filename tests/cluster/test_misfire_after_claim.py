"""``misfire_grace`` is measured when the claim is obtained, not before asking for it: a fire
whose claim comes back too late (a locked SQLite file, a slow store) is recorded as missed, once,
with the reason, and does not run (issue 12.2)."""

from __future__ import annotations

import asyncio
import sqlite3
import threading
import time
from datetime import datetime, timedelta, timezone

from tomodachi_schedule.runtime.cluster.claims import from_ms
from tomodachi_schedule.runtime.cluster.config import store_from_url
from tomodachi_schedule.runtime.cluster.gate import Coordinator
from tomodachi_schedule.runtime.cluster.options import Exclusive
from tomodachi_schedule.runtime.jobs import Fire

T0 = 1_800_000_000_000


class SteppedClock:
    """Wall time that moves only when a test (or a slow store) sets it."""

    def __init__(self, ms: int = T0):
        self.ms = ms

    def now(self):
        return from_ms(self.ms)


def fire(minute: int = 0) -> Fire:
    return Fire("billing", "send_invoices", from_ms(T0 + minute * 60_000))


def replicas(url: str, count: int, clock: SteppedClock, **options):
    return [
        Coordinator(store_from_url(url), clock=clock).gate(Exclusive(**options))
        for _ in range(count)
    ]


async def close(gates) -> None:
    for gate in gates:
        await gate.coordinator.close()


def slow_claims(gate, clock: SteppedClock, seconds: float) -> None:
    """The store's claims take ``seconds`` of the stepped clock (waiting behind a lock)."""
    store = gate.coordinator.store
    claim = store.claim

    async def slow(record):
        clock.ms += int(seconds * 1000)
        return await claim(record)

    store.claim = slow


def test_a_claim_obtained_past_the_grace_is_recorded_missed_and_not_run(
    coordinator_url, stored_history
):
    clock = SteppedClock(T0 + 500)

    async def scenario():
        (gate,) = gates = replicas(coordinator_url, 1, clock, misfire_grace=2)
        slow_claims(gate, clock, 5)
        entered = await gate.enter(fire(0))
        await close(gates)
        return entered

    refused = asyncio.run(scenario())
    assert refused == False and refused.outcome == "missed"  # noqa: E712 - a Refusal, not False
    (record,) = stored_history(coordinator_url)
    assert record.status == "missed" and record.attempts == 1
    assert "claimed 5.5s after its instant, past its misfire_grace of 2s" in record.error


def test_a_claim_obtained_within_the_grace_runs(coordinator_url, stored_history):
    clock = SteppedClock(T0 + 500)

    async def scenario():
        (gate,) = gates = replicas(coordinator_url, 1, clock, misfire_grace=2)
        slow_claims(gate, clock, 1)
        entered = await gate.enter(fire(0))
        await close(gates)
        return entered

    assert asyncio.run(scenario()) is True
    (record,) = stored_history(coordinator_url)
    assert record.status == "unfinished"


def test_fires_queued_behind_a_locked_sqlite_file_are_missed_not_run_in_a_burst(
    tmp_path, stored_history, caplog
):
    path = tmp_path / "claims.db"
    url = f"sqlite://{path}?busy_timeout=10"
    warm = Coordinator(store_from_url(url))
    asyncio.run(_open_and_close(warm))  # the schema exists: only the claims wait for the lock
    holder = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    holder.execute("BEGIN EXCLUSIVE")
    threading.Timer(1.0, holder.rollback).start()  # a long write elsewhere, for one second

    async def scenario():
        gate = Coordinator(store_from_url(url)).gate(Exclusive(misfire_grace=0.2))
        now = datetime.now(timezone.utc)
        fires = [Fire("billing", "send", now + timedelta(milliseconds=m)) for m in range(3)]
        began = time.monotonic()
        entered = await asyncio.gather(*(gate.enter(f) for f in fires))
        waited = time.monotonic() - began
        await gate.coordinator.close()
        return entered, waited

    entered, waited = asyncio.run(scenario())
    holder.close()
    assert waited >= 0.9  # the claims did wait for the lock
    assert entered == [False, False, False]
    records = stored_history(url)
    assert len(records) == 3 and {r.status for r in records} == {"missed"}
    assert all("past its misfire_grace of 0.2s" in r.error for r in records)


async def _open_and_close(coordinator: Coordinator) -> None:
    await coordinator.start()
    await coordinator.close()
