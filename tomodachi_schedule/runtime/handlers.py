"""Calling a scheduled function: what kind of function it is, which arguments it takes, and
plain ``def``s off the loop.

Importing this module loads neither asyncio nor a thread pool: declaring a service stays cheap,
and both come in with the first plain ``def`` run. Nor does it load `inspect` (~6 ms at start-up,
paid by every process declaring a service): its coroutine and awaitable checks are answered here
for the plain functions and coroutines they almost always see.
"""

from __future__ import annotations

import threading
from collections.abc import Awaitable, Callable
from types import CoroutineType, FunctionType, GeneratorType
from typing import TYPE_CHECKING, Any, TypeGuard

from tomodachi_schedule.errors import ScheduleError, schedule_error

if TYPE_CHECKING:
    import concurrent.futures

    from tomodachi_schedule.runtime.jobs import Fire

CO_VARARGS, CO_VARKEYWORDS = 0x04, 0x08  # inspect.CO_*: code object flags
CO_COROUTINE, CO_ITERABLE_COROUTINE = 0x80, 0x100
CO_GENERATOR, CO_ASYNC_GENERATOR = 0x20, 0x200
SUPPLIED = ("invocation_time", "interval")
TAKES_INVOCATION_TIME = 1  # bits of ``supplied_flags``
TAKES_INTERVAL = 2
# parameter kinds, named as `inspect.Parameter.kind.name`
_ACCEPTING = ("POSITIONAL_OR_KEYWORD", "KEYWORD_ONLY")
_POSITIONAL_ONLY, _VAR_POSITIONAL, _VAR_KEYWORD = "POSITIONAL_ONLY", "VAR_POSITIONAL", "VAR_KEYWORD"
_THREAD_PREFIX = "tomodachi-schedule"
MAX_THREADS = 32  # plain ``def`` handlers running at once; more wait for a free thread
# kinds of handler call (`HandlerCall.kind`): a plain def, or an async def not yet checked,
# known to suspend, or known to end in its first step
IN_THREAD, COROUTINE, SUSPENDING, ONE_STEP = range(4)

_executor: concurrent.futures.ThreadPoolExecutor | None = None
_busy_threads = 0
_busy_lock = threading.Lock()


def supplied_arguments(func: Callable, *, method: bool = True) -> tuple[str, ...]:
    """The tomodachi arguments ``func`` takes (after ``self`` when a ``method``); anything else
    it needs is an error.

    Arguments are always passed by keyword, so a handler may declare them in any position.
    """
    parameters = _parameters(func)[1 if method else 0 :]
    if any(kind is _VAR_KEYWORD for _, kind, _ in parameters):
        return SUPPLIED
    wanted = []
    for name, kind, required in parameters:
        if name in SUPPLIED and kind in _ACCEPTING:
            wanted.append(name)
        elif required and kind in (*_ACCEPTING, _POSITIONAL_ONLY):
            raise _unsupplied(func, name)
    return tuple(wanted)


def _parameters(func: Callable) -> list[tuple[str, object, bool]]:
    """``(name, kind, required)`` per parameter. A plain function is read from its code object:
    ``inspect.signature`` costs more and leaves an ``__annotations__`` dict on every handler.
    Anything else (a partial, a callable, a wrapper naming ``__wrapped__``) goes through it."""
    plain = isinstance(func, FunctionType) and not (
        hasattr(func, "__signature__") or hasattr(func, "__wrapped__")
    )
    if plain:
        return _code_parameters(func)
    import inspect

    return [
        (p.name, p.kind.name, p.default is inspect.Parameter.empty)
        for p in inspect.signature(func).parameters.values()
    ]


def _code_parameters(func: Any) -> list[tuple[str, object, bool]]:
    code = func.__code__
    positional, names = code.co_argcount, code.co_varnames
    first_default = positional - len(func.__defaults__ or ())
    parameters: list[tuple[str, object, bool]] = [
        (
            names[i],
            _POSITIONAL_ONLY if i < code.co_posonlyargcount else _ACCEPTING[0],
            i < first_default,
        )
        for i in range(positional)
    ]
    after = positional + code.co_kwonlyargcount  # varnames: positional, keyword-only, *a, **k
    if code.co_flags & CO_VARARGS:
        parameters.append((names[after], _VAR_POSITIONAL, False))
    keyword_defaults = func.__kwdefaults__ or {}
    parameters += [
        (name, _ACCEPTING[1], name not in keyword_defaults) for name in names[positional:after]
    ]
    if code.co_flags & CO_VARKEYWORDS:
        parameters.append((names[after + bool(code.co_flags & CO_VARARGS)], _VAR_KEYWORD, False))
    return parameters


def supplied_flags(func: Callable, *, method: bool = True) -> int:
    """``supplied_arguments`` as bits (``TAKES_INVOCATION_TIME | TAKES_INTERVAL``): an int is all
    a decorated function keeps, not its signature."""
    if type(func) is FunctionType and _takes_nothing(func, method):
        return 0
    wanted = supplied_arguments(func, method=method)
    return ("invocation_time" in wanted) * TAKES_INVOCATION_TIME + (
        "interval" in wanted
    ) * TAKES_INTERVAL


def _takes_nothing(func: Any, method: bool) -> bool:
    """True for a plain function without parameters (besides ``self`` when a ``method``): what
    most handlers are, answered without building `supplied_arguments`'s list (a generated
    module asks ten thousand times). A ``__signature__`` or ``__wrapped__`` is left to it."""
    code = func.__code__
    return (
        code.co_argcount <= method
        and not code.co_kwonlyargcount
        and not code.co_flags & (CO_VARARGS | CO_VARKEYWORDS)
        and not (hasattr(func, "__signature__") or hasattr(func, "__wrapped__"))
    )


