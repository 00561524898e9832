"""The schedule language's AST: frozen keyword-only dataclasses with tuple children and spans."""

from __future__ import annotations

from dataclasses import dataclass, field

from tomodachi_schedule.compiler.spec.node_support import ClausesByKind, install_fast_inits
from tomodachi_schedule.errors import Span

NO_SPAN = Span(start=0, end=0)


@dataclass(frozen=True, kw_only=True)
class Node:
    """Base of every node; the span never takes part in equality."""

    span: Span = field(default=NO_SPAN, compare=False, repr=False)


# --- cron ------------------------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class CronAtom(Node):
    """One cron value as written: ``5``, ``jan``, ``*``, ``?``, ``L``, ``15W``, ``Ltue``, ``2L``."""

    text: str


@dataclass(frozen=True, kw_only=True)
class CronItem(Node):
    """``low``, ``low-high``, either with ``/step``, or ``low#nth``."""

    low: CronAtom
    high: CronAtom | None = None
    step: CronAtom | None = None
    nth: CronAtom | None = None


@dataclass(frozen=True, kw_only=True)
class CronField(Node):
    """A comma-separated list of items."""

    items: tuple[CronItem, ...]


@dataclass(frozen=True, kw_only=True)
class CronExpr(Node):
    """A cron expression: its fields, or a macro such as ``@daily``."""

    fields: tuple[CronField, ...] = ()
    macro: str | None = None


# --- English: values, days and clauses -------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class TimeOfDay(Node):
    """A wall-clock time; ``text`` keeps the user's wording (``9am``, ``noon``)."""

    hour: int
    minute: int = 0
    second: int = 0
    text: str = field(default="", compare=False)


@dataclass(frozen=True, kw_only=True)
class DateTime(Node):
    """A calendar date with an optional time of day and UTC offset."""

    year: int
    month: int
    day: int
    time: TimeOfDay | None = None
    offset: str | None = None


@dataclass(frozen=True, kw_only=True)
class Weekdays(Node):
    """Weekdays (Monday = 0) named by the user: ``monday``, ``mon-fri``, ``weekends``."""

    days: tuple[int, ...]
    text: str = field(default="", compare=False)


@dataclass(frozen=True, kw_only=True)
class MonthDay(Node):
    """A day of the month counted from the start (``1``) or the end (``from_end=0`` is last)."""

    day: int | None = None
    from_end: int | None = None


@dataclass(frozen=True, kw_only=True)
class NthWeekday(Node):
    """The n-th weekday of the month; negative n counts from the end (``-1`` = last)."""

    weekday: int
    n: int


@dataclass(frozen=True, kw_only=True)
class WorkdayOfMonth(Node):
    """The first (``1W``) or last (``LW``) Monday-to-Friday day of the month."""

    last: bool


@dataclass(frozen=True, kw_only=True)
class NearestWeekday(Node):
    """The Monday-to-Friday day nearest a day of the month, within the month (cron's ``15W``)."""

    day: int


@dataclass(frozen=True, kw_only=True)
class Scoped(Node):
    """A day item restricted to months (``the last tuesday of january and march``)."""

    item: DayItem
    months: tuple[int, ...]


@dataclass(frozen=True, kw_only=True)
class SpecificDate(Node):
    """One calendar date (``2026-12-24``): a one-off, or an exception."""

    date: DateTime


DayItem = Weekdays | MonthDay | NthWeekday | WorkdayOfMonth | NearestWeekday | Scoped | SpecificDate


@dataclass(frozen=True, kw_only=True)
class Every(Node):
    """``every 20 seconds``, ``every other week``, ``hourly``, ``5s``; count None means one."""

    unit: str  # second | minute | hour | day | week | month | year
    count: int | None = None
    text: str = field(default="", compare=False)


@dataclass(frozen=True, kw_only=True)
class Days(Node):
    """Days the schedule fires on; the listed items are alternatives (a union)."""

    items: tuple[DayItem, ...]
    every: int | None = None  # "every other monday" repeats every n weeks
    lead: str = field(default="on", compare=False)  # the user's word: every, each, on, or none


