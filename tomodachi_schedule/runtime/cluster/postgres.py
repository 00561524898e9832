"""Claims in PostgreSQL (asyncpg): one ``INSERT ... ON CONFLICT DO NOTHING`` per fire.

The only module that imports ``asyncpg``, and only when a PostgreSQL store is opened.
"""

from __future__ import annotations

import asyncio
import logging
import time
import zlib
from typing import Any

from .claims import Claim, FireKey, RunRecord
from .store import CoordinatorUnavailable

# {table} is a checked identifier (config.py), never user data; values are always parameters.
SCHEMA = """
CREATE TABLE IF NOT EXISTS {table} (
    service     text    NOT NULL,
    job         text    NOT NULL,
    nominal_ms  bigint  NOT NULL,
    owner       text    NOT NULL,
    attempts    integer NOT NULL DEFAULT 1,
    catch_up    boolean NOT NULL DEFAULT false,
    claimed_ms  bigint  NOT NULL,
    started_ms  bigint,
    finished_ms bigint,
    outcome     text,
    error       text,
    expires_ms  bigint  NOT NULL,
    PRIMARY KEY (service, job, nominal_ms)
);
CREATE INDEX IF NOT EXISTS {index} ON {table} (nominal_ms);
"""
# The claim: one statement, atomic under the primary key. A row comes back only when inserted.
_CLAIM = """
INSERT INTO {table} (service, job, nominal_ms, owner, catch_up, claimed_ms, finished_ms, outcome,
                     expires_ms)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
ON CONFLICT DO NOTHING
RETURNING 1
"""
_KEY = "service = $1 AND job = $2 AND nominal_ms = $3"
# A contender is counted, and learns the owner; the owner itself (a repeated claim) is not.
_COUNT_CONTENDER = (
    "UPDATE {table} SET attempts = attempts + (owner <> $4)::int WHERE " + _KEY + " RETURNING owner"
)
_START = "UPDATE {table} SET started_ms = $5 WHERE " + _KEY + " AND owner = $4"
_FINISH = (
    "UPDATE {table} SET finished_ms = $5, outcome = $6, error = $7 WHERE "
    + _KEY
    + " AND owner = $4"
)
_LAST = "SELECT max(nominal_ms) FROM {table} WHERE service = $1 AND job = $2"
_COLUMNS = (
    "service, job, nominal_ms, owner, attempts, catch_up, claimed_ms, started_ms, finished_ms,"
    " outcome, error"
)
# Expired rows go, except each schedule's newest: catch-up needs to know when it last fired.
_PRUNE = """
DELETE FROM {table} AS old WHERE old.expires_ms < $1 AND old.nominal_ms < (
    SELECT max(newest.nominal_ms) FROM {table} AS newest
    WHERE newest.service = old.service AND newest.job = old.job)
"""
_PRUNE_EVERY = 256  # claims between two prunes, per process

log = logging.getLogger("tomodachi_schedule.cluster")


