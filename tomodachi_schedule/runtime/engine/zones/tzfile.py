"""Transition instants of a tz database zone, read from its TZif file (RFC 8536) and footer rule.

Probing ``utcoffset`` a day at a time costs about a millisecond a year; the file lists the
transitions and its footer (a POSIX TZ string) gives every later year's by arithmetic. The file
is the one `zoneinfo` itself reads (its search path, then the ``tzdata`` package). Instants only
come from here: `transitions.py` asks the zone for the offsets on either side, and drops an
instant at which the offset does not change.
"""

from __future__ import annotations

import re
import struct
from bisect import bisect_right
from datetime import date
from functools import lru_cache
from pathlib import Path

_EPOCH_ORDINAL = date(1970, 1, 1).toordinal()
_DAY = 86400
_KEY = r"[A-Za-z0-9_+\-]+(?:/[A-Za-z0-9_+\-]+)*"  # compiled when first used: imports stay cheap


class ZoneFile:
    """The explicit transition instants of a zone and the rule that follows the last one."""

    __slots__ = ("instants", "rule", "rule_from")

    def __init__(self, instants: list[int], rule: PosixRule | None) -> None:
        self.instants = instants
        self.rule = rule
        # from this UTC year on, only the rule applies (its offsets too): a year's margin past
        # the last listed transition, whose own offset the zone may still report its own way
        self.rule_from = _year_of(instants[-1]) + 2 if instants else 1

    def rule_changes(self, year: int, start: int, end: int) -> list[tuple[int, int, int]]:
        """``(instant, offset before, offset after)`` by the rule in the UTC ``year``
        (``[start, end)``), from `rule_from` on; changes at one instant that cancel out are
        dropped."""
        rule = self.rule
        changes: dict[int, tuple[int, int, int]] = {}
        if rule is None:
            return []
        if not rule.near_new_year:  # the common case: the local year's two changes, in order
            begins, ends = rule.transitions(year)
            if rule.std == rule.dst:
                return []
            if begins < ends:
                return [(begins, rule.std, rule.dst), (ends, rule.dst, rule.std)]
            return [(ends, rule.dst, rule.std), (begins, rule.std, rule.dst)]
        offsets = ((rule.std, rule.dst), (rule.dst, rule.std))  # at DST's start, at its end
        for local_year in (year - 1, year, year + 1):
            for instant, (before, after) in zip(rule.transitions(local_year), offsets):
                if start <= instant < end:
                    earlier = changes.get(instant)
                    changes[instant] = (instant, earlier[1] if earlier else before, after)
        return [change for _, change in sorted(changes.items()) if change[1] != change[2]]

    def candidates(self, start: int, end: int) -> list[int]:
        """Instants in ``[start, end)`` at which the offset may change, ascending."""
        instants = self.instants
        found = instants[bisect_right(instants, start - 1) : bisect_right(instants, end - 1)]
        last = instants[-1] if instants else None
        if self.rule is not None and (last is None or end > last):
            for local_year in range(_year_of(start) - 1, _year_of(end - 1) + 2):
                for moment in self.rule.transitions(local_year):
                    if start <= moment < end and (last is None or moment > last):
                        found.append(moment)
            found.sort()
        return found


