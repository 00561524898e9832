"""The cluster code loads neither redis, asyncpg, aiohttp, the compiler, lark, black nor tomodachi
unless needed."""

from __future__ import annotations

import subprocess
import sys
import textwrap

SCRIPT = textwrap.dedent("""
    import asyncio, sys
    if sys.argv[1] == "without-redis":
        for driver in ("redis", "asyncpg", "aiohttp"):
            sys.modules[driver] = None  # as if not installed: importing it fails
    from datetime import datetime, timezone
    from tomodachi_schedule.runtime.cluster import CoordinatorUnavailable, store_from_url
    from tomodachi_schedule.runtime.cluster.gate import Coordinator
    from tomodachi_schedule.runtime.cluster.wiring import cluster_gate
    from tomodachi_schedule.runtime.cluster.history import render_table
    from tomodachi_schedule.runtime.jobs import Fire

    def loaded():
        heavy = {"redis", "asyncpg", "aiohttp", "lark", "black", "tomodachi",
                 "tomodachi_schedule.compiler"}
        return sorted(name for name in heavy if sys.modules.get(name) is not None)

    async def main():
        coordinator = Coordinator(store_from_url("sqlite://" + sys.argv[2]))
        gate = coordinator.gate()
        fire = Fire("svc", "job", datetime.now(timezone.utc))
        assert await gate.enter(fire)
        await gate.exit(fire, "ok", None)
        await coordinator.close()
        print(loaded())
        for url in ("redis://127.0.0.1:1/0", "postgresql://u@127.0.0.1:1/db?timeout=0.2",
                    "etcd://127.0.0.1:1?timeout=0.2"):
            store = store_from_url(url)  # building one imports nothing
            try:
                await store.open()
            except CoordinatorUnavailable as error:
                print(error)
            await store.close()
        print(loaded())

    asyncio.run(main())
    print(loaded())
    """)


def run(mode: str, database: str) -> list[str]:
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT, mode, database], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.splitlines()


def test_sqlite_coordination_works_without_any_driver_installed(tmp_path):
    before, *unavailable, opened, after = run("without-redis", str(tmp_path / "claims.db"))
    assert [message.split(": the ")[1] for message in unavailable] == [
        "Redis backend needs the redis package (pip install 'tomodachi-schedule[redis]')",
        "PostgreSQL backend needs the asyncpg package (pip install 'tomodachi-schedule[postgres]')",
        "etcd backend needs the aiohttp package (pip install 'tomodachi-schedule[etcd]')",
    ]
    assert before == opened == after == "[]"


def test_each_driver_is_imported_only_when_its_store_is_opened(tmp_path):
    before, *unavailable, opened, after = run("with-drivers", str(tmp_path / "claims.db"))
    assert before == "[]"  # SQLite claims, gate, wiring, history: nothing heavy
    assert len(unavailable) == 3 and all("127.0.0.1:1" in message for message in unavailable)
    assert opened == after == "['aiohttp', 'asyncpg', 'redis']"
