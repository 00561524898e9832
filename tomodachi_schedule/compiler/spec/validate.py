"""Validation: run every rule over the AST, collect all problems, then raise once."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from tomodachi_schedule.compiler.spec import nodes as n
from tomodachi_schedule.compiler.spec.rules import cron, phrase, values
from tomodachi_schedule.errors import Diagnostic, ScheduleError


def _cron_problems(spec: n.Spec, timezone: str | None) -> Iterator[Diagnostic]:
    exprs = (
        [spec.body]
        if isinstance(spec.body, n.CronExpr)
        else [c.expr for c in spec.body.find(n.CronClause)]
    )
    for expr in exprs:
        yield from cron.resolve(expr).problems


def _phrase_problems(spec: n.Spec, timezone: str | None) -> Iterator[Diagnostic]:
    if isinstance(spec.body, n.Phrase):
        for rule in phrase.RULES:
            yield from rule(spec.body)


def _value_problems(spec: n.Spec, timezone: str | None) -> Iterator[Diagnostic]:
    if isinstance(spec.body, n.CronExpr):
        return  # cron holds no times, dates, day names or zones: its fields are read by cron.resolve
    nodes = values.walk(spec.body)
    yield from values.check_times(nodes)
    yield from values.check_dates(nodes)
    yield from values.check_day_items(nodes)
    yield from values.check_zones(nodes, timezone)


RULES = (_cron_problems, _value_problems, _phrase_problems)


def collect(spec: n.Spec, *, timezone: str | None = None) -> list[Diagnostic]:
    """Every problem of a parsed spec, in source order."""
    found = [d for rule in RULES for d in rule(spec, timezone)]
    return sorted(found, key=lambda d: d.span.start if d.span else -1)


def validate(
    spec: n.Spec,
    earlier: Iterable[Diagnostic] = (),
    *,
    timezone: str | None = None,
    source_name: str = "<schedule>",
) -> n.Spec:
    """The spec when it is valid; otherwise one `ScheduleError` listing every problem."""
    problems = _unique(list(earlier) + collect(spec, timezone=timezone))
    if problems:
        raise ScheduleError(tuple(problems), source=spec.text, source_name=source_name)
    return spec


def _unique(problems: list[Diagnostic]) -> list[Diagnostic]:
    seen: set = set()
    return [d for d in problems if not (d in seen or seen.add(d))]
