"""Importing service files and finding their service classes, with one-line errors."""

from __future__ import annotations

import importlib.util
import sys
import traceback
from pathlib import Path
from types import ModuleType

from tomodachi_schedule.errors import ScheduleError
from tomodachi_schedule.runtime.service import Service, has_schedules
from tomodachi_schedule.runtime.tomodachi_host import is_tomodachi_service


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
