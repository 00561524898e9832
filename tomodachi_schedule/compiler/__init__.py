"""The compiler façade: spec text -> AST -> validated AST -> runtime schedule objects.

``parse_schedule`` is what decorators and the ``.sched`` compiler call; ``compile_spec`` also
returns the validated AST for callers that want to inspect or explain it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from types import ModuleType
from typing import TYPE_CHECKING

from tomodachi_schedule.errors import Diagnostic, ScheduleError, Span, schedule_error

if TYPE_CHECKING:
    from tomodachi_schedule.compiler.spec.nodes import Phrase, Spec
    from tomodachi_schedule.runtime.engine.base import Schedule

__all__ = ["CompiledSpec", "compile_spec", "parse_schedule"]


@dataclass(frozen=True, kw_only=True)
class CompiledSpec:
    """A validated spec: its AST (`compiler.nodes.Spec`) and the lowered runtime schedule."""

    ast: Spec
    schedule: Schedule


def compile_spec(
    spec: str | int, *, timezone: str | None = None, source_name: str = "<schedule>"
) -> CompiledSpec:
    """Parse, validate and lower ``spec``; `ScheduleError` spans are offsets into ``spec``.

    A refused English spec's first hint proposes the nearest spec that compiles, when a few
    obvious repairs find one (`compiler.repairs`)."""
    try:
        return _compile(spec, timezone, source_name)
    except ScheduleError as error:
        if isinstance(spec, int):
            raise
        from tomodachi_schedule.compiler.repairs import with_nearest_phrasing

        raise with_nearest_phrasing(error, spec, _accepter(timezone)) from None


def _accepter(timezone: str | None) -> Callable[[str], bool]:
    """Whether a repaired spec compiles (in the same zone), without a repair search of its own."""

    def accepts(candidate: str) -> bool:
        try:
            _compile(candidate, timezone, "<schedule>")
        except ScheduleError:
            return False
        return True

    return accepts


def _compile(spec: str | int, timezone: str | None, source_name: str) -> CompiledSpec:
    from tomodachi_schedule.compiler.spec import nodes
    from tomodachi_schedule.compiler.spec.explain import lead
    from tomodachi_schedule.compiler.spec.lowering.firing import ever_fires
    from tomodachi_schedule.compiler.spec.lowering.lower import lower, never_fires
    from tomodachi_schedule.compiler.spec.validate import validate

    text = _spec_text(spec, source_name)
    problems: tuple[Diagnostic, ...]
    if isinstance(spec, int):  # tomodachi's interval=20: seconds
        tree, problems = nodes.Spec(text=text, body=_seconds_phrase(spec, nodes)), ()
    else:  # the readers (and lark) are imported for text only: an interval needs none of them
        from tomodachi_schedule.compiler.spec.read.parse import parse_spec

        try:
            tree, problems = parse_spec(text)
        except ScheduleError as error:
            raise error.with_source(source_name=source_name) from None
    checked = validate(tree, problems, zone=timezone, source_name=source_name)
    try:
        schedule = lower(checked)
        if not ever_fires(schedule):  # never firing is an error, not a no-op
            raise never_fires(tree.body.span)
    except ScheduleError as error:
        raise error.with_source(source=text, source_name=source_name) from None
    _label(schedule, text, lead(checked))
    return CompiledSpec(ast=tree, schedule=schedule)


def parse_schedule(
    spec: str | int, *, timezone: str | None = None, source_name: str = "<schedule>"
) -> Schedule:
    """The runtime `Schedule` for a spec: cron, a tomodachi interval or timestamp, or English.

    An ``int`` is a number of seconds (``20`` fires every 20 seconds, aligned to the epoch).
    ``timezone`` applies when the spec names no zone. Raises `ScheduleError` for bad input.
    """
    if type(spec) is str and len(spec) <= MAX_SPEC_LENGTH:
        schedule = _plain_cron(spec, timezone) or _plain_english(spec, timezone)
        if schedule is not None:
            return schedule
    return compile_spec(spec, timezone=timezone, source_name=source_name).schedule


def _plain_cron(text: str, zone: str | None) -> Schedule | None:
    """The schedule of a plain five-field cron read without the AST (`spec.cron_quick`), or None
    for the full path, which reads everything else and reports every problem."""
    from tomodachi_schedule.compiler.spec.explain import cron_lead
    from tomodachi_schedule.compiler.spec.lowering.cron import lower_cron
    from tomodachi_schedule.compiler.spec.lowering.firing import plainly_fires
    from tomodachi_schedule.compiler.spec.read.cron_quick import quick_cron_fields

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
    _label(schedule, text, cron_lead(written))
    return schedule


def _spec_text(spec: object, source_name: str) -> str:
    if isinstance(spec, bool) or not isinstance(spec, (str, int)):
        kind = type(spec).__name__
        raise schedule_error(
            f"a schedule is a string or a number of seconds, not {kind}", source_name=source_name
        )
    if isinstance(spec, int) and spec <= 0:
        raise schedule_error(
            f"an interval of {spec} seconds never advances",
            Span(start=0, end=len(str(spec))),
            "use a positive number of seconds",
            source=str(spec),
            source_name=source_name,
        )
    if isinstance(spec, str) and len(spec) > MAX_SPEC_LENGTH:
        raise schedule_error(
            f"the schedule is {len(spec)} characters long; the limit is {MAX_SPEC_LENGTH}",
            None,
            'a schedule is one short line, e.g. "every weekday at 09:00"',
            source_name=source_name,
        )
    return str(spec)


MAX_SPEC_LENGTH = 1000  # characters: far beyond any real spec, and it bounds parsing's work


def _plain_english(text: str, zone: str | None) -> Schedule | None:
    """The schedule of a common English phrase read without lark (`spec.english_quick`), then
    checked and lowered as any spec; None for the full path (any problem: it reports them all)."""
    from tomodachi_schedule.compiler.spec.lowering.firing import ever_fires
    from tomodachi_schedule.compiler.spec.lowering.lower import lower
    from tomodachi_schedule.compiler.spec.read.english_quick import quick_english
    from tomodachi_schedule.compiler.spec.validate import validate

    tree = quick_english(text)
    if tree is None:
        return None
    try:
        schedule = lower(validate(tree, zone=zone))
        if not ever_fires(schedule):
            return None
    except ScheduleError:
        return None
    _label(schedule, text, "")
    return schedule


def _label(schedule: Schedule, text: str, lead: str) -> None:
    """Set the spec text of a schedule just built here, and the words its `explain()` starts
    with, before anyone else sees it.

    Not a copy with the fields changed: that would build the schedule a second time (zone, masks,
    engine). The description itself is worded when first asked for (`Schedule.explain`): the
    wording costs more than compiling most specs, and most processes never print it. Neither
    takes part in equality or hashing.
    """
    from tomodachi_schedule.runtime.engine.base import CRON_SPEC_LEAD

    if lead and lead == CRON_SPEC_LEAD.format(spec=text):  # the usual cron: kept as one constant
        lead = CRON_SPEC_LEAD
    object.__setattr__(schedule, "spec", text)
    object.__setattr__(schedule, "_lead", lead)


def _seconds_phrase(seconds: int, nodes: ModuleType) -> Phrase:
    every = nodes.Every(unit="second", count=seconds, text=f"every {seconds} seconds")
    return nodes.Phrase(clauses=(every,))
