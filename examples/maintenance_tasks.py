"""Handlers of the maintenance service (maintenance.sched): clean-up jobs."""

import logging
import shutil
import tempfile
from pathlib import Path

log = logging.getLogger("maintenance")
SCRATCH = Path(tempfile.gettempdir()) / "maintenance-example-scratch"


async def purge_expired_sessions() -> None:
    log.info("expired sessions purged")


async def rotate_logs(invocation_time: str) -> None:
    log.info("logs rotated at %s", invocation_time)


def vacuum_database() -> None:
    # Blocking work in a plain def runs in a thread, off the event loop.
    log.info("database vacuumed")


async def prune_old_backups() -> None:
    log.info("backups older than 90 days pruned")


def clean_tmp_files() -> None:
    if SCRATCH.exists():
        shutil.rmtree(SCRATCH, ignore_errors=True)
    log.info("scratch directory %s cleaned", SCRATCH)
