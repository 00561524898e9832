"""Masks in generated modules: written as the values they stand for, read back to the same ints."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

import tomodachi_schedule.runtime as ts
from tomodachi_schedule.compiler.sched.expressions import MASKS, mask_expression
from tomodachi_schedule.compiler.sched.layout import flat
from tomodachi_schedule.runtime.engine.masks import bits


@given(st.integers(0, 120), st.integers(0, 160), st.integers(1, 30), st.integers(0, 40))
def test_a_range_gives_the_mask_of_its_values(start, stop, step, base):
    values = range(base + start, base + stop, step)
    assert bits(values, base) == sum(1 << v - base for v in values)
    assert bits(values, base) == bits(tuple(values), base) == bits(list(values), base)


def test_bits_is_exported_for_generated_modules():
    assert ts.bits(range(8, 18)) == 0b111111111100000000
    assert ts.bits((2030,), base=1970) == 1 << 60
    assert ts.bits(()) == 0


def emitted(mask: int, field: tuple[str, str]) -> str:
    return flat(mask_expression(mask, *MASKS[field], "ts."))


@settings(max_examples=300, deadline=None)
@given(st.data())
def test_every_mask_reads_back_to_itself(data):
    field = data.draw(st.sampled_from(sorted(MASKS)))
    base, limit = MASKS[field]
    values = data.draw(st.sets(st.integers(base, limit - 1), min_size=1))
    mask = sum(1 << v - base for v in values)
    text = emitted(mask, field)
    assert eval(text, {"ts": ts}) == mask  # noqa: S307 - our own generated expression
    assert "range" in text or text.count(",") >= len(values) - 1  # a tuple lists every value


def test_the_shortest_faithful_form_is_chosen():
    minutes, hours = ("Calendar", "minutes"), ("Calendar", "hours")
    odd = sum(1 << m for m in range(1, 60, 2))
    assert emitted(odd, minutes) == "ts.bits(range(1, 60, 2))"
    assert emitted(sum(1 << h for h in range(8, 19)), hours) == "ts.bits(range(8, 19))"
    assert emitted((1 << 24) - 1, hours) == "ts.bits(range(24))"
    assert emitted(1 | 1 << 15 | 1 << 30, minutes) == "ts.bits((0, 15, 30))"  # shorter than a range
    assert emitted(1 | 1 << 20 | 1 << 40, minutes) == "ts.bits((0, 20, 40))"
    assert emitted(sum(1 << m for m in range(0, 60, 5)), minutes) == "ts.bits(range(0, 60, 5))"
    assert emitted(1 << 7, minutes) == "ts.bits((7,))"
    assert emitted(1 << 3 | 1 << 4 | 1 << 9, minutes) == "ts.bits((3, 4, 9))"
    assert emitted(1 << 60, ("DaySet", "years")) == "ts.bits((2030,), base=1970)"
