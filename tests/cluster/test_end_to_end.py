"""Three real `python -m tomodachi_schedule run` replicas of one service, on the real clock."""

from __future__ import annotations

import collections
import signal
import subprocess
import sys
import textwrap
import time
from datetime import datetime

import pytest

SERVICE = textwrap.dedent("""
    import os
    from tomodachi_schedule import Service, schedule

    class Heartbeat(Service):
        name = "heartbeat"
        coordinator = {url!r}

        @schedule(interval=1, exclusive=True)
        def beat(self, invocation_time):
            with open({runs!r}, "a") as runs:
                runs.write(f"{{invocation_time}} {{os.getpid()}}\\n")
    """)


def wait_for_fires(runs, count: int, timeout: float = 60.0) -> None:
    # polls a file the replicas write; the assertions below never depend on timing
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if runs.exists() and len(set(runs.read_text().split()[::2])) >= count:
            return
        time.sleep(0.1)
    raise AssertionError(f"fewer than {count} fires within {timeout}s")


# Three seconds of real time each: the embedded default and one network store are enough here;
# every store goes through the same replica processes in test_replicas.py on driven clocks.
@pytest.mark.parametrize("coordinator_url", ["sqlite", "redis"], indirect=True)
def test_three_replicas_on_the_real_clock_run_each_second_once(coordinator_url, tmp_path):
    runs = tmp_path / "runs"
    service = tmp_path / "heartbeat_service.py"
    service.write_text(SERVICE.format(url=coordinator_url, runs=str(runs)))
    command = [sys.executable, "-m", "tomodachi_schedule", "run", str(service)]
    replicas = [subprocess.Popen(command, stderr=subprocess.PIPE, text=True) for _ in range(3)]
    try:
        wait_for_fires(runs, 3)
    finally:
        for replica in replicas:
            replica.send_signal(signal.SIGINT)
        logs = [replica.communicate(timeout=60)[1] for replica in replicas]
    assert [replica.returncode for replica in replicas] == [0, 0, 0], logs
    fires = collections.Counter(runs.read_text().split()[::2])
    assert set(fires.values()) == {1}, fires
    seconds = sorted(datetime.fromisoformat(f.replace("Z", "+00:00")).timestamp() for f in fires)
    # none lost between the first and the last (the first ones may predate a slow start)
    assert seconds == [seconds[0] + k for k in range(len(seconds))], seconds
