"""Every store down, restarted or cut off mid-run: fires are skipped and logged once, never run
everywhere, and acknowledged claims survive a crash of the server."""

from __future__ import annotations

import asyncio
import logging
import sqlite3
from types import SimpleNamespace

import pytest

from tomodachi_schedule.runtime.cluster.claims import Claim, FireKey, from_ms
from tomodachi_schedule.runtime.cluster.config import store_from_url
from tomodachi_schedule.runtime.cluster.gate import Coordinator
from tomodachi_schedule.runtime.jobs import Fire

T0 = 1_800_000_000_000
DAY = 86_400_000


class SteppedClock:
    def __init__(self, ms: int):
        self.ms = ms

    def now(self):
        return from_ms(self.ms)


def sqlite_outage(request):
    path = request.getfixturevalue("tmp_path") / "claims.db"
    holder = SimpleNamespace(connection=None)

    def down():  # another process holds the write lock longer than the busy timeout
        holder.connection = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
        holder.connection.execute("BEGIN EXCLUSIVE")

    def up():
        holder.connection.execute("ROLLBACK")
        holder.connection.close()

    return f"sqlite://{path}?busy_timeout=0.2", down, up


def redis_outage(request):
    server = request.getfixturevalue("make_redis_server")(appendonly=False)
    return server.url, server.kill, server.start


def postgres_outage(request):
    server = request.getfixturevalue("postgres_server")
    url = request.getfixturevalue("postgres_url")
    return url + "&timeout=1", server.crash, server.start


def etcd_outage(request):
    cluster = request.getfixturevalue("etcd_cluster")
    url = request.getfixturevalue("etcd_url")
    lost = cluster.members[:2]  # two of three: the last member has no quorum

    def down():
        for member in lost:
            member.kill()

    def up():
        cluster.restart(*lost)
        cluster.wait_for_leader()

    return url + "&timeout=0.3", down, up


OUTAGES = {"sqlite": sqlite_outage, "redis": redis_outage, "postgres": postgres_outage,
           "etcd": etcd_outage}  # fmt: skip


@pytest.fixture(params=list(OUTAGES))
def outage(request):
    """(coordinator URL, make the store unable to answer, let it answer again)."""
    return OUTAGES[request.param](request)


def test_an_outage_skips_fires_logs_once_and_logs_the_recovery(outage, caplog):
    url, down, up = outage
    clock = SteppedClock(T0)
    coordinator = Coordinator(store_from_url(url), clock=clock)
    gate = coordinator.gate()

    async def fire(minute: int) -> bool:
        clock.ms = T0 + minute * 60_000
        return await gate.enter(Fire("billing", "send_invoices", from_ms(clock.ms)))

    async def scenario() -> list[bool]:
        entered = [await fire(0)]
        down()
        try:
            entered += [await fire(1), await fire(2), await fire(3)]
        finally:
            await asyncio.to_thread(up)
        entered.append(await fire(4))
        await coordinator.close()
        return entered

    with caplog.at_level(logging.INFO, logger="tomodachi_schedule.cluster"):
        entered = asyncio.run(scenario())
    assert entered == [True, False, False, False, True]
    errors = [r for r in caplog.records if r.levelno == logging.ERROR]
    assert len(errors) == 1 and "coordinator unavailable" in errors[0].getMessage()
    assert any("answers again; 3 call(s) failed" in r.getMessage() for r in caplog.records)


def postgres_crash(request):
    server = request.getfixturevalue("postgres_server")
    return request.getfixturevalue("postgres_url"), server.crash, server.start


def etcd_crash(request):
    cluster = request.getfixturevalue("etcd_cluster")

    def crash():
        for member in cluster.members:
            member.kill()

    def restart():
        cluster.restart(*cluster.members)
        cluster.wait_for_leader()

    return request.getfixturevalue("etcd_url"), crash, restart


# Redis survives this only with AOF (test_redis.py); an SQLite file outlives any process.
@pytest.fixture(params=["postgres", "etcd"])
def crashable(request):
    return {"postgres": postgres_crash, "etcd": etcd_crash}[request.param](request)


def test_claims_survive_a_crash_and_restart_of_every_server(crashable):
    url, crash, restart = crashable
    fire = FireKey(service="billing", job="send_invoices", nominal_ms=T0)

    async def claim(owner: str) -> tuple[bool, str]:
        store = store_from_url(url)
        await store.open()
        try:
            won = await store.claim(Claim(key=fire, owner=owner, now_ms=T0, ttl_ms=DAY))
            return won, (await store.history())[0].owner
        finally:
            await store.close()

    assert asyncio.run(claim("a")) == (True, "a")
    crash()
    restart()
    assert asyncio.run(claim("b")) == (False, "a")
