"""`parse_schedule`'s quick paths: no import statement runs once they are loaded (each cost ~4,000
instructions a spec), and a process of plain crons never loads the English one."""

from __future__ import annotations

import builtins
from collections.abc import Iterator
from contextlib import contextmanager

from tomodachi_schedule.compiler import parse_schedule

from .fresh_process import printed_by

COMMON = ["5 4 * * mon-fri", "every weekday at 09:00", "every day at 07:00 except on december 25"]


@contextmanager
def counting_imports() -> Iterator[list[str]]:
    """The modules named by every import statement run inside the block."""
    seen: list[str] = []
    original = builtins.__import__

    def counting(name, *args, **kwargs):
        seen.append(name)
        return original(name, *args, **kwargs)

    builtins.__import__ = counting
    try:
        yield seen
    finally:
        builtins.__import__ = original


def test_a_common_spec_runs_no_import_statement():
    for spec in COMMON:  # loaded once, as any process does
        parse_schedule(spec)
    with counting_imports() as imports:
        for spec in [
            "6 4 * * mon-fri",
            "every weekday at 09:01",
            "every day at 07:01 except on may 1",
        ]:
            parse_schedule(spec)
    assert imports == []


def test_a_process_of_plain_crons_never_loads_the_english_path():
    program = (
        "import sys\n"
        "from tomodachi_schedule.compiler import parse_schedule\n"
        "parse_schedule('5 4 * * mon-fri')\n"
        "print('tomodachi_schedule.compiler.spec.plain_english' in sys.modules)\n"
        "parse_schedule('every weekday at 09:00')\n"
        "print('tomodachi_schedule.compiler.spec.plain_english' in sys.modules)\n"
    )
    assert printed_by(program) == ["False", "True"]
