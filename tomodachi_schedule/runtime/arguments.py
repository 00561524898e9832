"""The command line of every way to run services (``python -m tomodachi_schedule run FILE...``
and ``python generated.py``): their options, read by argparse, or by `quick_options` when the
command line is one of the usual ones.

argparse costs ~12 M instructions (importing it, building the parser, parsing), about a third of
what this project adds to a service's start before its first fire. `quick_options` reads the
usual command lines (known options spelt out, each value its own word, then the files) to the
same values argparse would give, and leaves everything else to argparse (help, errors,
``--opt=value``, abbreviations, ``--``, values that start with a dash).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from types import SimpleNamespace
from typing import TYPE_CHECKING, Any

from tomodachi_schedule.runtime.observe.logformat import LOG_FORMATS
from tomodachi_schedule.runtime.options import DEFAULT_GRACE

if TYPE_CHECKING:
    import argparse

LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR")


def files_parser() -> argparse.ArgumentParser:
    """``python -m tomodachi_schedule run``'s parser."""
    import argparse

    parser = argparse.ArgumentParser(
        prog="python -m tomodachi_schedule run",
        description="Run the scheduled services defined in the files until SIGINT, SIGTERM or "
        "SIGHUP (then running handlers get the grace period to finish).",
    )
    parser.add_argument("files", nargs="+", metavar="FILE", help="Python files defining services")
    add_run_options(parser)
    return parser


def generated_parser(prog: str) -> argparse.ArgumentParser:
    """``python generated.py``'s parser: the run options, no files."""
    import argparse

    parser = argparse.ArgumentParser(
        prog=prog,
        description="Run the scheduled services of this generated module until SIGINT, SIGTERM "
        "or SIGHUP (then running handlers get the grace period to finish).",
    )
    add_run_options(parser)
    return parser


def add_run_options(parser: argparse.ArgumentParser) -> None:
    """The options of every way to run services (`QUICK` and `QUICK_FLAGS` read them too)."""
    parser.add_argument(
        "--grace",
        type=grace_seconds,
        default=DEFAULT_GRACE,
        metavar="SECONDS",
        help="on SIGINT/SIGTERM/SIGHUP, how long running handlers may finish before they are "
        f"cancelled (default: {DEFAULT_GRACE:g})",
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


def grace_seconds(text: str) -> float:
    """A grace period: a finite number of seconds, 0 or more."""
    value = float(text)  # argparse turns the ValueError into "invalid grace_seconds value"
    if not math.isfinite(value) or value < 0:
        raise ValueError(text)
    return value


# an option with a value -> (attribute, how its word is read, the values allowed, if limited)
QUICK: dict[str, tuple[str, Callable[[str], Any], tuple[str, ...]]] = {
    "--grace": ("grace", grace_seconds, ()),
    "--log-level": ("log_level", str.upper, LOG_LEVELS),
    "--log-format": ("log_format", str, LOG_FORMATS),
    "--metrics-port": ("metrics_port", int, ()),
    "--metrics-address": ("metrics_address", str, ()),
}
QUICK_FLAGS = {"--quiet": "quiet", "-q": "quiet", "--list": "list"}
DEFAULTS = {
    "grace": DEFAULT_GRACE,
    "log_level": "INFO",
    "quiet": False,
    "log_format": "text",
    "list": False,
    "metrics_port": None,
    "metrics_address": "127.0.0.1",
}


def quick_options(argv: Sequence[str], *, files: bool) -> SimpleNamespace | None:
    """What argparse would read from ``argv`` (``files``: at least one file after the options,
    as ``run`` takes them; else none), or None when ``argv`` is not one of the usual command
    lines, which argparse then reads (and refuses where it must)."""
    values: dict[str, Any] = dict(DEFAULTS)
    words = list(argv)
    while words and words[0].startswith("-"):
        option = words.pop(0)
        if option in QUICK_FLAGS:
            values[QUICK_FLAGS[option]] = True
            continue
        read = QUICK.get(option)
        if read is None or not words or words[0].startswith("-"):
            return None
        name, convert, allowed = read
        try:
            value = convert(words.pop(0))
        except ValueError:
            return None
        if allowed and value not in allowed:
            return None
        values[name] = value
    if any(word.startswith("-") for word in words) or bool(words) != files:
        return None
    if files:
        values["files"] = words
    return SimpleNamespace(**values)
