"""The claim store contract, run against both backends (SQLite file, real redis-server)."""

from __future__ import annotations

import asyncio

from tomodachi_schedule.runtime.cluster.claims import Claim, FireKey
from tomodachi_schedule.runtime.cluster.config import store_from_url

T0 = 1_800_000_000_000
DAY = 86_400_000


def key(nominal_ms: int = T0, job: str = "send_invoices", service: str = "billing") -> FireKey:
    return FireKey(service=service, job=job, nominal_ms=nominal_ms)


def with_store(url: str, scenario):
    async def run():
        store = store_from_url(url)
        await store.open()
        try:
            return await scenario(store)
        finally:
            await store.close()

    return asyncio.run(run())


def test_only_the_first_claim_wins_and_later_ones_count_as_contenders(coordinator_url):
    async def scenario(store):
        wins = [await store.claim(Claim(key=key(), owner=o, now_ms=T0, ttl_ms=DAY)) for o in "abc"]
        return wins, await store.history()

    wins, records = with_store(coordinator_url, scenario)
    assert wins == [True, False, False]
    assert [(r.owner, r.attempts, r.status) for r in records] == [("a", 3, "claimed")]


def test_concurrent_claims_in_one_process_have_one_winner(coordinator_url):
    async def scenario(store):
        claims = [
            store.claim(Claim(key=key(), owner=f"o{i}", now_ms=T0, ttl_ms=DAY)) for i in range(20)
        ]
        return await asyncio.gather(*claims)

    assert sorted(with_store(coordinator_url, scenario)) == [False] * 19 + [True]


def test_only_the_owner_records_start_and_finish(coordinator_url):
    async def scenario(store):
        await store.claim(Claim(key=key(), owner="a", now_ms=T0, ttl_ms=DAY))
        updates = [
            await store.mark_started(key(), owner="b", now_ms=T0 + 1),
            await store.mark_started(key(), owner="a", now_ms=T0 + 5),
            await store.finish(key(), owner="b", now_ms=T0 + 9, outcome="ok"),
            await store.finish(key(), owner="a", now_ms=T0 + 1505, outcome="failed", error="boom"),
            await store.finish(key(T0 + 1), owner="a", now_ms=T0, outcome="ok"),  # no such claim
        ]
        return updates, (await store.history())[0]

    updates, record = with_store(coordinator_url, scenario)
    assert updates == [False, True, False, True, False]
    assert (record.started_ms, record.finished_ms) == (T0 + 5, T0 + 1505)
    assert (record.outcome, record.error, record.duration) == ("failed", "boom", 1.5)


def test_a_recorded_outcome_blocks_later_claims(coordinator_url):
    async def scenario(store):
        recorded = await store.claim(
            Claim(key=key(), owner="a", now_ms=T0, ttl_ms=DAY, outcome="missed")
        )
        return recorded, await store.claim(Claim(key=key(), owner="b", now_ms=T0, ttl_ms=DAY))

    assert with_store(coordinator_url, scenario) == (True, False)


def test_history_is_newest_first_filtered_and_limited(coordinator_url):
    async def scenario(store):
        for minute in range(5):
            for service, job in (("billing", "invoices"), ("mail", "digest")):
                fire = key(T0 + minute * 60_000, job=job, service=service)
                await store.claim(
                    Claim(key=fire, owner="a", now_ms=T0, ttl_ms=DAY, catch_up=minute == 4)
                )
        return (
            await store.history(limit=3),
            await store.history(service="mail", limit=10),
            await store.history(service="nobody"),
        )

    newest, mail, nobody = with_store(coordinator_url, scenario)
    assert [(r.key.nominal_ms, r.key.job) for r in newest] == [
        (T0 + 240_000, "digest"),
        (T0 + 240_000, "invoices"),
        (T0 + 180_000, "digest"),
    ]
    assert newest[0].catch_up and not newest[2].catch_up
    assert [r.key.nominal_ms for r in mail] == [T0 + m * 60_000 for m in (4, 3, 2, 1, 0)]
    assert nobody == []


def test_last_fire_is_the_newest_instant_per_schedule(coordinator_url):
    async def scenario(store):
        for nominal in (T0 + 60_000, T0, T0 + 120_000):
            await store.claim(Claim(key=key(nominal), owner="a", now_ms=T0, ttl_ms=DAY))
        await store.claim(
            Claim(key=key(T0 + 999_000, job="other"), owner="a", now_ms=T0, ttl_ms=DAY)
        )
        return await store.last_fire("billing", "send_invoices"), await store.last_fire("x", "y")

    assert with_store(coordinator_url, scenario) == (T0 + 120_000, None)


def test_sqlite_prunes_expired_records_but_keeps_each_schedules_newest(sqlite_url):
    async def scenario(store):
        for minute in range(3):
            await store.claim(
                Claim(key=key(T0 + minute * 60_000), owner="a", now_ms=T0, ttl_ms=1000)
            )
        await asyncio.get_running_loop().run_in_executor(store._executor, store._prune, T0 + DAY)
        return await store.history(), await store.last_fire("billing", "send_invoices")

    records, last = with_store(sqlite_url, scenario)
    assert [r.key.nominal_ms for r in records] == [T0 + 120_000]
    assert last == T0 + 120_000


def test_sqlite_file_is_in_wal_mode_with_a_busy_timeout(sqlite_url):
    async def scenario(store):
        return await store._call(
            lambda: [
                store._db.execute(f"PRAGMA {p}").fetchone()[0]
                for p in ("journal_mode", "busy_timeout")
            ]
        )

    assert with_store(sqlite_url + "?busy_timeout=3", scenario) == ["wal", 3000]


def test_many_contenders_each_on_its_own_connection_have_exactly_one_winner(coordinator_url):
    async def contend(stores, nominal_ms):
        claims = [
            store.claim(Claim(key=key(nominal_ms), owner=f"r{i}", now_ms=T0, ttl_ms=DAY))
            for i, store in enumerate(stores)
        ]
        return await asyncio.gather(*claims)

    async def scenario(first):
        stores = [first] + [store_from_url(coordinator_url) for _ in range(7)]
        await asyncio.gather(*(store.open() for store in stores[1:]))
        try:
            wins = [await contend(stores, T0 + fire * 60_000) for fire in range(5)]
        finally:
            await asyncio.gather(*(store.close() for store in stores[1:]))
        return wins, await first.history()

    wins, records = with_store(coordinator_url, scenario)
    assert [sum(round_) for round_ in wins] == [1] * 5
    winners = {T0 + f * 60_000: f"r{round_.index(True)}" for f, round_ in enumerate(wins)}
    assert {r.key.nominal_ms: r.owner for r in records} == winners
    assert {r.attempts for r in records} == {8}
