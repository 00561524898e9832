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
    from tomodachi_schedule.compiler.spec.explain import label, lead
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
    label(schedule, text, lead(checked))
    return CompiledSpec(ast=tree, schedule=schedule)


def parse_schedule(
    spec: str | int, *, timezone: str | None = None, source_name: str = "<schedule>"
) -> Schedule:
    """The runtime `Schedule` for a spec: cron, a tomodachi interval or timestamp, or English.

    An ``int`` is a number of seconds (``20`` fires every 20 seconds, aligned to the epoch).
    ``timezone`` applies when the spec names no zone. Raises `ScheduleError` for bad input.
    """
    if type(spec) is str and len(spec) <= MAX_SPEC_LENGTH:
        schedule = (_PLAIN or _plain_paths())(spec, timezone)
        if schedule is not None:
            return schedule
    return compile_spec(spec, timezone=timezone, source_name=source_name).schedule


_PLAIN: Callable[[str, str | None], Schedule | None] | None = None


def _plain_paths() -> Callable[[str, str | None], Schedule | None]:
    """`spec.plain.plain_schedule`, imported at the first string spec and kept: importing the
    façade stays cheap, and a spec does not pay for an import statement (`spec.plain` says why)."""
    global _PLAIN
    from tomodachi_schedule.compiler.spec.plain import plain_schedule

    _PLAIN = plain_schedule
    return plain_schedule


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


def _seconds_phrase(seconds: int, nodes: ModuleType) -> Phrase:
    every = nodes.Every(unit="second", count=seconds, text=f"every {seconds} seconds")
    return nodes.Phrase(clauses=(every,))
