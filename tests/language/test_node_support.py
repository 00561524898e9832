"""The quick paths' node makers (`spec.node_support.maker`) make what the node classes make, and
the span maker what `Span` makes."""

from __future__ import annotations

from tomodachi_schedule.compiler.spec import nodes as n
from tomodachi_schedule.compiler.spec.node_support import maker
from tomodachi_schedule.compiler.spec.read.parse import parse_spec
from tomodachi_schedule.errors import ScheduleError, Span
from tomodachi_schedule.runtime.engine.record import fields

from .corpus_specs import corpus_specs


def _rebuilt(node: n.Node, build) -> n.Node:
    """``node`` made again by ``build(cls, values)``, children first."""
    values = {}
    for name, _ in fields(node):
        value = getattr(node, name)
        if isinstance(value, n.Node):
            value = _rebuilt(value, build)
        elif isinstance(value, tuple):
            value = tuple(_rebuilt(v, build) if isinstance(v, n.Node) else v for v in value)
        values[name] = value
    return build(type(node), values)


def _everything(node: object) -> object:
    """Every field, those left out of ``==`` (words, spans) included."""
    if isinstance(node, n.Node):
        return (type(node), {name: _everything(getattr(node, name)) for name, _ in fields(node)})
    if isinstance(node, tuple):
        return tuple(_everything(v) for v in node)
    return node


def test_the_makers_build_what_the_classes_build():
    made = 0
    for text in corpus_specs():
        try:
            tree = parse_spec(text)[0]
        except ScheduleError:
            continue
        by_maker = _rebuilt(tree, lambda cls, values: maker(cls)(**values))
        by_class = _rebuilt(tree, lambda cls, values: cls(**values))
        assert by_maker == by_class == tree and repr(by_maker) == repr(tree)
        assert _everything(by_maker) == _everything(tree)
        made += 1
    assert made > 300


def test_a_made_phrase_finds_its_clauses_and_a_made_node_stays_frozen():
    every = n.Every(unit="day", text="every day")
    phrase = maker(n.Phrase)(clauses=(every,), span=Span(start=0, end=9))
    assert phrase.find(n.Every) == (every,) and phrase.find(n.Node) == (every,)
    assert phrase.find(n.Times) == ()
    try:
        phrase.clauses = ()
    except AttributeError:
        pass
    else:
        raise AssertionError("a made node took an assignment")


def test_the_quick_readers_span_is_a_span():
    from tomodachi_schedule.compiler.spec.read.english_tokens import span_at

    made, plain = span_at(3, 9), Span(start=3, end=9)
    assert type(made) is Span and made == plain and hash(made) == hash(plain)
    assert repr(made) == repr(plain) and made.shifted(1) == Span(start=4, end=10)


def _runtime_records() -> list[tuple[type, dict]]:
    from tomodachi_schedule import runtime as rt

    days = rt.DaySet(weekdays=rt.WeekDays(days=0b11111), months=0b1010)
    calendar = rt.Calendar(seconds=1, minutes=2, hours=4, days=days, zone="Europe/Stockholm")
    return [
        (rt.Calendar, dict(seconds=1, minutes=2, hours=4, days=days, zone="Europe/Stockholm")),
        (rt.Calendar, dict(hours=1 << 23, zone=None, follow_clock=True)),
        (rt.DaySet, dict(months=0b110, years=1, monthdays=rt.MonthDays(days=2), combine="and")),
        (rt.WeekDays, dict(days=3, nth=((0, 1), (4, -1)))),
        (rt.MonthDays, dict(days=4, from_end=(0,), nearest_weekday=(15,), last_weekday=True)),
        (rt.AnyOf, dict(parts=(calendar, calendar))),
        (rt.Excluding, dict(inner=calendar, days=days, zone="UTC")),
        (rt.Period, dict(unit="week", every=2, anchor="2027-01-04")),
        (Span, dict(start=3, end=9)),
    ]


def test_the_makers_of_runtime_records_build_what_their_classes_build():
    for cls, values in _runtime_records():
        made, called = maker(cls)(**values), cls(**values)
        assert type(made) is cls and made == called and repr(made) == repr(called)
        assert hash(made) == hash(called)
        if hasattr(called, "tzinfo"):
            assert made.tzinfo == called.tzinfo
        try:
            made.__setattr__(next(iter(values)), None)
        except AttributeError:
            pass
        else:
            raise AssertionError(f"a made {cls.__name__} can be changed")


def test_a_made_runtime_record_checks_its_fields_as_its_class_does():
    from tomodachi_schedule import runtime as rt

    for cls, values in [(rt.DaySet, {"months": 0}), (rt.Calendar, {"zone": "Mars/Olympus"})]:
        for make in (cls, maker(cls)):
            try:
                make(**values)
            except ScheduleError as error:
                assert str(error)
            else:
                raise AssertionError(f"{cls.__name__}({values}) accepted")
