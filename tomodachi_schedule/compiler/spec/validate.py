"""Validation: run every rule over the AST, collect all problems, then raise once.

What validation resolves on the way (a cron expression's fields, the zone the spec runs in) is
handed on in a `CheckedSpec`, so lowering and explain never read the spec a second time.
"""

from __future__ import annotations

from collections.abc import Iterable

from tomodachi_schedule.compiler.spec import nodes as n
from tomodachi_schedule.compiler.spec.node_support import maker
from tomodachi_schedule.compiler.spec.rules import cron, phrase, values
from tomodachi_schedule.compiler.spec.rules.cron_fields import CronFields
from tomodachi_schedule.compiler.spec.rules.phrase_plan import rules_for
from tomodachi_schedule.errors import Diagnostic, ScheduleError
from tomodachi_schedule.runtime.engine.record import Record


class CheckedSpec(Record):
    """A valid spec and what validation resolved for the passes after it (a slotted record, made
    with `_CheckedSpec`: a class call with keywords costs more than the rest of a cron spec's
    check, and a slotted record's fields are filled without ``object.__setattr__``)."""

    spec: n.Spec
    zone: str | None  # the zone the spec names, else the caller's default (None: local time)
    cron: CronFields | None  # the fields of its cron expression, when it has one

    @property
    def body(self) -> n.CronExpr | n.Phrase | n.Union:
        return self.spec.body


_CheckedSpec = maker(CheckedSpec)


def phrases(body: n.CronExpr | n.Phrase | n.Union) -> tuple[n.Phrase, ...]:
    """The phrases of an English body: itself, or the parts of a union."""
    if isinstance(body, n.Union):
        return body.parts
    return (body,) if isinstance(body, n.Phrase) else ()


def _cron_exprs(spec: n.Spec, parts: tuple[n.Phrase, ...]) -> list[n.CronExpr]:
    if isinstance(spec.body, n.CronExpr):
        return [spec.body]
    exprs = []
    for part in parts:  # most phrases have no cron clause: no comprehension to make
        for clause in part.find(n.CronClause):
            exprs.append(clause.expr)
    return exprs


def _phrase_problems(spec: n.Spec, parts: tuple[n.Phrase, ...]) -> list[Diagnostic]:
    found: list[Diagnostic] = []
    for part in parts:
        for rule in rules_for(tuple(map(type, part.clauses))):
            found += rule(part)
    if isinstance(spec.body, n.Union):
        found += phrase.check_union(spec.body)
    return found


def _value_problems(spec: n.Spec, zone: str | None) -> list[Diagnostic]:
    if isinstance(spec.body, n.CronExpr):
        return []  # cron holds no times, dates, day names or zones: cron.resolve reads them
    return values.value_problems(spec.body, zone)


def validate(
    spec: n.Spec,
    earlier: Iterable[Diagnostic] = (),
    *,
    zone: str | None = None,
    source_name: str = "<schedule>",
) -> CheckedSpec:
    """The checked spec when it is valid; otherwise one `ScheduleError` listing every problem."""
    parts = phrases(spec.body)
    exprs = _cron_exprs(spec, parts)
    fields = [cron.resolve(expr) for expr in exprs] if exprs else []
    found = [d for f in fields for d in f.problems] if fields else []
    found += _value_problems(spec, zone)
    found += _phrase_problems(spec, parts)
    problems = list(earlier) if earlier else []
    if found:  # most specs have none: nothing to order
        found.sort(key=lambda d: d.span.start if d.span else -1)
        problems += found
    if problems:
        raise ScheduleError(tuple(_unique(problems)), source=spec.text, source_name=source_name)
    return _CheckedSpec(spec=spec, zone=_zone(parts, zone), cron=fields[0] if fields else None)


def _zone(parts: tuple[n.Phrase, ...], default: str | None) -> str | None:
    for part in parts:
        for zone in part.find(n.Zone):
            return zone.name
    return default


def _unique(problems: list[Diagnostic]) -> list[Diagnostic]:
    return list(dict.fromkeys(problems))  # first occurrence of each, in order
