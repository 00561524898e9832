"""A real three-member etcd cluster losing its leader in the middle of a run."""

from __future__ import annotations

import asyncio
import logging

from tomodachi_schedule.runtime.cluster.claims import from_ms
from tomodachi_schedule.runtime.cluster.config import store_from_url
from tomodachi_schedule.runtime.cluster.gate import Coordinator
from tomodachi_schedule.runtime.jobs import Fire

T0 = 1_800_000_000_000
MINUTE = 60_000


class SteppedClock:
    def __init__(self, ms: int):
        self.ms = ms

    def now(self):
        return from_ms(self.ms)


def test_killing_the_leader_mid_run_skips_fires_of_the_election_and_runs_none_twice(
    etcd_cluster, etcd_url, stored_history, caplog
):
    url = etcd_url + "&timeout=0.3"  # shorter than an election (1 s to 2 s here)
    clock = SteppedClock(T0)
    coordinators = [Coordinator(store_from_url(url), clock=clock) for _ in range(3)]
    gates = [coordinator.gate() for coordinator in coordinators]
    runs: list[tuple[int, str]] = []

    def fire(minute: int) -> Fire:
        return Fire("billing", "send_invoices", from_ms(T0 + minute * MINUTE))

    async def contend(minute: int) -> list[bool]:
        clock.ms = T0 + minute * MINUTE
        entered = await asyncio.gather(*(gate.enter(fire(minute)) for gate in gates))
        runs.extend((minute, c.owner) for c, won in zip(coordinators, entered) if won)
        return list(entered)

    async def scenario():
        started = await contend(0)  # the winner is now running minute 0
        leader = etcd_cluster.leader()
        leader.kill()
        try:
            during = await contend(1)
            new_leader = await asyncio.to_thread(etcd_cluster.wait_for_leader)
            for coordinator in coordinators:  # a busy test machine must not fail what follows
                coordinator.store._gateway.timeout = 2.0
            await gates[started.index(True)].exit(fire(0), "ok")  # the run ends after the election
            after = [await contend(minute) for minute in (2, 3)]
        finally:
            await asyncio.gather(*(coordinator.close() for coordinator in coordinators))
        return leader, new_leader, started, during, after

    with caplog.at_level(logging.INFO, logger="tomodachi_schedule.cluster"):
        try:
            leader, new_leader, started, during, after = asyncio.run(scenario())
        finally:
            etcd_cluster.restart(*etcd_cluster.members)
    assert new_leader is not leader
    assert sorted(started) == [False, False, True]
    assert during == [False, False, False]  # nobody knows who won: nobody runs it
    assert [sorted(entered) for entered in after] == [[False, False, True]] * 2
    assert sorted(minute for minute, _ in runs) == [0, 2, 3]  # each at most once, none after twice
    errors = [r.getMessage() for r in caplog.records if r.levelno == logging.ERROR]
    assert len(errors) == 3 and all("coordinator unavailable" in e for e in errors)  # per replica
    recovered = [r for r in caplog.records if "answers again" in r.getMessage()]
    assert len(recovered) == 3
    records = {r.key.nominal_ms: r for r in stored_history(etcd_url)}
    assert sorted(records) == [T0, T0 + 2 * MINUTE, T0 + 3 * MINUTE]
    assert records[T0].outcome == "ok" and records[T0].attempts == 3
