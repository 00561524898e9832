"""Throw-away PostgreSQL and three-member etcd servers for the claims benchmark (local, temp dirs)."""

from __future__ import annotations

import contextlib
import glob
import json
import os
import shutil
import subprocess
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

from bench.claims import free_port


@contextlib.contextmanager
def temporary_postgres() -> Iterator[str]:
    """initdb + pg_ctl in a temporary directory (as the ``postgres`` user when run as root, since
    PostgreSQL refuses root); default settings, so fsync and synchronous_commit are on."""
    initdb = (sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb")) or [shutil.which("initdb")])[-1]
    if initdb is None:
        raise FileNotFoundError("initdb")
    bin_dir, port = Path(initdb).parent, free_port()
    directory = Path(tempfile.mkdtemp(prefix="bench-pg-"))
    as_owner = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
    if as_owner:
        shutil.chown(directory, "postgres", "postgres")

    def pg(program: str, *args: str) -> None:
        argv = [*as_owner, str(bin_dir / program), *args]
        subprocess.run(argv, check=True, capture_output=True, cwd=directory)

    data = str(directory / "data")
    try:
        pg("initdb", "-D", data, "-U", "postgres", "-A", "trust", "--no-sync")
        options = f"-p {port} -k {directory} -c listen_addresses=127.0.0.1"
        pg("pg_ctl", "-D", data, "-l", str(directory / "log"), "-o", options, "-w", "start")
        yield f"postgresql://postgres@127.0.0.1:{port}/postgres"
    finally:
        with contextlib.suppress(subprocess.CalledProcessError):
            pg("pg_ctl", "-D", data, "-m", "immediate", "-w", "stop")
        shutil.rmtree(directory, ignore_errors=True)


@contextlib.contextmanager
def temporary_etcd(size: int = 3) -> Iterator[str]:
    """``size`` etcd members on loopback ports, one Raft group (every claim is replicated to a
    quorum and fsynced, as in production, but over loopback)."""
    binary = shutil.which("etcd")
    if binary is None:
        raise FileNotFoundError("etcd")
    directory = Path(tempfile.mkdtemp(prefix="bench-etcd-"))
    ports = [(free_port(), free_port()) for _ in range(size)]
    cluster = ",".join(f"m{i}=http://127.0.0.1:{peer}" for i, (_, peer) in enumerate(ports))
    processes = []
    try:
        for index, (client, peer) in enumerate(ports):
            argv = [
                binary, "--name", f"m{index}", "--data-dir", str(directory / f"m{index}"),
                "--listen-client-urls", f"http://127.0.0.1:{client}",
                "--advertise-client-urls", f"http://127.0.0.1:{client}",
                "--listen-peer-urls", f"http://127.0.0.1:{peer}",
                "--initial-advertise-peer-urls", f"http://127.0.0.1:{peer}",
                "--initial-cluster", cluster, "--initial-cluster-state", "new",
            ]  # fmt: skip
            log = open(directory / f"m{index}.log", "wb")
            processes.append(subprocess.Popen(argv, stdout=log, stderr=log))
        wait_for_leader(ports[0][0])
        yield "etcd://" + ",".join(f"127.0.0.1:{client}" for client, _ in ports)
    finally:
        for process in processes:
            process.kill()
            process.wait()
        shutil.rmtree(directory, ignore_errors=True)


def wait_for_leader(client_port: int, timeout: float = 20.0) -> None:
    """Until the member on ``client_port`` knows a leader (the cluster can take writes)."""
    deadline = time.monotonic() + timeout
    url = f"http://127.0.0.1:{client_port}/v3/maintenance/status"
    while time.monotonic() < deadline:
        with contextlib.suppress(OSError, ValueError):
            request = urllib.request.Request(url, data=b"{}", method="POST")
            with urllib.request.urlopen(request, timeout=0.5) as response:
                if json.loads(response.read()).get("leader"):
                    return
        time.sleep(0.05)
    raise RuntimeError("the etcd cluster elected no leader")