def _year_of(instant: int) -> int:
    return date.fromordinal(max(1, min(instant // _DAY + _EPOCH_ORDINAL, 3652059))).year


@lru_cache(maxsize=64)
def zone_file(key: str | None) -> ZoneFile | None:
    """The transitions of the zone named ``key``, or None when its file cannot be read."""
    if not key or not re.fullmatch(_KEY, key) or ".." in key:
        return None
    data = _read(key)
    if data is None:
        return None
    try:
        return parse_tzif(data)
    except (ValueError, struct.error, IndexError):
        return None


def _read(key: str) -> bytes | None:
    """The TZif bytes of ``key`` where `zoneinfo` looks: its search path, then ``tzdata``."""
    import zoneinfo

    for folder in zoneinfo.TZPATH:
        path = Path(folder, key)
        if path.is_file():
            try:
                return path.read_bytes()
            except OSError:
                return None
    try:
        from importlib import resources

        return resources.files("tzdata").joinpath("zoneinfo", *key.split("/")).read_bytes()
    except (ImportError, OSError, ValueError):
        return None


_HEADER = struct.Struct(">4sc15x6l")


def parse_tzif(data: bytes) -> ZoneFile:
    """Transition instants and footer rule of a TZif file (version 1 data when that is all)."""
    magic, version, *counts = _HEADER.unpack_from(data, 0)
    if magic != b"TZif":
        raise ValueError("not a TZif file")
    isutcnt, isstdcnt, leapcnt, timecnt, typecnt, charcnt = counts
    offset = _HEADER.size
    if version == b"\x00":
        return ZoneFile(list(struct.unpack_from(f">{timecnt}l", data, offset)), None)
    offset += timecnt * 5 + typecnt * 6 + charcnt + leapcnt * 8 + isstdcnt + isutcnt
    magic, _, *counts = _HEADER.unpack_from(data, offset)
    isutcnt, isstdcnt, leapcnt, timecnt, typecnt, charcnt = counts
    offset += _HEADER.size
    instants = list(struct.unpack_from(f">{timecnt}q", data, offset))
    offset += timecnt * 9 + typecnt * 6 + charcnt + leapcnt * 12 + isstdcnt + isutcnt
    footer = data[offset:].split(b"\n")
    text = footer[1].decode("ascii") if len(footer) > 2 else ""
    return ZoneFile(instants, parse_posix(text) if text else None)


# std offset [dst [offset] [,start[/time],end[/time]]]; names alphabetic or <quoted>
_NAME = r"(?:[A-Za-z]{3,}|<[A-Za-z0-9+\-]{3,}>)"
_OFFSET = r"[+-]?\d{1,3}(?::\d{1,2}){0,2}"
_POSIX = (  # compiled when first used (re's cache keeps it): imports stay cheap
    rf"(?P<std>{_NAME})(?P<std_offset>{_OFFSET})"
    rf"(?:(?P<dst>{_NAME})(?P<dst_offset>{_OFFSET})?"
    rf",(?P<start>[^,/]+)(?:/(?P<start_time>{_OFFSET}))?"
    rf",(?P<end>[^,/]+)(?:/(?P<end_time>{_OFFSET}))?)?"
)


def _seconds(text: str) -> int:
    """``[+-]hh[:mm[:ss]]`` as seconds."""
    sign = -1 if text.startswith("-") else 1
    parts = [int(part) for part in text.lstrip("+-").split(":")] + [0, 0]
    return sign * (parts[0] * 3600 + parts[1] * 60 + parts[2])


class PosixRule:
    """A POSIX TZ string with daylight saving time: where each local year's two changes fall."""

    __slots__ = (
        "std", "dst", "start", "start_time", "end", "end_time", "years", "shapes", "near_new_year"
    )  # fmt: skip

    def __init__(self, std: int, dst: int, start: str, start_time: int, end: str, end_time: int):
        self.std, self.dst = std, dst  # UTC offsets in seconds (east positive)
        self.start, self.end = _date_form(start), _date_form(end)
        self.start_time, self.end_time = start_time, end_time
        self.years: dict[int, tuple[int, ...]] = {}  # local year -> its two instants
        self.shapes: dict[int, tuple[int, int]] = {}  # shape of a year -> days after January 1
        # whether a change may fall in another UTC year than its local year's (within 8 days
        # of January 1; a rule's time of day may reach 167 hours): seven years see every weekday
        self.near_new_year = any(
            not 8 <= (instant // _DAY - _year_start_day(year)) <= 357
            for year in range(2001, 2008)
            for instant in self._compute(year)
        )

    def transitions(self, year: int) -> tuple[int, ...]:
        """The UTC instants at which DST starts and ends in the local ``year``."""
        found = self.years.get(year)
        if found is None:
            if len(self.years) >= _YEARS_KEPT:
                self.years.clear()
            found = self.years[year] = self._compute(year) if 1 <= year <= 9999 else ()
        return found

    def _compute(self, year: int) -> tuple[int, ...]:
        # the days a rule names depend only on the shape of the year (leap or not, weekday of
        # January 1): 14 shapes, computed once each, serve a walk over centuries
        january_first = _year_start_day(year)
        shape = january_first % 7 * 2 + _is_leap(year)
        days = self.shapes.get(shape)
        if days is None:
            days = self.shapes[shape] = (
                _rule_day(self.start, year) - january_first,
                _rule_day(self.end, year) - january_first,
            )
        start = (january_first + days[0]) * _DAY + self.start_time - self.std
        end = (january_first + days[1]) * _DAY + self.end_time - self.dst
        return start, end


_YEARS_KEPT = 1024


def _date_form(text: str) -> tuple[str, int, int, int]:
    """A rule's date form as (kind, number or month, week, weekday)."""
    if text.startswith("M"):
        month, week, weekday = (int(part) for part in text[1:].split("."))
        return "M", month, week, weekday
    if text.startswith("J"):
        return "J", int(text[1:]), 0, 0
    return "n", int(text), 0, 0


def parse_posix(text: str) -> PosixRule | None:
    """The DST rule of a TZ string; None without DST (or in a form this reader does not know)."""
    found = re.fullmatch(_POSIX, text)
    if found is None or found["dst"] is None:
        return None
    std = -_seconds(found["std_offset"])  # POSIX counts west of Greenwich as positive
    dst = std + 3600 if found["dst_offset"] is None else -_seconds(found["dst_offset"])
    for form in (found["start"], found["end"]):
        if not re.fullmatch(r"J\d{1,3}|\d{1,3}|M\d{1,2}\.\d\.\d", form):
            return None
    return PosixRule(
        std,
        dst,
        found["start"],
        _seconds(found["start_time"] or "2"),
        found["end"],
        _seconds(found["end_time"] or "2"),
    )


def _rule_day(form: tuple[str, int, int, int], year: int) -> int:
    """The day number (since 1970-01-01) a rule's date form names in ``year``."""
    kind, number, week, weekday = form
    if kind == "M":
        first = date(year, number, 1).toordinal()
        # weekday: 0 = Sunday; an ordinal's % 7: 0 = Sunday too
        day = 1 + (weekday - first % 7) % 7 + 7 * (week - 1)
        length = _month_length(year, number)
        while day > length:
            day -= 7
        return first - _EPOCH_ORDINAL + day - 1
    january_first = date(year, 1, 1).toordinal() - _EPOCH_ORDINAL
    if kind == "J":  # 1..365, February 29 never counted
        return january_first + number - 1 + (number >= 60 and _is_leap(year))
    return january_first + number  # 0..365, February 29 counted


def _year_start_day(year: int) -> int:
    return date(year, 1, 1).toordinal() - _EPOCH_ORDINAL


def _is_leap(year: int) -> bool:
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)


def _month_length(year: int, month: int) -> int:
    if month == 2:
        return 29 if _is_leap(year) else 28
    return 30 if month in (4, 6, 9, 11) else 31
