"""The schedule objects as data: defaults, validation, equality, repr, pickling, zones."""

from __future__ import annotations

import copy
import pickle
from datetime import datetime, timedelta, timezone
from typing import Any, ClassVar
from zoneinfo import ZoneInfo

import pytest

from tomodachi_schedule.errors import ScheduleError
from tomodachi_schedule.runtime import (
    AnyOf,
    Bounded,
    Calendar,
    DaySet,
    Excluding,
    Interval,
    MonthDays,
    Once,
    Period,
    Schedule,
    WeekDays,
    resolve_zone,
)  # fmt: skip
from tomodachi_schedule.runtime.engine.record import (
    COMPILE_AFTER,
    REQUIRED,
    FrozenRecordError,
    PlainRecord,
    Record,
    fields,
    private,
)
from tomodachi_schedule.runtime.options import JobOptions, JobSpec

NOON = datetime(2026, 6, 1, 12, tzinfo=timezone.utc)


def test_defaults_mean_every_minute_every_day():
    calendar = Calendar(zone="UTC")
    assert calendar.days == DaySet()
    assert DaySet().is_every_day
    assert MonthDays() == MonthDays(days=0, from_end=(), nearest_weekday=(), last_weekday=False)
    assert calendar.next_after(NOON) == NOON + timedelta(minutes=1)


def test_fields_are_literals_and_keyword_only():
    calendar = Calendar(
        minutes=1, hours=1 << 9, days=DaySet(weekdays=WeekDays(days=0b11111)), zone="UTC"
    )
    names = [name for name, _default in fields(calendar)]
    assert names == [
        "spec",
        "description",
        "seconds",
        "minutes",
        "hours",
        "days",
        "zone",
        "follow_clock",
    ]
    assert dict(fields(Interval))["every"] is REQUIRED and dict(fields(Interval))["anchor"] == 0
    rebuilt = eval(repr(calendar), {"Calendar": Calendar, "DaySet": DaySet, "WeekDays": WeekDays})
    assert rebuilt == calendar and hash(rebuilt) == hash(calendar)
    with pytest.raises(TypeError):
        Calendar(1)  # keyword-only
    with pytest.raises(TypeError, match="missing keyword argument 'every'"):
        Interval(anchor=5)
    with pytest.raises(TypeError, match="unexpected keyword argument.*'minute'"):
        Calendar(minute=5)


def test_a_record_declares_each_field_once_with_its_type_and_default():
    class Sample(Record):
        UNCOMPARED = frozenset({"note"})
        LIMIT: ClassVar[int] = 3
        count: int
        label: str = "x"
        note: str = ""
        _cache: object = private()

    class Child(Sample):
        extra: int = 0

    assert fields(Sample) == (("count", REQUIRED), ("label", "x"), ("note", ""))
    assert Sample.__slots__ == ("count", "label", "note", "_cache") and Sample.LIMIT == 3
    sample = Sample(count=1, note="a")
    assert sample == Sample(count=1, note="b") and sample != Sample(count=2)
    assert repr(sample) == "Sample(count=1, label='x', note='a')"
    with pytest.raises(AttributeError):
        sample._cache  # noqa: B018 - a private slot is set by __post_init__, if at all
    assert [name for name, _ in fields(Child)] == ["count", "label", "note", "extra"]
    assert Child.__slots__ == ("extra",) and not hasattr(Child(count=1), "__dict__")


def test_spec_and_description_do_not_take_part_in_equality():
    plain = Interval(every=60)
    assert Interval(every=60, spec="every minute", description="every minute") == plain
    assert Interval(every=60, description="x").explain() == "x"


def test_objects_are_frozen_and_slotted():
    interval = Interval(every=60)
    with pytest.raises(FrozenRecordError):
        interval.every = 5
    with pytest.raises(AttributeError):
        del interval.anchor
    with pytest.raises(AttributeError):
        interval.other = 1
    assert not hasattr(interval, "__dict__")
    assert not hasattr(Calendar(zone="UTC"), "__dict__")


def test_equal_calendars_share_their_engine():
    assert Calendar(minutes=3, zone="UTC").finder() is Calendar(minutes=3, zone="UTC").finder()


@pytest.mark.parametrize(
    "schedule",
    [
        Calendar(minutes=5, zone="Europe/Stockholm"),
        Interval(every=90, anchor=10, zone="UTC"),
        Once(at="2027-01-01T10:00", zone="UTC"),
        AnyOf(parts=(Interval(every=60), Calendar(zone="UTC"))),
        Bounded(inner=Interval(every=60), start="2026-01-01", end="2027-01-01", zone="UTC"),
        Excluding(inner=Calendar(zone="UTC"), days=DaySet(months=1 << 7), zone="UTC"),
    ],
)
def test_pickle_round_trip_keeps_behaviour(schedule):
    copy = pickle.loads(pickle.dumps(schedule))
    assert copy == schedule
    assert copy.next_after(NOON) == schedule.next_after(NOON)


