"""Validation of a `.sched` file: structural rules (names, handler forms), then settings and entries
read once into a `CheckedFile` for lowering. Collects problems, never raises."""

from __future__ import annotations

import functools
import keyword
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from tomodachi_schedule.compiler.sched import nodes as sn
from tomodachi_schedule.compiler.sched.entries import CheckedEntry, check_entry
from tomodachi_schedule.compiler.sched.handlers import HandlerChecker
from tomodachi_schedule.compiler.sched.settings import read_file_scope, read_service_scope
from tomodachi_schedule.errors import Diagnostic, problem

# Attributes tomodachi sets or reads on a service instance; an entry must not shadow them (nor
# the attributes of our own service base class, see `reserved_entry_names`).
TOMODACHI_ATTRIBUTES = frozenset(
    {"name", "uuid", "context", "options", "log_level", "discovery", "logger"}
    | {"message_envelope", "message_protocol"}
)
# ... and those our runtime reads (runtime/tomodachi_host.py, runtime/cluster/wiring.py)
RUNTIME_ATTRIBUTES = frozenset({"schedule_grace_period", "coordinator", "schedule_gate"})

Rule = Callable[[sn.SchedFile], Iterable[Diagnostic]]


@dataclass(frozen=True, kw_only=True)
class CheckedService:
    """A service block with its checked entries."""

    block: sn.ServiceBlock
    entries: tuple[CheckedEntry, ...]


@dataclass(frozen=True, kw_only=True)
class CheckedFile:
    """A `.sched` file with everything checking read: settings, schedules, options, handlers."""

    coordinator: sn.Setting | None
    services: tuple[CheckedService, ...]


def validate_sched(
    tree: sn.SchedFile, checker: HandlerChecker | None
) -> tuple[CheckedFile, list[Diagnostic]]:
    """The checked file and every problem found (errors and warnings); never raises.

    ``checker`` looks for handler functions (None skips that check).
    """
    problems = [diagnostic for rule in RULES for diagnostic in rule(tree)]
    file = read_file_scope(tree, problems)
    services = []
    for block in tree.services:
        scope = read_service_scope(block, file, problems)
        entries = tuple(check_entry(entry, scope, checker, problems) for entry in block.entries)
        services.append(CheckedService(block=block, entries=entries))
    return CheckedFile(coordinator=file.coordinator, services=tuple(services)), problems


def check_has_services(tree: sn.SchedFile) -> Iterator[Diagnostic]:
    """A file without services compiles to a module that runs nothing: worth a warning."""
    if not tree.services:
        yield problem(
            "the file declares no service",
            None,
            'add  service "name" { ... }  with at least one entry',
            severity="warning",
        )


def check_service_names(tree: sn.SchedFile) -> Iterator[Diagnostic]:
    """Service names: present, unique, and mapping to distinct Python class names."""
    seen: dict[str, str] = {}
    for service in tree.services:
        name = service.name.value
        class_name = service_class_name(name)
        if not name.strip():
            yield problem("a service needs a name", service.name.span)
        elif name in seen:
            yield problem(f"service {name!r} is declared twice", service.name.span)
        elif class_name in seen.values():
            yield problem(
                f"service {name!r} and another give the same class name {class_name}",
                service.name.span,
                "service names must differ in more than punctuation",
            )
        seen[name] = class_name
        if not service.entries:
            yield problem(f"service {name!r} has no entries", service.name.span, severity="warning")


def service_class_name(name: str) -> str:
    """The Python class a service becomes: ``"scheduler-example"`` -> ``SchedulerExampleService``."""
    words = re.findall(r"[A-Za-z0-9]+", name)
    stem = "".join(word[:1].upper() + word[1:] for word in words) or "Unnamed"
    stem = stem if stem[0].isalpha() else "S" + stem
    return stem if stem.endswith("Service") else stem + "Service"


def check_entry_names(tree: sn.SchedFile) -> Iterator[Diagnostic]:
    """Entry names become class attributes: unique, not keywords, not reserved, and not a name
    the class body reads from the module (an entry of that name would shadow it there)."""
    module_names = module_level_names(tree)
    for service in tree.services:
        seen: set[str] = set()
        for entry in service.entries:
            found = _entry_name_problem(entry, seen, module_names)
            if found is not None:
                yield found
            seen.add(entry.name)


