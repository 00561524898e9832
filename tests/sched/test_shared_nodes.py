"""Codegen shares the nodes of equal value records: shared or not, the text is the same, and
values written differently (``1``, ``True``; ``0.0``, ``-0.0``; another prefix) never share."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from tomodachi_schedule.compiler.sched import expressions
from tomodachi_schedule.compiler.sched.expressions import expression
from tomodachi_schedule.compiler.sched.layout import flat
from tomodachi_schedule.runtime import Calendar, DaySet, MonthDays, Period, WeekDays


def masks(limit: int) -> st.SearchStrategy[int]:
    return st.sets(st.integers(0, limit - 1), min_size=1).map(lambda s: sum(1 << v for v in s))


day_sets = st.builds(
    DaySet,
    months=masks(13).map(lambda m: m & ~1 or 2),
    monthdays=st.none() | st.builds(MonthDays, days=masks(32).map(lambda m: m & ~1 or 2)),
    weekdays=st.none() | st.builds(WeekDays, days=masks(7), nth=st.just(()) | st.just(((1, 2),))),
    period=st.none() | st.builds(Period, unit=st.just("week"), every=st.integers(1, 3)),
)


def unshared(value: object, prefix: str = "ts.") -> str:
    """The text built without the shared nodes."""
    if isinstance(value, (Calendar, DaySet, MonthDays, WeekDays, Period)):
        return flat(expressions._call(value, prefix))
    return flat(expression(value, prefix))


@settings(max_examples=150, deadline=None)
@given(days=day_sets)
def test_a_shared_node_writes_what_building_it_anew_writes(days):
    assert flat(expression(days, "ts.")) == unshared(days)
    again = DaySet(**{name: getattr(days, name) for name, _ in DaySet._fields})
    assert expression(again, "ts.") is expression(days, "ts.")  # equal values: one node
    assert flat(expression(days, "sched.")) == unshared(days, "sched.")


def test_values_equal_by_eq_but_written_differently_do_not_share():
    one, true = Period(unit="week", every=1), Period(unit="week", every=True)
    assert one == true  # == alone would let them share a node
    assert flat(expression(one, "ts.")) == 'ts.Period(unit="week")'
    assert flat(expression(true, "ts.")) == 'ts.Period(unit="week", every=True)'


def test_schedules_are_never_shared_their_words_differ():
    first = Calendar(minutes=1, zone="UTC", spec="a", description="first")
    second = Calendar(minutes=1, zone="UTC", spec="b", description="second")
    assert first == second  # spec and description take no part in ==
    assert 'spec="a"' in flat(expression(first, "ts."))
    assert 'spec="b"' in flat(expression(second, "ts."))


def test_the_memory_is_bounded(monkeypatch):
    monkeypatch.setattr(expressions, "_SHARED_LIMIT", 3)
    expressions._SHARED.clear()
    for day in range(1, 10):
        expression(MonthDays(days=1 << day), "ts.")
        assert len(expressions._SHARED) <= 3


def test_keys_tell_apart_every_value_written_differently():
    values = [1, True, 1.0, 0.0, -0.0, "1", None, (1,), (True,), ("1",), ((1,),), (), 0, False]
    keys = [expressions._field_key(value) for value in values]
    for i, key in enumerate(keys):
        others = keys[:i] + keys[i + 1 :]
        assert key not in others, values[i]
    assert expressions._record_key(MonthDays(days=2)) == expressions._record_key(MonthDays(days=2))
    assert expressions._record_key(MonthDays(days=2)) != expressions._record_key(WeekDays(days=2))