@pytest.mark.parametrize(
    "build, message",
    [
        (lambda: Calendar(minutes=0), "Calendar.minutes"),
        (lambda: Calendar(hours=1 << 24), "Calendar.hours"),
        (lambda: Calendar(seconds=1 << 60), "Calendar.seconds"),
        (lambda: DaySet(months=1), "DaySet.months"),
        (lambda: DaySet(months=0), "selects no month"),
        (lambda: DaySet(years=1 << 130), "DaySet.years"),
        (lambda: DaySet(combine="xor"), "combine"),
        (lambda: MonthDays(days=1), "MonthDays.days"),
        (lambda: MonthDays(from_end=(31,)), "from_end"),
        (lambda: MonthDays(nearest_weekday=(0,)), "nearest_weekday"),
        (lambda: WeekDays(days=1 << 7), "WeekDays.days"),
        (lambda: WeekDays(nth=((1, 6),)), "WeekDays.nth"),
        (lambda: WeekDays(nth=((7, 1),)), "WeekDays.nth"),
        (lambda: Period(unit="fortnight"), "Period.unit"),
        (lambda: Period(every=0), "Period.every"),
        (lambda: Period(anchor="2026-13-01"), "Period.anchor"),
        (lambda: Interval(every=0), "Interval.every"),
        (lambda: Interval(every=1.5), "Interval.every"),
        (lambda: Once(at="tomorrow"), "ISO 8601"),
        (lambda: AnyOf(parts=()), "AnyOf.parts"),
        (lambda: Bounded(inner=Interval(every=1), start="2027-01-01", end="2026-01-01"), "empty"),
        (lambda: Calendar(zone="Europe/Stokholm"), "unknown time zone"),
        (lambda: resolve_zone("+19:00"), "out of range"),
    ],
)
def test_bad_arguments_raise_schedule_error(build, message):
    with pytest.raises(ScheduleError) as caught:
        build()
    assert message in str(caught.value)
    assert "Traceback" not in str(caught.value)


@pytest.mark.parametrize(
    "schedule",
    [
        Calendar(zone="UTC"),
        Interval(every=5),
        Once(at="2027-01-01T00:00"),
        AnyOf(parts=(Interval(every=5),)),
    ],
)
def test_naive_datetimes_are_a_type_error(schedule):
    with pytest.raises(TypeError):
        schedule.next_after(datetime(2026, 1, 1))


def test_lists_are_accepted_where_tuples_are_meant():
    assert WeekDays(nth=[[1, 2]]) == WeekDays(nth=((1, 2),))
    assert MonthDays(from_end=[0]).from_end == (0,)


@pytest.mark.parametrize(
    "name, offset",
    [
        ("UTC", 0),
        ("+05:30", 19800),
        ("-0800", -28800),
        ("GMT +1", 3600),
        ("UTC-03:00", -10800),
        ("Z", 0),
    ],
)
def test_fixed_offset_zones(name, offset):
    assert resolve_zone(name).utcoffset(None) == timedelta(seconds=offset)


def test_iana_and_local_zones(monkeypatch):
    assert resolve_zone("Europe/Stockholm") == ZoneInfo("Europe/Stockholm")
    monkeypatch.setenv("TZ", "America/New_York")
    assert resolve_zone(None) == ZoneInfo("America/New_York")
    assert Calendar().tzinfo == ZoneInfo("America/New_York")  # None: local, resolved when built


def test_schedule_is_the_common_base():
    for schedule in (Calendar(zone="UTC"), Interval(every=1), Once(at="2030-01-01T00:00")):
        assert isinstance(schedule, Schedule)


@pytest.mark.parametrize("zone", ["UTC", "Europe/Stockholm", "+05:30", "America/New_York"])
def test_the_ends_of_datetime_range_give_none_not_errors(zone):
    end = datetime(9999, 12, 31, 23, tzinfo=timezone.utc)
    assert Calendar(minutes=1, hours=1, zone=zone).next_after(end) is None
    assert Interval(every=7200, zone=zone).next_after(end) is None
    fires = list(Interval(every=3600, zone=zone).iter_after(end - timedelta(hours=10)))
    assert 4 <= len(fires) <= 10 and fires[-1].year == 9999  # stops where datetime ends
    start = datetime(1, 1, 2, tzinfo=timezone.utc)
    assert Calendar(minutes=1, hours=1, zone=zone).next_after(start).year == 1


def test_records_compare_by_class_and_compared_fields():
    assert Interval(every=60) != Calendar(zone="UTC") and Interval(every=60) != 60
    assert Interval(every=60) != Interval(every=60, anchor=1)
    assert WeekDays(days=6) == WeekDays(days=6) and WeekDays(days=6) != MonthDays(days=6)
    assert len({Interval(every=60, spec="a"), Interval(every=60, spec="b")}) == 1
    options = JobOptions.build(overlap="queue")
    spec = JobSpec(schedule=Interval(every=5), interval=5, options=options)
    assert spec == JobSpec(schedule=Interval(every=5), interval=5, options=options)
    assert hash(spec) == hash(copy.copy(spec)) and copy.deepcopy(spec) == spec
    assert spec != JobSpec(schedule=Interval(every=5), interval="5", options=options)
    assert repr(spec).startswith("JobSpec(schedule=Interval(spec='', description='', every=5")


