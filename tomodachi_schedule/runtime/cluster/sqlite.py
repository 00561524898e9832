"""Claims in an SQLite file: the embedded default, for replicas sharing one machine's disk."""

from __future__ import annotations

import asyncio
import logging
import sqlite3
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from .claims import Claim, FireKey, RunRecord
from .store import CoordinatorUnavailable

_SCHEMA = """
CREATE TABLE IF NOT EXISTS fires (
    service     TEXT    NOT NULL,
    job         TEXT    NOT NULL,
    nominal_ms  INTEGER NOT NULL,
    owner       TEXT    NOT NULL,
    attempts    INTEGER NOT NULL DEFAULT 1,
    catch_up    INTEGER NOT NULL DEFAULT 0,
    claimed_ms  INTEGER NOT NULL,
    started_ms  INTEGER,
    finished_ms INTEGER,
    outcome     TEXT,
    error       TEXT,
    expires_ms  INTEGER NOT NULL,
    PRIMARY KEY (service, job, nominal_ms)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS fires_by_nominal ON fires (nominal_ms);
"""

# The claim itself: one statement, atomic under SQLite's write lock. Never read-then-write.
_CLAIM = """
INSERT INTO fires (service, job, nominal_ms, owner, catch_up, claimed_ms, finished_ms, outcome,
                   expires_ms)
VALUES (:service, :job, :nominal_ms, :owner, :catch_up, :now_ms, :finished_ms, :outcome,
        :expires_ms)
ON CONFLICT DO NOTHING
"""
_COUNT_CONTENDER = (
    "UPDATE fires SET attempts = attempts + 1"
    " WHERE service = :service AND job = :job AND nominal_ms = :nominal_ms"
)
_OWNED = " WHERE service = :service AND job = :job AND nominal_ms = :nominal_ms AND owner = :owner"
_START = "UPDATE fires SET started_ms = :now_ms" + _OWNED
_FINISH = "UPDATE fires SET finished_ms = :now_ms, outcome = :outcome, error = :error" + _OWNED
_LAST = "SELECT max(nominal_ms) FROM fires WHERE service = ? AND job = ?"
# Expired rows go, except each schedule's newest: catch-up needs to know when it last fired.
_PRUNE = """
DELETE FROM fires WHERE expires_ms < :now_ms AND nominal_ms < (
    SELECT max(newest.nominal_ms) FROM fires AS newest
    WHERE newest.service = fires.service AND newest.job = fires.job)
"""
_COLUMNS = (
    "service, job, nominal_ms, owner, attempts, catch_up, claimed_ms, started_ms, finished_ms,"
    " outcome, error"
)
_PRUNE_EVERY = 256  # claims between two prunes, per process

log = logging.getLogger("tomodachi_schedule.cluster")


