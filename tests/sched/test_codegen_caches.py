"""What codegen remembers (string atoms, mask calls) and its shortcuts (record defaults compared by
key, blocks of item lines written as one text) give what the plain way gives."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from tomodachi_schedule.compiler.sched import expressions, layout
from tomodachi_schedule.compiler.sched.expressions import MASKS, expression, mask_expression
from tomodachi_schedule.compiler.sched.layout import (
    Atom,
    Call,
    call_statement,
    literal,
    plain,
    statement,
    string_atom,
)
from tomodachi_schedule.runtime import Calendar, DaySet, WeekDays
from tomodachi_schedule.runtime.engine.record import Record


@settings(max_examples=200, deadline=None)
@given(value=st.text(max_size=30) | st.sampled_from(["UTC", "Europe/Stockholm", "a'b", 'a"b']))
def test_a_remembered_string_atom_is_the_one_made_anew(value):
    first, again = string_atom(value), string_atom(value)
    assert again is first
    assert (again.text, again.exact) == (literal(value), plain(value))


def test_the_string_atoms_kept_are_bounded(monkeypatch):
    monkeypatch.setattr(layout, "STRING_ATOMS_LIMIT", 3)
    layout.STRING_ATOMS.clear()
    for n in range(10):
        assert string_atom(f"zone {n}").text == f'"zone {n}"'
        assert len(layout.STRING_ATOMS) <= 3


@settings(max_examples=200, deadline=None)
@given(st.data())
def test_a_remembered_mask_call_is_the_one_made_anew(data):
    base, limit = data.draw(st.sampled_from(sorted(set(MASKS.values()))))
    mask = data.draw(st.integers(1, (1 << (limit - base)) - 1))
    prefix = data.draw(st.sampled_from(["ts.", "sched."]))
    node = mask_expression(mask, base, limit, prefix)
    assert mask_expression(mask, base, limit, prefix) is node
    fresh = expressions._mask_call(mask, base, limit, prefix)
    assert (node.text, node.exact) == (fresh.text, fresh.exact)


def test_the_mask_calls_kept_are_bounded(monkeypatch):
    monkeypatch.setattr(expressions, "_SHARED_LIMIT", 3)
    expressions.MASK_NODES.clear()
    for n in range(10):
        assert mask_expression(1 << n, 0, 60, "ts.").text == f"ts.bits(({n},))"
        assert len(expressions.MASK_NODES) <= 3


def test_a_record_default_is_compared_by_its_key_only_with_record_equality():
    assert expressions._compared_by_key(DaySet())

    class Odd(Record):
        days: int = 1

        def __eq__(self, other: object) -> bool:
            return False

        __hash__ = Record.__hash__

    assert not expressions._compared_by_key(Odd())
    assert not expressions._compared_by_key(1)


def test_a_field_equal_to_its_record_default_is_left_out_and_another_is_written():
    same = Calendar(minutes=1, zone="UTC", days=DaySet(months=DaySet().months))
    assert same.days is not Calendar().days
    assert "days=" not in expression(same, "ts.").text
    other = Calendar(minutes=1, zone="UTC", days=DaySet(weekdays=WeekDays(days=3)))
    assert "days=ts.DaySet(weekdays=ts.WeekDays(days=ts.bits((0, 1))))" in (
        expression(other, "ts.").text
    )


def test_statements_come_one_line_each_even_where_a_block_is_written_as_one_text():
    items = tuple((f"argument_{n}", Atom(f'"{"x" * 30}"')) for n in range(4))
    node = Call("ts.f", ((None, Call("ts.g", items)),))
    lines = statement("target", node, 1)
    assert all("\n" not in line for line in lines)
    assert lines[2] == f'            argument_0="{"x" * 30}",'
    assert all("\n" not in line for line in call_statement(node, 1))


def test_a_mask_field_remembers_its_node_per_prefix():
    for _ in range(2):  # the second time from the field's memory
        for prefix in ("ts.", "sched.", "".join(["t", "s", "."])):  # an equal prefix, not the same
            text = expression(WeekDays(days=0b101), prefix).text
            assert text == f"{prefix}WeekDays(days={prefix}bits((0, 2)))"
