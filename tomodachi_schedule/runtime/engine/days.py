"""Which local dates match: `DaySet` and its parts `MonthDays`, `WeekDays`, `Period`."""

from __future__ import annotations

from datetime import date

from tomodachi_schedule.runtime.engine.base import invalid
from tomodachi_schedule.runtime.engine.record import Record

ALL_MONTHS = 0b1_1111_1111_1110  # bits 1..12
ALL_MONTHDAYS = (1 << 32) - 2  # bits 1..31
ALL_WEEKDAYS = 0b111_1111  # bits 0..6, Monday = 0
FIRST_YEAR, LAST_YEAR = 1970, 2099
ALL_YEARS = (1 << (LAST_YEAR - FIRST_YEAR + 1)) - 1
PERIOD_UNITS = ("day", "week", "month", "year")


def _as_tuple(obj: object, name: str) -> None:
    """Accept lists where tuples are meant, so objects stay hashable."""
    value = getattr(obj, name)
    if not isinstance(value, tuple):
        object.__setattr__(obj, name, tuple(value))


def _check_bits(value: int, allowed: int, what: str) -> None:
    if type(value) is int and 0 <= value and not value & ~allowed:  # noqa: E721 (not a bool)
        return
    if not isinstance(value, int) or isinstance(value, bool) or value < 0 or value & ~allowed:
        raise invalid(f"{what} has bits outside its range: {value!r}")


class MonthDays(Record):
    """Days of the month: listed days, ``L``/``L-n``, ``nW`` and ``LW`` (a union).

    ``days`` (bitmask), ``from_end`` (``L-n``: n days before the last), ``nearest_weekday``
    (``nW``), ``last_weekday`` (``LW``).
    """

    days: int = 0
    from_end: tuple[int, ...] = ()
    nearest_weekday: tuple[int, ...] = ()
    last_weekday: bool = False

    def __post_init__(self) -> None:
        _check_bits(self.days, ALL_MONTHDAYS, "MonthDays.days")
        if self.from_end == () and self.nearest_weekday == ():  # the common case, in one test
            return
        _as_tuple(self, "from_end")
        _as_tuple(self, "nearest_weekday")
        if any(not 0 <= n <= 30 for n in self.from_end):
            raise invalid(f"MonthDays.from_end values must be 0..30: {self.from_end}")
        if any(not 1 <= n <= 31 for n in self.nearest_weekday):
            raise invalid(f"MonthDays.nearest_weekday values must be 1..31: {self.nearest_weekday}")


class WeekDays(Record):
    """Days of the week (``days``, a bitmask, Monday = bit 0) and n-th weekdays of the month
    (``nth``: ``(weekday, n)`` pairs, n < 0 counting from the end), a union."""

    days: int = 0
    nth: tuple[tuple[int, int], ...] = ()

    def __post_init__(self) -> None:
        _check_bits(self.days, ALL_WEEKDAYS, "WeekDays.days")
        if not self.nth:  # the common case, without building a tuple
            return
        object.__setattr__(self, "nth", tuple(tuple(pair) for pair in self.nth))
        for weekday, n in self.nth:
            if not 0 <= weekday <= 6 or n == 0 or not -5 <= n <= 5:
                raise invalid(f"WeekDays.nth needs (weekday 0..6, n in ±1..5): {(weekday, n)}")


class Period(Record):
    """Every n-th day, week (Monday-based), month or year, counted from ``anchor``."""

    unit: str = "day"
    every: int = 1
    anchor: str = "1970-01-01"

    def __post_init__(self) -> None:
        if self.unit not in PERIOD_UNITS:
            raise invalid(f"Period.unit must be one of {PERIOD_UNITS}: {self.unit!r}")
        if not isinstance(self.every, int) or self.every < 1:
            raise invalid(f"Period.every must be a positive integer: {self.every!r}")
        try:
            date.fromisoformat(self.anchor)
        except (TypeError, ValueError):
            raise invalid(f"Period.anchor must be an ISO date: {self.anchor!r}") from None

    @property
    def anchor_date(self) -> date:
        return date.fromisoformat(self.anchor)


class DaySet(Record):
    """Local dates: month and year masks, month days and/or weekdays, an optional period.

    ``None`` parts are unrestricted. With both day parts restricted, ``combine`` says whether
    a date must match either (``"or"``: cron, Vixie) or both (``"and"``: plain English).
    """

    months: int = ALL_MONTHS
    years: int | None = None
    monthdays: MonthDays | None = None
    weekdays: WeekDays | None = None
    combine: str = "or"
    period: Period | None = None

    def __post_init__(self) -> None:
        _check_bits(self.months, ALL_MONTHS, "DaySet.months")
        if not self.months:
            raise invalid("DaySet.months selects no month")
        if self.years is not None:
            _check_bits(self.years, ALL_YEARS, "DaySet.years (bit n = year 1970+n, up to 2099)")
            if not self.years:
                raise invalid("DaySet.years selects no year")
        if self.combine not in ("or", "and"):
            raise invalid(f"DaySet.combine must be 'or' or 'and': {self.combine!r}")

    @property
    def is_every_day(self) -> bool:
        """True when every date matches (no restriction at all)."""
        return (
            self.months == ALL_MONTHS
            and self.years is None
            and self.monthdays is None
            and self.weekdays is None
            and self.period is None
        )
