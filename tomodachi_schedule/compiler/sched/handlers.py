"""Check handler references without running user code: find the module's file, read it with `ast`."""

from __future__ import annotations

import ast
import gc
import importlib.util
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from importlib.machinery import PathFinder, SourceFileLoader
from pathlib import Path

from tomodachi_schedule.errors import did_you_mean

# What a lookup can conclude: the module is missing, its top-level names are known, or it exists
# but cannot be read statically (an extension module, a namespace package, a syntax error).
MISSING, KNOWN, OPAQUE = "missing", "known", "opaque"


@dataclass(frozen=True, kw_only=True)
class ModuleFacts:
    """What reading a module's source told us about it."""

    status: str
    path: str | None = None
    names: frozenset[str] = frozenset()
    # `from x import *` or a module `__getattr__`: a name we did not see may still exist
    open_ended: bool = False
    reason: str = ""


@dataclass(frozen=True, kw_only=True)
class HandlerVerdict:
    """The outcome of checking one ``module:function``: ok, or an error/warning message and hint."""

    severity: str | None  # None when the handler was found
    message: str = ""
    hint: str | None = None


FOUND = HandlerVerdict(severity=None)  # immutable: one for every handler found


class HandlerChecker:
    """Looks handler modules up along a search path, caching each module's facts."""

    def __init__(self, search_path: Sequence[str]) -> None:
        self.search_path = [str(p) for p in search_path]
        self._facts: dict[str, ModuleFacts] = {}

    def check(self, module: str, function: str) -> HandlerVerdict:
        """Is ``function`` defined at the top level of ``module``?"""
        facts = self.facts(module)
        if facts.status == MISSING:
            return HandlerVerdict(
                severity="error",
                message=f"handler module {module!r} not found",
                hint="it must be importable from the .sched file's directory or the Python path",
            )
        if facts.status == OPAQUE:
            return HandlerVerdict(
                severity="warning",
                message=f"cannot check that {module}:{function} exists ({facts.reason})",
            )
        if function in facts.names:
            return FOUND
        return self._unknown_function(module, function, facts)

    def facts(self, module: str) -> ModuleFacts:
        """The cached facts about ``module``."""
        if module not in self._facts:
            self._facts[module] = read_module_facts(module, self.search_path)
        return self._facts[module]

    def _unknown_function(self, module: str, function: str, facts: ModuleFacts) -> HandlerVerdict:
        if facts.open_ended:
            return HandlerVerdict(
                severity="warning",
                message=f"cannot see {function!r} in {module!r} (it uses import * or __getattr__)",
            )
        return HandlerVerdict(
            severity="error",
            message=f"module {module!r} defines no {function!r}",
            hint=_did_you_mean(function, facts.names)
            or f"define it in {Path(facts.path or module).name}",
        )


def _did_you_mean(name: str, candidates: frozenset[str]) -> str | None:
    public = sorted(c for c in candidates if not c.startswith("_"))
    close = did_you_mean(name, public)
    return f"did you mean {close!r}?" if close else None


def read_module_facts(module: str, search_path: Sequence[str]) -> ModuleFacts:
    """Find ``module`` along ``search_path`` (no imports, no code run) and read its names."""
    if module.split(".")[0] in sys.builtin_module_names:
        return ModuleFacts(status=OPAQUE, reason="it is built into Python")
    spec = None
    path: Sequence[str] | None = search_path
    parts = module.split(".")
    for depth in range(1, len(parts) + 1):
        name = ".".join(parts[:depth])
        spec = PathFinder.find_spec(name, path) or (_installed_spec(name) if depth == 1 else None)
        if spec is None:
            return ModuleFacts(status=MISSING)
        path = spec.submodule_search_locations
        if depth < len(parts) and path is None:
            return ModuleFacts(status=MISSING)  # a plain module has no submodules
    return _facts_from_spec(spec)


def _installed_spec(name: str):
    """A top-level module found by other finders (editable installs); finding runs no module code."""
    try:
        return importlib.util.find_spec(name)
    except (ImportError, ValueError):
        return None


def _facts_from_spec(spec) -> ModuleFacts:
    if not isinstance(spec.loader, SourceFileLoader) or not spec.origin:
        return ModuleFacts(status=OPAQUE, reason="its source is not a Python file")
    try:
        names, open_ended = _read_names(Path(spec.origin).read_bytes(), spec.origin)
    except SyntaxError as error:
        return ModuleFacts(status=OPAQUE, reason=f"{spec.origin}:{error.lineno} has a syntax error")
    except OSError as error:
        return ModuleFacts(status=OPAQUE, reason=f"cannot read {spec.origin}: {error.strerror}")
    return ModuleFacts(
        status=KNOWN, path=spec.origin, names=frozenset(names), open_ended=open_ended
    )


def _read_names(source: bytes, origin: str) -> tuple[set[str], bool]:
    """`top_level_names` of a module's source, its syntax tree parsed with the cyclic collector
    paused: the tree has no cycles (no node refers back to its parent) and is freed when this
    returns, yet a module of 10,000 handlers makes ~150,000 nodes, and the collector walked them
    (and everything else young) a dozen times over: 15 % of parsing it."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        return top_level_names(ast.parse(source, filename=origin).body)
    finally:
        if collecting:
            gc.enable()


# the classes `ast.parse` makes for definitions, whose bodies bind nothing at the top level
_DEFINITIONS = frozenset({ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef})


def top_level_names(body: list[ast.stmt]) -> tuple[set[str], bool]:
    """Names a module body binds (descending into if/try/with blocks), and whether it is open-ended."""
    names: set[str] = set()
    open_ended = False
    for statement in body:
        if type(statement) in _DEFINITIONS:  # most statements of a handler module: at once
            names.add(statement.name)  # type: ignore[attr-defined]
            open_ended |= statement.name == "__getattr__"  # type: ignore[attr-defined]
            continue
        if isinstance(statement, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.add(statement.name)
            open_ended |= statement.name == "__getattr__"
        elif isinstance(statement, (ast.Import, ast.ImportFrom)):
            open_ended |= any(alias.name == "*" for alias in statement.names)
            names.update(_imported_names(statement))
        elif isinstance(statement, (ast.Assign, ast.AnnAssign, ast.AugAssign)):
            names.update(_assigned_names(statement))
        for block in _nested_blocks(statement):
            inner, inner_open = top_level_names(block)
            names |= inner
            open_ended |= inner_open
    return names, open_ended


def _imported_names(statement: ast.Import | ast.ImportFrom) -> set[str]:
    return {(alias.asname or alias.name).split(".")[0] for alias in statement.names}


def _assigned_names(statement: ast.Assign | ast.AnnAssign | ast.AugAssign) -> set[str]:
    targets = statement.targets if isinstance(statement, ast.Assign) else [statement.target]
    return {
        node.id for target in targets for node in ast.walk(target) if isinstance(node, ast.Name)
    }


def _nested_blocks(statement: ast.stmt) -> list[list[ast.stmt]]:
    if isinstance(statement, ast.If):
        return [statement.body, statement.orelse]
    if isinstance(statement, ast.Try):
        return [statement.body, statement.orelse, statement.finalbody] + [
            handler.body for handler in statement.handlers
        ]
    if isinstance(statement, ast.With):
        return [statement.body]
    return []
