"""docs/operations.md stays true: its `tomodachi-compile` console sessions are run."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest

from tomodachi_schedule.compiler import cli

REPO = Path(__file__).resolve().parents[2]
TEXT = (REPO / "docs" / "operations.md").read_text(encoding="utf-8")


def _sessions() -> list[tuple[str, list[str]]]:
    sessions: list[tuple[str, list[str]]] = []
    for block in re.findall(r"```console\n(.*?)```", TEXT, flags=re.DOTALL):
        for line in block.splitlines():
            if line.startswith("$ tomodachi-compile "):
                sessions.append((line[2:], []))
            elif sessions:
                sessions[-1][1].append(line)
    return sessions


@pytest.mark.parametrize(("command", "expected"), _sessions())
def test_console_session(command: str, expected: list[str], capsys, monkeypatch) -> None:
    monkeypatch.chdir(REPO)
    status = cli.main(shlex.split(command)[1:])
    out, err = capsys.readouterr()
    assert (out if status == 0 else err).splitlines() == expected


def test_there_is_a_session_to_check() -> None:
    assert _sessions()


def test_the_screenshot_is_linked_and_present() -> None:
    assert "](img/plan.png)" in TEXT
    assert (REPO / "docs" / "img" / "plan.png").stat().st_size > 10_000
