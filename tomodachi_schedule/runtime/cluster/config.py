"""Which claim store to use: coordinator URLs, the environment variable and the default path."""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any
from urllib.parse import SplitResult, parse_qsl, urlencode, urlsplit, urlunsplit

from ...errors import ScheduleError, Span, schedule_error
from .store import ClaimStore

ENV_VAR = "TOMODACHI_SCHEDULE_COORDINATOR"
MAX_SECONDS = 86_400.0  # the longest timeout a URL may set: a day


def seconds(text: str) -> float:
    """A URL's duration option: a number of seconds from 0 to `MAX_SECONDS` (no nan, no inf,
    which every driver would otherwise only refuse at the first fire)."""
    value = float(text)
    if not 0 <= value <= MAX_SECONDS:  # False for nan as well
        raise ValueError(text)
    return value


_SQLITE_OPTIONS: dict[str, Callable[[str], Any]] = {
    "busy_timeout": seconds,
    "synchronous": str.upper,
}
_SYNCHRONOUS = {"OFF", "NORMAL", "FULL", "EXTRA"}


def default_sqlite_path(environ: Mapping[str, str] = os.environ) -> Path:
    """``$XDG_STATE_HOME/tomodachi-schedule/claims.db``, else under ``~/.local/state``."""
    state_home = environ.get("XDG_STATE_HOME") or str(Path.home() / ".local" / "state")
    return Path(state_home) / "tomodachi-schedule" / "claims.db"


def resolve_coordinator_url(
    explicit: str | None = None,
    configured: str | None = None,
    environ: Mapping[str, str] = os.environ,
) -> str:
    """The coordinator to use: an argument, else the ``.sched`` option, else the environment
    variable ``TOMODACHI_SCHEDULE_COORDINATOR``, else SQLite at the default path."""
    for url in (explicit, configured, environ.get(ENV_VAR)):
        if url:
            return url
    return f"sqlite://{default_sqlite_path(environ)}"


def store_from_url(url: str) -> ClaimStore:
    """A claim store (not yet opened) for ``sqlite:///abs/path``, ``sqlite:rel/path``,
    ``redis://host:port/db``, ``postgresql://user@host:port/db`` or ``etcd://host:port,...``;
    anything else is a ``ScheduleError``."""
    control = next((i for i, char in enumerate(url) if char < " " or char == "\x7f"), None)
    if control is not None:
        raise _url_error(
            url,
            f"the coordinator URL contains a control character ({url[control]!r})",
            "write the URL on one line, without NUL or other control characters",
            Span(start=control, end=control + 1),
        )
    scheme, _, rest = url.partition(":")
    build = _STORES.get(scheme)
    if build is None:
        raise _url_error(url, f"unknown coordinator scheme {scheme!r}", _SCHEMES_HINT,
                         Span(start=0, end=len(scheme)))  # fmt: skip
    return build(url, rest)


def _sqlite_store(url: str, rest: str) -> ClaimStore:
    from .sqlite import SqliteClaimStore

    path, _, query = rest.partition("?")
    if path.startswith("//"):
        path = path[2:]
        if not path.startswith("/"):
            raise _url_error(url, "an SQLite URL names a file path", _SQLITE_HINT)
    if not path:
        raise _url_error(url, "the SQLite URL has no file path", _SQLITE_HINT)
    return SqliteClaimStore(path, **_sqlite_options(url, query))


def _redis_store(url: str, _rest: str = "") -> ClaimStore:
    from .redis import RedisClaimStore

    parts = urlsplit(url)
    shown = _redacted(parts)  # error messages and logs never show the password
    # our options, and redis-py's (socket_timeout, ...) passed through
    ours: list[tuple[str, str]] = []
    theirs: list[tuple[str, str]] = []
    for name, value in parse_qsl(parts.query, keep_blank_values=True):
        (ours if name in _REDIS_OPTIONS else theirs).append((name, value))
    options: dict[str, Any] = {}
    for name, value in ours:
        try:
            options[name] = _REDIS_OPTIONS[name](value)
        except ValueError:
            raise _url_error(shown, f"bad value {value!r} for {name}", _REDIS_HINT) from None
    if options.get("wait_replicas", 0) < 0 or options.get("wait_timeout", 1) <= 0:
        raise _url_error(shown, "wait_replicas and wait_timeout must be positive", _REDIS_HINT)
    connect_url = urlunsplit(parts._replace(query=urlencode(theirs)))
    _check_redis_url(connect_url, shown)
    return RedisClaimStore(connect_url, display_url=shown, **options)


def _check_redis_url(connect_url: str, shown: str) -> None:
    """redis-py's own reading of the URL (port, database, its options), and its durations
    within `seconds`: it would otherwise fail at every fire, or accept a nan timeout."""
    try:
        from redis.connection import parse_url
    except ImportError:  # the store says so when it opens
        return
    try:
        parsed = parse_url(connect_url)
    except ValueError as error:
        raise _url_error(shown, str(error), _REDIS_HINT) from None
    for name, value in parsed.items():
        if isinstance(value, float) and not 0 <= value <= MAX_SECONDS:
            raise _url_error(shown, f"bad value {str(value)!r} for {name}", _REDIS_HINT)


def _redacted(parts: SplitResult) -> str:
    """The URL without its password, for logs and messages."""
    if parts.password is None:
        return parts.geturl()
    user = f"{parts.username}:" if parts.username else ":"
    host = parts.netloc.rpartition("@")[2]
    return urlunsplit(parts._replace(netloc=f"{user}***@{host}"))


