"""Parse a `.sched` file into its AST (sched_nodes), reporting every syntax error it can find."""

from __future__ import annotations

from tomodachi_schedule.compiler.sched import nodes as sn
from tomodachi_schedule.compiler.sched.quick_reader import quick_sched
from tomodachi_schedule.errors import Diagnostic


def parse_sched(source: str) -> tuple[sn.SchedFile | None, list[Diagnostic]]:
    """The AST of ``source`` with its bad lines left out (None if it cannot recover), and the
    syntax errors found."""
    quick = quick_sched(source)  # the usual shape, without lark; None for anything else
    if quick is not None:
        return quick, []
    # lark (~40 ms to import) only for a file the quick reader declines
    from tomodachi_schedule.compiler.sched.lark_reader import lark_sched

    return lark_sched(source)
