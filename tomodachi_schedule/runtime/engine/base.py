"""The `Schedule` base class: the contract every runtime schedule object fulfils."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timezone, tzinfo
from typing import Any

from tomodachi_schedule.errors import ScheduleError, schedule_error
from tomodachi_schedule.runtime.engine.record import Record, private

# a `_lead` meaning "cron '<spec>': ", shared by the plain crons whose spec is written with
# single spaces: worded when `explain` is called, not kept per schedule (~70 bytes each)
CRON_SPEC_LEAD = "cron {spec!r}: "


def invalid(message: str, hint: str | None = None) -> ScheduleError:
    """A `ScheduleError` without a source span, for bad constructor arguments."""
    return schedule_error(message, hint=hint)


def require_aware(dt: datetime) -> None:
    """Reject naive datetimes: an instant needs a zone to mean anything."""
    if not isinstance(dt, datetime):
        raise TypeError(f"expected an aware datetime, got {type(dt).__name__}")
    if dt.tzinfo is None or dt.utcoffset() is None:
        raise TypeError("next_after() needs an aware datetime (attach a tzinfo)")


class Schedule(Record):
    """A set of fire instants; subclasses are frozen keyword-only records of literals.

    ``spec`` (the text it was written as) and ``description`` take no part in equality.
    Derived state (resolved zone, compiled masks, caches) lives in the private ``_derived``
    slot, which is not a field: `record.fields` lists exactly what a constructor call needs.
    """

    UNCOMPARED = frozenset({"spec", "description"})
    spec: str = ""
    description: str = ""
    _derived: Any = private()
    # words `explain` puts before the derived description when none is set: the compiler's
    # "cron '...': " for a cron spec (wording costs more than compiling, so it waits until asked)
    _lead: str = private()

    def next_after(self, dt: datetime) -> datetime | None:
        """The first fire strictly after the aware ``dt`` (in the schedule's zone), or None."""
        raise NotImplementedError

    def iter_after(self, dt: datetime) -> Iterator[datetime]:
        """Successive fires strictly after ``dt``, in increasing order."""
        fire = self.next_after(dt)
        while fire is not None:
            yield fire
            fire = self.next_after(fire)

    def __iter__(self) -> Iterator[datetime]:
        return self.iter_after(datetime.now(timezone.utc))

    def explain(self) -> str:
        """English description: the compiler's wording when set, else derived from the fields."""
        if self.description:
            return self.description
        lead = getattr(self, "_lead", "")
        if lead is CRON_SPEC_LEAD:
            lead = CRON_SPEC_LEAD.format(spec=self.spec)
        return lead + self.describe()

    def __reduce__(self) -> tuple[object, ...]:
        if getattr(self, "_lead", "") and not self.description:
            # a copy (pickle, copy) is rebuilt from the fields, which would lose the lead words
            object.__setattr__(self, "description", self.explain())
        return super().__reduce__()

    def describe(self) -> str:
        """English description derived from the fields alone."""
        raise NotImplementedError

    def _set_derived(self, value: object) -> None:
        object.__setattr__(self, "_derived", value)


class FireFinder:
    """The one interface of a calendar's next-fire computation, whichever path serves it.

    `Calendar` holds one (shared by equal calendars) and calls only these: ``tz`` (the resolved
    zone), ``fixed_offset`` (seconds, or None in a zone with transitions), ``next_after`` (the
    first fire after an aware datetime), ``next_instant`` (the same on epoch seconds, by the
    general search: what every fast path must agree with) and ``iterate``.
    """

    __slots__ = ()  # each path declares its own (a slotted base would clash with TableWalk's)
    tz: tzinfo
    fixed_offset: int | None

    def next_after(self, dt: datetime) -> datetime | None:
        """The first fire strictly after the aware ``dt``, or None."""
        raise NotImplementedError

    def next_instant(self, after: int) -> int | None:
        """The first fire > ``after`` (epoch seconds) by the general search, or None."""
        raise NotImplementedError

    def iterate(self, after: int) -> Iterator[datetime]:
        """Successive fires > ``after`` (epoch seconds): the instants of repeated `next_after`."""
        raise NotImplementedError
