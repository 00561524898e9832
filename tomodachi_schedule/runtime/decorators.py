"""The decorators: tomodachi's ``schedule`` and shortcuts, plus a DSL string and our options.

An invalid spec raises ``ScheduleError`` here, at decoration (import) time. Integers and the
shortcuts build runtime objects directly; only a string loads the compiler.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from functools import partial
from typing import Any

from tomodachi_schedule.errors import ScheduleError, schedule_error
from tomodachi_schedule.runtime.engine.base import Schedule
from tomodachi_schedule.runtime.handlers import (
    is_coroutine_function,
    is_generator_function,
    supplied_flags,
)
from tomodachi_schedule.runtime.options import JobOptions, JobSpec
from tomodachi_schedule.runtime.scheduled_method import (
    FLAGS_ATTRIBUTE,
    SPECS_ATTRIBUTE,
    ScheduledMethod,
)


def schedule(
    interval: str | int | timedelta | Schedule | None = None,
    timestamp: str | None = None,
    timezone: str | None = None,
    immediately: bool = False,
    **options: Any,
) -> Callable[[Callable], Callable]:
    """Run the decorated method on ``interval`` (seconds, cron, an alias or a plain-English spec,
    also as the first positional argument) or at ``timestamp``, in ``timezone``.

    Keyword options: ``overlap`` ("skip", "allow", "queue"), ``jitter`` and ``timeout``
    (seconds or text such as "30s"); see ``JobOptions``.
    """
    built = build_schedule(interval, timestamp, timezone)
    return partial(attach, spec=_spec(built, interval, dict(options, immediately=immediately)))


scheduler = schedule


def build_schedule(interval: object, timestamp: object, zone: str | None) -> Schedule:
    """The runtime schedule for tomodachi's ``interval`` / ``timestamp`` / ``timezone``
    (``zone``: the zone's name, as everywhere inside; ``timezone=`` is tomodachi's word)."""
    if interval is not None and timestamp is not None:
        raise _usage("give either interval= or timestamp=, not both")
    given = interval if interval is not None else timestamp
    if given is None or callable(given) and not isinstance(given, Schedule):
        raise _usage(
            "@schedule needs an interval or a timestamp",
            hint='e.g. @schedule(interval=20), @schedule("every weekday at 09:00")',
        )
    if isinstance(given, Schedule):
        return given
    if isinstance(given, str):
        from tomodachi_schedule.compiler import parse_schedule

        name = "interval" if interval is not None else "timestamp"
        return parse_schedule(given, timezone=zone, source_name=name)
    return _interval(_whole_seconds(given), zone)


def _whole_seconds(value: object) -> int:
    if isinstance(value, timedelta):
        value = value.total_seconds()
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise _usage(f"interval must be seconds or a schedule string, not {type(value).__name__}")
    if value <= 0 or value != int(value):
        raise _usage(
            f"interval={value!r} is not a whole number of seconds above 0",
            hint='for sub-second pacing use a loop; for longer spans try "every 90 minutes"',
        )
    return int(value)


def _interval(seconds: int, zone: str | None) -> Schedule:
    from tomodachi_schedule.runtime.engine.schedules import Interval

    return Interval(every=seconds, zone=zone)


def attach(func: Callable, spec: JobSpec, flags: int | None = None) -> Callable:
    """Mark ``func`` as scheduled by ``spec``; decorators stack (one job per spec).

    ``flags``: the arguments the handler takes (``supplied_flags``), when the caller knows them.
    """
    if isinstance(func, ScheduledMethod):
        func.add(spec)
        return func
    if not callable(func):
        raise TypeError(f"a schedule decorates a function, not {type(func).__name__}")
    specs = getattr(func, SPECS_ATTRIBUTE, None)
    if specs is None:
        _refuse_generator(func)
        # a handler needing arguments we cannot give fails now, at import
        flags = supplied_flags(func) if flags is None else flags
        return ScheduledMethod(func, spec, flags)
    setattr(func, SPECS_ATTRIBUTE, (*specs, spec))  # an outer decorator copied our attributes
    return func


def scheduled(handler: Callable, schedule: Schedule, **options: Any) -> Callable:
    """A scheduled method calling the plain function ``handler`` (what generated modules use).

    ``handler`` takes no ``self``; it may take ``invocation_time`` and ``interval``.
    """
    _refuse_generator(handler)
    method: Callable[..., Any]  # a coroutine function when the handler is one
    if is_coroutine_function(handler):

        async def method(self: object, **kwargs: Any) -> Any:
            return await handler(**kwargs)

    else:

        def method(self: object, **kwargs: Any) -> Any:
            return handler(**kwargs)

    method.__name__ = method.__qualname__ = getattr(handler, "__name__", "handler")
    flags = supplied_flags(handler, method=False)
    built = schedule if isinstance(schedule, Schedule) else build_schedule(schedule, None, None)
    # `attach`'s checks are answered: `method` is a new plain function, not a generator
    return ScheduledMethod(method, _spec(built, _as_written(schedule), options), flags)


def _refuse_generator(func: Callable) -> None:
    """A generator's call only makes a generator object: the body would never run."""
    if is_generator_function(func):
        name = getattr(func, "__qualname__", repr(func))
        raise _usage(
            f"{name}() is a generator function: a schedule calls it, nothing iterates it, "
            "so its body would never run",
            hint="remove the `yield` (use `async def` with `await`, or a plain `def`)",
        )


