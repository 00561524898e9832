"""``tomodachi-compile next`` and ``explain``: the commands that take one schedule spec."""

from __future__ import annotations

import argparse
import sys
from datetime import datetime, tzinfo
from itertools import islice

from tomodachi_schedule.compiler.cli.registry import PROG, CommandError


def _schedule_parser(name: str, description: str) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog=f"{PROG} {name}", description=description)
    parser.add_argument("spec", help='the schedule, e.g. "every weekday at 09:00" or "*/5 * * * *"')
    parser.add_argument("--timezone", "--tz", help="zone when the spec names none (default: local)")
    return parser


def run_next(argv: list[str]) -> int:
    """Print the next fire times, one ISO 8601 instant per line."""
    parser = _schedule_parser("next", "Print the next fire times of a schedule.")
    parser.add_argument("--after", help="start after this ISO 8601 time (default: now)")
    parser.add_argument("-n", type=int, default=5, help="how many fire times (default: 5)")
    args = parser.parse_args(argv)
    if args.n < 1:
        raise CommandError("-n must be at least 1")
    schedule = _compile(args.spec, args.timezone)
    after = _after(args.after, args.timezone)
    last = None
    for last in islice(schedule.iter_after(after), args.n):
        print(last.isoformat())
        note = shift_note(schedule, last)
        if note:
            print(f"note: {last.isoformat()}: {note}", file=sys.stderr)
    if last is None:
        print(f"{PROG}: no fire after {after.isoformat()}", file=sys.stderr)
    elif schedule.next_after(last) is None:
        print(f"{PROG}: no further fire after {last.isoformat()}", file=sys.stderr)
    return 0


def run_explain(argv: list[str]) -> int:
    """Print the English description of a schedule."""
    args = _schedule_parser("explain", "Describe a schedule in English.").parse_args(argv)
    print(_compile(args.spec, args.timezone).explain())
    return 0


def _compile(spec: str, timezone: str | None):
    from tomodachi_schedule.compiler import parse_schedule

    # a bare number on the command line is what `interval=20` is in Python: seconds
    seconds = spec.isascii() and spec.isdigit() and int(spec) > 0
    return parse_schedule(int(spec) if seconds else spec, timezone=timezone, source_name="<spec>")


def _after(text: str | None, timezone: str | None) -> datetime:
    from tomodachi_schedule.runtime.engine.zones.names import resolve_zone

    zone: tzinfo = resolve_zone(timezone)
    if text is None:
        return datetime.now(zone)
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise CommandError(f"--after {text!r} is not an ISO 8601 date or time") from None
    return moment if moment.tzinfo else moment.replace(tzinfo=zone)


def shift_note(schedule: object, fire: datetime) -> str | None:
    """Why a fire is at an unexpected wall time: the daylight-saving gap shifted it."""
    from tomodachi_schedule.compiler.plan.agenda import GAP, NOTES, dst_mark, wall_calendars

    return NOTES[GAP] if dst_mark(fire, wall_calendars(schedule)) == GAP else None
