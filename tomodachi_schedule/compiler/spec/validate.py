"""Validation: run every rule over the AST, collect all problems, then raise once.

What validation resolves on the way (a cron expression's fields, the zone the spec runs in) is
handed on in a `CheckedSpec`, so lowering and explain never read the spec a second time.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from tomodachi_schedule.compiler.spec import nodes as n
from tomodachi_schedule.compiler.spec.rules import cron, phrase, values
from tomodachi_schedule.compiler.spec.rules.cron_fields import CronFields
from tomodachi_schedule.errors import Diagnostic, ScheduleError


@dataclass(frozen=True, kw_only=True)
class CheckedSpec:
    """A valid spec and what validation resolved for the passes after it."""

    spec: n.Spec
    zone: str | None  # the zone the spec names, else the caller's default (None: local time)
    cron: CronFields | None  # the fields of its cron expression, when it has one

    @property
    def body(self) -> n.CronExpr | n.Phrase | n.Union:
        return self.spec.body


def phrases(body: n.CronExpr | n.Phrase | n.Union) -> tuple[n.Phrase, ...]:
    """The phrases of an English body: itself, or the parts of a union."""
    if isinstance(body, n.Union):
        return body.parts
    return (body,) if isinstance(body, n.Phrase) else ()


def _cron_exprs(spec: n.Spec) -> list[n.CronExpr]:
    if isinstance(spec.body, n.CronExpr):
        return [spec.body]
    return [clause.expr for part in phrases(spec.body) for clause in part.find(n.CronClause)]


def _phrase_problems(spec: n.Spec, zone: str | None) -> Iterator[Diagnostic]:
    for part in phrases(spec.body):
        for rule in phrase.RULES:
            yield from rule(part)
    if isinstance(spec.body, n.Union):
        yield from phrase.check_union(spec.body)


def _value_problems(spec: n.Spec, zone: str | None) -> Iterator[Diagnostic]:
    if isinstance(spec.body, n.CronExpr):
        return  # cron holds no times, dates, day names or zones: its fields are read by cron.resolve
    nodes = values.walk(spec.body)
    kinds = {type(node) for node in nodes}  # a check with none of its kinds to look at is skipped
    if n.TimeOfDay in kinds:
        yield from values.check_times(nodes)
    if n.DateTime in kinds:
        yield from values.check_dates(nodes)
    if not kinds.isdisjoint(values.DAY_ITEM_KINDS):
        yield from values.check_day_items(nodes)
    if n.Zone in kinds or zone is not None:
        yield from values.check_zones(nodes, zone)


RULES = (_value_problems, _phrase_problems)


def validate(
    spec: n.Spec,
    earlier: Iterable[Diagnostic] = (),
    *,
    zone: str | None = None,
    source_name: str = "<schedule>",
) -> CheckedSpec:
    """The checked spec when it is valid; otherwise one `ScheduleError` listing every problem."""
    fields = [cron.resolve(expr) for expr in _cron_exprs(spec)]
    found = [d for f in fields for d in f.problems]
    found += [d for rule in RULES for d in rule(spec, zone)]
    problems = list(earlier)
    if found:  # most specs have none: nothing to order
        found.sort(key=lambda d: d.span.start if d.span else -1)
        problems += found
    if problems:
        raise ScheduleError(tuple(_unique(problems)), source=spec.text, source_name=source_name)
    return CheckedSpec(spec=spec, zone=_zone(spec, zone), cron=fields[0] if fields else None)


def _zone(spec: n.Spec, default: str | None) -> str | None:
    zones = [zone for part in phrases(spec.body) for zone in part.find(n.Zone)]
    return zones[0].name if zones else default


def _unique(problems: list[Diagnostic]) -> list[Diagnostic]:
    return list(dict.fromkeys(problems))  # first occurrence of each, in order
