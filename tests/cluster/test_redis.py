"""Redis restarts with and without persistence, the start-up warning, and outages."""

from __future__ import annotations

import asyncio
import logging
import signal

from tomodachi_schedule.runtime.cluster.claims import Claim, FireKey, from_ms
from tomodachi_schedule.runtime.cluster.config import store_from_url
from tomodachi_schedule.runtime.cluster.gate import Coordinator
from tomodachi_schedule.runtime.cluster.redis import RedisClaimStore
from tomodachi_schedule.runtime.jobs import Fire

T0 = 1_800_000_000_000
DAY = 86_400_000
FIRE = FireKey(service="billing", job="send_invoices", nominal_ms=T0)


async def open_store(url: str) -> tuple[RedisClaimStore, list[str]]:
    store = RedisClaimStore(url)
    return store, await store.open()


async def startup_warnings(url: str) -> list[str]:
    store = store_from_url(url)
    try:
        return await store.open()
    finally:
        await store.close()


async def claim_once(url: str, owner: str) -> bool:
    store, _ = await open_store(url)
    try:
        return await store.claim(Claim(key=FIRE, owner=owner, now_ms=T0, ttl_ms=DAY))
    finally:
        await store.close()


def test_without_persistence_a_restart_forgets_claims_and_start_up_warns(make_redis_server):
    server = make_redis_server(appendonly=False)
    warnings = asyncio.run(startup_warnings(server.url))
    assert len(warnings) == 1 and "appendonly is off" in warnings[0]
    assert asyncio.run(claim_once(server.url, "a"))
    server.kill()
    server.start()
    # the documented risk: the same fire can be claimed, and run, a second time
    assert asyncio.run(claim_once(server.url, "b"))


def test_with_aof_a_killed_and_restarted_redis_still_refuses_the_claim(make_redis_server):
    server = make_redis_server(appendonly=True)
    warnings = asyncio.run(startup_warnings(server.url))
    assert warnings == []
    assert asyncio.run(claim_once(server.url, "a"))
    server.kill()  # SIGKILL: only what appendfsync=always already wrote survives
    server.start()
    assert not asyncio.run(claim_once(server.url, "b"))


def test_eviction_under_a_memory_limit_is_warned_about(redis_url):
    import redis

    client = redis.Redis.from_url(redis_url)
    client.config_set("maxmemory", "512mb")
    try:
        warnings = {}
        for policy in ("volatile-lru", "noeviction"):
            client.config_set("maxmemory-policy", policy)
            warnings[policy] = asyncio.run(startup_warnings(redis_url))
    finally:
        client.config_set("maxmemory", "0")
        client.close()
    assert any("maxmemory-policy volatile-lru may evict" in w for w in warnings["volatile-lru"])
    assert not any("maxmemory-policy" in w for w in warnings["noeviction"])


class WallClock:
    def __init__(self, ms: int):
        self.ms = ms

    def now(self):
        return from_ms(self.ms)


def test_an_outage_skips_fires_logs_once_and_logs_the_recovery(make_redis_server, caplog):
    server = make_redis_server(appendonly=False)
    clock = WallClock(T0)
    coordinator = Coordinator(RedisClaimStore(server.url, timeout=0.5), clock=clock)
    gate = coordinator.gate()

    async def fire(minute: int) -> bool:
        clock.ms = T0 + minute * 60_000
        return await gate.enter(Fire("billing", "send_invoices", from_ms(clock.ms)))

    async def scenario() -> list[bool]:
        entered = [await fire(0)]
        server.kill()
        entered += [await fire(1), await fire(2), await fire(3)]
        server.start()
        entered.append(await fire(4))
        await coordinator.close()
        return entered

    with caplog.at_level(logging.INFO, logger="tomodachi_schedule.cluster"):
        entered = asyncio.run(scenario())
    assert entered == [True, False, False, False, True]
    errors = [r for r in caplog.records if r.levelno == logging.ERROR]
    assert len(errors) == 1 and "coordinator unavailable" in errors[0].getMessage()
    assert any("answers again" in r.getMessage() for r in caplog.records)


