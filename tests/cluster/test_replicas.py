"""Real replica processes against both backends: each fire runs once, none lost, kill -9 safe."""

from __future__ import annotations

import collections
import subprocess
import sys
from pathlib import Path

import pytest

REPLICA = Path(__file__).with_name("replica.py")
MINUTE = 60_000
T0 = 1_800_000_000_000  # a whole minute (2027-01-15T08:00:00Z), the first nominal instant


class ReplicaProcess:
    """One replica process; commands go to its stdin, answers come back one line each."""

    def __init__(self, url: str, runs: Path, first_ms: int = T0, **options: object):
        flags = [f"--{name.replace('_', '-')}={value}" for name, value in options.items()]
        self.process = subprocess.Popen(
            [sys.executable, str(REPLICA), f"--url={url}", f"--runs={runs}"]
            + [f"--first-ms={first_ms}", *flags],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            bufsize=1,
        )
        self.owner = self.answer().split()[1]

    def send(self, command: str) -> None:
        self.process.stdin.write(command + "\n")
        self.process.stdin.flush()

    def answer(self) -> str:
        line = self.process.stdout.readline()
        assert line, f"replica exited with {self.process.wait()}"
        return line.strip()

    def kill(self) -> None:
        self.process.kill()
        self.process.wait()

    def quit(self) -> None:
        self.send("quit")
        assert self.process.wait(timeout=30) == 0


@pytest.fixture
def replicas(coordinator_url, tmp_path, stored_history):
    """Start replicas of one service; each test's replicas are all gone at its end."""
    started: list[ReplicaProcess] = []

    def start(count: int = 1, **options: object) -> list[ReplicaProcess]:
        new = [ReplicaProcess(coordinator_url, tmp_path / "runs", **options) for _ in range(count)]
        started.extend(new)
        return new

    start.url = coordinator_url
    start.runs = tmp_path / "runs"
    start.records = lambda: {r.key.nominal_ms: r for r in stored_history(coordinator_url)}
    yield start
    for replica in started:
        if replica.process.poll() is None:
            replica.kill()


def broadcast(replicas: list[ReplicaProcess], command: str) -> list[str]:
    """Send to all before reading any answer, so the replicas contend for the same fires."""
    for replica in replicas:
        replica.send(command)
    return [replica.answer() for replica in replicas]


def runs_by_fire(runs: Path) -> collections.Counter:
    lines = runs.read_text().split() if runs.exists() else []
    return collections.Counter(int(nominal) for nominal in lines[::2])


def test_each_fire_runs_exactly_once_and_none_is_lost(replicas):
    group = replicas(4)
    for step in range(1, 41):  # 40 ticks, every 30 s of true time: 21 fires
        broadcast(group, f"tick {T0 + step * MINUTE // 2}")
    runs = runs_by_fire(replicas.runs)
    assert sorted(runs) == [T0 + k * MINUTE for k in range(21)]
    assert set(runs.values()) == {1}
    records = replicas.records()
    assert {r.outcome for r in records.values()} == {"ok"}
    # every replica tried every fire: the contention was real, and only one won each
    assert {r.attempts for r in records.values()} == {4}


def test_skewed_clocks_still_run_each_fire_once(replicas):
    skews = (-20_000, 0, 15_000, 45_000)
    group = [replicas(skew_ms=skew)[0] for skew in skews]
    for step in range(1, 61):  # ticks every 10 s for ten minutes of true time
        broadcast(group, f"tick {T0 + step * 10_000}")
    runs = runs_by_fire(replicas.runs)
    ahead = T0 + 10 * MINUTE + max(skews)  # the replica furthest ahead saw this far
    assert sorted(runs) == [T0 + k * MINUTE for k in range(11) if T0 + k * MINUTE <= ahead]
    assert set(runs.values()) == {1}
    # the replica whose clock runs ahead claims first, the others find the fire taken
    owners = collections.Counter(r.owner for r in replicas.records().values())
    assert owners.most_common(1)[0][0] == group[-1].owner


def test_kill_9_while_holding_a_claim_never_reruns_that_fire(replicas):
    holder, other = replicas(2)
    holder.send(f"tick {T0} hold")
    assert holder.answer() == f"holding {T0}"
    holder.kill()
    assert broadcast([other], f"tick {T0 + MINUTE}") == [f"won={T0 + MINUTE} lost={T0}"]
    latecomer = replicas(1, first_ms=T0)[0]
    assert broadcast([latecomer], f"tick {T0 + MINUTE}") == [f"won= lost={T0},{T0 + MINUTE}"]
    record = replicas.records()[T0]
    assert record.owner == holder.owner
    assert record.status == "unfinished" and record.finished_ms is None
    assert runs_by_fire(replicas.runs) == {T0: 1, T0 + MINUTE: 1}


def test_kill_9_after_completing_a_claim_never_reruns_that_fire(replicas):
    (first,) = replicas(1)
    assert broadcast([first], f"tick {T0}") == [f"won={T0} lost="]
    first.kill()
    second, third = replicas(2, first_ms=T0)
    assert broadcast([second, third], f"tick {T0 + 1000}") == [f"won= lost={T0}"] * 2
    assert replicas.records()[T0].outcome == "ok"
    assert runs_by_fire(replicas.runs) == {T0: 1}


@pytest.mark.parametrize("coalesce, runs_expected", [("all", 10), ("latest", 1)])
def test_all_replicas_down_then_restarted_catch_up_each_missed_fire_once(
    replicas, coalesce, runs_expected
):
    first_life = replicas(2)
    for minute in range(3):
        broadcast(first_life, f"tick {T0 + minute * MINUTE}")
    for replica in first_life:
        replica.quit()
    # Everyone was down for half an hour; three replicas come back at once.
    now = T0 + 30 * MINUTE + 30_000
    options = {"catch_up": 600, "coalesce": coalesce, "limit": 100, "first_ms": now + 30_000}
    broadcast(replicas(3, **options), f"catchup {now}")
    runs = runs_by_fire(replicas.runs)
    caught_up = [T0 + k * MINUTE for k in range(21, 31)]  # no more than 10 minutes late
    assert set(runs.values()) == {1}
    assert sorted(runs) == [T0, T0 + MINUTE, T0 + 2 * MINUTE] + caught_up[-runs_expected:]
    records = replicas.records()
    outcomes = collections.Counter(r.status for r in records.values() if r.catch_up)
    expected = {"ok": runs_expected, "coalesced": 10 - runs_expected, "missed": 18}
    assert outcomes == collections.Counter(expected)
    # a later start finds nothing left to catch up
    assert broadcast(replicas(1, **options), f"catchup {now + 1000}") == ["won= lost="]
