"""The cyclic garbage collector, paused while a compile command builds its large structure."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

# Compiling a 10,000-entry file keeps nearly everything it makes until the module is written
# (nodes, schedules, text), and makes no cyclic garbage that grows with the file: ~400 objects
# whatever its size, through lark's path and error reports too (tests/sched/test_compile_pace.py
# counts them). Even at a raised pace (a young collection every 100,000 allocations) the
# collector walked the growing heap ~15 times for nothing: 3 % of the compile. Paused, it walks
# nothing; it runs again as before once the command is done.


@contextmanager
def collector_paused() -> Iterator[None]:
    """Disable the cyclic collector inside the block; leave it as it was found after."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()
