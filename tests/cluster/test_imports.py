"""The cluster code loads neither redis, the compiler, lark, black nor tomodachi unless needed."""

from __future__ import annotations

import subprocess
import sys
import textwrap

SCRIPT = textwrap.dedent("""
    import asyncio, sys
    if sys.argv[1] == "without-redis":
        sys.modules["redis"] = None  # as if redis were not installed: importing it fails
    from datetime import datetime, timezone
    from tomodachi_schedule.runtime.cluster import CoordinatorUnavailable, store_from_url
    from tomodachi_schedule.runtime.cluster.gate import Coordinator
    from tomodachi_schedule.runtime.cluster.wiring import cluster_gate
    from tomodachi_schedule.runtime.cluster.history import render_table
    from tomodachi_schedule.runtime.jobs import Fire

    def loaded():
        heavy = {"redis", "lark", "black", "tomodachi", "tomodachi_schedule.compiler"}
        return sorted(name for name in heavy if sys.modules.get(name) is not None)

    async def main():
        coordinator = Coordinator(store_from_url("sqlite://" + sys.argv[2]))
        gate = coordinator.gate()
        fire = Fire("svc", "job", datetime.now(timezone.utc))
        assert await gate.enter(fire)
        await gate.exit(fire, "ok", None)
        await coordinator.close()
        print(loaded())
        redis_store = store_from_url("redis://127.0.0.1:1/0")  # building one imports nothing
        try:
            await redis_store.open()
        except CoordinatorUnavailable as error:
            print(error)

    asyncio.run(main())
    print(loaded())
    """)


def run(mode: str, database: str) -> list[str]:
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT, mode, database], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.splitlines()


def test_sqlite_coordination_works_without_redis_installed(tmp_path):
    before, unavailable, after = run("without-redis", str(tmp_path / "claims.db"))
    assert "the Redis backend needs the redis package" in unavailable
    assert before == after == "[]"


def test_redis_is_imported_only_when_a_redis_store_is_opened(tmp_path):
    before, unavailable, after = run("with-redis", str(tmp_path / "claims.db"))
    assert before == "[]"  # SQLite claims, gate, wiring, history: nothing heavy
    assert "127.0.0.1:1" in unavailable
    assert after == "['redis']"