def _pair_classes() -> tuple[type[Record], type[Record]]:
    class Pair(Record):
        left: int
        right: int = 2
        checked: ClassVar[list[int]] = []

        def __post_init__(self) -> None:
            Pair.checked.append(self.left)

    class Triple(Pair):
        third: int = 3

    return Pair, Triple


def _check_pair_behaviour(Pair: Any, Triple: Any) -> None:
    """What a record constructor does, whichever of the two a class is using."""
    Pair.checked.clear()
    first = Pair(left=1)
    assert type(first) is Pair and isinstance(first, Record) and not hasattr(first, "__dict__")
    assert (first.left, first.right) == (1, 2) and Pair(left=5, right=6).right == 6
    triple = Triple(left=7, third=9)  # a subclass gets its own, with its own fields
    assert type(triple) is Triple and (triple.left, triple.right, triple.third) == (7, 2, 9)
    assert Pair(left=8) == Pair(left=8, right=2) and Pair.checked == [1, 5, 7, 8, 8]
    with pytest.raises(FrozenRecordError):
        first.left = 3  # made through an assignable class, frozen once made
    with pytest.raises(FrozenRecordError):
        del first.right
    with pytest.raises(TypeError, match="missing keyword argument 'left'"):
        Pair(right=1)
    with pytest.raises(TypeError, match="unexpected keyword argument.*'middle'"):
        Pair(left=1, middle=2)
    with pytest.raises(TypeError):
        Pair(1)  # keyword-only
    assert pickle.loads(pickle.dumps(Calendar(minutes=5, zone="UTC"))) == Calendar(
        minutes=5, zone="UTC"
    )


def test_a_record_class_compiles_its_constructor_after_some_records_same_behaviour():
    Pair, Triple = _pair_classes()
    _check_pair_behaviour(Pair, Triple)  # the generic constructor: too few records to compile
    assert Pair.__init__.__qualname__ == "_compiling_init"
    while Pair.__init__.__qualname__ == "_compiling_init":
        Pair(left=0)
    assert Pair.__init__.__qualname__.endswith("Pair.__init__")  # compiled and installed
    for _ in range(COMPILE_AFTER):
        Triple(left=0)
    assert Triple.__init__.__qualname__.endswith("Triple.__init__")
    _check_pair_behaviour(Pair, Triple)  # the same, through both compiled constructors


def _word_class() -> type:
    class Word(PlainRecord):
        UNCOMPARED = frozenset({"text"})
        value: int
        text: str = ""
        _seen: dict = private()

        def __post_init__(self) -> None:
            object.__setattr__(self, "_seen", {"made": True})

    return Word


def _check_word_behaviour(Word: type) -> None:
    word = Word(value=1, text="one")
    assert type(Word) is type and fields(Word) == (("value", REQUIRED), ("text", ""))
    assert word == Word(value=1, text="uno") and word != Word(value=2) and word._seen["made"]
    assert hash(word) == hash(Word(value=1)) and repr(word) == "Word(value=1, text='one')"
    # defaults live in `fields` only: a class attribute would shadow the instance's (slow reads)
    assert "text" not in vars(Word) and "_seen" not in vars(Word) and Word(value=3).text == ""
    with pytest.raises(FrozenRecordError):
        word.value = 2
    with pytest.raises(TypeError, match="value"):
        Word(text="x")  # required
    with pytest.raises(TypeError, match="other"):
        Word(value=1, other=2)
    with pytest.raises(TypeError):
        Word(1)  # keyword-only


def test_a_plain_record_behaves_as_a_record_without_slots_or_metaclass():
    Word = _word_class()
    _check_word_behaviour(Word)  # the generic constructor
    for _ in range(COMPILE_AFTER):
        Word(value=0)
    assert Word.__init__.__qualname__.endswith("Word.__init__")
    _check_word_behaviour(Word)  # the same through the compiled one


def test_a_cron_calendar_is_a_calendar_whose_words_name_its_cron():
    from tomodachi_schedule.runtime import cron_calendar

    made = cron_calendar(spec="0 3 * * *", minutes=1, hours=1 << 3, zone="UTC")
    plain = Calendar(spec="0 3 * * *", minutes=1, hours=1 << 3, zone="UTC")
    assert type(made) is Calendar and made == plain and hash(made) == hash(plain)
    assert made.explain() == "cron '0 3 * * *': " + plain.explain()
    assert made.next_after(NOON) == plain.next_after(NOON)
    for copied in (pickle.loads(pickle.dumps(made)), copy.deepcopy(made)):
        assert copied.explain() == made.explain()  # the words survive a copy
    with pytest.raises(ScheduleError, match="Calendar.minutes"):
        cron_calendar(spec="0 3 * * *", minutes=0)
