"""Running services from a command line: ``python -m tomodachi_schedule run FILE...`` and
``python generated.py`` take the same options and run the same way.

Service files are imported and their service classes found here, with one-line errors.
"""

from __future__ import annotations

import importlib.util
import os
import sys
import traceback
from collections.abc import Sequence
from pathlib import Path
from types import ModuleType
from typing import Any

from tomodachi_schedule.errors import ScheduleError
from tomodachi_schedule.runtime.arguments import files_parser, generated_parser, quick_options
from tomodachi_schedule.runtime.service import Service, has_schedules
from tomodachi_schedule.runtime.tomodachi_host import is_tomodachi_service


def run_files(argv: list[str]) -> int:
    """Run the services defined in FILE(s) until SIGINT/SIGTERM/SIGHUP."""
    args = quick_options(argv, files=True) or files_parser().parse_args(argv)
    from tomodachi_schedule.runtime.runner import configure_logging

    configure_logging(args.log_level, args.log_format, args.quiet)
    try:
        classes = load_services(args.files)
    except LoadError as error:
        print(error, file=sys.stderr)
        return 1
    return serve(classes, args)


def run_generated(*classes: type, argv: Sequence[str] | None = None) -> None:
    """``python generated.py [options]``: run the module's services, exit with their status;
    the options are those of ``python -m tomodachi_schedule run``, anything else is refused."""
    words = sys.argv[1:] if argv is None else argv
    args: Any = quick_options(words, files=False)
    if args is None:
        prog = os.path.basename(sys.argv[0]) or "generated.py"
        args = generated_parser(prog).parse_args(argv)
    sys.exit(serve(list(classes), args))


def serve(classes: list[type], args: Any) -> int:
    """List the schedules, or run the services until a signal; the exit status."""
    from tomodachi_schedule.runtime.runner import exit_now, run_classes

    if args.metrics_port is not None and not 0 <= args.metrics_port <= 65535:
        print("error: --metrics-port must be 0..65535", file=sys.stderr)
        return 1
    if args.list:
        return _list(classes)
    metrics = _metrics(args.metrics_port, args.metrics_address)
    if metrics is None and args.metrics_port is not None:
        return 1
    settings = {"log_level": args.log_level, "log_format": args.log_format, "quiet": args.quiet}
    exit_now(run_classes(classes, grace=args.grace, metrics=metrics, **settings))
    return 0  # not reached: exit_now exits


def _list(classes: list[type]) -> int:
    """``--list``: the schedule table on standard output; no hook runs, nothing fires."""
    from datetime import datetime, timezone

    from tomodachi_schedule.runtime.observe.table import coordinators, schedule_rows, table_text
    from tomodachi_schedule.runtime.service import build_jobs

    try:
        instances = [cls() for cls in classes]
        jobs = [job for instance in instances for job in build_jobs(instance)]
    except Exception as error:  # noqa: BLE001 - one line, as for a file that cannot load
        print(
            f"error: cannot create the services: {type(error).__name__}: {error}", file=sys.stderr
        )
        return 1
    print(table_text(schedule_rows(jobs, datetime.now(timezone.utc))))
    for store in coordinators(instances, jobs):
        print(f"coordinator for exclusive schedules: {store}")
    return 0


def _metrics(port: int | None, address: str) -> Any:
    """The metrics sink serving on ``port``, or None (not asked for, or it cannot start)."""
    if port is None:
        return None
    try:
        from tomodachi_schedule.runtime.observe.metrics import Metrics
    except ImportError as error:
        print(f"error: {error}", file=sys.stderr)
        return None
    metrics = Metrics()
    try:
        bound = metrics.serve(port, address)
    except OSError as error:
        print(f"error: cannot serve metrics on {address}:{port}: {error.strerror}", file=sys.stderr)
        return None
    # a log line, so a supervisor (or a test) given port 0 learns the port
    import logging

    logging.getLogger("tomodachi_schedule").info(
        "serving metrics on http://%s:%d/metrics", address, bound
    )
    return metrics


class LoadError(Exception):
    """A service file cannot be run; the message is what the user should read."""


def load_services(paths: list[str]) -> list[type]:
    """The service classes defined in the files, in file order."""
    classes: list[type] = []
    for path in paths:
        module = import_file(path)
        found = service_classes(module)
        if not found:
            raise LoadError(
                f"{path}: no service found (define a class that subclasses "
                "tomodachi_schedule.Service and has scheduled methods or lifecycle hooks)"
            )
        classes.extend(found)
    return classes


def import_file(path: str) -> ModuleType:
    """Import ``path`` as a module named after the file, its folder first on ``sys.path``."""
    file = Path(path)
    if not file.is_file():
        raise LoadError(f"{path}: no such file")
    file = file.resolve()
    sys.path.insert(0, str(file.parent))
    name = file.stem if file.stem not in sys.modules else f"_service_{abs(hash(file))}"
    spec = importlib.util.spec_from_file_location(name, file)
    if spec is None or spec.loader is None:
        raise LoadError(f"{path}: not a Python file")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    try:
        spec.loader.exec_module(module)
    except SyntaxError as error:
        raise LoadError(
            f"{error.filename}:{error.lineno}:{error.offset}: error: {error.msg}"
        ) from None
    except Exception as error:
        raise LoadError(_import_failure(error, file, path)) from None
    return module


def _import_failure(error: Exception, file: Path, path: str) -> str:
    """The one-line (or rendered) message for a service file that raised while importing."""
    if isinstance(error, ScheduleError):
        return f"{_where(error, file)}invalid schedule\n{error.render()}"
    return f"{_where(error, file)}error: cannot import {path}: {type(error).__name__}: {error}"


def service_classes(module: ModuleType) -> list[type]:
    """Classes defined in ``module`` that are services, minus those only used as base classes."""
    found = [
        value
        for value in vars(module).values()
        if isinstance(value, type) and value.__module__ == module.__name__ and _is_service(value)
    ]
    return [cls for cls in found if not any(o is not cls and issubclass(o, cls) for o in found)]


def _is_service(cls: type) -> bool:
    if issubclass(cls, Service):
        return cls is not Service
    return is_tomodachi_service(cls) and has_schedules(cls)


def _where(error: BaseException, file: Path) -> str:
    """``file:line: `` of the deepest frame in the service file (where the decorator was)."""
    frames = [f for f in traceback.extract_tb(error.__traceback__) if Path(f.filename) == file]
    return f"{frames[-1].filename}:{frames[-1].lineno}: " if frames else ""
