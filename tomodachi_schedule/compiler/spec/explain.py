"""`explain`: the runtime's own description of the lowered schedule (one describer for both).

Every sentence it returns, without the ``cron '...':`` that names a cron expression, is a spec
with the same fires (tests/language/test_phrases.py checks it over the phrase corpus).
"""

from __future__ import annotations

from tomodachi_schedule.compiler.spec import nodes as n
from tomodachi_schedule.compiler.spec.validate import CheckedSpec
from tomodachi_schedule.runtime.engine.base import CRON_SPEC_LEAD
from tomodachi_schedule.runtime.engine.wording import describe


def explain(checked: CheckedSpec, schedule) -> str:
    """One sentence saying when ``schedule`` (lowered from ``checked``) fires, and in which zone."""
    return lead(checked) + describe(schedule)


def lead(checked: CheckedSpec) -> str:
    """What comes before the schedule's own words: ``cron '...': `` for a cron spec, else nothing."""
    if isinstance(checked.body, n.CronExpr):
        return cron_lead(cron_text(checked.body))
    return ""


def cron_lead(text: str) -> str:
    """The lead naming a cron expression, written with one space between fields."""
    return f"cron {text!r}: "


def cron_text(expr: n.CronExpr) -> str:
    """A cron expression as written, fields separated by one space."""
    if expr.macro:
        return expr.macro
    return " ".join(",".join(_item(i) for i in field.items) for field in expr.fields)


def _item(item: n.CronItem) -> str:
    text = item.low.text + (f"-{item.high.text}" if item.high else "")
    text += f"/{item.step.text}" if item.step else ""
    return text + (f"#{item.nth.text}" if item.nth else "")


def label(schedule, text: str, lead: str) -> None:
    """Set the spec text of a schedule just built by the compiler, and the words its `explain()`
    starts with, before anyone else sees it.

    Not a copy with the fields changed: that would build the schedule a second time (zone, masks,
    engine). The description itself is worded when first asked for (`Schedule.explain`): the
    wording costs more than compiling most specs, and most processes never print it. Neither
    takes part in equality or hashing.
    """
    if lead and lead == CRON_SPEC_LEAD.format(spec=text):  # the usual cron: kept as one constant
        lead = CRON_SPEC_LEAD
    object.__setattr__(schedule, "spec", text)
    object.__setattr__(schedule, "_lead", lead)
