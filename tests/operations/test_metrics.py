"""Prometheus metrics, scraped from a real running process; and their absence without the flag."""

from __future__ import annotations

import json
import re
import signal
import time
import urllib.request

import pytest

pytest.importorskip("prometheus_client", reason="the metrics extra is not installed")

SERVING = re.compile(r"serving metrics on (http://127\.0\.0\.1:\d+/metrics)")


def scrape(url: str) -> dict[str, float]:
    """Every sample of the endpoint: ``name{labels}`` → value."""
    with urllib.request.urlopen(url, timeout=3) as response:
        text = response.read().decode()
    samples = {}
    for line in text.splitlines():
        if line and not line.startswith("#"):
            key, _, value = line.rpartition(" ")
            samples[key] = float(value)
    return samples


def sample(samples: dict[str, float], name: str, **labels: str) -> float | None:
    """The value of the sample ``name`` with (at least) these labels."""
    for key, value in samples.items():
        if key.split("{")[0] == name and all(f'{k}="{v}"' in key for k, v in labels.items()):
            return value
    return None


def test_metrics_endpoint_of_a_running_process(ops_service):
    process = ops_service("--metrics-port", "0", "--quiet")
    url = SERVING.search(process.wait_for("serving metrics on", timeout=4)).group(1)
    process.wait_for("ops.slow: run for", timeout=3)  # its timeout: every outcome has happened
    started = time.time()
    samples = scrape(url)
    assert sample(samples, "tomodachi_schedule_fires_total", schedule="fine", outcome="ok") >= 1
    assert sample(samples, "tomodachi_schedule_fires_total", schedule="broken", outcome="failed")
    assert sample(samples, "tomodachi_schedule_fires_total", schedule="slow", outcome="timed out")
    assert sample(samples, "tomodachi_schedule_run_duration_seconds_count", schedule="slow",
                  outcome="timed out", service="ops") >= 1  # fmt: skip
    slow = sample(samples, "tomodachi_schedule_run_duration_seconds_sum", schedule="slow")
    assert 0.15 < slow < 2.5  # its 0.2 s timeout, not its 5 s sleep
    assert sample(samples, "tomodachi_schedule_runs_in_progress", schedule="long") in (0, 1)
    following = sample(samples, "tomodachi_schedule_next_fire_timestamp_seconds", schedule="fine")
    assert started - 0.5 < following <= started + 1.5  # every second
    assert sample(samples, "tomodachi_schedule_next_fire_timestamp_seconds", schedule="shared")
    time.sleep(1.2)  # the next second's fires: lateness is observed for scheduled fires only
    samples = scrape(url)
    assert sample(samples, "tomodachi_schedule_fire_lateness_seconds_count", schedule="fine") >= 1
    assert sample(samples, "tomodachi_schedule_fire_lateness_seconds_sum", schedule="fine") < 1
    process.signal(signal.SIGTERM)
    assert process.finish() == 0


def test_without_the_flag_nothing_of_prometheus_is_imported(ops_service):
    process = ops_service("--quiet")
    process.wait_for("started ops", timeout=4)
    modules = ops_service.tmp / "modules.json"
    deadline = time.monotonic() + 3
    while not modules.exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    process.signal(signal.SIGTERM)
    assert process.finish() == 0
    assert json.loads(modules.read_text()) == []


def test_a_port_in_use_is_one_clear_line(ops_service):
    import socket

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        process = ops_service("--metrics-port", str(taken.getsockname()[1]))
        assert process.process.wait(timeout=10) == 1
        process.finish()
    assert "error: cannot serve metrics on 127.0.0.1:" in process.output
    assert "Traceback" not in process.output
