"""Entry locations of a large `.sched` file come from line starts found once (`LineStarts`),
and agree with `locate`, which renders errors."""

from __future__ import annotations

import random

from tomodachi_schedule.errors import LineStarts, locate


def test_line_starts_agree_with_locate_at_every_offset():
    rng = random.Random(4)
    for _ in range(20):
        source = "".join(rng.choice("ab\n") for _ in range(rng.randrange(0, 60)))
        lines = LineStarts(source)
        for offset in range(len(source) + 1):
            position = locate(source, offset)
            assert lines.line_column(offset) == (position.line, position.column), (source, offset)