def _entry_name_problem(
    entry: sn.Entry, seen: set[str], module_names: dict[str, str]
) -> Diagnostic | None:
    found = None
    if entry.name in seen:
        found = (
            f"entry {entry.name!r} is declared twice in this service",
            "entry names are unique per service",
        )
    elif keyword.iskeyword(entry.name) or keyword.issoftkeyword(entry.name):
        found = f"{entry.name!r} is a Python keyword", "choose another entry name"
    elif entry.name in module_names:
        found = (
            f"entry name {entry.name!r} would shadow {module_names[entry.name]}",
            "the generated class reads that name; choose another entry name",
        )
    elif entry.name.startswith("_") or entry.name in reserved_entry_names():
        why = (
            "names with a leading underscore are the service's own"
            if entry.name.startswith("_")
            else "an attribute tomodachi or this runtime reads from a service"
        )
        found = (
            f"entry name {entry.name!r} is reserved: {why}",
            "choose a name without a leading underscore that is not a Service attribute",
        )
    return problem(found[0], entry.name_span, found[1]) if found else None


@functools.cache
def reserved_entry_names() -> frozenset[str]:
    """Names an entry cannot take: tomodachi's service attributes and our base class's."""
    from tomodachi_schedule.runtime.generated import GeneratedService

    public = {a for a in dir(GeneratedService) if not a.startswith("_")}
    return TOMODACHI_ATTRIBUTES | RUNTIME_ATTRIBUTES | public


def module_level_names(tree: sn.SchedFile) -> dict[str, str]:
    """The module-level names a generated class body reads, each with what it is."""
    tops = {module.split(".")[0] for module in handler_modules_of(tree)}
    names = {top: f"the handler package {top!r}" for top in tops}
    names[runtime_alias(tops)] = "the module's name for the tomodachi_schedule runtime"
    return names


def handler_modules_of(tree: sn.SchedFile) -> set[str]:
    """Every module a handler of the file comes from (named, or the service's ``handlers``)."""
    modules: set[str] = set()
    for service in tree.services:
        default = next(
            (
                s.value
                for s in service.settings
                if s.keyword == "handlers" and isinstance(s.value, str)
            ),
            None,
        )
        modules |= {
            module
            for entry in service.entries
            if (module := entry.handler.module or default) is not None
        }
    return modules


def runtime_alias(handler_packages: set[str]) -> str:
    """What a generated module calls the runtime: "ts", unless a handler package has that name."""
    return "ts" if "ts" not in handler_packages else "ts_runtime"


def check_handler_forms(tree: sn.SchedFile) -> Iterator[Diagnostic]:
    """``module:function`` or a bare name with a ``handlers`` module in the service."""
    for service in tree.services:
        has_module = any(s.keyword == "handlers" for s in service.settings)
        for entry in service.entries:
            if entry.handler.module is None:  # `module:function` has its module
                found = _handler_form_problem(entry.handler, has_module)
                if found is not None:
                    yield found


def _handler_form_problem(handler: sn.HandlerRef, has_module: bool) -> Diagnostic | None:
    if handler.module is None and "." in handler.function:
        module, _, function = handler.function.rpartition(".")
        return problem(
            f"handler {handler.function!r} needs a colon before the function name",
            handler.span,
            f"write  {module}:{function}",
        )
    if handler.module is None and not has_module:
        return problem(
            f"handler {handler.function!r} has no module",
            handler.span,
            f"write  package.module:{handler.function}  or add  handlers package.module  to the service",
        )
    return None


def check_python_names(tree: sn.SchedFile) -> Iterator[Diagnostic]:
    """Module paths and function names end up in ``import`` statements: no Python keywords."""
    clean_modules: set[str] = set()  # modules without a keyword part: each split once
    for service in tree.services:
        for setting in service.settings:
            if setting.keyword == "handlers" and isinstance(setting.value, str):
                yield from _keyword_parts(setting.value, setting.value_span)
        for entry in service.entries:
            handler = entry.handler
            module = handler.module or ""
            if module not in clean_modules:
                if _keywords_in(module):  # the first keyword is the module's
                    yield from _keyword_parts(f"{module}.{handler.function}", handler.span)
                    continue
                clean_modules.add(module)
            if _keywords_in(handler.function):
                yield from _keyword_parts(handler.function, handler.span)


def _keywords_in(dotted: str) -> list[str]:
    return [part for part in dotted.split(".") if keyword.iskeyword(part)]


def _keyword_parts(dotted: str, span) -> Iterator[Diagnostic]:
    keywords = _keywords_in(dotted)
    if keywords:
        yield problem(
            f"{keywords[0]!r} is a Python keyword: it cannot name a module or function",
            span,
            "Python could not import it; rename the module or function",
        )


RULES: list[Rule] = [
    check_has_services,
    check_service_names,
    check_entry_names,
    check_handler_forms,
    check_python_names,
]
