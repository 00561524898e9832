"""``tomodachi-compile next`` and ``explain``: stdout purity, exit codes, errors without tracebacks."""

from __future__ import annotations

import subprocess
import sys

import pytest

from tomodachi_schedule.commands import Entry
from tomodachi_schedule.compiler.cli import registry as cli


def _run(*args: str) -> subprocess.CompletedProcess:
    command = [sys.executable, "-m", "tomodachi_schedule.compiler.cli", *args]
    return subprocess.run(command, capture_output=True, text=True, timeout=60)


def test_next_prints_only_fire_times_and_notes_dst_on_stderr() -> None:
    result = _run(
        "next",
        "30 2 * * *",
        "--timezone",
        "Europe/Stockholm",
        "--after",
        "2026-03-28T12:00:00+01:00",
        "-n",
        "2",
    )
    assert result.returncode == 0
    assert result.stdout.splitlines() == [
        "2026-03-29T03:30:00+02:00",
        "2026-03-30T02:30:00+02:00",
    ]
    assert "2026-03-29T03:30:00+02:00" in result.stderr and "daylight-saving" in result.stderr


def test_invalid_spec_exits_1_with_rendered_error() -> None:
    result = _run("next", "every mondey at 09:00")
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr.startswith("<spec>:1:7: error: unexpected word 'mondey'")
    assert (
        "did you mean 'every monday at 09:00'?" in result.stderr
        and "Traceback" not in result.stderr
    )


def test_explain_in_a_subprocess() -> None:
    result = _run("explain", "every weekday at 09:00 in Europe/Stockholm")
    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout == "every weekday at 09:00 in Europe/Stockholm\n"


def test_next_in_process(capsys) -> None:
    assert (
        cli.main(
            [
                "next",
                "every 90 minutes",
                "--after",
                "2026-03-01T00:00:00Z",
                "-n",
                "3",
                "--tz",
                "UTC",
            ]
        )
        == 0
    )
    assert capsys.readouterr().out.split() == [
        "2026-03-01T01:30:00+00:00",
        "2026-03-01T03:00:00+00:00",
        "2026-03-01T04:30:00+00:00",
    ]


def test_naive_after_is_read_in_the_timezone(capsys) -> None:
    assert (
        cli.main(
            [
                "next",
                "0 9 * * *",
                "--after",
                "2026-06-01T08:59",
                "-n",
                "1",
                "--timezone",
                "Asia/Tokyo",
            ]
        )
        == 0
    )
    assert capsys.readouterr().out == "2026-06-01T09:00:00+09:00\n"


def test_a_one_off_stops(capsys) -> None:
    assert (
        cli.main(
            [
                "next",
                "2026-12-01 10:00",
                "--after",
                "2026-01-01T00:00Z",
                "-n",
                "3",
                "--tz",
                "UTC",
            ]
        )
        == 0
    )
    assert capsys.readouterr().out == "2026-12-01T10:00:00+00:00\n"


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["next", "* * * * *", "-n", "0"], "-n must be at least 1"),
        (["next", "* * * * *", "--after", "yesterday"], "is not an ISO 8601"),
        (
            ["next", "* * * * *", "--timezone", "Mars/Olympus"],
            "unknown time zone 'Mars/Olympus'",
        ),
        (["frobnicate"], "unknown command 'frobnicate'"),
    ],
)
def test_usage_errors_are_one_line_messages(argv, message, capsys) -> None:
    assert cli.main(argv) in (1, 2)
    assert message in capsys.readouterr().err


def test_a_path_routes_to_the_compile_command(monkeypatch) -> None:
    seen = []
    monkeypatch.setitem(cli.COMMANDS, "compile", Entry(lambda argv: seen.append(argv) or 0, "test"))
    assert cli.main(["services/schedules.sched", "-o", "-"]) == 0
    assert seen == [["services/schedules.sched", "-o", "-"]]


def test_next_notes_a_fire_the_daylight_saving_gap_shifted(capsys) -> None:
    argv = ["next", "30 2 * * *", "--timezone", "Europe/Stockholm", "-n", "2"]
    assert cli.main([*argv, "--after", "2026-03-28T12:00:00+01:00"]) == 0
    captured = capsys.readouterr()
    assert captured.out.split() == ["2026-03-29T03:30:00+02:00", "2026-03-30T02:30:00+02:00"]
    assert captured.err.splitlines() == [
        "note: 2026-03-29T03:30:00+02:00: shifted forward by a daylight-saving gap "
        "(its wall time does not exist that day)"
    ]