def test_the_persistence_warning_is_logged_once_when_a_replica_starts(redis_url, caplog):
    clock = WallClock(T0)
    coordinator = Coordinator(RedisClaimStore(redis_url), clock=clock)
    gate = coordinator.gate()

    async def scenario():
        for minute in range(3):
            clock.ms = T0 + minute * 60_000
            await gate.enter(Fire("billing", "send_invoices", from_ms(clock.ms)))
        await coordinator.close()

    with caplog.at_level(logging.WARNING, logger="tomodachi_schedule.cluster"):
        asyncio.run(scenario())
    warnings = [r.getMessage() for r in caplog.records if "appendonly is off" in r.getMessage()]
    assert len(warnings) == 1 and "a fire may run twice" in warnings[0]


def wait_for_replication(primary_url: str) -> None:
    """Until the replica acknowledges writes (readiness of real servers, not time logic)."""
    import redis

    client = redis.Redis.from_url(primary_url, single_connection_client=True)
    try:
        client.set("replication-probe", 1)
        assert client.wait(1, 10_000) == 1, "the replica never acknowledged"
    finally:
        client.close()


def test_wait_replicas_runs_a_fire_only_once_a_replica_holds_its_claim(make_redis_server, caplog):
    import redis

    primary = make_redis_server(extra=("--repl-diskless-sync-delay", "0"))
    clock = WallClock(T0)
    url = primary.url + "?wait_replicas=1&wait_timeout=0.5"
    coordinator = Coordinator(store_from_url(url), clock=clock)
    gate = coordinator.gate()

    async def enter(minute: int) -> bool:
        clock.ms = T0 + minute * 60_000
        return await gate.enter(Fire("billing", "send_invoices", from_ms(clock.ms)))

    async def scenario():
        alone = await enter(0)
        replica = make_redis_server(extra=("--replicaof", "127.0.0.1", str(primary.port)))
        wait_for_replication(primary.url)
        replicated = await enter(1)
        replica.process.send_signal(signal.SIGSTOP)  # connected, but acknowledges nothing
        try:
            unconfirmed = await enter(2)
        finally:
            replica.process.send_signal(signal.SIGCONT)
        await coordinator.close()
        return replica, (alone, replicated, unconfirmed)

    with caplog.at_level(logging.WARNING, logger="tomodachi_schedule.cluster"):
        replica, entered = asyncio.run(scenario())
    assert entered == (False, True, False)
    messages = [r.getMessage() for r in caplog.records]
    assert any("0 replica(s) are connected" in m for m in messages)
    assert any("reached 0 of 1 replica(s)" in m for m in messages)
    on_replica = redis.Redis.from_url(replica.url, decode_responses=True)
    try:
        assert on_replica.hget("tsched:{billing:send_invoices}:2027-01-15T08:01:00Z", "owner") == (
            coordinator.owner
        )
    finally:
        on_replica.close()


def test_a_user_without_config_or_info_rights_gets_warnings_not_an_outage(redis_url):
    import redis

    admin = redis.Redis.from_url(redis_url)
    admin.acl_setuser(
        "claims-only", enabled=True, passwords=["+pw"], keys=["*"],
        commands=["+@all", "-config", "-info"],
    )  # fmt: skip
    limited = redis_url.replace("redis://", "redis://claims-only:pw@") + "?wait_replicas=1"
    try:
        warnings = asyncio.run(startup_warnings(limited))
    finally:
        admin.acl_deluser("claims-only")
        admin.close()
    assert [w.split(": ", 1)[1] for w in warnings] == [
        "cannot read CONFIG to check persistence; make sure AOF is on",
        "cannot read INFO replication to count connected replicas",
    ]
    assert all(w.startswith("redis://claims-only:***@") for w in warnings)
