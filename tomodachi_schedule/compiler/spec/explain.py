"""`explain`: the runtime's own description of the lowered schedule (one describer for both).

Every sentence it returns, without the ``cron '...':`` that names a cron expression, is a spec
with the same fires (tests/language/test_phrases.py checks it over the phrase corpus).
"""

from __future__ import annotations

from tomodachi_schedule.compiler.spec import nodes as n
from tomodachi_schedule.compiler.spec.validate import CheckedSpec
from tomodachi_schedule.runtime.engine.wording import describe


def explain(checked: CheckedSpec, schedule) -> str:
    """One sentence saying when ``schedule`` (lowered from ``checked``) fires, and in which zone."""
    words = describe(schedule)
    if isinstance(checked.body, n.CronExpr):
        return f"cron {cron_text(checked.body)!r}: {words}"
    return words


def cron_text(expr: n.CronExpr) -> str:
    """A cron expression as written, fields separated by one space."""
    if expr.macro:
        return expr.macro
    return " ".join(",".join(_item(i) for i in field.items) for field in expr.fields)


def _item(item: n.CronItem) -> str:
    text = item.low.text + (f"-{item.high.text}" if item.high else "")
    text += f"/{item.step.text}" if item.step else ""
    return text + (f"#{item.nth.text}" if item.nth else "")
