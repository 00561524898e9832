"""Which claim store to use: coordinator URLs, the environment variable and the default path."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from urllib.parse import SplitResult, parse_qsl, urlencode, urlsplit, urlunsplit

from ...errors import Diagnostic, ScheduleError, Span
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


_SQLITE_OPTIONS = {"busy_timeout": seconds, "synchronous": str.upper}
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
    """A claim store (not yet opened) for ``sqlite:///abs/path``, ``sqlite:rel/path`` or
    ``redis://host:port/db``; anything else is a ``ScheduleError``."""
    control = next((i for i, char in enumerate(url) if char < " " or char == "\x7f"), None)
    if control is not None:
        raise _url_error(
            url,
            f"the coordinator URL contains a control character ({url[control]!r})",
            "write the URL on one line, without NUL or other control characters",
            Span(start=control, end=control + 1),
        )
    scheme, _, rest = url.partition(":")
    if scheme == "sqlite":
        return _sqlite_store(url, rest)
    if scheme in ("redis", "rediss"):
        return _redis_store(url)
    raise _url_error(
        url,
        f"unknown coordinator scheme {scheme!r}",
        "use sqlite:///absolute/path.db or redis://host:6379/0",
        Span(start=0, end=len(scheme)),
    )


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


def _redis_store(url: str) -> ClaimStore:
    from .redis import RedisClaimStore

    parts = urlsplit(url)
    shown = _redacted(parts)  # error messages and logs never show the password
    ours, theirs = [], []  # our options, and redis-py's (socket_timeout, ...) passed through
    for name, value in parse_qsl(parts.query, keep_blank_values=True):
        (ours if name in _REDIS_OPTIONS else theirs).append((name, value))
    options = {}
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


_REDIS_OPTIONS = {"wait_replicas": int, "wait_timeout": seconds}
_REDIS_HINT = (
    "wait_replicas=N: replicas that must have a claim; wait_timeout=seconds (default 1);"
    " durations are 0 to 86400 seconds"
)
_SQLITE_HINT = "write sqlite:///absolute/path.db (three slashes) or sqlite:relative/path.db"


def _sqlite_options(url: str, query: str) -> dict[str, object]:
    options: dict[str, object] = {}
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
    span = span or Span(start=0, end=len(url))
    diagnostic = Diagnostic(message=message, span=span, hint=hint)
    return ScheduleError(diagnostics=(diagnostic,), source=url, source_name="coordinator")
