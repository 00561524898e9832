"""The cyclic garbage collector's pace while a command builds a large, long-lived structure."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

# Allocations between young collections (Python's default is 700). Compiling a 10,000-entry
# file keeps nearly everything it makes until the module is written (nodes, schedules, text),
# and at the default pace the collector walked that growing heap ~480 times, three of them
# whole-heap collections: ~190 ms of a ~3 s compile. At this pace ~30 young collections remain
# and no full one, while a command that does make cyclic garbage still has it collected.
COMPILE_THRESHOLD = 100_000


@contextmanager
def fewer_collections() -> Iterator[None]:
    """Raise the collector's first threshold inside the block; put the thresholds back after."""
    thresholds = gc.get_threshold()
    gc.set_threshold(max(thresholds[0], COMPILE_THRESHOLD), *thresholds[1:])
    try:
        yield
    finally:
        gc.set_threshold(*thresholds)
