"""The schedule language's AST: frozen keyword-only records with tuple children and spans.

Records (`runtime.engine.record.PlainRecord`), not dataclasses: a dataclass compiles six methods
when it is made, which made importing these 31 classes cost ~25 ms, most of a process's first
spec; a record compiles its constructor when the class is first used.
"""

from __future__ import annotations

from typing import ClassVar

from tomodachi_schedule.compiler.spec.node_support import clauses_by_kind
from tomodachi_schedule.errors import Span
from tomodachi_schedule.runtime.engine.record import PlainRecord

NO_SPAN = Span(start=0, end=0)


class Node(PlainRecord):
    """Base of every node; the span never takes part in equality."""

    UNCOMPARED: ClassVar[frozenset[str]] = frozenset({"span"})
    # the words as written, kept for messages and `explain`, never compared
    WORDS: ClassVar[frozenset[str]] = frozenset({"span", "text"})

    span: Span = NO_SPAN


# --- cron ------------------------------------------------------------------------------------


class CronAtom(Node):
    """One cron value as written: ``5``, ``jan``, ``*``, ``?``, ``L``, ``15W``, ``Ltue``, ``2L``."""

    text: str


class CronItem(Node):
    """``low``, ``low-high``, either with ``/step``, or ``low#nth``."""

    low: CronAtom
    high: CronAtom | None = None
    step: CronAtom | None = None
    nth: CronAtom | None = None


class CronField(Node):
    """A comma-separated list of items."""

    items: tuple[CronItem, ...]


class CronExpr(Node):
    """A cron expression: its fields, or a macro such as ``@daily``."""

    fields: tuple[CronField, ...] = ()
    macro: str | None = None


# --- English: values -------------------------------------------------------------------------


class TimeOfDay(Node):
    """A wall-clock time; ``text`` keeps the user's wording (``9am``, ``noon``)."""

    UNCOMPARED = Node.WORDS

    hour: int
    minute: int = 0
    second: int = 0
    text: str = ""


class DateTime(Node):
    """A calendar date with an optional time of day and UTC offset."""

    year: int
    month: int
    day: int
    time: TimeOfDay | None = None
    offset: str | None = None


# --- English: days ---------------------------------------------------------------------------


class Weekdays(Node):
    """Weekdays (Monday = 0) named by the user: ``monday``, ``mon-fri``, ``weekends``."""

    UNCOMPARED = Node.WORDS

    days: tuple[int, ...]
    text: str = ""


class MonthDay(Node):
    """A day of the month counted from the start (``1``) or the end (``from_end=0`` is last)."""

    day: int | None = None
    from_end: int | None = None


class NthWeekday(Node):
    """The n-th weekday of the month; negative n counts from the end (``-1`` = last)."""

    weekday: int
    n: int


class WorkdayOfMonth(Node):
    """The first (``1W``) or last (``LW``) Monday-to-Friday day of the month."""

    last: bool


class NearestWeekday(Node):
    """The Monday-to-Friday day nearest a day of the month, within the month (cron's ``15W``)."""

    day: int


class Scoped(Node):
    """A day item restricted to months (``the last tuesday of january and march``)."""

    item: DayItem
    months: tuple[int, ...]


class SpecificDate(Node):
    """One calendar date (``2026-12-24``): a one-off, or an exception."""

    date: DateTime


DayItem = Weekdays | MonthDay | NthWeekday | WorkdayOfMonth | NearestWeekday | Scoped | SpecificDate


# --- English: clauses ------------------------------------------------------------------------


class Every(Node):
    """``every 20 seconds``, ``every other week``, ``hourly``, ``5s``; count None means one."""

    UNCOMPARED = Node.WORDS

    unit: str  # second | minute | hour | day | week | month | year
    count: int | None = None
    text: str = ""


class Days(Node):
    """Days the schedule fires on; the listed items are alternatives (a union)."""

    UNCOMPARED = frozenset({"span", "lead"})

    items: tuple[DayItem, ...]
    every: int | None = None  # "every other monday" repeats every n weeks
    lead: str = "on"  # the user's word: every, each, on, or none (never compared)


class Times(Node):
    """``at 09:00 and 18:00``."""

    times: tuple[TimeOfDay, ...]


class Minutes(Node):
    """``at :15 and :45``: minutes past each hour of an hourly schedule."""

    minutes: tuple[int, ...]


class Window(Node):
    """``from 08:00 to 18:00``: both ends included."""

    start: TimeOfDay
    end: TimeOfDay


class Months(Node):
    """``in january and march``."""

    months: tuple[int, ...]


class Years(Node):
    """``in 2027``: the years a schedule fires in (1970-2099)."""

    years: tuple[int, ...]


class Zone(Node):
    """``in Europe/Stockholm``, ``UTC``, ``in +05:30``."""

    name: str


class Counted(Node):
    """``counted from 2026-01-05``: the day, week, month or year an ``every n`` period counts
    from, without bounding the schedule (``starting`` does both)."""

    at: DateTime


class Starting(Node):
    """``starting 2026-12-01``: no fire before; anchors ``every n`` periods."""

    at: DateTime


class Until(Node):
    """``until 2027-06-30``: a date includes that whole day."""

    at: DateTime


class Except(Node):
    """``except on december 25``, ``except in july``."""

    days: tuple[DayItem, ...] = ()
    months: tuple[int, ...] = ()


class CronClause(Node):
    """``cron "30 5 * jan,mar Ltue"`` inside English."""

    expr: CronExpr


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


class Phrase(Node):
    """An English spec: a sequence of clauses, combined as the validator allows."""

    clauses: tuple[Clause, ...]

    def __post_init__(self) -> None:
        # validation and lowering ask a phrase for its clauses of one kind some thirty times:
        # the clauses are grouped once, and the groups' own lookup (a C call, not a Python frame)
        # answers `find` in place of the method below
        object.__setattr__(self, "find", clauses_by_kind(self.clauses, _NONE_OF_EACH).__getitem__)

    def find(self, kind: type) -> tuple:
        """The clauses of one kind, in source order."""
        return clauses_by_kind(self.clauses, _NONE_OF_EACH)[kind]


# no clause class is subclassed (test_spec_shortcuts): exactly a class is what isinstance selects
CLAUSE_KINDS: tuple[type, ...] = Clause.__args__
_NONE_OF_EACH: dict[type, tuple] = dict.fromkeys(CLAUSE_KINDS, ())


class Union(Node):
    """``every monday at 9am and every friday at 5pm``: complete phrases, fired together."""

    parts: tuple[Phrase, ...]


class Spec(Node):
    """The root: the source text and its body."""

    text: str
    body: CronExpr | Phrase | Union
