"""The quick paths of `parse_schedule`: a plain cron or a common English phrase, read without lark.

The façade imports this module at its first string spec and keeps it. The imports stay at the top:
a `from ... import` inside a function costs ~4,000 instructions a call (the interpreter looks for a
`__path__` the module does not have and formats the error it then discards), and the quick paths
did nine a spec, a tenth of the cost of reading one. The English path is a module of its own,
imported at the first spec that is not a plain cron: a process of cron specs never loads it.
"""

from __future__ import annotations

from collections.abc import Callable

from tomodachi_schedule.compiler.spec.explain import cron_lead, label
from tomodachi_schedule.compiler.spec.lowering.cron import lower_cron
from tomodachi_schedule.compiler.spec.lowering.firing import plainly_fires
from tomodachi_schedule.compiler.spec.read.cron_quick import quick_cron_fields
from tomodachi_schedule.errors import ScheduleError
from tomodachi_schedule.runtime.engine.base import Schedule


def plain_schedule(text: str, zone: str | None) -> Schedule | None:
    """The schedule of a plain cron or a common English phrase, or None for the full path."""
    return plain_cron(text, zone) or (_ENGLISH or _english_path())(text, zone)


_ENGLISH: Callable[[str, str | None], Schedule | None] | None = None


def _english_path() -> Callable[[str, str | None], Schedule | None]:
    global _ENGLISH
    from tomodachi_schedule.compiler.spec.plain_english import plain_english

    _ENGLISH = plain_english
    return plain_english


def plain_cron(text: str, zone: str | None) -> Schedule | None:
    """The schedule of a plain five-field cron read without the AST (`read.cron_quick`), or None
    for the full path, which reads everything else and reports every problem."""
    read = quick_cron_fields(text)
    if read is None:
        return None
    fields, written = read
    try:
        schedule = lower_cron(fields, zone)
    except ScheduleError:
        return None  # a zone that does not resolve: the full path reports it in its words
    if not plainly_fires(schedule):
        return None
    label(schedule, text, cron_lead(written))
    return schedule
