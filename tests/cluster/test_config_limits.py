"""Coordinator URLs are checked completely where they are given: a URL accepted here never
fails on every fire later (issue 12.5)."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest

from tomodachi_schedule.errors import ScheduleError
from tomodachi_schedule.runtime.cluster import ENV_VAR, store_from_url
from tomodachi_schedule.runtime.decorators import hourly
from tomodachi_schedule.runtime.service import Service

RUN = (sys.executable, "-m", "tomodachi_schedule", "run")


@pytest.mark.parametrize(
    "url, message",
    [
        ("sqlite:///x.db?busy_timeout=nan", "bad value 'nan' for busy_timeout"),
        ("sqlite:///x.db?busy_timeout=inf", "bad value 'inf' for busy_timeout"),
        ("sqlite:///x.db?busy_timeout=1e400", "bad value '1e400' for busy_timeout"),
        ("sqlite:///x.db?busy_timeout=-1", "bad value '-1' for busy_timeout"),
        ("sqlite:///x.db?busy_timeout=1e12", "bad value '1e12' for busy_timeout"),
        ("sqlite:///tmp/a\0b.db", "control character"),
        ("sqlite:claims\n.db", "control character"),
        ("redis://h:6379/0?wait_timeout=nan", "bad value 'nan' for wait_timeout"),
        ("redis://h:6379/0?wait_timeout=inf", "bad value 'inf' for wait_timeout"),
        ("redis://h:6379/0?socket_timeout=nan", "bad value 'nan' for socket_timeout"),
        ("redis://h:99999/0", "Port out of range"),
        ("redis://h:6379/0?socket_timeout=abc", "socket_timeout"),
        ("foo", "unknown coordinator scheme 'foo'"),
        ("mysql://db/claims", "unknown coordinator scheme 'mysql'"),
    ],
)
def test_urls_that_would_fail_at_every_fire_are_refused(url, message):
    with pytest.raises(ScheduleError) as error:
        store_from_url(url)
    assert message in str(error.value) and "hint:" in str(error.value)


def test_reasonable_numbers_still_pass():
    assert store_from_url("sqlite:///x.db?busy_timeout=0.5").busy_timeout == 0.5
    assert store_from_url("redis://h:6379/0?wait_timeout=2&socket_timeout=1.5").wait_timeout == 2


def test_a_bad_coordinator_attribute_is_refused_when_the_class_is_declared():
    with pytest.raises(ScheduleError, match="busy_timeout"):

        class Billing(Service):
            coordinator = "sqlite:///x.db?busy_timeout=nan"

            @hourly(exclusive=True)
            def report(self):
                pass


SERVICE = """
    import tomodachi_schedule as ts

    class Billing(ts.Service):
        name = "billing"
        {attribute}

        def _start_service(self):
            print("started hook", flush=True)

        def _stop_service(self):
            print("stop hook", flush=True)

        @ts.heartbeat(exclusive=True)
        async def report(self):
            print("report", flush=True)
"""


@pytest.mark.parametrize(
    "attribute, env, message",
    [
        ('coordinator = "sqlite:///tmp/x.db?busy_timeout=nan"', None, "busy_timeout"),
        ("", "foo", "unknown coordinator scheme 'foo'"),
        ("", "sqlite:///tmp/x.db?busy_timeout=1e400", "busy_timeout"),
    ],
    ids=["attribute", "env-kind", "env-number"],
)
def test_the_runner_exits_1_with_one_clear_message(tmp_path, attribute, env, message):
    app = tmp_path / "app.py"
    app.write_text(textwrap.dedent(SERVICE.format(attribute=attribute)))
    environ = {**__import__("os").environ, ENV_VAR: env or "", "XDG_STATE_HOME": str(tmp_path)}
    result = subprocess.run(
        [*RUN, str(app)], capture_output=True, text=True, timeout=10, env=environ
    )
    output = result.stdout + result.stderr
    assert result.returncode == 1, output
    assert message in output and "Traceback" not in output
    assert "report" not in result.stdout  # nothing ran


@pytest.mark.parametrize(
    "url", ["sqlite:///x.db?busy_timeout=nan", "foo", "redis://h:6379/0?socket_timeout=inf"]
)
def test_a_sched_files_coordinator_is_checked_at_compile_time(url):
    from tomodachi_schedule.compiler.sched.compile import compile_sched

    source = f'coordinator "{url}"\nservice "s" {{\n  every 5 minutes: tick\n}}\n'
    with pytest.raises(ScheduleError) as error:
        compile_sched(source, source_name="x.sched")
    assert "x.sched:1:" in error.value.render()
