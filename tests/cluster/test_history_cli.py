"""``python -m tomodachi_schedule history``: recent fires with outcome and duration."""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys

import pytest

from tomodachi_schedule.__main__ import main
from tomodachi_schedule.runtime.cluster.claims import Claim, FireKey
from tomodachi_schedule.runtime.cluster.config import ENV_VAR, store_from_url

T0 = 1_800_000_000_000  # 2027-01-15T08:00:00Z
DAY = 86_400_000


def populate(url: str) -> None:
    async def fill():
        store = store_from_url(url)
        await store.open()
        for minute, (service, outcome) in enumerate(
            [("billing", "ok"), ("mail", "ok"), ("billing", "failed"), ("billing", None)]
        ):
            key = FireKey(service=service, job="job", nominal_ms=T0 + minute * 60_000)
            await store.claim(
                Claim(key=key, owner=f"host:{minute}", now_ms=key.nominal_ms, ttl_ms=DAY)
            )
            await store.mark_started(key, owner=f"host:{minute}", now_ms=key.nominal_ms + 10)
            if outcome:
                error = "KeyError: 'x'" if outcome == "failed" else None
                done = key.nominal_ms + 2510
                await store.finish(
                    key, owner=f"host:{minute}", now_ms=done, outcome=outcome, error=error
                )
        await store.close()

    asyncio.run(fill())


def test_history_lists_newest_first_with_outcome_duration_and_error(coordinator_url, capsys):
    populate(coordinator_url)
    status = main(["history", "--coordinator", coordinator_url, "--service", "billing"])
    lines = capsys.readouterr().out.splitlines()
    assert status == 0
    assert lines[0].split() == [
        "fire", "(UTC)", "service", "job", "outcome", "duration", "owner", "contenders", "error"
    ]  # fmt: skip
    assert [line.split() for line in lines[1:]] == [
        ["2027-01-15T08:03:00Z", "billing", "job", "unfinished", "host:3", "1"],
        ["2027-01-15T08:02:00Z", "billing", "job", "failed", "2.500s", "host:2", "1", "KeyError:", "'x'"],
        ["2027-01-15T08:00:00Z", "billing", "job", "ok", "2.500s", "host:0", "1"],
    ]  # fmt: skip


def test_history_limit_and_json(coordinator_url, capsys):
    populate(coordinator_url)
    assert main(["history", "--coordinator", coordinator_url, "--limit", "2", "--json"]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [(row["fire"], row["service"], row["status"]) for row in rows] == [
        ("2027-01-15T08:03:00Z", "billing", "unfinished"),
        ("2027-01-15T08:02:00Z", "billing", "failed"),
    ]


def test_history_reads_the_environment_variable_when_no_url_is_given(
    sqlite_url, monkeypatch, capsys
):
    populate(sqlite_url)
    monkeypatch.setenv(ENV_VAR, sqlite_url)
    assert main(["history", "--service", "mail"]) == 0
    assert "2027-01-15T08:01:00Z  mail" in capsys.readouterr().out


BAD_OR_UNREACHABLE = {
    "sqlite://{tmp}/none.db": "error: no claims database at",
    "redis://127.0.0.1:1/0": "error: coordinator unavailable: redis://127.0.0.1:1/0",
    "postgresql://u:pw@127.0.0.1:1/db": "error: coordinator unavailable: postgresql://u:***@",
    "etcd://127.0.0.1:1?timeout=0.2": "error: coordinator unavailable: etcd://127.0.0.1:1:",
    "etcd://cluster": "coordinator:1:1: error: etcd endpoints are host:port",
    "mysql://db/claims": "coordinator:1:1: error: unknown coordinator scheme 'mysql'",
}


@pytest.mark.parametrize("url, message", BAD_OR_UNREACHABLE.items())
def test_bad_or_unreachable_coordinators_are_one_clear_message_and_exit_1(url, message, tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "tomodachi_schedule", "history"]
        + ["--coordinator", url.format(tmp=tmp_path)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 1
    assert result.stderr.startswith(message) and "Traceback" not in result.stderr
