"""``tomodachi-compile``'s commands, in one registry: `COMMANDS` (the shape is `commands.Program`'s).

``tomodachi-compile FILE.sched`` (a path instead of a command name, or an option first) runs the
``compile`` command.
"""

from __future__ import annotations

from collections.abc import Sequence

from tomodachi_schedule.commands import CommandError, Entry, Program
from tomodachi_schedule.commands import report as _report

__all__ = ["COMMANDS", "PROG", "CommandError", "main", "report"]

PROG = "tomodachi-compile"
_CLI = "tomodachi_schedule.compiler.cli"

COMMANDS: dict[str, Entry] = {
    "next": Entry(f"{_CLI}.spec_commands:run_next", "the next fires of a schedule spec"),
    "explain": Entry(f"{_CLI}.spec_commands:run_explain", "a schedule spec in plain English"),
    "compile": Entry(f"{_CLI}.sched_commands:run_compile", "a .sched file to a Python module"),
    "check": Entry(f"{_CLI}.sched_commands:run_check", "check a .sched file, write nothing"),
    "plan": Entry(
        f"{_CLI}.plan_command:run_plan", "every fire of a window, as a table or timeline"
    ),
}


def _route(word: str) -> str | None:
    """A path (``FILE.sched``) or an option before the file means ``compile``."""
    return "compile" if word.startswith("-") or "." in word or "/" in word else None


PROGRAM = Program(
    PROG,
    COMMANDS,
    about=f"Compile .sched files; read schedule specs. '{PROG} FILE.sched' = '{PROG} compile FILE.sched'.",
    examples=[
        f'{PROG} next "every weekday at 09:00" -n 5',
        f'{PROG} explain "30 5 * jan,mar Ltue"',
        f"{PROG} schedules.sched -o services/schedules.py",
        f"{PROG} plan schedules.sched --hours 24",
    ],
    route=_route,
)


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of ``tomodachi-compile``; returns the exit status."""
    return PROGRAM.main(argv)


def report(error: CommandError) -> None:
    """Print a command's failure the one way every command does."""
    _report(PROG, error)
