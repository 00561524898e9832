"""Fixtures for the cluster tests: real redis-server, PostgreSQL and a three-member etcd cluster
per session, and a coordinator URL for each of the four stores."""

from __future__ import annotations

import asyncio
import itertools
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))  # cluster_servers, by name

from cluster_servers import (  # noqa: E402
    ETCD_BINARY,
    INITDB,
    NO_ETCD,
    NO_POSTGRES,
    EtcdCluster,
    PostgresServer,
)

REDIS_BINARY = shutil.which("redis-server")
NO_REDIS = "redis-server binary not found (Debian package redis-server; .ci/run installs it)"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class RedisServer:
    """A real redis-server on a loopback port, data in its own directory; restartable."""

    def __init__(self, directory: Path, *, appendonly: bool = False, extra: tuple[str, ...] = ()):
        self.directory = directory
        self.appendonly = appendonly
        self.extra = extra  # more redis-server options, e.g. ("--replicaof", host, port)
        self.port = free_port()
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> RedisServer:
        persistence = ["--appendonly", "yes", "--appendfsync", "always"] if self.appendonly else []
        self.process = subprocess.Popen(
            [REDIS_BINARY, "--port", str(self.port), "--bind", "127.0.0.1", "--save", ""]
            + (persistence or ["--appendonly", "no"])
            + ["--dir", str(self.directory), "--logfile", str(self.directory / "redis.log")]
            + list(self.extra),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        self._wait_ready()
        return self

    def kill(self) -> None:
        """SIGKILL: no shutdown save, only what was already on disk survives."""
        if self.process is not None:
            self.process.kill()
            self.process.wait()
            self.process = None

    def _wait_ready(self, timeout: float = 10.0) -> None:
        # Readiness polling of a real server we just started, not a test of time logic.
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.5) as conn:
                    conn.sendall(b"PING\r\n")
                    if conn.recv(64).startswith(b"+PONG"):
                        return
            except OSError:
                pass
            time.sleep(0.02)
        raise RuntimeError(f"redis-server on port {self.port} did not start")


@pytest.fixture(scope="session")
def redis_server(tmp_path_factory):
    """One redis-server (no persistence) for the whole session; skipped without the binary."""
    if REDIS_BINARY is None:
        pytest.skip(NO_REDIS)
    server = RedisServer(tmp_path_factory.mktemp("redis")).start()
    yield server
    server.kill()


@pytest.fixture
def make_redis_server(tmp_path):
    """Start extra servers (e.g. with AOF) that a test restarts; all stopped at the end."""
    if REDIS_BINARY is None:
        pytest.skip(NO_REDIS)
    servers: list[RedisServer] = []

    def make(**options) -> RedisServer:
        directory = tmp_path / f"redis{len(servers)}"
        directory.mkdir()
        servers.append(RedisServer(directory, **options).start())
        return servers[-1]

    yield make
    for server in servers:
        server.kill()


@pytest.fixture
def redis_url(redis_server):
    """The session server, emptied for this test."""
    import redis

    client = redis.Redis.from_url(redis_server.url)
    client.flushall()
    client.close()
    return redis_server.url


@pytest.fixture
def sqlite_url(tmp_path):
    return f"sqlite://{tmp_path / 'claims.db'}"


STORES = ["sqlite", "redis", "postgres", "etcd"]
_names = itertools.count()  # each test's own table or key prefix on the shared servers


@pytest.fixture(scope="session")
def postgres_server():
    """One PostgreSQL for the whole session; skipped without the binaries."""
    if INITDB is None:
        pytest.skip(NO_POSTGRES)
    server = PostgresServer().init()
    yield server
    server.remove()


@pytest.fixture
def postgres_url(postgres_server):
    """The session server, with a table of this test's own (created by the store)."""
    return f"{postgres_server.url}?table=claims_{next(_names)}"


@pytest.fixture(scope="session")
def etcd_cluster():
    """One three-member etcd cluster for the whole session; skipped without the binary."""
    if ETCD_BINARY is None:
        pytest.skip(NO_ETCD)
    cluster = EtcdCluster().start()
    yield cluster
    cluster.remove()


@pytest.fixture
def etcd_url(etcd_cluster):
    """The session cluster, all members up, with a key prefix of this test's own."""
    etcd_cluster.restart(*etcd_cluster.members)
    etcd_cluster.wait_for_leader()
    return f"{etcd_cluster.url}?prefix=t{next(_names)}/"


@pytest.fixture(params=STORES)
def coordinator_url(request):
    """Each test using this runs once per store."""
    return request.getfixturevalue(f"{request.param}_url")


@pytest.fixture
def stored_history():
    """Read a coordinator's records, newest first (call it outside any running event loop)."""
    from tomodachi_schedule.runtime.cluster.config import store_from_url

    def read(url: str, limit: int = 1000):
        async def fetch():
            store = store_from_url(url)
            await store.open()
            try:
                return await store.history(limit=limit)
            finally:
                await store.close()

        return asyncio.run(fetch())

    return read
