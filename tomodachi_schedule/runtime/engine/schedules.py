"""Elapsed-time and composite schedules: `Interval`, `Once`, `AnyOf`, `Bounded` (`Excluding` is
in excluding.py)."""

from __future__ import annotations

import math
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone, tzinfo

from tomodachi_schedule.runtime.engine.base import Schedule, invalid, require_aware
from tomodachi_schedule.runtime.engine.zones.names import local_zone, resolve_zone

_TICK = timedelta(microseconds=1)


def parse_iso(text: str) -> datetime:
    """An ISO 8601 datetime (naive or with an offset), or a `ScheduleError`."""
    try:
        return datetime.fromisoformat(text)
    except (TypeError, ValueError):
        raise invalid(
            f"not an ISO 8601 datetime: {text!r}", hint="write e.g. 2027-06-30T00:00"
        ) from None


def local_instant(text: str, tz: tzinfo) -> datetime:
    """An ISO local datetime read in ``tz`` by the DST rules: a nonexistent time is read with
    the offset before the gap (shifted forward), a repeated one as its first occurrence."""
    value = parse_iso(text)
    if value.tzinfo is None:
        return read_local(value, tz)
    return datetime.fromtimestamp(value.timestamp(), tz)


def read_local(naive: datetime, tz: tzinfo) -> datetime:
    """A naive local datetime read in ``tz`` by the same DST rules as `local_instant`."""
    return datetime.fromtimestamp(naive.replace(tzinfo=tz, fold=0).timestamp(), tz)


class Interval(Schedule):
    """Fires every ``every`` seconds at ``anchor + k*every`` (epoch seconds): elapsed time,
    DST-proof and identical on every replica. ``zone`` only chooses how fires are displayed."""

    every: int
    anchor: int = 0
    zone: str | None = None

    def __post_init__(self) -> None:
        if not isinstance(self.every, int) or isinstance(self.every, bool) or self.every <= 0:
            raise invalid(f"Interval.every must be a positive number of seconds: {self.every!r}")
        if not isinstance(self.anchor, int) or isinstance(self.anchor, bool):
            raise invalid(f"Interval.anchor must be integer epoch seconds: {self.anchor!r}")
        # a named zone is resolved (a misspelt one refused) now; the machine's zone at first use:
        # reading it loads zoneinfo, which a service's `immediately` fire does not have to wait for
        self._set_derived(None if self.zone is None else resolve_zone(self.zone))

    @property
    def tzinfo(self) -> tzinfo:
        """The zone fires are shown in."""
        tz = self._derived
        if tz is None:
            tz = local_zone()
            self._set_derived(tz)
        return tz

    def next_after(self, dt: datetime) -> datetime | None:
        require_aware(dt)
        now = math.floor(dt.timestamp())
        fire = now + self.every - (now - self.anchor) % self.every
        try:
            return datetime.fromtimestamp(fire, self._derived or self.tzinfo)
        except (OverflowError, OSError, ValueError):
            return None  # beyond the year 9999

    def iter_after(self, dt: datetime) -> Iterator[datetime]:
        require_aware(dt)
        first = self.next_after(dt)
        if first is None:
            return
        fire, every, tz = int(first.timestamp()), self.every, self.tzinfo
        while True:
            try:
                moment = datetime.fromtimestamp(fire, tz)
            except (OverflowError, OSError, ValueError):
                return  # beyond the year 9999
            yield moment
            fire += every

    def describe(self) -> str:
        from tomodachi_schedule.runtime.engine.wording import describe

        return describe(self)


class Once(Schedule):
    """One fire at the local datetime ``at`` in ``zone`` (an ``at`` with an offset is absolute)."""

    at: str
    zone: str | None = None

    def __post_init__(self) -> None:
        given = parse_iso(self.at).tzinfo
        # without a zone, an ``at`` with an offset is shown in that offset
        shown = given if given is not None and self.zone is None else resolve_zone(self.zone)
        self._set_derived(local_instant(self.at, shown))

    def next_after(self, dt: datetime) -> datetime | None:
        require_aware(dt)
        return self._derived if self._derived.timestamp() > dt.timestamp() else None

    def describe(self) -> str:
        from tomodachi_schedule.runtime.engine.wording import describe

        return describe(self)


class AnyOf(Schedule):
    """The union of its parts; an instant several parts share fires once."""

    parts: tuple[Schedule, ...]

    def __post_init__(self) -> None:
        if not isinstance(self.parts, tuple):
            object.__setattr__(self, "parts", tuple(self.parts))
        if not self.parts or not all(isinstance(part, Schedule) for part in self.parts):
            raise invalid("AnyOf.parts must be one or more schedules")
        # per part: (asked after, its answer, the answer's instant); see `next_after`
        self._set_derived([(math.inf, None, math.inf)] * len(self.parts))

    def next_after(self, dt: datetime) -> datetime | None:
        """The earliest of the parts' next fires. A part's last answer still holds for a later
        question that comes before that answer (no fire of the part lies between), so a caller
        walking the fires asks each part only after its own fire has passed."""
        require_aware(dt)
        moment, answers = dt.timestamp(), self._derived
        best, best_instant = None, math.inf
        for index, part in enumerate(self.parts):
            asked, fire, instant = answers[index]
            if not asked <= moment < instant:
                fire = part.next_after(dt)
                instant = math.inf if fire is None else fire.timestamp()
                answers[index] = (moment, fire, instant)  # one item: atomic for other threads
            # by instant: same-zone datetimes compare by wall time, blind to a repeated hour
            if instant < best_instant:
                best, best_instant = fire, instant
        return best

    def describe(self) -> str:
        from tomodachi_schedule.runtime.engine.wording import describe

        return describe(self)


class Bounded(Schedule):
    """The fires of ``inner`` from ``start`` (inclusive) until ``end`` (exclusive), local
    datetimes in ``zone``."""

    inner: Schedule
    start: str | None = None
    end: str | None = None
    zone: str | None = None

    def __post_init__(self) -> None:
        if not isinstance(self.inner, Schedule):
            raise invalid("Bounded.inner must be a schedule")
        tz = resolve_zone(self.zone)
        start = None if self.start is None else local_instant(self.start, tz).timestamp()
        end = None if self.end is None else local_instant(self.end, tz).timestamp()
        if start is not None and end is not None and end <= start:
            raise invalid(f"Bounded window is empty: {self.start} .. {self.end}")
        self._set_derived((start, end))

    def next_after(self, dt: datetime) -> datetime | None:
        require_aware(dt)
        start, end = self._derived  # epoch seconds
        if start is not None and dt.timestamp() < start:
            dt = datetime.fromtimestamp(start, timezone.utc) - _TICK  # fires at or after start
        fire = self.inner.next_after(dt)
        if fire is None or (end is not None and fire.timestamp() >= end):
            return None
        return fire

    def describe(self) -> str:
        from tomodachi_schedule.runtime.engine.wording import describe

        return describe(self)


def __getattr__(name: str) -> object:
    # `Excluding` lives in `excluding.py` (with the day tables it needs): a service of
    # intervals never loads them; the old name still answers
    if name in ("Excluding", "fire_days"):
        from tomodachi_schedule.runtime.engine import excluding

        return getattr(excluding, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
