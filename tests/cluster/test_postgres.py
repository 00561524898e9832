"""PostgreSQL specifics: the documented schema, durability warnings, connections cut mid-run
(the server down mid-run is test_outages.py's)."""

from __future__ import annotations

import asyncio
import logging
import re
from pathlib import Path

from tomodachi_schedule.runtime.cluster.claims import Claim, FireKey, from_ms
from tomodachi_schedule.runtime.cluster.config import store_from_url
from tomodachi_schedule.runtime.cluster.gate import Coordinator
from tomodachi_schedule.runtime.jobs import Fire

DOC = Path(__file__).resolve().parents[2] / "docs" / "clusters.md"
T0 = 1_800_000_000_000
DAY = 86_400_000


async def admin(url: str, *statements: str) -> list:
    import asyncpg

    connection = await asyncpg.connect(url.partition("?")[0])
    try:
        return [await connection.execute(statement) for statement in statements]
    finally:
        await connection.close()


def test_the_documented_schema_is_the_one_the_store_creates_and_uses(postgres_url):
    """Teams that manage migrations run the SQL from the docs; the store then creates nothing."""
    blocks = re.findall(r"```sql\n(.*?)```", DOC.read_text(), re.S)
    (sql,) = [block for block in blocks if block.startswith("CREATE TABLE")]
    table = postgres_url.rpartition("table=")[2]
    asyncio.run(admin(postgres_url, sql.replace("tsched_fires", table)))

    async def claim_twice():
        store = store_from_url(postgres_url)
        await store.open()
        try:
            fire = FireKey(service="billing", job="send_invoices", nominal_ms=T0)
            return [
                await store.claim(Claim(key=fire, owner=owner, now_ms=T0, ttl_ms=DAY))
                for owner in "ab"
            ]
        finally:
            await store.close()

    assert asyncio.run(claim_twice()) == [True, False]
    assert (
        store_from_url(postgres_url)._sql["schema"].strip()
        == sql.replace("tsched_fires", table).strip()
    )


def test_a_session_without_synchronous_commit_is_warned_about(postgres_url):
    async def warnings(url: str) -> list[str]:
        store = store_from_url(url)
        try:
            return await store.open()
        finally:
            await store.close()

    assert asyncio.run(warnings(postgres_url)) == []
    (warning,) = asyncio.run(warnings(postgres_url + "&synchronous_commit=off"))
    assert "synchronous_commit is off" in warning and "a fire may run twice" in warning


def test_connections_cut_during_a_run_are_replaced_and_its_outcome_still_recorded(
    postgres_url, stored_history, caplog
):
    clock_ms = [T0]
    clock = type("Clock", (), {"now": lambda self: from_ms(clock_ms[0])})()
    coordinator = Coordinator(store_from_url(postgres_url), clock=clock)
    gate = coordinator.gate()
    cut = (
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
        " WHERE pid <> pg_backend_pid() AND datname = current_database()"
    )

    async def scenario():
        first = Fire("billing", "send_invoices", from_ms(T0))
        entered = [await gate.enter(first)]
        await admin(postgres_url, cut)  # the server drops every connection of the replica
        await gate.exit(first, "ok")  # the pool notices the dead connections and opens new ones
        clock_ms[0] = T0 + 60_000
        entered.append(await gate.enter(Fire("billing", "send_invoices", from_ms(clock_ms[0]))))
        await coordinator.close()
        return entered

    with caplog.at_level(logging.INFO, logger="tomodachi_schedule.cluster"):
        entered = asyncio.run(scenario())
    assert entered == [True, True]
    assert not [r for r in caplog.records if r.levelno >= logging.WARNING]
    records = {r.key.nominal_ms: r.status for r in stored_history(postgres_url)}
    assert records == {T0: "ok", T0 + 60_000: "unfinished"}


def test_the_documented_claim_statement_is_the_one_the_store_runs(postgres_url):
    blocks = re.findall(r"```sql\n(.*?)```", DOC.read_text(), re.S)
    (claim,) = [block for block in blocks if block.startswith("INSERT")]
    assert " ".join(claim.split()) == " ".join(
        store_from_url(postgres_url.partition("?")[0])._sql["claim"].split()
    )
