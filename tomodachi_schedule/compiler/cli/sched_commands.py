"""``tomodachi-compile FILE.sched`` and ``tomodachi-compile check FILE...``: the `.sched` commands."""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from tomodachi_schedule.compiler.cli.collector import collector_paused
from tomodachi_schedule.compiler.cli.registry import CommandError, report
from tomodachi_schedule.compiler.sched.codegen import HEADER_MARK, handler_modules
from tomodachi_schedule.compiler.sched.compile import (
    Compilation,
    compile_sched,
    generate_python,
)
from tomodachi_schedule.errors import ScheduleError, render_diagnostic

STDOUT = "-"


@dataclass(frozen=True, kw_only=True)
class Target:
    """Where the generated module goes, and how it names its source there."""

    output: Path | None  # None: standard output
    display_name: str


def compile_parser(prog: str = "tomodachi-compile") -> argparse.ArgumentParser:
    """Arguments of ``tomodachi-compile FILE.sched``."""
    parser = argparse.ArgumentParser(
        prog=prog,
        description="Compile .sched files to Python modules (FILE.py beside each by default).",
    )
    parser.add_argument("files", nargs="+", metavar="FILE", help=".sched files")
    parser.add_argument("-o", "--output", help="where to write the module; - for standard output")
    parser.add_argument(
        "--check",
        action="store_true",
        help="check instead of writing: validate, and exit 1 when the existing output is missing "
        "or out of date (the check command without the output comparison: for CI)",
    )
    parser.add_argument(
        "--no-handler-check",
        action="store_true",
        help="do not look for the handler modules (when they are not importable here)",
    )
    return parser


def check_parser(prog: str = "tomodachi-compile check") -> argparse.ArgumentParser:
    """Arguments of ``tomodachi-compile check FILE...``."""
    parser = argparse.ArgumentParser(
        prog=prog,
        description="Check .sched files: validate them, write nothing, exit 1 on any problem "
        "(compile --check also compares the generated modules).",
    )
    parser.add_argument("files", nargs="+", help=".sched files")
    parser.add_argument("--no-handler-check", action="store_true", help="skip handler lookup")
    return parser


def run_compile(argv: list[str]) -> int:
    """``tomodachi-compile FILE.sched... [-o PATH] [--check]``; returns the exit status."""
    parser = compile_parser()
    args = parser.parse_args(argv)
    if args.output and len(args.files) > 1:
        parser.error("-o names one output: give one FILE with it")
    with collector_paused():
        statuses = [compile_one(Path(name), args) for name in args.files]
    return max(statuses)


def compile_one(source_path: Path, args: argparse.Namespace) -> int:
    """Compile (or ``--check``) one file; 1 on any problem, reported on standard error."""
    try:
        target = plan_target(source_path, args.output)
        compilation = compile_file(source_path, target, handler_check=not args.no_handler_check)
        module = generate_python(compilation)
        if args.check:
            return check_up_to_date(source_path, target, module)
        write_module(target, module)
    except ScheduleError as error:
        _print_error(error)
        return 1
    except CommandError as error:
        report(error)
        return 1
    return 0


def run_check(argv: list[str]) -> int:
    """``tomodachi-compile check FILE...``: every file validated, every problem reported."""
    args = check_parser().parse_args(argv)
    failed = 0
    with collector_paused():
        for name in args.files:
            path = Path(name)
            try:
                # planned as if compiling beside it: the same handler lookup, the same refusals
                target = plan_target(path, None)
                compile_file(path, target, handler_check=not args.no_handler_check)
                print(f"{name}: ok")
            except ScheduleError as error:
                _print_error(error)
                failed += 1
            except CommandError as error:
                report(error)
                failed += 1
    return 1 if failed else 0


def plan_target(source_path: Path, output: str | None) -> Target:
    """The output path (default: the source with ``.py``) and the source's name as seen from it."""
    _refuse_unsafe_name(str(source_path))
    if output == STDOUT:
        return Target(output=None, display_name=_relative(source_path, Path.cwd()))
    path = Path(output) if output else source_path.with_suffix(".py")
    _refuse_unsafe_name(str(path))
    if path.resolve() == source_path.resolve():
        raise CommandError(f"the output {path} would overwrite the source; use -o")
    _refuse_module_name(path)
    return Target(output=path, display_name=_relative(source_path, path.resolve().parent))


def _refuse_unsafe_name(name: str) -> None:
    """File names reach the generated module (its header and docstring) and messages: no control
    characters, and text that can be written as UTF-8."""
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        shown = name.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
        raise CommandError(f"the file name {shown!r} is not valid UTF-8; rename the file") from None
    if any(char < " " or char == "\x7f" for char in name):
        raise CommandError(f"the file name {name!r} contains a control character; rename the file")


