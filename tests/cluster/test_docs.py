"""docs/clusters.md: its example service and its error sample are what the code does."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tomodachi_schedule.errors import ScheduleError
from tomodachi_schedule.runtime.cluster import ClusterGate, store_from_url
from tomodachi_schedule.runtime.service import build_jobs

DOC = (Path(__file__).parents[2] / "docs" / "clusters.md").read_text()


def blocks(language: str) -> list[str]:
    return re.findall(rf"```{language}\n(.*?)```", DOC, flags=re.S)


def test_the_example_service_gets_cluster_gates_with_its_options():
    namespace: dict = {}
    exec(compile(blocks("python")[0], "docs/clusters.md", "exec"), namespace)
    jobs = {job.name: job for job in build_jobs(namespace["Billing"]())}
    assert all(isinstance(job.gate, ClusterGate) for job in jobs.values())
    assert jobs["nightly_report"].gate.options.catch_up == 3 * 3600
    assert jobs["send_invoices"].gate.options.catch_up == 0
    assert jobs["send_invoices"].gate.coordinator.store.url == "redis://redis.internal:6379/0"


def test_the_bad_url_sample_is_the_real_message():
    sample = blocks("text")[0]
    url = sample.splitlines()[1].strip()
    with pytest.raises(ScheduleError) as error:
        store_from_url(url)
    assert str(error.value).strip() == sample.strip()
