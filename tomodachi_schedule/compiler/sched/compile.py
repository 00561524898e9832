"""The `.sched` compiler façade: parse, validate, lower, generate, format — in that order."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass

from tomodachi_schedule.compiler.sched.codegen import generate_module
from tomodachi_schedule.compiler.sched.format import format_python
from tomodachi_schedule.compiler.sched.handlers import HandlerChecker
from tomodachi_schedule.compiler.sched.lower import CompiledFile, lower_sched
from tomodachi_schedule.compiler.sched.parse import parse_sched
from tomodachi_schedule.compiler.sched.validate import validate_sched
from tomodachi_schedule.errors import Diagnostic, ScheduleError, Span, problem, schedule_error


@dataclass(frozen=True, kw_only=True)
class Compilation:
    """A successfully compiled `.sched` file, with the warnings found on the way."""

    compiled: CompiledFile
    source_sha256: str
    warnings: tuple[Diagnostic, ...] = ()


def compile_sched(
    source: str,
    *,
    source_name: str = "<sched>",
    display_name: str | None = None,
    search_path: Sequence[str] | None = None,
) -> Compilation:
    """Compile `.sched` text; raise one ScheduleError listing every problem found.

    ``source_name`` names the file in diagnostics, ``display_name`` in the generated module (a path
    relative to the output, so it is the same on every machine). ``search_path`` is where handler
    modules are looked for (no code runs); None skips the handler check.
    """
    _refuse_unsafe_name(display_name or source_name)
    tree, diagnostics = parse_sched(source)
    diagnostics += unsafe_characters(source)
    syntax_failed = bool(diagnostics)
    if tree is not None:
        checker = HandlerChecker(search_path) if search_path is not None else None
        checked, problems = validate_sched(tree, checker)
        diagnostics += problems
    diagnostics.sort(key=lambda d: d.span.start if d.span else -1)
    errors = tuple(d for d in diagnostics if d.severity == "error")
    # after a syntax error, warnings about what was left out (an "empty" service) are noise
    warnings = () if syntax_failed else tuple(d for d in diagnostics if d.severity != "error")
    if errors or tree is None:
        raise ScheduleError(errors, source=source, source_name=source_name, warnings=warnings)
    compiled = lower_sched(checked, source, display_name or source_name)
    return Compilation(compiled=compiled, source_sha256=source_sha256(source), warnings=warnings)


# Control characters (tab and line ends aside) and lone surrogates: no name, spec or setting
# needs one, and each could break the generated module or the way an error is shown.
UNSAFE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]|\r(?!\n)")


def unsafe_characters(source: str) -> list[Diagnostic]:
    """One error per control character or lone surrogate in the source."""
    if _printable_lines(source):
        return []  # every `UNSAFE` character is unprintable: none here
    return [
        problem(
            f"the file contains a control character ({match.group()!r})",
            Span(start=match.start(), end=match.end()),
            "remove it: names, specs and settings are plain text on one line",
        )
        for match in UNSAFE.finditer(source)
    ]


# The bytes of printable ASCII, tab and line feed: a text of only these has no `UNSAFE` character.
_PLAIN_ASCII = bytes(range(0x20, 0x7F)) + b"\t\n"


def _printable_lines(source: str) -> bool:
    """No character but printable ones, tabs and line feeds (then no `UNSAFE` one): for ASCII
    text by deleting those bytes (a C loop; `isprintable` costs ~150 instructions a character)."""
    if source.isascii():
        return not source.encode().translate(None, _PLAIN_ASCII)
    return source.replace("\n", "").replace("\t", "").isprintable()


def _refuse_unsafe_name(name: str) -> None:
    match = UNSAFE.search(name)
    if match:
        raise schedule_error(
            f"the file name {name!r} contains a control character ({match.group()!r})",
            hint="rename the file",
            source_name=repr(name)[1:-1],
        )


def source_sha256(source: str) -> str:
    """The hash recorded in a generated module's header."""
    return hashlib.sha256(source.encode("utf-8")).hexdigest()


def generate_python(compilation: Compilation) -> str:
    """The module for a compilation in black's style (byte-for-byte deterministic)."""
    from tomodachi_schedule import __version__

    generated = generate_module(
        compilation.compiled,
        version=__version__,
        source_sha256=compilation.source_sha256,
    )
    # The generator lays entries out as black would; black runs only for what it could not.
    return generated.text if generated.laid_out else format_python(generated.text)
