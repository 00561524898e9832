"""docs/language.md stays true: its console sessions are run and its explain tables are checked."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest

from tomodachi_schedule.compiler import cli, parse_schedule

DOC = Path(__file__).parents[2] / "docs" / "language.md"
TEXT = DOC.read_text(encoding="utf-8")
ROW = re.compile(r"^\| `(?P<spec>[^`]+)` \| (?P<meaning>.+) \|$")


def _sessions() -> list[tuple[str, list[str]]]:
    """(command, expected output lines) for every ``$ tomodachi-compile`` line of a console block."""
    sessions: list[tuple[str, list[str]]] = []
    for block in re.findall(r"```console\n(.*?)```", TEXT, flags=re.DOTALL):
        for line in block.splitlines():
            if line.startswith("$ "):
                sessions.append((line[2:], []))
            else:
                sessions[-1][1].append(line)
    return sessions


def _explain_rows() -> list[tuple[str, str]]:
    """Rows of the tables whose header is ``| spec | `explain` |``."""
    rows = []
    for table in re.findall(r"\| spec \| `explain` \|\n\| --- \| --- \|\n((?:\|.*\n)+)", TEXT):
        rows += [(m["spec"], m["meaning"]) for m in map(ROW.match, table.splitlines())]
    return rows


@pytest.mark.parametrize(("command", "expected"), _sessions())
def test_console_session(command: str, expected: list[str], capsys) -> None:
    argv = shlex.split(command)
    assert argv[0] == "tomodachi-compile"
    status = cli.main(argv[1:])
    out, err = capsys.readouterr()
    assert (out if status == 0 else err).splitlines() == expected


@pytest.mark.parametrize(("spec", "meaning"), _explain_rows())
def test_explain_table_row(spec: str, meaning: str) -> None:
    assert parse_schedule(int(spec) if spec.isdigit() else spec).explain() == meaning


def test_the_doc_has_examples() -> None:
    assert len(_sessions()) >= 5 and len(_explain_rows()) >= 50
