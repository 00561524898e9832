"""The quick path of `parse_schedule` for a common English phrase: read without lark, then checked
and lowered as any spec (imports at the top, for the reason `spec.plain` gives)."""

from __future__ import annotations

from tomodachi_schedule.compiler.spec.explain import label
from tomodachi_schedule.compiler.spec.lowering.firing import ever_fires
from tomodachi_schedule.compiler.spec.lowering.lower import lower
from tomodachi_schedule.compiler.spec.read.english_quick import quick_english
from tomodachi_schedule.compiler.spec.validate import validate
from tomodachi_schedule.errors import ScheduleError
from tomodachi_schedule.runtime.engine.base import Schedule


def plain_english(text: str, zone: str | None) -> Schedule | None:
    """The schedule of a common English phrase read without lark (`read.english_quick`), then
    checked and lowered as any spec; None for the full path (any problem: it reports them all)."""
    tree = quick_english(text)
    if tree is None:
        return None
    try:
        schedule = lower(validate(tree, zone=zone))
        if not ever_fires(schedule):
            return None
    except ScheduleError:
        return None
    label(schedule, text, "")
    return schedule