class PostgresClaimStore:
    """A claim store in one PostgreSQL table, created if absent; a small asyncpg pool."""

    def __init__(
        self, url: str, *, display_url: str | None = None, table: str = "tsched_fires",
        timeout: float = 2.0,
    ):  # fmt: skip
        self.url = display_url or url  # what logs show: no password
        self.table = table
        self.timeout = timeout
        self._connect_url = url
        self._pool: Any = None
        self._sql = _statements(table)
        self._claims_since_prune = 0

    async def open(self) -> list[str]:
        try:
            import asyncpg
        except ImportError as exc:
            raise CoordinatorUnavailable(
                f"{self.url}: the PostgreSQL backend needs the asyncpg package"
                " (pip install 'tomodachi-schedule[postgres]')"
            ) from exc
        pool = await self._guard(
            asyncpg.create_pool(
                self._connect_url, min_size=1, max_size=4, timeout=self.timeout,
                command_timeout=self.timeout,
            ),  # fmt: skip
        )
        self._pool = pool
        try:
            await self._guard(self._create_table())
            await self._guard(self._prune(int(time.time() * 1000)))
            return await self._guard(self._durability_warnings())
        except CoordinatorUnavailable:
            await self.close()  # the next call opens afresh
            raise

    async def close(self) -> None:
        if self._pool is not None:
            pool, self._pool = self._pool, None
            try:
                await asyncio.wait_for(pool.close(), self.timeout)
            except Exception:  # a dead server: let the connections go without a goodbye
                pool.terminate()

    async def claim(self, claim: Claim) -> bool:
        key = _key_args(claim.key)
        row = (
            *key, claim.owner, claim.catch_up, claim.now_ms,
            claim.now_ms if claim.outcome else None, claim.outcome, claim.now_ms + claim.ttl_ms,
        )  # fmt: skip
        if await self._query("fetchval", self._sql["claim"], *row) == 1:
            won = True
        elif claim.outcome is None:  # taken: by us, if an attempt on a lost connection committed
            owner = await self._query("fetchval", self._sql["count"], *key, claim.owner)
            won = owner == claim.owner
        else:
            won = False
        try:  # bookkeeping: once the claim is decided, no failure may hide the answer
            self._claims_since_prune += 1
            if self._claims_since_prune >= _PRUNE_EVERY:
                await self._prune(claim.now_ms)
        except Exception as exc:
            log.debug("%s: bookkeeping after a claim failed: %s", self.url, exc)
        return won

    async def mark_started(self, key: FireKey, *, owner: str, now_ms: int) -> bool:
        done = await self._query("execute", self._sql["start"], *_key_args(key), owner, now_ms)
        return done == "UPDATE 1"

    async def finish(
        self, key: FireKey, *, owner: str, now_ms: int, outcome: str, error: str | None = None
    ) -> bool:
        args = (*_key_args(key), owner, now_ms, outcome, error)
        return await self._query("execute", self._sql["finish"], *args) == "UPDATE 1"

    async def last_fire(self, service: str, job: str) -> int | None:
        return await self._query("fetchval", self._sql["last"], service, job)

    async def history(self, *, service: str | None = None, limit: int = 20) -> list[RunRecord]:
        where = "WHERE service = $2" if service is not None else ""
        sql = (
            f"SELECT {_COLUMNS} FROM {self.table} {where}"
            ' ORDER BY nominal_ms DESC, job COLLATE "C" LIMIT $1'
        )
        args = (limit, service) if service is not None else (limit,)
        return [_record(row) for row in await self._query("fetch", sql, *args)]

    async def _create_table(self) -> None:
        # Teams that manage migrations create the table themselves: then nothing is created
        # (and CREATE rights are not needed). Replicas starting together take turns.
        async with self._pool.acquire() as connection:
            if await connection.fetchval("SELECT to_regclass($1)", self.table) is not None:
                return
            async with connection.transaction():
                lock = zlib.crc32(self.table.encode())
                await connection.execute("SELECT pg_advisory_xact_lock($1)", lock)
                await connection.execute(self._sql["schema"])

    async def _prune(self, now_ms: int) -> None:
        self._claims_since_prune = 0
        await self._pool_call().execute(self._sql["prune"], now_ms)

    async def _durability_warnings(self) -> list[str]:
        settings = {
            name: await self._pool.fetchval(f"SHOW {name}")
            for name in ("fsync", "synchronous_commit")
        }
        return [
            f"{self.url}: {name} is {settings[name]}, so a server crash can forget the last"
            f" claims and a fire may run twice; set {name} = on"
            for name in ("fsync", "synchronous_commit")
            if settings[name] == "off"
        ]

    async def _query(self, method: str, sql: str, *args: Any) -> Any:
        """One statement; repeated once on a fresh connection when the pooled one turns out to
        be dead (the server restarted, or an admin cut it). Every statement here is safe to
        repeat: updates set values, and a repeated claim recognises its own row."""
        import asyncpg

        lost = (asyncpg.ConnectionDoesNotExistError, asyncpg.AdminShutdownError, ConnectionError)
        try:
            return await self._guard(getattr(self._pool_call(), method)(sql, *args))
        except CoordinatorUnavailable as exc:
            if not isinstance(
                exc.__cause__, (*lost, asyncpg.InterfaceError, asyncpg.InternalClientError)
            ):
                raise
        return await self._guard(getattr(self._pool_call(), method)(sql, *args))

    def _pool_call(self) -> Any:
        if self._pool is None:
            raise CoordinatorUnavailable(f"{self.url}: the claim store is not open")
        return self._pool

    async def _guard(self, awaitable: Any) -> Any:
        """Await a database call; any failure of the server or the connection means the answer
        is unknown (a claim may have committed without our hearing it: nobody runs the fire)."""
        import asyncpg

        failures = (asyncpg.PostgresError, asyncpg.InterfaceError, asyncpg.InternalClientError)
        try:
            return await awaitable
        except (*failures, OSError, TimeoutError) as exc:
            raise CoordinatorUnavailable(f"{self.url}: {_describe(exc)}") from exc


def _statements(table: str) -> dict[str, str]:
    index = table.rpartition(".")[2] + "_by_nominal"
    templates = {
        "schema": SCHEMA, "claim": _CLAIM, "count": _COUNT_CONTENDER, "start": _START,
        "finish": _FINISH, "last": _LAST, "prune": _PRUNE,
    }  # fmt: skip
    return {name: sql.format(table=table, index=index) for name, sql in templates.items()}


def _describe(exc: BaseException) -> str:
    return str(exc) or type(exc).__name__


def _key_args(key: FireKey) -> tuple[str, str, int]:
    return key.service, key.job, key.nominal_ms


def _record(row: Any) -> RunRecord:
    return RunRecord(
        key=FireKey(service=row["service"], job=row["job"], nominal_ms=row["nominal_ms"]),
        owner=row["owner"],
        attempts=row["attempts"],
        catch_up=row["catch_up"],
        claimed_ms=row["claimed_ms"],
        started_ms=row["started_ms"],
        finished_ms=row["finished_ms"],
        outcome=row["outcome"],
        error=row["error"],
    )
