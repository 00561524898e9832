"""``python -m tomodachi_schedule``: ``run FILE [FILE...]`` runs services (more subcommands plug in).

A subcommand is a pair of functions in ``SUBCOMMANDS``: one adds its arguments to a parser,
the other runs it and returns the exit status.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable

from tomodachi_schedule.runtime.options import DEFAULT_GRACE

LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR")


def _add_run(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("files", nargs="+", metavar="FILE", help="Python files defining services")
    parser.add_argument(
        "--grace",
        type=float,
        default=DEFAULT_GRACE,
        metavar="SECONDS",
        help="on SIGINT/SIGTERM/SIGHUP, how long running handlers may finish before they are cancelled "
        "(default: 30)",
    )
    parser.add_argument(
        "--log-level",
        type=str.upper,
        choices=LOG_LEVELS,
        default="INFO",
        help="DEBUG logs one line per fire (default: INFO)",
    )


def _run(args: argparse.Namespace) -> int:
    """Run the services defined in FILE(s) until SIGINT/SIGTERM/SIGHUP."""
    if args.grace < 0:
        print("error: --grace cannot be negative", file=sys.stderr)
        return 1
    from tomodachi_schedule.runtime.loader import LoadError, load_services
    from tomodachi_schedule.runtime.runner import configure_logging, exit_now, run_classes

    configure_logging(args.log_level)
    try:
        classes = load_services(args.files)
    except LoadError as error:
        print(error, file=sys.stderr)
        return 1
    exit_now(run_classes(classes, grace=args.grace, log_level=args.log_level))
    return 0  # not reached: exit_now exits


def _add_history(parser: argparse.ArgumentParser) -> None:
    from tomodachi_schedule.runtime.cluster.history import add_arguments

    add_arguments(parser)


def _history(args: argparse.Namespace) -> int:
    """List recent fires of exclusive schedules with outcome and duration."""
    from tomodachi_schedule.runtime.cluster.history import run

    return run(args)


Subcommand = tuple[str, Callable[[argparse.ArgumentParser], None], Callable[..., int]]

SUBCOMMANDS: list[Subcommand] = [
    ("run", _add_run, _run),
    ("history", _add_history, _history),
]


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The CLI parser; given the ``command`` about to run, only its arguments are added, so
    ``run`` never imports what ``history`` needs (the cluster package: ~0.1 s of start-up)."""
    parser = argparse.ArgumentParser(prog="python -m tomodachi_schedule", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name, add_arguments, handler in SUBCOMMANDS:
        sub = commands.add_parser(name, help=(handler.__doc__ or "").strip() or None)
        if command in (None, name):
            add_arguments(sub)
        sub.set_defaults(handler=handler)
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    names = {name for name, _, _ in SUBCOMMANDS}
    command = next((word for word in argv if not word.startswith("-")), None)
    args = build_parser(command if command in names else None).parse_args(argv)
    return args.handler(args)


if __name__ == "__main__":
    sys.exit(main())
