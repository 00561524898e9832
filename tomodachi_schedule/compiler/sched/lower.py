"""Lower a checked `.sched` file to compiled services: what code generation needs, no AST or spans."""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple, cast

from tomodachi_schedule.compiler.sched import nodes as sn
from tomodachi_schedule.compiler.sched.entries import CheckedEntry
from tomodachi_schedule.compiler.sched.validate import (
    CheckedFile,
    CheckedService,
    service_class_name,
)
from tomodachi_schedule.errors import LineStarts


class CompiledEntry(NamedTuple):
    """One scheduled function: where it came from, what it calls, when, and how (a named tuple:
    one is made per entry, and a frozen dataclass's constructor costs four times as much)."""

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


def lower_sched(checked: CheckedFile, source: str, display_name: str) -> CompiledFile:
    """The compiled file of a checked file without errors; ``source`` gives line numbers."""
    lowering = _Lowering(source, display_name)
    coordinator = checked.coordinator
    return CompiledFile(
        source_name=display_name,
        coordinator=cast(sn.Text, coordinator.value).value if coordinator else None,
        coordinator_location=lowering.location(coordinator.span.start) if coordinator else "",
        services=tuple(lowering.service(service) for service in checked.services),
    )


class _Lowering:
    def __init__(self, source: str, display_name: str) -> None:
        self.source, self.display_name = source, display_name
        self.lines = LineStarts(source)

    def service(self, service: CheckedService) -> CompiledService:
        name = service.block.name.value
        return CompiledService(
            name=name,
            class_name=service_class_name(name),
            location=self.location(service.block.span.start),
            entries=tuple(self.entry(entry) for entry in service.entries),
        )

    def entry(self, checked: CheckedEntry) -> CompiledEntry:
        entry = checked.entry
        return CompiledEntry(
            name=entry.name,
            location=self.location(entry.span.start),
            handler_module=checked.module,
            handler_function=entry.handler.function,
            spec=entry.spec_value,
            zone=checked.zone,
            schedule=checked.schedule,
            options=checked.options,
        )

    def location(self, offset: int) -> str:
        line, column = self.lines.line_column(offset)
        return f"{self.display_name}:{line}:{column}"
