"""`Excluding`: a schedule's fires except on some local days, skipping whole runs of them."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from tomodachi_schedule.runtime.engine.base import Schedule, invalid, require_aware
from tomodachi_schedule.runtime.engine.days import DaySet
from tomodachi_schedule.runtime.engine.zones.names import resolve_zone

if TYPE_CHECKING:
    from tomodachi_schedule.runtime.engine.dayskip import Skips


class Excluding(Schedule):
    """The fires of ``inner`` except those on local dates (in ``zone``) matching ``days``."""

    inner: Schedule
    days: DaySet
    zone: str | None = None

    def __post_init__(self) -> None:
        if not isinstance(self.inner, Schedule) or not isinstance(self.days, DaySet):
            raise invalid("Excluding needs a schedule (inner) and a DaySet (days)")
        resolve_zone(self.zone)  # a misspelt zone fails here
        # the day tables are built at first use (`skips`): a module declaring exclusions
        # imports without loading them, a service loads them with its first next fire
        self._set_derived(None)

    def skips(self) -> Skips:
        """How this schedule skips its excluded days (dayskip.py), built at first use."""
        found = self._derived
        if found is None:
            from tomodachi_schedule.runtime.engine.dayskip import Skips

            found = Skips(self.inner, self.days, resolve_zone(self.zone))
            self._set_derived(found)
        return found

    def next_after(self, dt: datetime) -> datetime | None:
        require_aware(dt)
        return (self._derived or self.skips()).next_after(self.inner, dt)

    def describe(self) -> str:
        from tomodachi_schedule.runtime.engine.wording import describe

        return describe(self)


def __getattr__(name: str) -> object:
    # `fire_days` lives with the day tables in dayskip.py; the old name still answers
    if name == "fire_days":
        from tomodachi_schedule.runtime.engine import dayskip

        return dayskip.fire_days
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
