"""Settings of a `.sched` file and its services, checked and read once into the scope entries use."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from tomodachi_schedule.compiler.sched import nodes as sn
from tomodachi_schedule.compiler.sched.options import (
    BadValue,
    OptionValues,
    read_options,
    read_zone,
)
from tomodachi_schedule.errors import Diagnostic, ScheduleError, problem

FILE_SETTINGS = ("timezone", "coordinator", "defaults")
SERVICE_SETTINGS = ("timezone", "handlers", "defaults")
SETTING_FORMS = {
    "timezone": 'timezone "Europe/Stockholm"',
    "coordinator": 'coordinator "redis://localhost:6379/0"',
    "handlers": "handlers package.module",
    "defaults": "defaults [overlap=queue, timeout=5m]",
}
_KINDS = {"timezone": sn.Text, "coordinator": sn.Text, "handlers": str, "defaults": sn.Options}


@dataclass(frozen=True, kw_only=True)
class Scope:
    """What the settings in effect say: a service's own, else the file's."""

    zone: str | None = None  # None: local time (also after a bad zone, which is reported)
    module: str | None = None  # the ``handlers`` module bare handler names resolve in
    defaults: OptionValues = field(default_factory=dict)
    coordinator: sn.Setting | None = None  # file level only


def read_file_scope(tree: sn.SchedFile, problems: list[Diagnostic]) -> Scope:
    """The file's settings; their problems are appended to ``problems``."""
    return _read_scope(tree.settings, FILE_SETTINGS, "at the top of the file", Scope(), problems)


def read_service_scope(block: sn.ServiceBlock, file: Scope, problems: list[Diagnostic]) -> Scope:
    """A service's settings over the file's; their problems are appended to ``problems``."""
    return _read_scope(block.settings, SERVICE_SETTINGS, "in a service", file, problems)


def _read_scope(
    settings: tuple[sn.Setting, ...],
    allowed: tuple[str, ...],
    where: str,
    outer: Scope,
    problems: list[Diagnostic],
) -> Scope:
    values: dict[str, Any] = {}  # by keyword: a zone, a module, a URL or options
    read: dict[str, sn.Setting] = {}
    seen: set[str] = set()
    for setting in settings:
        misplaced = _placement_problem(setting, allowed, where, seen)
        seen.add(setting.keyword)
        if misplaced is not None:
            problems.append(misplaced)
            continue
        values[setting.keyword] = _read_value(setting, problems)
        read[setting.keyword] = setting
    return Scope(
        zone=values["timezone"] if "timezone" in values else outer.zone,
        module=values.get("handlers", outer.module),
        defaults={**outer.defaults, **values.get("defaults", {})},
        coordinator=read.get("coordinator"),
    )


def _placement_problem(
    setting: sn.Setting, allowed: tuple[str, ...], where: str, seen: set[str]
) -> Diagnostic | None:
    if setting.keyword not in allowed:
        return problem(
            f"{setting.keyword!r} is not allowed {where}",
            setting.span,
            "allowed here: " + ", ".join(allowed),
        )
    if setting.keyword in seen:
        return problem(f"{setting.keyword!r} is set twice", setting.span, "keep one")
    if not isinstance(setting.value, _KINDS[setting.keyword]):
        return problem(
            f"{setting.keyword} takes {_kind_name(_KINDS[setting.keyword])}",
            setting.value_span,
            "write  " + SETTING_FORMS[setting.keyword],
        )
    return None


def _kind_name(kind: type) -> str:
    return {sn.Text: 'a "quoted string"', str: "a module path (no quotes)"}.get(kind, "[options]")


def _read_value(setting: sn.Setting, problems: list[Diagnostic]) -> Any:
    value: Any = setting.value  # of the kind its keyword takes (checked by _placement_problem)
    if setting.keyword == "timezone":
        try:
            return read_zone(value)
        except BadValue as bad:
            problems.append(problem(bad.message, setting.value_span, bad.hint))
            return None
    if setting.keyword == "coordinator":
        problems.extend(_coordinator_problems(value))
        return value.value
    if setting.keyword == "defaults":
        values, found = read_options(value, in_defaults=True)
        problems.extend(found)
        return values
    return setting.value  # handlers: a module path, checked with the entries' handlers


def _coordinator_problems(url: sn.Text) -> Iterator[Diagnostic]:
    # the cluster runtime's own URL check (it only builds the store object; nothing is opened)
    from tomodachi_schedule.runtime.cluster.config import store_from_url

    try:
        store_from_url(url.value)
    except ScheduleError as error:
        for diagnostic in error.diagnostics:
            span = diagnostic.span.shifted(url.value_start) if diagnostic.span else url.span
            yield diagnostic.replace(span=span)
