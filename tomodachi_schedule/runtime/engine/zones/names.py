"""Time zones: names to tzinfo (IANA, UTC, fixed offsets, the local zone)."""

from __future__ import annotations

import os
import re
from datetime import datetime, timedelta, timezone, tzinfo
from functools import lru_cache

from tomodachi_schedule.runtime.engine.base import invalid

# `zoneinfo` (and the `sysconfig` it reads its search path from, ~8 M instructions) is imported
# by the functions below when first called, not with this module: a service of intervals in the
# machine's zone reaches its first fire without it.

_UTC_NAMES = frozenset({"utc", "z", "gmt", "zulu", "universal"})
# "+05:30", "-0800", "+1", "GMT +1", "UTC-03:00" (the human sign, as tomodachi reads them)
_OFFSET = r"(?i)^(?:(?:gmt|utc)\s*)?([+-])\s*(\d{1,2})(?::?(\d{2}))?$"  # compiled when first used


def resolve_zone(name: str | None) -> tzinfo:
    """The tzinfo for a zone name; None means the machine's local zone (``TZ`` honoured)."""
    if name is None:
        return local_zone()
    return _resolve_named(name.strip())


@lru_cache(maxsize=256)
def _resolve_named(name: str) -> tzinfo:
    if name.lower() in _UTC_NAMES:
        return timezone.utc
    match = re.match(_OFFSET, name)
    if match:
        return fixed_offset(*match.groups(), name=name)
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        return ZoneInfo(canonical_zone_name(name))
    except (ZoneInfoNotFoundError, ValueError, OSError):
        raise invalid(
            f"unknown time zone {name!r}",
            hint="use an IANA name such as 'Europe/Stockholm', 'UTC' or an offset such as '+05:30'",
        ) from None


def canonical_zone_name(name: str) -> str:
    """An IANA name as the tz database spells it (``cet`` -> ``CET``), else ``name`` unchanged.

    Names are read in any case; the exact spelling is tried first, then the usual ones (``CET``,
    ``Europe/Stockholm``), so the scan of the tz database (~10 ms, once) happens only for a name
    spelt otherwise (``etc/gmt+5``). The tz database has no two names that differ only in case.
    """
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    for spelling in dict.fromkeys((name, name.upper(), name.title())):
        if spelling.lower() != name.lower():
            continue  # a letter whose case changes its length ("ß")
        try:
            ZoneInfo(spelling)
            return spelling
        except (ZoneInfoNotFoundError, ValueError, OSError):
            continue
    if name.lower() == name.upper():
        return name  # no letter has another case ("+05:30"): no other spelling to look for
    return _zone_names_by_lower_case().get(name.lower(), name)


@lru_cache(maxsize=1)
def _zone_names_by_lower_case() -> dict[str, str]:
    from zoneinfo import available_timezones

    return {zone.lower(): zone for zone in available_timezones()}


def fixed_offset(sign: str, hours: str, minutes: str | None, *, name: str) -> tzinfo:
    """A fixed-offset zone; offsets beyond ±18:00 are refused."""
    delta = timedelta(hours=int(hours), minutes=int(minutes or 0))
    if delta > timedelta(hours=18) or int(minutes or 0) >= 60:
        raise invalid(
            f"time zone offset {name!r} is out of range", hint="offsets run -18:00..+18:00"
        )
    if not delta:
        return timezone.utc
    return timezone(-delta if sign == "-" else delta)


def local_zone() -> tzinfo:
    """The machine's zone: ``TZ`` if set and known, else /etc/localtime, else UTC."""
    return _local_zone(_tz_variable())


def _tz_variable() -> str | None:
    """``os.environ.get("TZ")``, read from the mapping's own dict where it has one: the mapping's
    ``get`` encodes the key and raises and catches a KeyError when TZ is unset (~5,000
    instructions), and every calendar in local time asks once when it is made."""
    environ = os.environ
    data = getattr(environ, "_data", None)
    if type(data) is not dict or not hasattr(environ, "decodevalue"):
        return environ.get("TZ")  # not CPython's os._Environ (a test may have replaced it)
    value = data.get(_TZ_KEY)
    return None if value is None else environ.decodevalue(value)


_TZ_KEY = os.environ.encodekey("TZ") if hasattr(os.environ, "encodekey") else "TZ"


@lru_cache(maxsize=8)
def _local_zone(tz_variable: str | None) -> tzinfo:
    if tz_variable:
        try:
            return _resolve_named(tz_variable.lstrip(":"))
        except ValueError:
            pass  # a POSIX rule string zoneinfo cannot read: fall back to the system zone
    return _system_zone()


def _system_zone() -> tzinfo:
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    path = "/etc/localtime"
    try:
        target = os.path.realpath(path)
        if "zoneinfo/" in target:
            return ZoneInfo(target.split("zoneinfo/", 1)[1])
        with open(path, "rb") as file:
            return ZoneInfo.from_file(file, key="localtime")
    except (OSError, ValueError, ZoneInfoNotFoundError):
        return timezone.utc


def zone_label(name: str | None) -> str:
    """How a zone is named in explanations."""
    return "local time" if name is None else name


# tz database zones whose offset never changes, by definition: Etc/GMT+5 and friends and the UTC
# aliases (containers' /etc/localtime is usually Etc/UTC, so the default zone lands here)
_FIXED_KEYS = r"(?:Etc/)?(?:UTC|UCT|GMT|GMT0|Universal|Zulu|Greenwich)|Etc/GMT[+-]\d{1,2}"


def constant_offset(tz: tzinfo) -> int | None:
    """The offset in seconds of a zone without transitions (UTC, fixed offsets), else None."""
    offset: timedelta | None
    if isinstance(tz, timezone):
        offset = tz.utcoffset(None)
    else:
        key = getattr(tz, "key", None)
        fixed = isinstance(key, str) and re.fullmatch(_FIXED_KEYS, key)
        offset = tz.utcoffset(datetime(2000, 1, 1)) if fixed else None
    return None if offset is None else int(offset.total_seconds())
