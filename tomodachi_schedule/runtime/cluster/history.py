"""``python -m tomodachi_schedule history``: recent fires of exclusive schedules, from the store."""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
from collections.abc import Sequence

from ...errors import ScheduleError
from .claims import RunRecord, format_instant
from .config import ENV_VAR, resolve_coordinator_url, store_from_url
from .store import ClaimStore, CoordinatorUnavailable

_HEADER = ("fire (UTC)", "service", "job", "outcome", "duration", "owner", "contenders", "error")
_ERROR_WIDTH = 60


def run_history(argv: list[str]) -> int:
    """List recent fires of exclusive schedules with outcome and duration."""
    parser = argparse.ArgumentParser(
        prog="python -m tomodachi_schedule history",
        description="Recent fires of exclusive schedules, newest first, from the coordinator's store.",
    )
    add_arguments(parser)
    return run(parser.parse_args(argv))


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The ``history`` command's options."""
    parser.add_argument(
        "--coordinator",
        metavar="URL",
        help=(
            "sqlite:///path, redis://host:port/db, postgresql://user@host/db or etcd://host:port,..."
            f" (default: ${ENV_VAR}, else the default file)"
        ),
    )
    parser.add_argument("--service", metavar="NAME", help="only this service's fires")
    parser.add_argument("--limit", metavar="N", type=_positive, default=20, help="default 20")
    parser.add_argument("--json", action="store_true", help="one JSON object per line")


def run(args: argparse.Namespace) -> int:
    """Print the history; a bad URL or an unreachable store is a one-line error and exit 1."""
    try:
        store = store_from_url(resolve_coordinator_url(args.coordinator))
    except ScheduleError as exc:
        print(exc, file=sys.stderr)
        return 1
    missing = getattr(store, "path", None)
    if missing is not None and not missing.exists():
        print(f"error: no claims database at {missing} (nothing ran there yet?)", file=sys.stderr)
        return 1
    try:
        records = asyncio.run(_fetch(store, args.service, args.limit))
    except CoordinatorUnavailable as exc:
        print(f"error: coordinator unavailable: {exc}", file=sys.stderr)
        return 1
    print(render_json(records) if args.json else render_table(records))
    return 0


def render_table(records: Sequence[RunRecord]) -> str:
    """Aligned columns, newest fire first."""
    if not records:
        return "no fires recorded"
    rows = [_HEADER, *(_row(record) for record in records)]
    widths = [max(len(row[i]) for row in rows) for i in range(len(_HEADER) - 1)]
    lines = [
        "  ".join(cell.ljust(w) for cell, w in zip(row, widths)) + "  " + row[-1] for row in rows
    ]
    return "\n".join(line.rstrip() for line in lines)


def render_json(records: Sequence[RunRecord]) -> str:
    return "\n".join(json.dumps(_as_dict(record)) for record in records)


async def _fetch(store: ClaimStore, service: str | None, limit: int) -> list[RunRecord]:
    try:
        for warning in await store.open():
            print(f"warning: {warning}", file=sys.stderr)
        return await store.history(service=service, limit=limit)
    finally:
        await store.close()


def _row(record: RunRecord) -> tuple[str, ...]:
    status = record.status + (" (catch-up)" if record.catch_up else "")
    duration = "" if record.duration is None else f"{record.duration:.3f}s"
    error = (record.error or "").replace("\n", " ")
    if len(error) > _ERROR_WIDTH:
        error = error[: _ERROR_WIDTH - 1] + "…"
    key = record.key
    when = format_instant(key.nominal_ms)
    return (when, key.service, key.job, status, duration, record.owner, str(record.attempts), error)


def _as_dict(record: RunRecord) -> dict[str, object]:
    return {
        "fire": format_instant(record.key.nominal_ms),
        "service": record.key.service,
        "job": record.key.job,
        "status": record.status,
        "catch_up": record.catch_up,
        "duration": record.duration,
        "owner": record.owner,
        "contenders": record.attempts,
        "claimed_ms": record.claimed_ms,
        "started_ms": record.started_ms,
        "finished_ms": record.finished_ms,
        "error": record.error,
    }


def _positive(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return value