_REDIS_OPTIONS: dict[str, Callable[[str], Any]] = {"wait_replicas": int, "wait_timeout": seconds}
_REDIS_HINT = (
    "wait_replicas=N: replicas that must have a claim; wait_timeout=seconds (default 1);"
    " durations are 0 to 86400 seconds"
)
_SQLITE_HINT = "write sqlite:///absolute/path.db (three slashes) or sqlite:relative/path.db"


def _sqlite_options(url: str, query: str) -> dict[str, Any]:
    options: dict[str, Any] = {}
    for name, value in parse_qsl(query, keep_blank_values=True):
        convert = _SQLITE_OPTIONS.get(name)
        if convert is None:
            raise _url_error(
                url, f"unknown SQLite option {name!r}", "options: busy_timeout, synchronous"
            )
        try:
            options[name] = convert(value)
        except ValueError:
            raise _url_error(
                url, f"bad value {value!r} for {name}", "busy_timeout is seconds, 0 to 86400"
            ) from None
    if options.get("synchronous", "NORMAL") not in _SYNCHRONOUS:
        raise _url_error(url, "bad synchronous mode", "one of: " + ", ".join(sorted(_SYNCHRONOUS)))
    return options


def _url_error(url: str, message: str, hint: str, span: Span | None = None) -> ScheduleError:
    where = span or Span(start=0, end=len(url))
    return schedule_error(message, where, hint, source=url, source_name="coordinator")


def _postgres_store(url: str, _rest: str) -> ClaimStore:
    from .postgres import PostgresClaimStore

    parts = urlsplit(url)
    shown = _redacted(parts)
    ours, theirs = _split_options(shown, parts.query, _POSTGRES_OPTIONS, _POSTGRES_HINT)
    table = ours.pop("table", "tsched_fires")
    if not _IDENTIFIER.fullmatch(str(table)):
        raise _url_error(shown, f"bad table name {table!r}", _POSTGRES_HINT)
    if ours.get("timeout", 1) <= 0:
        raise _url_error(shown, "timeout must be positive", _POSTGRES_HINT)
    connect_url = urlunsplit(parts._replace(query=urlencode(theirs)))
    return PostgresClaimStore(connect_url, display_url=shown, table=str(table), **ours)


def _etcd_store(url: str, _rest: str) -> ClaimStore:
    from .etcd import EtcdClaimStore

    parts = urlsplit(url)
    if parts.username or parts.password or parts.path.strip("/"):
        raise _url_error(url, "an etcd URL names endpoints only", _ETCD_HINT)
    endpoints = [endpoint.strip() for endpoint in parts.netloc.split(",")]
    if not all(_ENDPOINT.fullmatch(e) and int(e.rpartition(":")[2]) < 65536 for e in endpoints):
        raise _url_error(url, "etcd endpoints are host:port, separated by commas", _ETCD_HINT)
    options, _ = _split_options(url, parts.query, _ETCD_OPTIONS, _ETCD_HINT, strict=True)
    if options.get("timeout", 1) <= 0:
        raise _url_error(url, "timeout must be positive", _ETCD_HINT)
    prefix = str(options.pop("prefix", "tsched/"))
    if not prefix or not prefix.endswith("/"):
        raise _url_error(url, "the key prefix must end with '/'", _ETCD_HINT)
    return EtcdClaimStore(endpoints, prefix=prefix, **options)


def _split_options(
    shown: str, query: str, known: Mapping[str, Any], hint: str, *, strict: bool = False
) -> tuple[dict[str, Any], list[tuple[str, str]]]:
    """Our options from a URL query, converted; the rest (the driver's own) unchanged, or an
    error when ``strict``."""
    ours: dict[str, Any] = {}
    theirs: list[tuple[str, str]] = []
    for name, value in parse_qsl(query, keep_blank_values=True):
        convert = known.get(name)
        if convert is None:
            if strict:
                raise _url_error(shown, f"unknown option {name!r}", hint)
            theirs.append((name, value))
            continue
        try:
            ours[name] = convert(value)
        except ValueError:
            raise _url_error(shown, f"bad value {value!r} for {name}", hint) from None
    return ours, theirs


_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]{0,62}(\.[A-Za-z_][A-Za-z0-9_]{0,62})?")
_ENDPOINT = re.compile(r"(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9.-]+):[0-9]{1,5}")
_POSTGRES_OPTIONS = {"table": str, "timeout": seconds}
_POSTGRES_HINT = "table=[schema.]name (default tsched_fires); timeout=seconds (default 2)"
_ETCD_OPTIONS = {"prefix": str, "timeout": seconds}
_ETCD_HINT = "write etcd://host:2379[,host:2379...]; options: prefix=tsched/, timeout=seconds"
_SCHEMES_HINT = (
    "use sqlite:///absolute/path.db, redis://host:6379/0, postgresql://user@host:5432/db"
    " or etcd://host:2379,host:2379"
)
# Every coordinator kind, by URL scheme: the one place a new store is registered.
_STORES: dict[str, Callable[[str, str], ClaimStore]] = {
    "sqlite": _sqlite_store,
    "redis": _redis_store,
    "rediss": _redis_store,
    "postgresql": _postgres_store,
    "postgres": _postgres_store,
    "etcd": _etcd_store,
}