def _as_written(schedule: Schedule) -> object:
    """A handler's ``interval`` for a compiled schedule: the spec as the file wrote it, as
    tomodachi passes what was given (an integer for a bare number of seconds)."""
    written = schedule.spec
    if not written:
        return schedule
    return int(written) if written.isdigit() else written


def handler_flags(func: object) -> int:
    """The ``supplied_flags`` recorded on a decorated function (`attach` records them)."""
    return getattr(func, FLAGS_ATTRIBUTE)


def _spec(built: Schedule, interval: object, options: dict[str, Any]) -> JobSpec:
    return JobSpec(schedule=built, interval=interval, options=JobOptions.build(**options))


def scheduled_specs(func: object) -> tuple[JobSpec, ...]:
    """The specs attached to ``func`` by our decorators (empty when it has none)."""
    return getattr(func, SPECS_ATTRIBUTE, ())


def _shortcut(name: str, interval: object, build: Callable[[str | None], Schedule]) -> Callable:
    def decorator(
        func: Callable | None = None,
        /,
        *,
        timezone: str | None = None,
        immediately: bool = False,
        **options: Any,
    ) -> Callable:
        spec = _spec(build(timezone), interval, dict(options, immediately=immediately))
        return partial(attach, spec=spec) if func is None else attach(func, spec)

    decorator.__name__ = decorator.__qualname__ = name
    decorator.__doc__ = (
        f"Run the decorated method {_WORDS[name]}; bare (``@{name}``) or called with "
        f"``timezone=``, ``immediately=`` and the options of ``schedule``."
    )
    return decorator


_WORDS = {
    "heartbeat": "every second",
    "every_second": "every second",
    "minutely": "at the start of every minute",
    "hourly": "at the start of every hour",
    "daily": "at midnight every day",
    "monthly": "at midnight on the first day of every month",
}


def _calendar(zone: str | None, spec: str, **fields: Any) -> Schedule:
    # imported on first use: a service using only intervals never loads the calendar engine
    from tomodachi_schedule.runtime.engine.calendar import Calendar
    from tomodachi_schedule.runtime.engine.days import DaySet, MonthDays

    if fields.pop("first_of_month", False):
        fields["days"] = DaySet(monthdays=MonthDays(days=1 << 1))
    return Calendar(spec=spec, zone=zone, **fields)


heartbeat = _shortcut("heartbeat", 1, lambda zone: _interval(1, zone))
every_second = _shortcut("every_second", 1, lambda zone: _interval(1, zone))
minutely = _shortcut("minutely", "minutely", lambda zone: _calendar(zone, "@minutely"))
hourly = _shortcut("hourly", "hourly", lambda zone: _calendar(zone, "@hourly", minutes=1))
daily = _shortcut("daily", "daily", lambda zone: _calendar(zone, "@daily", minutes=1, hours=1))
monthly = _shortcut(
    "monthly",
    "monthly",
    lambda zone: _calendar(zone, "@monthly", minutes=1, hours=1, first_of_month=True),
)


def _usage(message: str, hint: str | None = None) -> ScheduleError:
    return schedule_error(message, hint=hint, source_name="schedule")
