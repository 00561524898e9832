"""Bitmasks from the values they stand for: how generated modules write a schedule's masks."""

from __future__ import annotations

from collections.abc import Iterable

ALL_HOURS = (1 << 24) - 1  # a calendar's hours that match every hour of the day


def bits(values: Iterable[int], base: int = 0) -> int:
    """The mask with bit ``value - base`` set for each value: ``bits(range(8, 18))`` is hours 8-17.

    A range costs a few integer operations whatever its length, so a generated module that writes
    its masks this way imports about as fast as one writing the numbers.
    """
    if type(values) is not range:
        mask = 0
        for value in values:
            mask |= 1 << value - base
        return mask
    count, step = len(values), values.step
    if count == 0 or step < 0:
        return bits(tuple(values), base)
    if step == 1:
        return (1 << count) - 1 << values.start - base
    return ((1 << step * count) - 1) // ((1 << step) - 1) << values.start - base  # 0, step, ...
