"""``tomodachi-compile plan FILE...``: every fire of every schedule in a window, and its picture."""

from __future__ import annotations

import argparse
import sys
from datetime import datetime, timedelta, timezone, tzinfo
from itertools import islice
from pathlib import Path

from tomodachi_schedule.compiler.cli.registry import CommandError
from tomodachi_schedule.compiler.plan.agenda import fires_between
from tomodachi_schedule.compiler.plan.render import json_lines, text_lines
from tomodachi_schedule.compiler.plan.sources import SourceError, read_sources

DEFAULT_HOURS = 24.0
MAX_FIRES = 200_000  # beyond this a plan is no longer readable; the window should be narrowed


def plan_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="tomodachi-compile plan",
        description="Print every fire of every schedule in a window, in time order. "
        "A .sched file or a generated module is read without running it; another service "
        ".py file is imported (its services are not started).",
    )
    parser.add_argument("files", nargs="+", metavar="FILE", help=".sched, generated or service")
    parser.add_argument("--from", dest="start", metavar="ISO", help="window start (default: now)")
    window = parser.add_mutually_exclusive_group()
    window.add_argument("--hours", type=float, help="window length (default: 24)")
    window.add_argument("--until", metavar="ISO", help="window end (excluded)")
    parser.add_argument("--timezone", "--tz", help="zone the times are shown in (default: local)")
    parser.add_argument("--json", action="store_true", help="one JSON object per fire")
    parser.add_argument("--html", metavar="PATH", help="also write the timeline picture here")
    return parser


def run_plan(argv: list[str]) -> int:
    """Print the agenda of .sched files, generated modules or service files."""
    args = plan_parser().parse_args(argv)
    display = _zone(args.timezone)
    start = _moment(args.start, "--from", display) if args.start else datetime.now(display)
    end = _window_end(args, start, display)
    try:
        schedules = read_sources(args.files)
    except SourceError as error:
        raise CommandError(str(error)) from None
    fires = list(islice(fires_between(schedules, start, end), MAX_FIRES + 1))
    if len(fires) > MAX_FIRES:
        del fires[MAX_FIRES:]
        print(f"note: stopped after {MAX_FIRES} fires; narrow the window", file=sys.stderr)
    lines = json_lines if args.json else text_lines
    sys.stdout.write("".join(line + "\n" for line in lines(fires, schedules, display)))
    if not fires and not args.json:
        print(f"no fires between {start.isoformat()} and {end.isoformat()}", file=sys.stderr)
    if args.html:
        _write_html(Path(args.html), schedules, fires, start, end, display)
    return 0


def _write_html(path: Path, schedules, fires, start, end, display) -> None:
    from tomodachi_schedule.compiler.plan.timeline import timeline_html

    try:
        path.write_text(timeline_html(schedules, fires, start, end, display), encoding="utf-8")
    except OSError as error:
        raise CommandError(f"cannot write {path}: {error.strerror}") from None
    print(f"wrote {path}", file=sys.stderr)


def _window_end(args: argparse.Namespace, start: datetime, display: tzinfo) -> datetime:
    if args.until:
        end = _moment(args.until, "--until", display)
        if end <= start:
            raise CommandError("--until must be after --from")
        return end
    hours = DEFAULT_HOURS if args.hours is None else args.hours
    if not 0 < hours <= 24 * 366:
        raise CommandError("--hours must be more than 0 and at most a year (8784)")
    # elapsed hours, not wall-clock ones: a window across a DST change is still N hours long
    return (start.astimezone(timezone.utc) + timedelta(hours=hours)).astimezone(display)


def _zone(name: str | None) -> tzinfo:
    from tomodachi_schedule.runtime.engine.zones.names import resolve_zone

    return resolve_zone(name)  # a ScheduleError for an unknown zone: rendered by the registry


def _moment(text: str, option: str, zone: tzinfo) -> datetime:
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise CommandError(f"{option} {text!r} is not an ISO 8601 date or time") from None
    return moment if moment.tzinfo else moment.replace(tzinfo=zone)
