"""Running each fire once per cluster: per-fire claims (SQLite, Redis, PostgreSQL, etcd), catch-up
and run history.

Loaded only by services with ``exclusive`` schedules; none of it imports a store's driver
(``redis``, ``asyncpg``, ``aiohttp``) until a store of that kind is opened.
"""

from .claims import Claim, FireKey, RunRecord
from .config import ENV_VAR, default_sqlite_path, resolve_coordinator_url, store_from_url
from .gate import ClusterGate, Coordinator
from .options import Exclusive
from .redis import RedisClaimStore
from .sqlite import SqliteClaimStore
from .store import ClaimStore, CoordinatorUnavailable

__all__ = [
    "ENV_VAR",
    "Claim",
    "ClaimStore",
    "ClusterGate",
    "Coordinator",
    "CoordinatorUnavailable",
    "Exclusive",
    "FireKey",
    "RedisClaimStore",
    "RunRecord",
    "SqliteClaimStore",
    "default_sqlite_path",
    "resolve_coordinator_url",
    "store_from_url",
]
