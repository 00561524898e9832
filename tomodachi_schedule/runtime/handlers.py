"""Calling a scheduled function: which arguments it takes, and plain ``def``s off the loop."""

from __future__ import annotations

import asyncio
import concurrent.futures
import contextvars
import functools
import inspect
import threading
from collections.abc import Awaitable, Callable

from tomodachi_schedule.errors import Diagnostic, ScheduleError
from tomodachi_schedule.runtime.jobs import Fire

SUPPLIED = ("invocation_time", "interval")
_ACCEPTING = (inspect.Parameter.POSITIONAL_OR_KEYWORD, inspect.Parameter.KEYWORD_ONLY)
_THREAD_PREFIX = "tomodachi-schedule"
MAX_THREADS = 32  # plain ``def`` handlers running at once; more wait for a free thread

_executor: concurrent.futures.ThreadPoolExecutor | None = None
_busy_threads = 0
_busy_lock = threading.Lock()


def supplied_arguments(func: Callable) -> tuple[str, ...]:
    """The tomodachi arguments ``func`` takes (after ``self``); anything else it needs is an error.

    Arguments are always passed by keyword, so a handler may declare them in any position.
    """
    parameters = list(inspect.signature(func).parameters.values())[1:]
    if any(p.kind is inspect.Parameter.VAR_KEYWORD for p in parameters):
        return SUPPLIED
    wanted = []
    for parameter in parameters:
        if parameter.name in SUPPLIED and parameter.kind in _ACCEPTING:
            wanted.append(parameter.name)
        elif parameter.default is inspect.Parameter.empty and parameter.kind in (
            *_ACCEPTING,
            inspect.Parameter.POSITIONAL_ONLY,
        ):
            raise _unsupplied(func, parameter.name)
    return tuple(wanted)


def handler_call(
    func: Callable, instance: object, interval: object
) -> Callable[[Fire], Awaitable[object]]:
    """A function from a fire to an awaitable run of ``func`` bound to ``instance``."""
    wanted = supplied_arguments(func)
    run_in_thread = not inspect.iscoroutinefunction(func)

    def call(fire: Fire) -> Awaitable[object]:
        kwargs = {}
        if "invocation_time" in wanted:
            kwargs["invocation_time"] = fire.invocation_time
        if "interval" in wanted:
            kwargs["interval"] = interval
        if run_in_thread:
            return _in_thread(func, instance, kwargs)
        return func(instance, **kwargs)

    return call


async def _in_thread(func: Callable, instance: object, kwargs: dict) -> object:
    loop = asyncio.get_running_loop()
    context = contextvars.copy_context()
    work = functools.partial(context.run, _counted, func, instance, kwargs)
    result = await loop.run_in_executor(_thread_pool(), work)
    # a plain def may still hand back a coroutine (a wrapper, a lambda): run it here
    return await result if inspect.isawaitable(result) else result


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
        # plain handlers mostly wait on I/O: more threads than the executor's cpu-based default
        _executor = concurrent.futures.ThreadPoolExecutor(
            max_workers=MAX_THREADS, thread_name_prefix=_THREAD_PREFIX
        )
    return _executor


def _unsupplied(func: Callable, name: str) -> ScheduleError:
    return ScheduleError(
        (
            Diagnostic(
                message=f"{func.__qualname__}() requires an argument {name!r} that a schedule "
                "cannot supply",
                hint="a scheduled function may take only `invocation_time` and `interval`; "
                f"give {name!r} a default value",
            ),
        ),
        source_name=getattr(func, "__module__", "<handler>") or "<handler>",
    )
