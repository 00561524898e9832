"""`ScheduledMethod`: what a schedule decorator returns — the handler, its specs and the
arguments it takes, in one slotted object.

Not a wrapper function: a function with a ``__dict__`` for its attributes costs ~450 bytes per
schedule, this ~60. In a class it is a descriptor that hands out the handler itself (bound to the
instance, as a plain method would be), and it gives its class the one invoker function through
which tomodachi's start call reaches our scheduler (`tomodachi_host.start_invoker`).
"""

from __future__ import annotations

from collections.abc import Callable
from types import MethodType
from typing import TYPE_CHECKING, Any

from tomodachi_schedule.runtime.tomodachi_host import START_INVOKER_NAME, start_invoker

if TYPE_CHECKING:
    from tomodachi_schedule.runtime.options import JobSpec

SPECS_ATTRIBUTE = "__tomodachi_schedule__"
FLAGS_ATTRIBUTE = "__tomodachi_schedule_arguments__"  # ``supplied_flags`` of the handler


class ScheduledMethod:
    """A scheduled handler: ``__wrapped__`` is the function, ``specs`` its `JobSpec`s (decorators
    stack), ``flags`` the tomodachi arguments it takes (`handlers.supplied_flags`)."""

    # `_specs`: the one JobSpec of almost every method, kept without a tuple around it
    __slots__ = ("__wrapped__", "_specs", "flags")

    def __init__(self, func: Callable, spec: JobSpec, flags: int) -> None:
        self.__wrapped__ = func
        self._specs: JobSpec | tuple[JobSpec, ...] = spec
        self.flags = flags

    @property
    def specs(self) -> tuple[JobSpec, ...]:
        specs = self._specs
        return specs if type(specs) is tuple else (specs,)  # type: ignore[return-value]

    def add(self, spec: JobSpec) -> None:
        """One more schedule for the handler (stacked decorators)."""
        self._specs = (*self.specs, spec)

    def __set_name__(self, owner: type, name: str) -> None:
        if not hasattr(owner, START_INVOKER_NAME):
            setattr(owner, START_INVOKER_NAME, start_invoker)

    def __get__(self, instance: object, owner: type | None = None) -> Any:
        # on the class: this object (its specs are what services and tools read); on an
        # instance: the handler bound to it, exactly what the undecorated method would give
        return self if instance is None else MethodType(self.__wrapped__, instance)

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        return self.__wrapped__(*args, **kwargs)

    def __getattr__(self, name: str) -> Any:
        # the handler's own attributes (`__name__`, `__qualname__`, `__code__`, ...): what
        # `functools.wraps` copies and `inspect` reads
        return getattr(self.__wrapped__, name)

    @property
    def __dict__(self) -> dict[str, Any]:  # type: ignore[override]
        # `functools.wraps` around this object copies it: an outer decorator stays scheduled
        return {SPECS_ATTRIBUTE: self.specs, FLAGS_ATTRIBUTE: self.flags}

    def __repr__(self) -> str:
        return f"<scheduled {self.__qualname__} ({len(self.specs)} schedule(s))>"


def _attribute_property(name: str) -> property:
    return property(lambda self: getattr(self, name), doc=f"``{name}`` under its old name")


def _handler_property(name: str) -> property:
    return property(lambda self: getattr(self.__wrapped__, name, None))


# every class has a `__doc__` of its own, so `__getattr__` never sees it: the handler's
ScheduledMethod.__doc__ = _handler_property("__doc__")  # type: ignore[assignment]
setattr(ScheduledMethod, SPECS_ATTRIBUTE, _attribute_property("specs"))
setattr(ScheduledMethod, FLAGS_ATTRIBUTE, _attribute_property("flags"))
