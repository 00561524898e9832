"""Checking one entry: its spec read into a schedule, its options merged and checked, its handler.

Everything an entry needs is read here once; lowering takes the result as it is.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from typing import NamedTuple, cast

from tomodachi_schedule.compiler.sched import nodes as sn
from tomodachi_schedule.compiler.sched.handlers import HandlerChecker
from tomodachi_schedule.compiler.sched.options import OptionValues, read_options
from tomodachi_schedule.compiler.sched.settings import Scope
from tomodachi_schedule.errors import Diagnostic, ScheduleError, Span, problem, schedule_error
from tomodachi_schedule.runtime.engine.calendar import is_cron_calendar
from tomodachi_schedule.runtime.engine.record import fields, is_record
from tomodachi_schedule.runtime.options import JobOptions

# The runtime's job options with their defaults, in the order they are emitted (a value equal to
# the default is left out).
EMITTED_OPTIONS = dict(fields(JobOptions))


class CheckedEntry(NamedTuple):
    """An entry with what checking read: its handler module, zone, schedule and options (a named
    tuple: one is made per entry)."""

    entry: sn.Entry
    module: str  # "" when the handler names none and the service has no ``handlers`` (reported)
    zone: str | None  # the zone the spec was read in, when it names none
    schedule: object | None  # None when the spec is invalid (reported)
    options: tuple[tuple[str, object], ...]  # the values that differ from the runtime's defaults


@functools.lru_cache(maxsize=4096)
def parse_spec_cached(spec: str | int, zone: str | None) -> object:
    """``parse_schedule(spec, timezone=zone)``, or the ScheduleError it raised; repeated specs are free."""
    from tomodachi_schedule.compiler import parse_schedule

    try:
        schedule = parse_schedule(spec, timezone=zone)
    except ScheduleError as error:
        return error
    except Exception as bug:  # noqa: BLE001 - reported at the spec, with the rest of the file
        message = f"the schedule compiler failed on this spec: {type(bug).__name__}: {bug}"
        hint = "this is a bug in tomodachi-schedule; please report it with the spec"
        return schedule_error(message, hint=hint, source=str(spec))
    if getattr(schedule, "_lead", "") and not is_cron_calendar(schedule):
        # words that begin with what only the compiler knows (a cron as written, its fields
        # apart by more than one space): worded now, for the generated module to print. A plain
        # cron is written `ts.cron_calendar(...)`, which gives the same words at run time; any
        # other schedule's words are its `describe()`, from the same fields: no words written.
        object.__setattr__(schedule, "description", schedule.explain())
    return schedule


def check_entry(
    entry: sn.Entry, scope: Scope, checker: HandlerChecker | None, problems: list[Diagnostic]
) -> CheckedEntry:
    """The checked entry; its problems are appended to ``problems``."""
    own, found = read_options(entry.options) if entry.options.items else ({}, ())
    problems.extend(found)
    options = {**scope.defaults, **own} if scope.defaults else own
    zone = cast("str | None", options["timezone"][0]) if "timezone" in options else scope.zone
    schedule = _schedule(entry, zone, problems)
    emitted = _emitted(options) if options else ()
    if schedule is not None and options:  # without options, nothing to cross-check or refuse
        problems.extend(_cross_checks(schedule, options))
        problems.extend(_runtime_refusals(emitted, entry))
    module = entry.handler.module or scope.module
    if checker is not None:
        wrong = _handler_problem(checker, entry.handler, module)
        if wrong is not None:
            problems.append(wrong)
    return CheckedEntry(
        entry=entry, module=module or "", zone=zone, schedule=schedule, options=emitted
    )


def _emitted(options: OptionValues) -> tuple[tuple[str, object], ...]:
    return tuple(
        (name, options[name][0])
        for name, default in EMITTED_OPTIONS.items()
        if name in options and options[name][0] != default
    )


def _schedule(entry: sn.Entry, zone: str | None, problems: list[Diagnostic]) -> object | None:
    result = parse_spec_cached(entry.spec_value, zone)
    if not isinstance(result, ScheduleError):
        return result
    problems.extend(_shifted(d, entry.spec_start, entry.spec_span) for d in result.diagnostics)
    return None


def _shifted(diagnostic: Diagnostic, offset: int, fallback: Span | None) -> Diagnostic:
    span = diagnostic.span.shifted(offset) if diagnostic.span else fallback
    return diagnostic.replace(span=span)


def _handler_problem(
    checker: HandlerChecker, handler: sn.HandlerRef, module: str | None
) -> Diagnostic | None:
    if module is None or "." in handler.function:
        return None  # a malformed reference was already reported by validation
    verdict = checker.check(module, handler.function)
    if verdict.severity:
        return problem(verdict.message, handler.span, verdict.hint, severity=verdict.severity)
    return None


def _cross_checks(schedule: object, options: OptionValues) -> Iterator[Diagnostic]:
    jitter = options.get("jitter")
    every = getattr(schedule, "every", None)
    interval = type(schedule).__name__ == "Interval"
    if jitter and interval and every is not None and cast(float, jitter[0]) >= every:
        yield problem(
            f"conflicting options: jitter {jitter[0]}s is not shorter than the interval ({every}s)",
            jitter[1].span,
            "a jitter must be shorter than the time between fires",
        )
    zone = options.get("timezone")
    if zone:
        others = sorted(z for z in schedule_zones(schedule) if z not in (None, zone[0]))
        if others:
            yield problem(
                f"conflicting time zones: the spec says {others[0]!r}, the option {zone[0]!r}",
                zone[1].span,
                "name the zone in one place only",
            )


def _runtime_refusals(
    options: tuple[tuple[str, object], ...], entry: sn.Entry
) -> Iterator[Diagnostic]:
    # The generated module's `scheduled(...)` builds JobOptions from these at import; build them
    # now, so an option this runtime does not accept fails the compile, not the service's start.
    where = entry.options if entry.options.items else entry  # options may come from defaults
    try:
        JobOptions.build(**dict(options))
    except ScheduleError as refusal:
        for refused in refusal.diagnostics:
            yield problem(refused.message, where.span, refused.hint)


def schedule_zones(schedule: object) -> set[str | None]:
    """Every ``zone`` field value in a schedule object tree."""
    zones: set[str | None] = set()
    if not is_record(schedule):
        return zones
    for name, _default in fields(schedule):
        value = getattr(schedule, name)
        if name == "zone":
            zones.add(value)
        for child in value if isinstance(value, tuple) else (value,):
            zones |= schedule_zones(child)
    return zones