class SqliteClaimStore:
    """A claim store in one SQLite file (WAL, busy timeout); calls run in a private thread."""

    def __init__(
        self, path: str | Path, *, busy_timeout: float = 10.0, synchronous: str = "NORMAL"
    ):
        self.path = Path(path)
        self.url = f"sqlite://{self.path}" if self.path.is_absolute() else f"sqlite:{self.path}"
        self.busy_timeout = busy_timeout
        self.synchronous = synchronous
        self._executor: ThreadPoolExecutor | None = None
        self._db: sqlite3.Connection | None = None
        self._claims_since_prune = 0

    async def open(self) -> list[str]:
        if self._executor is None:
            # One thread owns the connection, so SQLite never blocks the event loop.
            self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="tsched-sqlite")
        await self._call(self._connect)
        return []

    async def close(self) -> None:
        if self._db is not None:
            await self._call(self._db.close)
            self._db = None
        if self._executor is not None:
            self._executor.shutdown(wait=True)
            self._executor = None

    async def claim(self, claim: Claim) -> bool:
        row = _key_params(claim.key) | {
            "owner": claim.owner,
            "catch_up": int(claim.catch_up),
            "now_ms": claim.now_ms,
            "finished_ms": claim.now_ms if claim.outcome else None,
            "outcome": claim.outcome,
            "expires_ms": claim.now_ms + claim.ttl_ms,
        }
        return await self._call(self._claim, row, claim.outcome is None)

    async def mark_started(self, key: FireKey, *, owner: str, now_ms: int) -> bool:
        params = _key_params(key) | {"owner": owner, "now_ms": now_ms}
        return await self._call(self._changes, _START, params)

    async def finish(
        self, key: FireKey, *, owner: str, now_ms: int, outcome: str, error: str | None = None
    ) -> bool:
        params = _key_params(key) | {
            "owner": owner,
            "now_ms": now_ms,
            "outcome": outcome,
            "error": error,
        }
        return await self._call(self._changes, _FINISH, params)

    async def last_fire(self, service: str, job: str) -> int | None:
        rows = await self._call(self._query, _LAST, (service, job))
        return rows[0][0]

    async def history(self, *, service: str | None = None, limit: int = 20) -> list[RunRecord]:
        where = "WHERE service = ?" if service is not None else ""
        sql = f"SELECT {_COLUMNS} FROM fires {where} ORDER BY nominal_ms DESC, job LIMIT ?"
        params = (service, limit) if service is not None else (limit,)
        return [_record(row) for row in await self._call(self._query, sql, params)]

    async def _call(self, function: Callable[..., Any], *args: Any) -> Any:
        if self._executor is None:
            raise CoordinatorUnavailable(f"{self.url}: the claim store is not open")
        loop = asyncio.get_running_loop()
        try:
            return await loop.run_in_executor(self._executor, function, *args)
        except (sqlite3.Error, OSError) as exc:
            raise CoordinatorUnavailable(f"{self.url}: {exc}") from exc

    # Everything below runs in the store's own thread.

    def _connect(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        db = sqlite3.connect(self.path, timeout=self.busy_timeout, isolation_level=None)
        db.execute(f"PRAGMA busy_timeout = {int(self.busy_timeout * 1000)}")
        _retry_while_locked(lambda: db.execute("PRAGMA journal_mode = WAL"), self.busy_timeout)
        # NORMAL in WAL mode: a commit survives any process crash (kill -9 included) without an
        # fsync per claim; only an OS crash or power loss, which stops every local replica too,
        # can drop the last claims. FULL (an fsync per claim, 0.5-6 ms here) is one URL option away.
        db.execute(f"PRAGMA synchronous = {self.synchronous}")
        _retry_while_locked(lambda: db.executescript(_SCHEMA), self.busy_timeout)
        self._db = db
        self._prune(int(time.time() * 1000))

    def _claim(self, row: dict[str, Any], contender: bool) -> bool:
        db = self._connection()
        won = db.execute(_CLAIM, row).rowcount == 1
        try:  # bookkeeping: once the claim is decided, no failure may hide the answer
            if not won and contender:
                db.execute(_COUNT_CONTENDER, row)
            self._claims_since_prune += 1
            if self._claims_since_prune >= _PRUNE_EVERY:
                self._prune(row["now_ms"])
        except sqlite3.Error as exc:
            log.debug("%s: bookkeeping after a claim failed: %s", self.url, exc)
        return won

    def _prune(self, now_ms: int) -> None:
        self._claims_since_prune = 0
        self._connection().execute(_PRUNE, {"now_ms": now_ms})

    def _changes(self, sql: str, params: dict[str, Any]) -> bool:
        return self._connection().execute(sql, params).rowcount == 1

    def _query(self, sql: str, params: tuple[Any, ...]) -> list[tuple[Any, ...]]:
        return self._connection().execute(sql, params).fetchall()

    def _connection(self) -> sqlite3.Connection:
        if self._db is None:
            raise sqlite3.ProgrammingError("the claim store is not open")
        return self._db


def _retry_while_locked(statement: Callable[[], Any], timeout: float) -> None:
    # Changing the journal mode and creating the schema can report "locked" without waiting on
    # the busy handler when several replicas open a fresh file at once; retry for a while.
    deadline = time.monotonic() + timeout
    while True:
        try:
            statement()
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() > deadline:
                raise
            time.sleep(0.02)


def _key_params(key: FireKey) -> dict[str, Any]:
    return {"service": key.service, "job": key.job, "nominal_ms": key.nominal_ms}


def _record(row: tuple[Any, ...]) -> RunRecord:
    service, job, nominal_ms, owner, attempts, catch_up, *times_and_outcome = row
    claimed_ms, started_ms, finished_ms, outcome, error = times_and_outcome
    return RunRecord(
        key=FireKey(service=service, job=job, nominal_ms=nominal_ms),
        owner=owner,
        attempts=attempts,
        catch_up=bool(catch_up),
        claimed_ms=claimed_ms,
        started_ms=started_ms,
        finished_ms=finished_ms,
        outcome=outcome,
        error=error,
    )
