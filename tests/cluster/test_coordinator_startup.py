"""The coordinator is off the start-up path: a locked SQLite file or a Redis that never answers
delays no schedule that is not exclusive (issue 12.3)."""

from __future__ import annotations

import socket
import sqlite3
import sys
import textwrap
import time
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "services"))
from svc_support import ServiceProcess  # noqa: E402

RUN = (sys.executable, "-m", "tomodachi_schedule", "run")

SERVICE = """
    import tomodachi_schedule as ts

    class Billing(ts.Service):
        name = "billing"
        coordinator = {url!r}

        @ts.schedule(interval=1)
        async def tick(self, invocation_time):
            print("tick", invocation_time, flush=True)

        @ts.minutely(exclusive=True)
        async def invoices(self):
            print("invoices", flush=True)
"""


def locked_sqlite_file(path: Path) -> sqlite3.Connection:
    """Another connection holding the file's write lock (a long write in another process)."""
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("CREATE TABLE other (x)")
    holder.execute("BEGIN EXCLUSIVE")
    return holder


def silent_server() -> socket.socket:
    """A TCP server that accepts connections (the kernel does) and never answers: a stalled
    Redis, as when its process is stopped with SIGSTOP."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(16)
    return server


def assert_ticks_on_time(tmp_path: Path, url: str) -> None:
    app = tmp_path / "app.py"
    app.write_text(textwrap.dedent(SERVICE.format(url=url)))
    began = time.monotonic()
    process = ServiceProcess(*RUN, str(app))
    try:
        # the coordinator would hold start-up back 30 s; a start takes ~1 s (more when loaded)
        process.wait_for("started billing", timeout=20)
        started = time.monotonic() - began
        first = process.wait_for("tick", timeout=5)
        second = process.wait_for("tick", timeout=5)
        assert started < 15, f"start-up waited {started:.1f}s for the coordinator"
        assert first != second
    finally:
        process.kill()


def test_a_locked_sqlite_file_does_not_hold_back_start_up(tmp_path):
    path = tmp_path / "claims.db"
    holder = locked_sqlite_file(path)
    try:
        # the coordinator would wait 30 s for the lock, far beyond the test's patience
        assert_ticks_on_time(tmp_path, f"sqlite://{path}?busy_timeout=30")
    finally:
        holder.rollback() if holder.in_transaction else None
        holder.close()


def test_a_redis_that_never_answers_does_not_hold_back_start_up(tmp_path):
    pytest.importorskip("redis", reason="the redis extra is not installed")
    server = silent_server()
    try:
        port = server.getsockname()[1]
        assert_ticks_on_time(tmp_path, f"redis://127.0.0.1:{port}/0?socket_timeout=30")
    finally:
        server.close()
