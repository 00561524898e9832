"""The cluster gate in one process: claim, record, lateness, outages; both backends."""

from __future__ import annotations

import asyncio
import logging
from datetime import timedelta

from tomodachi_schedule.runtime.cluster.claims import from_ms
from tomodachi_schedule.runtime.cluster.config import store_from_url
from tomodachi_schedule.runtime.cluster.gate import Coordinator
from tomodachi_schedule.runtime.cluster.options import Exclusive
from tomodachi_schedule.runtime.jobs import Fire

T0 = 1_800_000_000_000


class SteppedClock:
    """Wall time that moves only when a test sets it."""

    def __init__(self, ms: int = T0):
        self.ms = ms

    def now(self):
        return from_ms(self.ms)


def fire(minute: int = 0, catch_up: bool = False) -> Fire:
    return Fire("billing", "send_invoices", from_ms(T0 + minute * 60_000), catch_up)


def replicas(url: str, count: int, clock: SteppedClock, **options):
    gates = []
    for _ in range(count):
        coordinator = Coordinator(store_from_url(url), clock=clock)
        gates.append(coordinator.gate(Exclusive(**options)))
    return gates


async def close(gates) -> None:
    for gate in gates:
        await gate.coordinator.close()


def test_one_replica_wins_and_its_run_is_recorded_with_duration(coordinator_url, stored_history):
    clock = SteppedClock(T0 + 250)

    async def scenario():
        first, second = gates = replicas(coordinator_url, 2, clock)
        entered = [await first.enter(fire()), await second.enter(fire())]
        clock.ms += 1500
        await first.exit(fire(), "failed", "ValueError: no invoices")
        await close(gates)
        return entered, gates[0].coordinator.owner

    entered, owner = asyncio.run(scenario())
    assert entered == [True, False]
    (record,) = stored_history(coordinator_url)
    assert (record.owner, record.attempts, record.claimed_ms) == (owner, 2, T0 + 250)
    assert (record.outcome, record.error, record.duration) == (
        "failed",
        "ValueError: no invoices",
        1.5,
    )


def test_a_fire_later_than_its_misfire_grace_is_recorded_missed_and_not_run(
    coordinator_url, stored_history
):
    clock = SteppedClock(T0 + 61_000)

    async def scenario():
        (gate,) = gates = replicas(coordinator_url, 1, clock, misfire_grace=60)
        entered = [await gate.enter(fire(0)), await gate.enter(fire(1))]
        await close(gates)
        return entered

    assert asyncio.run(scenario()) == [False, True]
    records = stored_history(coordinator_url)
    assert [(r.key.nominal_ms - T0, r.status) for r in records] == [
        (60_000, "unfinished"),
        (0, "missed"),
    ]


def test_late_scheduler_fires_keep_the_grace_and_start_up_catch_up_gets_its_own(coordinator_url):
    clock = SteppedClock(T0 + 30 * 60_000)

    async def scenario():
        plain, catching_up = gates = [
            replicas(coordinator_url, 1, clock)[0],
            replicas(coordinator_url, 1, clock, catch_up=timedelta(hours=1).total_seconds())[0],
        ]
        entered = [
            await plain.enter(fire(29, catch_up=True)),  # the scheduler woke up 60 s late
            await plain.enter(fire(20, catch_up=True)),  # 10 minutes late, no catch-up asked
            await catching_up.enter(fire(10, catch_up=True)),  # 20 minutes, catch-up of 1 h
        ]
        await close(gates)
        return entered

    assert asyncio.run(scenario()) == [True, False, True]


def test_an_unusable_sqlite_file_skips_fires_and_logs_once(tmp_path, caplog):
    (tmp_path / "claims.db").mkdir()  # a directory where the database should be
    url = f"sqlite://{tmp_path / 'claims.db'}"

    async def scenario():
        gates = replicas(url, 1, SteppedClock())
        entered = [await gates[0].enter(fire(minute)) for minute in range(3)]
        await close(gates)
        return entered

    with caplog.at_level(logging.DEBUG, logger="tomodachi_schedule.cluster"):
        assert asyncio.run(scenario()) == [False, False, False]
    errors = [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert len(errors) == 1 and "claims.db" in errors[0].getMessage()


def test_a_closed_coordinator_reopens_its_store_on_the_next_fire(coordinator_url):
    async def scenario():
        (gate,) = gates = replicas(coordinator_url, 1, SteppedClock(T0 + 60_000))
        entered = [await gate.enter(fire(0))]
        await close(gates)
        entered.append(await gate.enter(fire(1)))
        await close(gates)
        return entered

    assert asyncio.run(scenario()) == [True, True]
