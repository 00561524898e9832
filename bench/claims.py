"""Once-per-cluster claims: claims/s and the latency a claim adds before each fire, per store
(SQLite, Redis, PostgreSQL, a three-member etcd cluster), side by side."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import shutil
import socket
import statistics
import subprocess
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path

from bench import ours
from bench.measure import Sizes, percentile
from bench.report import Row, ms, not_measured, number, verdict

TARGET = "≤ 2 ms added per fire"


@dataclass(frozen=True)
class Fire:
    """The FireGate's view of one fire (architecture.md: service, job, nominal, catch_up)."""

    service: str
    job: str
    nominal: datetime
    catch_up: bool = False


async def gate_timings(url: str, claims: int) -> dict:
    """Pass `claims` distinct fires through a cluster gate on `url`: enter (claim) and exit (record)."""
    # no "appendonly is off" chatter
    logging.getLogger("tomodachi_schedule.cluster").setLevel(logging.ERROR)
    coordinator = ours.attribute("tomodachi_schedule.runtime.cluster.gate", "Coordinator").from_url(
        url
    )
    gate = coordinator.gate()
    base = datetime.now(timezone.utc).replace(microsecond=0)
    await gate.enter(Fire("bench", "warm-up", base - timedelta(seconds=1)))  # opens the store
    enters, exits, won = [], [], 0
    started = time.perf_counter()
    for index in range(claims):
        fire = Fire("bench", f"job-{index % 100}", base + timedelta(milliseconds=index))
        t0 = time.perf_counter()
        won += await gate.enter(fire)
        t1 = time.perf_counter()
        await gate.exit(fire, "ok")
        exits.append(time.perf_counter() - t1)
        enters.append(t1 - t0)
    elapsed = time.perf_counter() - started
    await coordinator.close()
    return {"enter": enters, "exit": exits, "rate": claims / elapsed, "won": won}


def claim_row(store: str, url: str, claims: int) -> Row:
    """One row: claims/s and the claim's added latency (median, p99) for the store at `url`."""
    measure = f"{store}: claims/s, added latency per fire (claim before the handler: median / p99)"
    try:
        timing = asyncio.run(gate_timings(url, claims))
    except ours.Unavailable as missing:
        return not_measured(measure, TARGET, str(missing))
    enters, exits = timing["enter"], timing["exit"]
    figures = f"{number(timing['rate'])} claims/s, {ms(statistics.median(enters))} / {ms(percentile(enters, 0.99))}"
    note = (
        f"{timing['won']:,}/{claims:,} claims won (each fire is new, so all should be); recording the outcome "
        f"after the handler takes {ms(statistics.median(exits))} more, off the fire's critical path"
    )
    return Row(measure, figures, "—", TARGET, verdict(statistics.median(enters) <= 0.002), note)


def free_port() -> int:
    """A loopback TCP port nobody listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextlib.contextmanager
def temporary_redis(workdir: Path) -> Iterator[str]:
    """A throw-away redis-server on a free loopback port, no persistence; yields its URL, always stopped."""
    port = free_port()
    argv = [
        "redis-server",
        "--port",
        str(port),
        "--bind",
        "127.0.0.1",
        "--save",
        "",
        "--appendonly",
        "no",
        "--dir",
        str(workdir),
    ]
    if shutil.which("redis-server") is None:
        raise FileNotFoundError("redis-server")
    process = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_for_port(port, process)
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        process.kill()
        process.wait()


def wait_for_port(port: int, process: subprocess.Popen, timeout: float = 10.0) -> None:
    """Until something accepts connections on `port` (or the server died)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and process.poll() is None:
        with (
            contextlib.suppress(OSError),
            socket.create_connection(("127.0.0.1", port), timeout=0.2),
        ):
            return
        time.sleep(0.05)
    raise RuntimeError(f"redis-server did not listen on port {port}")


def claim_rows(sizes: Sizes, _artefacts: dict) -> list[Row]:
    """One row per store, each on a throw-away local server (the store's default durability)."""
    from bench.stores import temporary_etcd, temporary_postgres

    with tempfile.TemporaryDirectory(prefix="bench-claims-") as workdir:
        rows = [claim_row("SQLite", f"sqlite://{workdir}/claims.db", sizes.claims)]
        servers = [
            ("Redis", "redis-server", lambda: temporary_redis(Path(workdir))),
            ("PostgreSQL", "initdb", temporary_postgres),
            ("etcd (3 members)", "etcd", temporary_etcd),
        ]
        for store, binary, start in servers:
            try:
                with start() as url:
                    rows.append(claim_row(store, url, sizes.claims))
            except FileNotFoundError:
                measure = f"{store}: claims/s, added latency per fire"
                rows.append(not_measured(measure, TARGET, f"no {binary} binary found"))
    return rows
