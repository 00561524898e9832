"""Validation: run every rule over the AST, collect all problems, then raise once.

What validation resolves on the way (a cron expression's fields, the zone the spec runs in) is
handed on in a `CheckedSpec`, so lowering and explain never read the spec a second time.
"""

from __future__ import annotations

from collections.abc import Iterable
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


def _cron_exprs(spec: n.Spec, parts: tuple[n.Phrase, ...]) -> list[n.CronExpr]:
    if isinstance(spec.body, n.CronExpr):
        return [spec.body]
    return [clause.expr for part in parts for clause in part.find(n.CronClause)]


def _phrase_problems(spec: n.Spec, parts: tuple[n.Phrase, ...]) -> list[Diagnostic]:
    found: list[Diagnostic] = []
    needs = phrase.NEEDS
    for part in parts:
        for rule in phrase.RULES:
            kinds = needs.get(rule)
            if kinds is None or any(map(part.find, kinds)):
                found += rule(part)
    if isinstance(spec.body, n.Union):
        found += phrase.check_union(spec.body)
    return found


def _value_problems(spec: n.Spec, zone: str | None) -> list[Diagnostic]:
    found: list[Diagnostic] = []
    if isinstance(spec.body, n.CronExpr):
        return found  # cron holds no times, dates, day names or zones: cron.resolve reads them
    nodes = values.walk(spec.body)
    kinds = set(map(type, nodes))  # a check with none of its kinds to look at is skipped
    if n.TimeOfDay in kinds:
        found += values.check_times(nodes)
    if n.DateTime in kinds:
        found += values.check_dates(nodes)
    if not kinds.isdisjoint(values.DAY_ITEM_KINDS):
        found += values.check_day_items(nodes)
    if n.Zone in kinds or zone is not None:
        found += values.check_zones(nodes, zone)
    return found


def validate(
    spec: n.Spec,
    earlier: Iterable[Diagnostic] = (),
    *,
    zone: str | None = None,
    source_name: str = "<schedule>",
) -> CheckedSpec:
    """The checked spec when it is valid; otherwise one `ScheduleError` listing every problem."""
    parts = phrases(spec.body)
    fields = [cron.resolve(expr) for expr in _cron_exprs(spec, parts)]
    found = [d for f in fields for d in f.problems]
    found += _value_problems(spec, zone)
    found += _phrase_problems(spec, parts)
    problems = list(earlier)
    if found:  # most specs have none: nothing to order
        found.sort(key=lambda d: d.span.start if d.span else -1)
        problems += found
    if problems:
        raise ScheduleError(tuple(_unique(problems)), source=spec.text, source_name=source_name)
    return CheckedSpec(spec=spec, zone=_zone(parts, zone), cron=fields[0] if fields else None)


def _zone(parts: tuple[n.Phrase, ...], default: str | None) -> str | None:
    for part in parts:
        for zone in part.find(n.Zone):
            return zone.name
    return default


def _unique(problems: list[Diagnostic]) -> list[Diagnostic]:
    return list(dict.fromkeys(problems))  # first occurrence of each, in order