@dataclass(frozen=True, kw_only=True)
class Times(Node):
    """``at 09:00 and 18:00``."""

    times: tuple[TimeOfDay, ...]


@dataclass(frozen=True, kw_only=True)
class Minutes(Node):
    """``at :15 and :45``: minutes past each hour of an hourly schedule."""

    minutes: tuple[int, ...]


@dataclass(frozen=True, kw_only=True)
class Window(Node):
    """``from 08:00 to 18:00``: both ends included."""

    start: TimeOfDay
    end: TimeOfDay


@dataclass(frozen=True, kw_only=True)
class Months(Node):
    """``in january and march``."""

    months: tuple[int, ...]


@dataclass(frozen=True, kw_only=True)
class Years(Node):
    """``in 2027``: the years a schedule fires in (1970-2099)."""

    years: tuple[int, ...]


@dataclass(frozen=True, kw_only=True)
class Zone(Node):
    """``in Europe/Stockholm``, ``UTC``, ``in +05:30``."""

    name: str


@dataclass(frozen=True, kw_only=True)
class Counted(Node):
    """``counted from 2026-01-05``: the day, week, month or year an ``every n`` period counts
    from, without bounding the schedule (``starting`` does both)."""

    at: DateTime


@dataclass(frozen=True, kw_only=True)
class Starting(Node):
    """``starting 2026-12-01``: no fire before; anchors ``every n`` periods."""

    at: DateTime


@dataclass(frozen=True, kw_only=True)
class Until(Node):
    """``until 2027-06-30``: a date includes that whole day."""

    at: DateTime


@dataclass(frozen=True, kw_only=True)
class Except(Node):
    """``except on december 25``, ``except in july``."""

    days: tuple[DayItem, ...] = ()
    months: tuple[int, ...] = ()


@dataclass(frozen=True, kw_only=True)
class CronClause(Node):
    """``cron "30 5 * jan,mar Ltue"`` inside English."""

    expr: CronExpr


@dataclass(frozen=True, kw_only=True)
class Moment(Node):
    """A date and time written alone: fires once."""

    at: DateTime


Clause = (
    Every
    | Days
    | Times
    | Minutes
    | Window
    | Months
    | Years
    | Zone
    | Starting
    | Counted
    | Until
    | Except
    | CronClause
    | Moment
)


@dataclass(frozen=True, kw_only=True)
class Phrase(Node):
    """An English spec: a sequence of clauses, combined as the validator allows."""

    clauses: tuple[Clause, ...]
    # clause class -> its clauses, grouped when the phrase is made: asked some thirty times a phrase
    _found: dict = field(default_factory=dict, init=False, compare=False, hash=False, repr=False)

    def __post_init__(self) -> None:
        found = ClausesByKind(self.clauses, _NONE_OF_EACH)
        object.__setattr__(self, "_found", found)
        object.__setattr__(self, "find", found.__getitem__)  # a C call, not a Python frame

    def find(self, kind: type) -> tuple:
        """The clauses of one kind, in source order (each phrase answers with its own dict)."""
        return self._found[kind]


# no clause class is subclassed (test_spec_shortcuts): exactly a class is what isinstance selects
CLAUSE_KINDS: tuple[type, ...] = Clause.__args__
_NONE_OF_EACH: dict[type, tuple] = dict.fromkeys(CLAUSE_KINDS, ())


@dataclass(frozen=True, kw_only=True)
class Union(Node):
    """``every monday at 9am and every friday at 5pm``: complete phrases, fired together."""

    parts: tuple[Phrase, ...]


@dataclass(frozen=True, kw_only=True)
class Spec(Node):
    """The root: the source text and its body."""

    text: str
    body: CronExpr | Phrase | Union


install_fast_inits(Node)  # the readers make some ten nodes a spec (node_support says why)
