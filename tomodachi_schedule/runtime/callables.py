"""`inspect`'s coroutine and awaitable checks, without importing `inspect` (~6 ms at start-up,
paid by every process declaring a service) for the plain functions and coroutines they
almost always see."""

from __future__ import annotations

from collections.abc import Awaitable
from types import CoroutineType, FunctionType, GeneratorType
from typing import Any, TypeGuard

CO_VARARGS, CO_VARKEYWORDS = 0x04, 0x08  # inspect.CO_*: code object flags
CO_COROUTINE, CO_ITERABLE_COROUTINE = 0x80, 0x100
CO_GENERATOR, CO_ASYNC_GENERATOR = 0x20, 0x200


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
