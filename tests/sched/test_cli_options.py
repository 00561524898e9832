"""Command lines of the generated module, ``tomodachi-compile`` and ``python -m
tomodachi_schedule`` (issue 12.13, 12.14)."""

from __future__ import annotations

import signal
import subprocess
import sys
from pathlib import Path

import pytest

from tomodachi_schedule import __version__
from tomodachi_schedule.compiler.cli.registry import main

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "services"))
from svc_support import ServiceProcess  # noqa: E402

SCHED = 'service "shop" {\n    restock: "every day at 06:00" -> shop_jobs:restock\n}\n'
HANDLERS = "def restock():\n    print('restocked', flush=True)\n"


@pytest.fixture
def generated(tmp_path, monkeypatch):
    (tmp_path / "shop.sched").write_text(SCHED)
    (tmp_path / "shop_jobs.py").write_text(HANDLERS)
    monkeypatch.chdir(tmp_path)
    assert main(["shop.sched", "-o", "schedules.py"]) == 0
    return tmp_path / "schedules.py"


def run(*argv: str, cwd=None) -> subprocess.CompletedProcess:
    return subprocess.run(argv, capture_output=True, text=True, timeout=30, cwd=cwd)


def test_the_generated_module_has_help_and_starts_nothing_for_it(generated):
    result = run(sys.executable, str(generated), "--help", cwd=generated.parent)
    assert result.returncode == 0
    assert "--log-level" in result.stdout and "--grace" in result.stdout
    assert "started" not in result.stderr


@pytest.mark.parametrize(
    "argv, message",
    [
        (["--bogus"], "unrecognized arguments: --bogus"),
        (["extra"], "unrecognized arguments: extra"),
        (["--grace", "nan"], "--grace"),
        (["--grace", "-1"], "--grace"),
        (["--log-level", "loud"], "--log-level"),
    ],
)
def test_the_generated_module_refuses_unknown_or_bad_options(generated, argv, message):
    result = run(sys.executable, str(generated), *argv, cwd=generated.parent)
    assert result.returncode == 2 and message in result.stderr
    assert "Traceback" not in result.stderr and "started" not in result.stderr


def test_the_generated_module_lists_its_schedules_like_the_runner(generated):
    own = run(sys.executable, str(generated), "--list", cwd=generated.parent)
    runner = run(sys.executable, "-m", "tomodachi_schedule", "run", str(generated), "--list")
    assert own.returncode == 0 and runner.returncode == 0, own.stderr + runner.stderr
    assert "restock" in own.stdout and "every day at 06:00" in own.stdout
    assert own.stdout.splitlines()[0] == runner.stdout.splitlines()[0]  # one table, one header
    assert "started" not in own.stderr  # --list starts nothing


def test_the_generated_module_takes_the_runners_options(generated):
    process = ServiceProcess(
        sys.executable, str(generated), "--log-level", "debug", "--grace", "0.5",
        cwd=str(generated.parent),
    )  # fmt: skip
    try:
        process.wait_for("started shop", timeout=15)
        process.signal(signal.SIGTERM)
        assert process.finish() == 0
        assert any(" DEBUG " in line for line in process.lines)  # the level was taken
    finally:
        process.kill()


def test_options_before_the_file(generated, capsys):
    assert main(["--check", "shop.sched", "-o", "schedules.py"]) == 0
    assert main(["--no-handler-check", "shop.sched", "-o", "schedules.py"]) == 0
    assert main(["--check", "shop.sched"]) == 1  # shop.py does not exist yet
    assert "shop.py is missing" in capsys.readouterr().err


def test_version_of_tomodachi_compile(capsys):
    assert main(["--version"]) == 0
    assert capsys.readouterr().out == f"tomodachi-compile {__version__}\n"


def test_version_and_help_of_the_runner():
    version = run(sys.executable, "-m", "tomodachi_schedule", "--version")
    assert version.returncode == 0 and version.stdout == f"tomodachi-schedule {__version__}\n"
    helped = run(sys.executable, "-m", "tomodachi_schedule", "--help")
    assert helped.returncode == 0
    assert "SUBCOMMANDS" not in helped.stdout and "pair of functions" not in helped.stdout
    assert "python -m tomodachi_schedule run app.py" in helped.stdout


def test_next_says_when_there_is_no_further_fire(capsys):
    assert main(["next", "2020-01-01T00:00:00Z"]) == 0
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "no fire after" in captured.err


def test_next_says_when_fewer_fires_remain_than_asked(capsys):
    assert main(["next", "0 0 1 1 * 2099", "--after", "2098-06-01T00:00:00Z", "-n", "3"]) == 0
    captured = capsys.readouterr()
    assert captured.out == "2099-01-01T00:00:00+00:00\n" or captured.out.count("\n") == 1
    assert "no further fire after" in captured.err