# Modules a generated module's runners import by name: an output named like one would be found
# in their place (the output's folder comes first on sys.path) and the module could not run.
RUNTIME_PACKAGES = ("tomodachi_schedule", "tomodachi")


def _refuse_module_name(path: Path) -> None:
    stem = path.stem
    if stem in RUNTIME_PACKAGES:
        what = f"the package {stem!r}"
    elif stem in sys.stdlib_module_names:
        what = f"the standard library module {stem!r}"
    else:
        return
    raise CommandError(
        f"the output {path} would be imported instead of {what}, so it could not run; "
        "choose another name with -o (e.g. schedules.py)"
    )


def _relative(path: Path, start: Path) -> str:
    # relative and with forward slashes: the same text on every machine and OS
    return Path(os.path.relpath(path.resolve(), start.resolve())).as_posix()


def compile_file(source_path: Path, target: Target, *, handler_check: bool) -> Compilation:
    """Read and compile ``source_path``; warnings go to standard error."""
    source = _read(source_path)
    search_path = _search_path(source_path, target) if handler_check else None
    compilation = compile_sched(
        source,
        source_name=str(source_path),
        display_name=target.display_name,
        search_path=search_path,
    )
    for warning in compilation.warnings:
        print(render_diagnostic(warning, source, str(source_path)), file=sys.stderr)
    _refuse_shadowing(target, compilation)
    return compilation


def _refuse_shadowing(target: Target, compilation: Compilation) -> None:
    # A module named like a handler package would be found instead of the package when the
    # runners import it by its file name: `shop.py` beside `shop/jobs.py` breaks `import shop.jobs`.
    if target.output is None:
        return
    packages = {m.split(".")[0] for m in handler_modules(compilation.compiled)}
    if target.output.stem in packages:
        raise CommandError(
            f"the output {target.output} would shadow the handler package {target.output.stem!r}; "
            "choose another name with -o (e.g. schedules.py)"
        )


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8-sig")  # an editor's byte-order mark is not text
    except UnicodeDecodeError:
        raise CommandError(f"{path} is not UTF-8 text") from None
    except OSError as error:
        raise CommandError(f"cannot read {path}: {error.strerror}") from None


def _search_path(source_path: Path, target: Target) -> list[str]:
    # where the runners will find handler modules: beside the source and the module, the working
    # directory (`tomodachi run` imports from there), then the installed packages
    first = [source_path.resolve().parent]
    if target.output is not None:
        first.append(target.output.resolve().parent)
    first.append(Path.cwd())
    rest = [os.getcwd() if entry == "" else entry for entry in sys.path]
    return list(dict.fromkeys([str(p) for p in first] + rest))


def check_up_to_date(source_path: Path, target: Target, module: str) -> int:
    """``--check``: 0 when the existing output equals what compiling now gives, else 1."""
    if target.output is None:
        raise CommandError("--check compares with an output file; do not combine it with -o -")
    existing = _read(target.output) if target.output.exists() else None
    if existing == module:
        return 0
    if existing is None:
        state = "is missing"
    elif not existing.startswith(HEADER_MARK):
        state = "was not generated by tomodachi-compile"
    else:
        state = "is out of date"
    rerun = f"tomodachi-compile {source_path}"
    if target.output != source_path.with_suffix(".py"):
        rerun += f" -o {target.output}"
    print(
        f"tomodachi-compile: {target.output} {state}; run: {rerun}",
        file=sys.stderr,
    )
    return 1


def write_module(target: Target, module: str) -> None:
    """Write the module (atomically, and only when it changed); refuse to clobber other files."""
    if target.output is None:
        sys.stdout.write(module)
        return
    path = target.output
    if path.exists():
        existing = _read(path)
        if not existing.startswith(HEADER_MARK):
            raise CommandError(
                f"refusing to overwrite {path}: it was not generated by tomodachi-compile "
                "(move it away or choose another output with -o)"
            )
        if existing == module:
            return
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        _replace_atomically(path, module)
    except OSError as error:
        raise CommandError(f"cannot write {path}: {error.strerror or error}") from None


def _replace_atomically(path: Path, module: str) -> None:
    """Write a new temporary file beside ``path`` (created exclusively: a link planted there is
    never followed), then rename it over ``path``; on any error it is removed."""
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as file:
            file.write(module)
        os.chmod(temporary, 0o666 & ~_umask())  # mkstemp's 0600 would make the module private
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _print_error(error: ScheduleError) -> None:
    for warning in error.warnings:
        print(render_diagnostic(warning, error.source, error.source_name), file=sys.stderr)
    print(error.render(), file=sys.stderr)
    count = len(error.diagnostics)
    print(
        f"{count} error{'s' if count != 1 else ''} in {error.source_name}",
        file=sys.stderr,
    )
