"""Starting a fire's task cheaply: the one module that reaches into asyncio's private internals.

asyncio offers no public way to create a task whose first step runs at a moment of our choosing,
or (before Python 3.12's eager tasks) at once. Where the internals are present — the loop's
queue of ready callbacks (``loop._ready``) and a handle's ``_run``, ``_context``, ``_callback``
and ``_args`` — a new task's first step is taken back out of that queue: run at once
(`eager_task`), or held and released at the fire's instant (`hold_first_step`, `step_starter`). Where they are absent (uvloop, another Python), or `PRIVATE_API`
is off, the plain public API is used instead: tasks start the usual way, at the instant.
"""

from __future__ import annotations

import asyncio
import sys
from collections import deque
from collections.abc import Callable, Coroutine
from functools import partial
from typing import Any

PRIVATE_API = all(
    hasattr(asyncio.Handle, name) for name in ("_run", "_context", "_callback", "_args")
)
"""Whether to use asyncio's internals at all (a test turns it off to exercise the fallback)."""

_EAGER_START = sys.version_info >= (3, 12)


def ready_queue(loop: asyncio.AbstractEventLoop) -> deque[asyncio.Handle] | None:
    """asyncio's queue of ready callbacks, or None when there is none we may use."""
    if not PRIVATE_API:
        return None
    ready = getattr(loop, "_ready", None)
    return ready if isinstance(ready, deque) else None


def task_maker(loop: asyncio.AbstractEventLoop) -> Callable[[Coroutine[Any, Any, Any]], Any]:
    """``loop.create_task``; for asyncio's own loop without a task factory, the `asyncio.Task`
    constructor it would call, without its Python frame (~0.6 µs a task less)."""
    plain_loop = type(loop).create_task is asyncio.BaseEventLoop.create_task
    if plain_loop and loop.get_task_factory() is None:
        return partial(asyncio.Task, loop=loop)
    return loop.create_task


def hold_first_step(
    loop: asyncio.AbstractEventLoop,
    ready: deque[asyncio.Handle],
    coro: Coroutine[Any, Any, Any],
    new_task: Callable[[Coroutine[Any, Any, Any]], Any] | None = None,
) -> tuple[asyncio.Task[Any], asyncio.Handle | None]:
    """A new task (made by ``new_task``, see `task_maker`; else ``loop.create_task``) and its
    first step, taken back out of ``ready``; None for the step when it is not where create_task
    puts it (a thread's call_soon_threadsafe slipped in), which leaves the queue as it was and
    the task to start the normal way."""
    queued = len(ready)
    task = (new_task or loop.create_task)(coro)
    step = ready.pop() if len(ready) == queued + 1 else None
    # the step create_task queued is a bound method of its task (asyncio's Task.__step); popped
    # before it is checked, as another thread may append between a check and a pop
    if step is not None and getattr(getattr(step, "_callback", None), "__self__", None) is not task:
        ready.append(step)
        step = None
    return task, step


def step_starter(step: asyncio.Handle) -> Callable[[], object]:
    """What runs a held first step at once: its callback in its context, as ``Handle._run``
    does, without that method's Python frame (a third of the cost of starting a task that
    finishes in one step). A step's exception is the task's; only the ``SystemExit`` or
    ``KeyboardInterrupt`` asyncio lets out of a task would escape, as from the loop itself."""
    held: Any = step  # the private attributes of asyncio.Handle
    return partial(held._context.run, held._callback, *held._args)


def held_steps_queue(loop: asyncio.AbstractEventLoop) -> deque[asyncio.Handle] | None:
    """Where released first steps go instead of running at once: the ready queue when called
    inside a task (a fake clock runs timers inside a task, where another task's step cannot
    run), else None."""
    return ready_queue(loop) if asyncio.current_task(loop) is not None else None


def drop_first_step(
    loop: asyncio.AbstractEventLoop, task: asyncio.Task[Any], step: asyncio.Handle
) -> None:
    """End a task whose first step is held, unstarted: nothing of its coroutine runs."""
    task.cancel()  # the cancelled step throws into the coroutine before its first line
    loop.call_soon(step._run)


def eager_task(coro: Coroutine[Any, Any, Any]) -> asyncio.Task[Any]:
    """A task whose first step runs now, so N fires due together start in N steps, not after
    N task creations (Python 3.12's eager tasks; on 3.11 its queued first step is run at once).

    The task is current while its first step runs, as usual; inside another task (start-up,
    catch-ups), or without the internals on 3.11, it starts the normal way.
    """
    loop = asyncio.get_running_loop()
    if asyncio.current_task(loop) is not None:
        return loop.create_task(coro)
    if _EAGER_START:
        return asyncio.Task(coro, loop=loop, eager_start=True)  # type: ignore[call-arg]
    ready = ready_queue(loop)
    if ready is None:
        return loop.create_task(coro)
    task, step = hold_first_step(loop, ready, coro)
    if step is not None:
        step._run()
    return task
