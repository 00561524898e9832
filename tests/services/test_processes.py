"""Real processes: ``python -m tomodachi_schedule run`` and ``tomodachi run``, signals, errors."""

from __future__ import annotations

import shutil
import signal
import sys
import textwrap
import time
from pathlib import Path

import pytest
from svc_support import ServiceProcess

ROOT = Path(__file__).resolve().parents[2]
RUN = (sys.executable, "-m", "tomodachi_schedule", "run")


@pytest.fixture
def service_process():
    started = []

    def start(*argv, cwd=None):
        process = ServiceProcess(*argv, cwd=cwd)
        started.append(process)
        return process

    yield start
    for process in started:
        process.kill()


def write_service(tmp_path: Path, body: str) -> str:
    path = tmp_path / "app.py"
    path.write_text(textwrap.dedent(body))
    return str(path)


def test_seed_service_runs_and_stops_cleanly_on_sigterm(service_process):
    process = service_process(*RUN, str(ROOT / "examples" / "seed_service.py"))
    process.wait_for("started scheduler-example: 7 schedule(s)", timeout=15)
    process.wait_for("Every 20 seconds and immediately")
    began = time.monotonic()
    process.signal(signal.SIGTERM)
    assert process.finish() == 0
    assert time.monotonic() - began < 5
    assert "Traceback" not in process.output


SLOW_HANDLER = """
    import asyncio
    import tomodachi_schedule as ts

    class Slow(ts.Service):
        name = "slow"

        @ts.heartbeat(immediately=True, overlap="allow")
        async def work(self, invocation_time):
            print("begin", invocation_time)
            await asyncio.sleep({seconds})
            print("end", invocation_time)

        def _stop_service(self):
            print("stopped")
"""


def test_sigterm_lets_running_handlers_finish_within_grace(service_process, tmp_path):
    app = write_service(tmp_path, SLOW_HANDLER.format(seconds=1.0))
    process = service_process(*RUN, app, "--log-level", "debug")
    process.wait_for("begin", timeout=15)
    process.wait_for("fire at")  # a run has just begun: it is going when the signal comes
    process.signal(signal.SIGTERM)
    assert process.finish() == 0
    last_begun = [line.split()[1] for line in process.lines if line.startswith("begin")][-1]
    # the run going at the signal finished inside the grace period, before _stop_service
    assert process.lines.index(f"end {last_begun}") < process.lines.index("stopped")


def test_second_signal_cancels_running_handlers_at_once(service_process, tmp_path):
    app = write_service(tmp_path, SLOW_HANDLER.format(seconds=120))
    process = service_process(*RUN, app, "--grace", "60")
    process.wait_for("begin", timeout=15)
    process.signal(signal.SIGTERM)
    process.wait_for("waiting up to 60s")
    began = time.monotonic()
    process.signal(signal.SIGINT)
    assert process.finish() == 0
    assert time.monotonic() - began < 5
    assert "end" not in process.output and "cancelled" in process.output


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("x = 1\n", "no service found"),
        (
            "import tomodachi_schedule as ts\n"
            "class S(ts.Service):\n"
            "    @ts.schedule('every 5 minuts')\n"
            "    async def a(self): ...\n",
            "app.py:3: invalid schedule",
        ),
        ("def broken(:\n", "error:"),
        ("import no_such_module_here\n", "ModuleNotFoundError"),
    ],
)
def test_bad_service_files_give_one_clear_message_and_status_1(tmp_path, body, expected):
    import subprocess

    app = write_service(tmp_path, body)
    result = subprocess.run([*RUN, app], capture_output=True, text=True, timeout=30)
    assert result.returncode == 1
    assert expected in result.stderr
    assert "Traceback" not in result.stderr + result.stdout


@pytest.mark.skipif(shutil.which("tomodachi") is None, reason="tomodachi is not installed")
def test_tomodachi_run_hosts_our_schedules_and_stops_cleanly(service_process):
    process = service_process(
        "tomodachi", "run", "--production", "examples/tomodachi_service.py", cwd=ROOT
    )
    process.wait_for("service started", timeout=20)
    process.wait_for("plain function on 'every 20 seconds'")
    process.wait_for("heartbeat at")
    process.signal(signal.SIGTERM)
    assert process.finish() == 0
    assert "service stopped" in process.output


@pytest.mark.skipif(shutil.which("tomodachi") is None, reason="tomodachi is not installed")
def test_our_runner_also_runs_a_real_tomodachi_service(service_process):
    process = service_process(*RUN, str(ROOT / "examples" / "tomodachi_service.py"))
    process.wait_for("started tomodachi-hosted-example: 3 schedule(s)", timeout=20)
    process.wait_for("heartbeat at")
    process.signal(signal.SIGTERM)
    assert process.finish() == 0
    assert "service stopped" in process.output


def test_a_plain_def_handler_stuck_in_its_thread_does_not_hold_the_exit(service_process, tmp_path):
    app = write_service(
        tmp_path,
        """
        import time
        import tomodachi_schedule as ts

        class Stuck(ts.Service):
            @ts.heartbeat(immediately=True)
            def work(self):
                print("working", flush=True)
                time.sleep(120)
        """,
    )
    process = service_process(*RUN, app, "--grace", "0.5")
    process.wait_for("working", timeout=15)
    began = time.monotonic()
    process.signal(signal.SIGTERM)
    assert process.finish() == 0
    assert time.monotonic() - began < 10
    assert "1 handler thread(s) still running" in process.output


EXITING_HANDLER = """
    import sys
    import tomodachi_schedule as ts

    class Exiting(ts.Service):
        name = "exiting"

        @ts.heartbeat(immediately=True)
        async def quits(self):
            sys.exit(3)

        @ts.heartbeat(immediately=True)
        def plain_quits(self):
            raise KeyboardInterrupt

        @ts.heartbeat(immediately=True)
        async def beats(self, invocation_time):
            print("beat", invocation_time)

        def _stop_service(self):
            print("stopped")
"""


@pytest.mark.parametrize("signum", [signal.SIGHUP, signal.SIGTERM], ids=lambda s: s.name)
def test_handlers_raising_system_exit_fail_their_runs_and_the_stop_is_graceful(
    service_process, tmp_path, signum
):
    app = write_service(tmp_path, EXITING_HANDLER)
    process = service_process(*RUN, app)
    process.wait_for("exiting.quits: run for", timeout=15)
    process.wait_for("beat")
    process.wait_for("beat")  # a second beat: the schedules went on after the failures
    process.signal(signum)
    assert process.finish() == 0
    assert "stopped" in process.lines
    assert "SystemExit: 3" in process.output and "KeyboardInterrupt" in process.output