class HandlerCall:
    """A function from a fire to an awaitable run of ``func`` bound to ``instance``.

    A slotted object rather than a closure: one per job, so it is kept small.
    """

    __slots__ = ("func", "instance", "interval", "flags", "kind")

    def __init__(self, func: Callable, instance: object, interval: object, flags: int) -> None:
        self.func = func
        self.instance = instance
        self.interval = interval
        self.flags = flags
        # one slot for what kind of call it is: the one-step check waits for a prepared fire
        self.kind = COROUTINE if is_coroutine_function(func) else IN_THREAD

    def one_step(self) -> bool:
        """Whether every run ends in its first step (an ``async def`` that never suspends)."""
        if self.kind == COROUTINE:
            self.kind = ONE_STEP if never_suspends(self.func) else SUSPENDING
        return self.kind == ONE_STEP

    def __call__(self, fire: Fire) -> Awaitable[object]:
        flags = self.flags
        kwargs: dict[str, Any] = {}
        if flags & TAKES_INVOCATION_TIME:
            kwargs["invocation_time"] = fire.invocation_time
        if flags & TAKES_INTERVAL:
            kwargs["interval"] = self.interval
        if self.kind == IN_THREAD:
            return _in_thread(self.func, self.instance, kwargs)
        return self.func(self.instance, **kwargs)


def handler_call(
    func: Callable, instance: object, interval: object, flags: int
) -> Callable[[Fire], Awaitable[object]]:
    """A function from a fire to an awaitable run of ``func`` bound to ``instance``
    (``flags``: ``supplied_flags(func)``, recorded when it was decorated)."""
    return HandlerCall(func, instance, interval, flags)


async def _in_thread(func: Callable, instance: object, kwargs: dict) -> object:
    import asyncio
    import contextvars
    import functools

    loop = asyncio.get_running_loop()
    context = contextvars.copy_context()
    work = functools.partial(context.run, _counted, func, instance, kwargs)
    result = await loop.run_in_executor(_thread_pool(), work)
    # a plain def may still hand back a coroutine (a wrapper, a lambda): run it here
    return await result if is_awaitable(result) else result


def _counted(func: Callable, instance: object, kwargs: dict) -> object:
    global _busy_threads
    with _busy_lock:
        _busy_threads += 1
    try:
        return func(instance, **kwargs)
    finally:
        with _busy_lock:
            _busy_threads -= 1


def busy_threads() -> int:
    """Plain ``def`` handlers still running in threads (a thread cannot be cancelled)."""
    return _busy_threads


def _thread_pool() -> concurrent.futures.ThreadPoolExecutor:
    global _executor
    if _executor is None:
        import concurrent.futures

        # plain handlers mostly wait on I/O: more threads than the executor's cpu-based default
        _executor = concurrent.futures.ThreadPoolExecutor(
            max_workers=MAX_THREADS, thread_name_prefix=_THREAD_PREFIX
        )
    return _executor


def _unsupplied(func: Callable, name: str) -> ScheduleError:
    return schedule_error(
        f"{func.__qualname__}() requires an argument {name!r} that a schedule cannot supply",
        hint="a scheduled function may take only `invocation_time` and `interval`; "
        f"give {name!r} a default value",
        source_name=getattr(func, "__module__", "<handler>") or "<handler>",
    )


def is_coroutine_function(func: object) -> bool:
    """``inspect.iscoroutinefunction(func)``: read from the code object of a plain function;
    anything else (a partial, a bound method, a marked function) is left to `inspect`.
    """
    # getattr, not func.__dict__: reading __dict__ would give every handler an empty dict
    if type(func) is FunctionType and getattr(func, "_is_coroutine_marker", None) is None:
        return bool(func.__code__.co_flags & CO_COROUTINE)
    import inspect

    return inspect.iscoroutinefunction(func)


def is_awaitable(value: object) -> TypeGuard[Awaitable[Any]]:
    """``inspect.isawaitable(value)``: a coroutine, a generator-based coroutine or an object
    with ``__await__``."""
    if isinstance(value, (CoroutineType, Awaitable)):
        return True
    return isinstance(value, GeneratorType) and bool(value.gi_code.co_flags & CO_ITERABLE_COROUTINE)


def is_generator_function(func: object) -> bool:
    """A function whose call gives a generator or an async generator instead of running it."""
    if type(func) is FunctionType:
        return bool(func.__code__.co_flags & (CO_GENERATOR | CO_ASYNC_GENERATOR))
    import inspect

    return inspect.isgeneratorfunction(func) or inspect.isasyncgenfunction(func)


def never_suspends(func: object) -> bool:
    """True for an ``async def`` that cannot suspend: no ``await``, ``async for`` or ``async
    with`` in its body, so its coroutine always ends in its first step. Every suspension of a
    coroutine is a YIELD_VALUE instruction in its own code; anything but a plain function is
    assumed to suspend."""
    if type(func) is not FunctionType or getattr(func, "_is_coroutine_marker", None) is not None:
        return False
    code = func.__code__
    if not code.co_flags & CO_COROUTINE:
        return False
    import opcode  # here, not at import: only a process that runs fires needs it

    # 2-byte code units, the opcode first (inline caches are CACHE instructions)
    return opcode.opmap["YIELD_VALUE"] not in code.co_code[::2]
