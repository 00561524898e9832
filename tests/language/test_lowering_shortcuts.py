"""Lowering's shortcuts give what the plain computations give: a wall-clock grid's masks from its
hours (`times.group_range`) against grouping every time of the grid, for every step that divides
an hour and some that do not, over edge and random windows."""

from __future__ import annotations

import random

import pytest

from tomodachi_schedule.compiler.spec.lowering.times import group_range, group_seconds

DIVISORS_OF_AN_HOUR = [step for step in range(1, 3601) if 3600 % step == 0]
OTHER_STEPS = [7, 420, 1000, 5400, 7200, 86399]
EDGES = [
    (0, 86399),  # the whole day
    (0, 3599),  # one whole hour
    (33000, 36000),  # ends on an hour's first second
    (33300, 36240),  # 09:15 to 10:04: a 15-minute grid stops short of 10:00's first step
    (33300, 36300),  # ... and meets it exactly
    (86399, 86399),  # one second
    (3599, 3600),  # across one hour boundary
]


def _windows(step: int, rng: random.Random) -> list[tuple[int, int]]:
    windows = list(EDGES)
    for _ in range(25):
        first = rng.randrange(86400)
        longest = 86399 - first if step >= 60 else min(86399 - first, 7200)  # keep it quick
        windows.append((first, first + rng.randrange(longest + 1)))
    return windows


@pytest.mark.parametrize("step", DIVISORS_OF_AN_HOUR + OTHER_STEPS)
def test_a_grid_has_the_masks_of_grouping_each_of_its_times(step):
    rng = random.Random(step)
    for first, last in _windows(step, rng):
        assert group_range(first, last, step) == group_seconds(range(first, last + 1, step)), (
            first,
            last,
        )
