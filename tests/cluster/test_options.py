"""The cluster's `Exclusive` is built from a job's options: one default, one check, one message."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest

from tomodachi_schedule.errors import ScheduleError
from tomodachi_schedule.runtime.cluster.options import Exclusive
from tomodachi_schedule.runtime.options import JobOptions

SHARED = ("misfire_grace", "catch_up", "coalesce", "catch_up_limit")


def test_exclusive_is_the_cluster_part_of_a_jobs_options():
    options = JobOptions.build(
        exclusive=True, misfire_grace="30s", catch_up="90s", coalesce="all", catch_up_limit=3
    )
    exclusive = Exclusive.of(options)
    assert [getattr(exclusive, name) for name in SHARED] == [30.0, 90.0, "all", 3]
    assert (exclusive.max_skew, exclusive.retention) == (300.0, 86400.0)


def test_exclusive_defaults_are_the_job_options_defaults():
    assert [getattr(Exclusive(), name) for name in SHARED] == [
        getattr(JobOptions(), name) for name in SHARED
    ]
    assert Exclusive.of(JobOptions.build(exclusive=True)) == Exclusive()


@pytest.mark.parametrize(
    "given",
    [{"coalesce": "newest"}, {"catch_up_limit": 0}, {"misfire_grace": -1.0}, {"catch_up": -5.0}],
)
def test_a_bad_value_reads_the_same_from_the_decorator_and_from_exclusive(given):
    with pytest.raises(ScheduleError) as from_job:
        JobOptions.build(exclusive=True, **given)
    with pytest.raises(ScheduleError) as from_cluster:
        Exclusive(**given)
    assert str(from_job.value) == str(from_cluster.value)


@pytest.mark.parametrize("name", ["max_skew", "retention"])
def test_the_cluster_settings_of_its_own_are_checked_too(name):
    with pytest.raises(ScheduleError, match=f"{name} must not be negative"):
        Exclusive(**{name: -1.0})


def test_declaring_cluster_options_loads_no_cluster_code():
    script = textwrap.dedent("""
        import sys
        from tomodachi_schedule.errors import ScheduleError
        from tomodachi_schedule.runtime.options import JobOptions
        JobOptions.build(exclusive=True, catch_up=True, coalesce="all", catch_up_limit=3)
        try:
            JobOptions.build(exclusive=True, coalesce="newest")
        except ScheduleError as error:
            print(error)
        print(sorted(m for m in sys.modules if m.startswith("tomodachi_schedule.runtime.cluster")))
        """)
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    *error, loaded = result.stdout.splitlines()
    assert "unknown coalesce policy 'newest'" in "\n".join(error)
    assert loaded == "[]"
