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
LOG_FORMATS = ("text", "json")


def _add_run(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("files", nargs="+", metavar="FILE", help="Python files defining services")
    parser.add_argument(
        "--grace",
        type=float,
        default=DEFAULT_GRACE,
        metavar="SECONDS",
        help="on SIGINT/SIGTERM, how long running handlers may finish before they are cancelled "
        "(default: 30)",
    )
    parser.add_argument(
        "--log-level",
        type=str.upper,
        choices=LOG_LEVELS,
        default="INFO",
        help="INFO logs a line when each run starts and ends; WARNING only problems "
        "(default: INFO)",
    )
    parser.add_argument(
        "--quiet", "-q", action="store_true", help="no per-fire lines (problems still logged)"
    )
    parser.add_argument(
        "--log-format", choices=LOG_FORMATS, default="text", help="json: one object per line"
    )
    parser.add_argument(
        "--list", action="store_true", help="print the schedule table and exit (starts nothing)"
    )
    parser.add_argument(
        "--metrics-port",
        type=int,
        metavar="N",
        help="serve Prometheus metrics on this port (needs the metrics extra)",
    )
    parser.add_argument(
        "--metrics-address", default="127.0.0.1", help="address to serve metrics on"
    )


def _run(args: argparse.Namespace) -> int:
    """Run the services defined in FILE(s) until SIGINT/SIGTERM."""
    if args.grace < 0:
        print("error: --grace cannot be negative", file=sys.stderr)
        return 1
    if args.metrics_port is not None and not 0 <= args.metrics_port <= 65535:
        print("error: --metrics-port must be 0..65535", file=sys.stderr)
        return 1
    from tomodachi_schedule.runtime.loader import LoadError, load_services
    from tomodachi_schedule.runtime.runner import configure_logging, exit_now, run_classes

    configure_logging(args.log_level, args.log_format, args.quiet)
    try:
        classes = load_services(args.files)
    except LoadError as error:
        print(error, file=sys.stderr)
        return 1
    if args.list:
        return _list(classes)
    metrics = _metrics(args.metrics_port, args.metrics_address)
    if metrics is None and args.metrics_port is not None:
        return 1
    settings = {"log_level": args.log_level, "log_format": args.log_format, "quiet": args.quiet}
    exit_now(run_classes(classes, grace=args.grace, metrics=metrics, **settings))
    return 0  # not reached: exit_now exits


def _list(classes: list[type]) -> int:
    """``run --list``: the schedule table on standard output; no hook runs, nothing fires."""
    from datetime import datetime, timezone

    from tomodachi_schedule.runtime.service import build_jobs
    from tomodachi_schedule.runtime.table import coordinators, schedule_rows, table_text

    try:
        instances = [cls() for cls in classes]
        jobs = [job for instance in instances for job in build_jobs(instance)]
    except Exception as error:  # noqa: BLE001 - one line, as for a file that cannot load
        print(
            f"error: cannot create the services: {type(error).__name__}: {error}", file=sys.stderr
        )
        return 1
    print(table_text(schedule_rows(jobs, datetime.now(timezone.utc))))
    for store in coordinators(instances, jobs):
        print(f"coordinator for exclusive schedules: {store}")
    return 0


def _metrics(port: int | None, address: str):
    """The metrics sink serving on ``port``, or None (not asked for, or it cannot start)."""
    if port is None:
        return None
    try:
        from tomodachi_schedule.runtime.metrics import Metrics
    except ImportError as error:
        print(f"error: {error}", file=sys.stderr)
        return None
    metrics = Metrics()
    try:
        bound = metrics.serve(port, address)
    except OSError as error:
        print(f"error: cannot serve metrics on {address}:{port}: {error.strerror}", file=sys.stderr)
        return None
    # a log line, so a supervisor (or a test) given port 0 learns the port
    import logging

    logging.getLogger("tomodachi_schedule").info(
        "serving metrics on http://%s:%d/metrics", address, bound
    )
    return metrics


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
