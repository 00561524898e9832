"""One shape for the commands of both command lines, ``tomodachi-compile`` and
``python -m tomodachi_schedule``.

A command is a function ``run(argv) -> exit status``, registered under its name as
``"module:function"`` with a one-line summary, and imported only when it runs, so one command's
imports never slow down another's start. It raises `CommandError` for a one-line failure (exit
status 1); a `ScheduleError` is printed with its source excerpt (exit status 1). Adding a command
to either program is one line in its `Program`.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable, Sequence
from typing import NamedTuple

from tomodachi_schedule.errors import ScheduleError

Command = Callable[[list[str]], int]


class CommandError(Exception):
    """A one-line failure of a command: a bad option value, an unreadable file (exit status 1)."""


class Entry(NamedTuple):
    """A registered command: where it lives (or the function itself) and what it does."""

    target: Command | str  # "package.module:function", imported when the command runs
    summary: str


class Program:
    """A command line: its name, its commands, and how its usage text reads."""

    def __init__(
        self,
        prog: str,
        commands: dict[str, Entry],
        *,
        about: str,
        examples: Sequence[str],
        route: Callable[[str], str | None] = lambda word: None,
        product: str | None = None,
    ) -> None:
        self.prog = prog
        self.product = product or prog  # the name ``--version`` prints
        self.commands = commands
        self.about = about
        self.examples = examples
        self.route = route  # a first word that is no command's name -> the command it means

    def main(self, argv: Sequence[str] | None = None) -> int:
        """Run the command ``argv`` names; the exit status."""
        argv = list(sys.argv[1:] if argv is None else argv)
        if not argv or argv[0] in ("-h", "--help"):
            print(self.usage(), file=sys.stdout if argv else sys.stderr)
            return 0 if argv else 2
        if argv[0] == "--version":
            from tomodachi_schedule import __version__

            print(f"{self.product} {__version__}")
            return 0
        name, rest = argv[0], argv[1:]
        if name not in self.commands:
            routed = self.route(name)
            if routed is None:
                print(f"{self.prog}: unknown command {name!r}\n{self.usage()}", file=sys.stderr)
                return 2
            name, rest = routed, argv
        return self.run(name, rest)

    def run(self, name: str, argv: list[str]) -> int:
        """Run one command; its one-line failures are printed the one way every command's are."""
        try:
            return load(self.commands[name].target)(argv)
        except ScheduleError as error:
            print(error.render(), file=sys.stderr)
            return 1
        except CommandError as error:
            report(self.prog, error)
            return 1

    def usage(self) -> str:
        width = max(map(len, self.commands))
        lines = [f"usage: {self.prog} COMMAND [options]", "", self.about, "", "commands:"]
        lines += [
            f"  {name.ljust(width)}  {entry.summary}" for name, entry in self.commands.items()
        ]
        lines += ["", "examples:", *(f"  {example}" for example in self.examples), ""]
        lines.append(f"'{self.prog} COMMAND --help' describes a command's options.")
        return "\n".join(lines)


def load(target: Command | str) -> Command:
    """The command function ``target`` names, imported now."""
    if not isinstance(target, str):
        return target
    module, function = target.split(":")
    command: Command = getattr(importlib.import_module(module), function)
    return command


def report(prog: str, error: CommandError) -> None:
    """Print a command's failure the one way every command does."""
    print(f"{prog}: error: {error}", file=sys.stderr)
