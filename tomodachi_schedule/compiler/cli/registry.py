"""``tomodachi-compile``'s commands, in one registry: `COMMANDS`.

A command is a function ``run(argv) -> exit status`` named by ``"module:function"`` and imported
only when it runs (``next``/``explain`` in spec_commands, ``compile``/``check`` in sched_commands,
``plan`` in plan_command); it raises `CommandError` for a one-line failure. ``tomodachi-compile FILE.sched`` (a path
instead of a command name) runs the ``compile`` command.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable

from tomodachi_schedule.errors import ScheduleError

PROG = "tomodachi-compile"
Command = Callable[[list[str]], int]


class CommandError(Exception):
    """A one-line failure of a command: a bad option value, an unreadable file (exit status 1)."""


def report(error: CommandError) -> None:
    """Print a command's failure the one way every command does."""
    print(f"{PROG}: error: {error}", file=sys.stderr)


# Adding a command is one line here: its name and "module:function" (imported when it runs).
COMMANDS: dict[str, Command | str] = {
    "next": "tomodachi_schedule.compiler.cli.spec_commands:run_next",
    "explain": "tomodachi_schedule.compiler.cli.spec_commands:run_explain",
    "compile": "tomodachi_schedule.compiler.cli.sched_commands:run_compile",
    "check": "tomodachi_schedule.compiler.cli.sched_commands:run_check",
    "plan": "tomodachi_schedule.compiler.cli.plan_command:run_plan",
}


def _command(name: str) -> Command:
    command = COMMANDS[name]
    if isinstance(command, str):
        module, function = command.split(":")
        command = getattr(importlib.import_module(module), function)
    return command


def _usage() -> str:
    names = ", ".join(COMMANDS)
    return (
        f"usage: {PROG} {{{names}}} ...\n"
        f"       {PROG} FILE.sched   (same as: {PROG} compile FILE.sched)\n"
        f"       {PROG} --version\n"
        f'example: {PROG} next "every weekday at 09:00" -n 5'
    )


def main(argv: list[str] | None = None) -> int:
    """Entry point of ``tomodachi-compile``; returns the exit status."""
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv or argv[0] in ("-h", "--help"):
        print(_usage(), file=sys.stdout if argv else sys.stderr)
        return 0 if argv else 2
    if argv[0] == "--version":
        from tomodachi_schedule import __version__

        print(f"{PROG} {__version__}")
        return 0
    name, rest = argv[0], argv[1:]
    if name not in COMMANDS and name.startswith("-"):
        name, rest = "compile", argv  # options first: tomodachi-compile --check FILE.sched
    elif name not in COMMANDS:
        if not ("." in name or "/" in name):
            print(f"{PROG}: unknown command {name!r}\n{_usage()}", file=sys.stderr)
            return 2
        name, rest = "compile", argv  # a path: tomodachi-compile FILE.sched
    try:
        return _command(name)(rest)
    except ScheduleError as error:
        print(error.render(), file=sys.stderr)
        return 1
    except CommandError as error:
        report(error)
        return 1
