"""Lower a validated `.sched` AST to compiled services: runtime schedule objects plus entry options."""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Iterator
from dataclasses import dataclass

from tomodachi_schedule.compiler.sched import nodes as sn
from tomodachi_schedule.compiler.sched.handlers import HandlerChecker
from tomodachi_schedule.compiler.sched.options import BadValue, read_options, read_zone
from tomodachi_schedule.compiler.sched.validate import service_class_name
from tomodachi_schedule.errors import Diagnostic, ScheduleError, locate
from tomodachi_schedule.runtime.engine.record import fields, is_record
from tomodachi_schedule.runtime.options import JobOptions

# The runtime's job options with their defaults, in the order they are emitted (a value equal to
# the default is left out).
EMITTED_OPTIONS = dict(fields(JobOptions))


@dataclass(frozen=True, kw_only=True)
class CompiledEntry:
    """One scheduled function: where it came from, what it calls, when, and how."""

    name: str
    location: str
    handler_module: str
    handler_function: str
    spec: str | int
    zone: str | None  # the zone the spec was read in, when it names none
    schedule: object
    options: tuple[tuple[str, object], ...]


@dataclass(frozen=True, kw_only=True)
class CompiledService:
    """One service block, as the class the generated module declares."""

    name: str
    class_name: str
    location: str
    entries: tuple[CompiledEntry, ...]


@dataclass(frozen=True, kw_only=True)
class CompiledFile:
    """Everything code generation needs; no AST, no spans."""

    source_name: str
    coordinator: str | None
    coordinator_location: str = ""
    services: tuple[CompiledService, ...]


@functools.lru_cache(maxsize=4096)
def parse_spec_cached(spec: str | int, zone: str | None) -> object:
    """``parse_schedule(spec, timezone=zone)``, or the ScheduleError it raised; repeated specs are free."""
    from tomodachi_schedule.compiler import parse_schedule

    try:
        return parse_schedule(spec, timezone=zone)
    except ScheduleError as error:
        return error
    except Exception as bug:  # noqa: BLE001 - reported at the spec, with the rest of the file
        message = f"the schedule compiler failed on this spec: {type(bug).__name__}: {bug}"
        hint = "this is a bug in tomodachi-schedule; please report it with the spec"
        return ScheduleError((Diagnostic(message=message, hint=hint),), source=str(spec))


class Lowering:
    """Walks a validated AST once, building compiled services and collecting spec/handler problems."""

    def __init__(self, source: str, display_name: str, checker: HandlerChecker | None) -> None:
        self.source, self.display_name, self.checker = source, display_name, checker
        self.diagnostics: list[Diagnostic] = []

    def lower(self, tree: sn.SchedFile) -> CompiledFile:
        """The compiled file; problems found on the way are in ``self.diagnostics``."""
        settings = _settings(tree.settings)
        file_defaults = _defaults(settings)
        services = tuple(self._service(block, settings, file_defaults) for block in tree.services)
        coordinator = next(
            (
                s
                for s in tree.settings
                if s.keyword == "coordinator" and isinstance(s.value, sn.Text)
            ),
            None,
        )
        return CompiledFile(
            source_name=self.display_name,
            coordinator=coordinator.value.value if coordinator else None,
            coordinator_location=(self._location(coordinator.span.start) if coordinator else ""),
            services=services,
        )

    def _service(
        self, block: sn.ServiceBlock, file_settings: dict, file_defaults: dict
    ) -> CompiledService:
        block_settings = _settings(block.settings)
        settings = {**file_settings, **block_settings}
        defaults = {**file_defaults, **_defaults(block_settings)}
        return CompiledService(
            name=block.name.value,
            class_name=service_class_name(block.name.value),
            location=self._location(block.span.start),
            entries=tuple(self._entry(entry, settings, defaults) for entry in block.entries),
        )

    def _entry(self, entry: sn.Entry, settings: dict, defaults: dict) -> CompiledEntry:
        options = {**defaults, **read_options(entry.options)[0]}
        zone_option = options.get("timezone")
        zone = zone_option[0] if zone_option else _zone_of(settings)
        schedule = self._schedule(entry, zone)
        emitted = tuple(
            (name, options[name][0])
            for name, default in EMITTED_OPTIONS.items()
            if name in options and options[name][0] != default
        )
        if schedule is not None:
            self.diagnostics.extend(_cross_checks(schedule, options))
            self.diagnostics.extend(_runtime_refusals(emitted, entry))
        module = entry.handler.module or _module_of(settings)
        self._check_handler(entry.handler, module)
        return CompiledEntry(
            name=entry.name,
            location=self._location(entry.span.start),
            handler_module=module or "",
            handler_function=entry.handler.function,
            spec=entry.spec_value,
            zone=zone,
            schedule=schedule,
            options=emitted,
        )

    def _schedule(self, entry: sn.Entry, zone: str | None) -> object | None:
        result = parse_spec_cached(entry.spec_value, zone)
        if not isinstance(result, ScheduleError):
            return result
        self.diagnostics.extend(
            _shifted(d, entry.spec_start, entry.spec_span) for d in result.diagnostics
        )
        return None

    def _check_handler(self, handler: sn.HandlerRef, module: str | None) -> None:
        if self.checker is None or module is None or "." in handler.function:
            return  # a malformed reference was already reported by validation
        verdict = self.checker.check(module, handler.function)
        if verdict.severity:
            self.diagnostics.append(
                Diagnostic(
                    message=verdict.message,
                    span=handler.span,
                    hint=verdict.hint,
                    severity=verdict.severity,
                )
            )

    def _location(self, offset: int) -> str:
        position = locate(self.source, offset)
        return f"{self.display_name}:{position.line}:{position.column}"


def _settings(settings: tuple[sn.Setting, ...]) -> dict[str, object]:
    # the first of a repeated setting wins; validation has reported the repeat
    found: dict[str, object] = {}
    for setting in settings:
        found.setdefault(setting.keyword, setting.value)
    return found


def _defaults(settings: dict) -> dict:
    options = settings.get("defaults")
    return read_options(options, in_defaults=True)[0] if isinstance(options, sn.Options) else {}


def _zone_of(settings: dict) -> str | None:
    zone = settings.get("timezone")
    if not isinstance(zone, sn.Text):
        return None
    try:
        return read_zone(zone)
    except BadValue:  # reported once, at the setting, by validation: not again at each entry
        return None


def _module_of(settings: dict) -> str | None:
    module = settings.get("handlers")
    return module if isinstance(module, str) else None


def _shifted(diagnostic: Diagnostic, offset: int, fallback: object) -> Diagnostic:
    span = diagnostic.span.shifted(offset) if diagnostic.span else fallback
    return dataclasses.replace(diagnostic, span=span)


def _cross_checks(schedule: object, options: dict) -> Iterator[Diagnostic]:
    jitter = options.get("jitter")
    every = getattr(schedule, "every", None)
    if jitter and type(schedule).__name__ == "Interval" and jitter[0] >= every:
        yield Diagnostic(
            message=f"conflicting options: jitter {jitter[0]}s is not shorter than the interval ({every}s)",
            span=jitter[1].span,
            hint="a jitter must be shorter than the time between fires",
        )
    zone = options.get("timezone")
    if zone:
        others = sorted(z for z in schedule_zones(schedule) if z not in (None, zone[0]))
        if others:
            yield Diagnostic(
                message=f"conflicting time zones: the spec says {others[0]!r}, the option {zone[0]!r}",
                span=zone[1].span,
                hint="name the zone in one place only",
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
        for problem in refusal.diagnostics:
            yield Diagnostic(message=problem.message, span=where.span, hint=problem.hint)


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
