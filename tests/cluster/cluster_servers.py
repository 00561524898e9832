"""Real PostgreSQL and etcd servers for the cluster tests (conftest imports this by name)."""

from __future__ import annotations

import glob
import json
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
import urllib.request
from pathlib import Path

ETCD_BINARY = shutil.which("etcd")
NO_ETCD = "etcd binary not found (Debian package etcd-server; .ci/run installs it)"
_PG_BINS = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), reverse=True)
INITDB = _PG_BINS[0] if _PG_BINS else shutil.which("initdb")
NO_POSTGRES = "PostgreSQL's initdb not found (Debian package postgresql; .ci/run installs it)"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until(condition, what: str, timeout: float = 15.0) -> None:
    """Poll a real server's readiness (not a test of time logic)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.02)
    raise RuntimeError(f"{what} did not happen within {timeout}s")


class PostgresServer:
    """A throw-away cluster (initdb, pg_ctl); PostgreSQL refuses to run as root, so as root it
    runs as the ``postgres`` user, in a directory given to that user."""

    def __init__(self) -> None:
        self.bin = Path(INITDB).parent
        self.directory = Path(tempfile.mkdtemp(prefix="tsched-pg-"))
        self.data = self.directory / "data"
        self.port = free_port()
        if os.geteuid() == 0:
            shutil.chown(self.directory, "postgres", "postgres")

    @property
    def url(self) -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/postgres"

    def init(self) -> PostgresServer:
        self._run("initdb", "-D", self.data, "-U", "postgres", "-A", "trust", "--no-sync")
        return self.start()

    def start(self) -> PostgresServer:
        options = f"-p {self.port} -k {self.directory} -c listen_addresses=127.0.0.1"
        log = self.directory / "server.log"
        self._run("pg_ctl", "-D", self.data, "-l", log, "-o", options, "-w", "-t", "30", "start")
        return self

    def crash(self) -> None:
        """``immediate``: every server process quits at once, as in a crash; WAL replays at start."""
        self._run("pg_ctl", "-D", self.data, "-m", "immediate", "-w", "stop")

    def remove(self) -> None:
        try:
            self.crash()
        finally:
            shutil.rmtree(self.directory, ignore_errors=True)

    def _run(self, program: str, *args: object) -> None:
        argv = [str(self.bin / program), *map(str, args)]
        if os.geteuid() == 0:
            argv = ["runuser", "-u", "postgres", "--", *argv]
        subprocess.run(argv, check=True, capture_output=True, cwd=self.directory)


class EtcdMember:
    def __init__(self, name: str, directory: Path):
        self.name = name
        self.data = directory / name
        self.client_port, self.peer_port = free_port(), free_port()
        self.process: subprocess.Popen | None = None

    @property
    def endpoint(self) -> str:
        return f"127.0.0.1:{self.client_port}"

    @property
    def peer_url(self) -> str:
        return f"http://127.0.0.1:{self.peer_port}"

    def start(self, initial_cluster: str) -> None:
        client = f"http://{self.endpoint}"
        argv = [
            ETCD_BINARY, "--name", self.name, "--data-dir", self.data,
            "--listen-client-urls", client, "--advertise-client-urls", client,
            "--listen-peer-urls", self.peer_url, "--initial-advertise-peer-urls", self.peer_url,
            "--initial-cluster", initial_cluster, "--initial-cluster-state", "new",
            "--initial-cluster-token", "tsched-tests",
            # fast enough to test an election, slow enough that a claim sent right after the
            # leader died reliably meets the election, not its outcome
            "--heartbeat-interval", "100", "--election-timeout", "1000",
        ]  # fmt: skip
        with open(self.data.parent / f"{self.name}.log", "ab") as log:
            self.process = subprocess.Popen(list(map(str, argv)), stdout=log, stderr=log)

    def kill(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait()

    @property
    def alive(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def status(self) -> dict | None:
        """The member's ``/v3/maintenance/status`` (its id and the leader it knows), if it answers."""
        request = urllib.request.Request(
            f"http://{self.endpoint}/v3/maintenance/status", data=b"{}", method="POST"
        )
        try:
            with urllib.request.urlopen(request, timeout=0.5) as response:
                return json.loads(response.read())
        except OSError:
            return None


class EtcdCluster:
    """Three etcd members on 127.0.0.1, one Raft group; members can be killed and restarted."""

    def __init__(self, size: int = 3):
        self.directory = Path(tempfile.mkdtemp(prefix="tsched-etcd-"))
        self.members = [EtcdMember(f"m{index}", self.directory) for index in range(size)]
        self.initial = ",".join(f"{m.name}={m.peer_url}" for m in self.members)

    @property
    def url(self) -> str:
        return "etcd://" + ",".join(member.endpoint for member in self.members)

    def start(self) -> EtcdCluster:
        for member in self.members:
            member.start(self.initial)
        self.wait_for_leader()
        return self

    def restart(self, *members: EtcdMember) -> None:
        for member in members:
            if not member.alive:
                member.start(self.initial)  # its data directory makes it rejoin as itself

    def leader(self) -> EtcdMember | None:
        """The member every live member names as leader, when they agree on a live one."""
        statuses = {m.name: m.status() for m in self.members if m.alive}
        if not statuses or None in statuses.values():
            return None
        leaders = {status.get("leader") for status in statuses.values()}
        for member in self.members:
            status = statuses.get(member.name)
            if len(leaders) == 1 and status and status["header"]["member_id"] in leaders:
                return member
        return None

    def wait_for_leader(self, timeout: float = 15.0) -> EtcdMember:
        wait_until(lambda: self.leader() is not None, "an etcd leader election", timeout)
        return self.leader()

    def remove(self) -> None:
        for member in self.members:
            member.kill()
        shutil.rmtree(self.directory, ignore_errors=True)
