"""What declaring services costs: the modules it loads and the objects each schedule keeps.

The targets themselves (import time, memory per schedule) are measured by bench/, never here;
these tests pin down the structure that makes them reachable.
"""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
from datetime import datetime, timezone
from pathlib import Path

import pytest

from tomodachi_schedule import Service, daily, hourly, schedule
from tomodachi_schedule.errors import ScheduleError
from tomodachi_schedule.runtime.decorators import FLAGS_ATTRIBUTE, scheduled_specs
from tomodachi_schedule.runtime.handlers import (
    TAKES_INTERVAL,
    TAKES_INVOCATION_TIME,
    HandlerCall,
    supplied_arguments,
    supplied_flags,
)
from tomodachi_schedule.runtime.jobs import NO_RUNS, Fire
from tomodachi_schedule.runtime.options import JobOptions, JobSpec
from tomodachi_schedule.runtime.service import build_jobs

REPO = Path(__file__).resolve().parents[2]

# Loaded only when a service runs; declaring one must not pull them in.
RUN_TIME_ONLY = (
    "asyncio",
    "concurrent.futures",
    "logging",
    "ssl",
    "hashlib",
    "difflib",
    "inspect",  # ~6 ms: runtime/handlers.py answers its questions for plain functions
    "dataclasses",  # runtime objects are records (runtime/record.py)
    "locale",  # via the standard calendar module; the engine has its own monthrange
    "tomodachi_schedule.runtime.scheduling",
    "tomodachi_schedule.runtime.runner",
    "tomodachi_schedule.runtime.firing.runs",
    "tomodachi_schedule.runtime.firing.task_start",
    "tomodachi_schedule.runtime.clock",
    "tomodachi_schedule.runtime.jobs",
    "tomodachi_schedule.compiler",
    "lark",
    "black",
    "tomodachi",
    "redis",
    "asyncpg",
    "aiohttp",
    "prometheus_client",  # only with `run --metrics-port` (tests/operations: a running process)
    "tomodachi_schedule.runtime.observe.metrics",
)

DECLARE = """
import json, sys
import seed  # a generated module: ts.GeneratedService subclass with ts.scheduled(...) entries
from tomodachi_schedule import Service, daily, hourly, schedule, heartbeat

class Shop(Service):
    name = "shop"

    @schedule(interval=20, overlap="allow", jitter="2s", timeout=30)
    async def restock(self, invocation_time):
        pass

    @hourly
    def report(self):
        pass

    @daily(timezone="Europe/Stockholm", immediately=True)
    @heartbeat
    async def tidy(self, interval=None):
        pass

specs = {name: len(getattr(Shop, name).__tomodachi_schedule__) for name in ("restock", "report", "tidy")}
generated = sum(
    len(getattr(value, "__tomodachi_schedule__", ()))
    for value in vars(seed.SchedulerExampleService).values()
)
print(json.dumps({"loaded": [m for m in sys.argv[1:] if m in sys.modules],
                  "specs": specs, "generated": generated}))
"""


def test_declaring_services_loads_no_asyncio_scheduler_or_compiler() -> None:
    """Importing a generated module and a decorated service class stays free of run-time modules."""
    result = subprocess.run(
        [sys.executable, "-c", DECLARE, *RUN_TIME_ONLY],
        cwd=REPO / "examples",
        env={"PYTHONPATH": f"{REPO / 'examples'}:{REPO}", "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    facts = json.loads(result.stdout)
    assert facts["specs"] == {"restock": 1, "report": 1, "tidy": 2}  # the declarations happened
    assert facts["generated"] == 7  # examples/seed.py declares seven schedules
    assert facts["loaded"] == []


def test_equal_option_keywords_share_one_options_object() -> None:
    first = JobOptions.build(immediately=False)
    assert JobOptions.build(immediately=False) is first
    assert JobOptions.build(overlap="queue", jitter="2s") is JobOptions.build(
        overlap="queue", jitter="2s"
    )
    assert JobOptions.build(overlap="queue") is not first
    assert not hasattr(first, "__dict__")  # slotted


def test_interning_never_skips_validation_of_an_equal_looking_value() -> None:
    JobOptions.build(timeout=1)
    with pytest.raises(ScheduleError, match="timeout must be a duration"):
        JobOptions.build(timeout=True)  # True == 1, but a bool is not a duration


def test_unhashable_option_values_are_built_without_sharing() -> None:
    with pytest.raises(ScheduleError, match="jitter must be a duration"):
        JobOptions.build(jitter=[1])


def test_decorated_methods_share_default_options_and_keep_no_signature() -> None:
    async def one(self):
        """First."""

    def two(self, interval, invocation_time):
        pass

    first, second = schedule(interval=5)(one), schedule(interval=7)(two)
    assert scheduled_specs(first)[0].options is scheduled_specs(second)[0].options
    assert not hasattr(scheduled_specs(first)[0], "__dict__")  # a slotted JobSpec
    assert getattr(first, FLAGS_ATTRIBUTE) == 0
    assert getattr(second, FLAGS_ATTRIBUTE) == TAKES_INTERVAL | TAKES_INVOCATION_TIME
    assert "__signature__" not in vars(first) and "__annotations__" not in vars(first)
    assert (first.__name__, first.__doc__, first.__wrapped__) == ("one", "First.", one)
    assert sys.getsizeof(first) < 100  # one small slotted object: no wrapper function, no dict
    assert "__tomodachi_schedule__" not in vars(one)  # the handler itself is left as it was


def test_supplied_flags_of_plain_functions_and_methods() -> None:
    def handler(invocation_time, interval=None):
        pass

    assert supplied_flags(handler, method=False) == TAKES_INVOCATION_TIME | TAKES_INTERVAL
    assert supplied_flags(handler) == TAKES_INTERVAL  # as a method its first name is ``self``


def _slow_flags(func, method: bool) -> int:
    wanted = supplied_arguments(func, method=method)
    return ("invocation_time" in wanted) * TAKES_INVOCATION_TIME + ("interval" in wanted) * 2


@pytest.mark.parametrize("method", [True, False])
def test_supplied_flags_of_handlers_without_parameters_agree_with_the_full_reading(method) -> None:
    def nothing():
        pass

    def only_self(self):
        pass

    async def takes(self, interval):
        pass

    def signed():  # a decorator's __signature__ speaks for the function
        pass

    signed.__signature__ = __import__("inspect").signature(takes)

    def wrapper():
        pass

    wrapper.__wrapped__ = takes
    for func in (nothing, only_self, takes, signed, wrapper, *_varied_handlers()):
        try:
            expected: object = _slow_flags(func, method)
        except ScheduleError as error:
            expected = str(error)
        try:
            got: object = supplied_flags(func, method=method)
        except ScheduleError as error:
            got = str(error)
        assert got == expected, func.__name__


def test_a_handler_call_passes_only_the_arguments_the_handler_takes() -> None:
    seen = []

    async def handler(self, invocation_time):
        seen.append((self, invocation_time))

    call = HandlerCall(handler, "instance", 60, TAKES_INVOCATION_TIME)
    asyncio.run(call(Fire("svc", "job", datetime(2026, 1, 1, 9, tzinfo=timezone.utc))))
    assert seen == [("instance", "2026-01-01T09:00:00Z")]


def test_jobs_share_one_empty_running_set_until_a_run_is_tracked() -> None:
    class Shop(Service):
        @hourly
        async def report(self):
            pass

        @daily
        async def tidy(self):
            pass

    jobs = build_jobs(Shop())
    assert [job.running for job in jobs] == [NO_RUNS, NO_RUNS]
    assert all(job.running is NO_RUNS for job in jobs)
    assert isinstance(scheduled_specs(Shop.report)[0], JobSpec)


def _varied_handlers() -> list:
    def positional_only(self, x, /, y=1, *args, z, w=2, **kw):
        pass

    def tomodachi_style(self, invocation_time, interval=None):
        pass

    def keyword_only(*, invocation_time):
        pass

    async def var_keyword(self, **kwargs):
        pass

    def with_locals(self, *, k=3, **kw):
        local = k
        return local

    return [positional_only, tomodachi_style, keyword_only, var_keyword, with_locals, lambda: 0]


@pytest.mark.parametrize("func", _varied_handlers(), ids=lambda f: f.__name__)
def test_parameters_read_from_code_objects_agree_with_inspect(func) -> None:
    from inspect import Parameter, signature

    from tomodachi_schedule.runtime.handlers import _parameters

    variadic = (Parameter.VAR_POSITIONAL, Parameter.VAR_KEYWORD)
    expected = [
        (p.name, p.kind.name, p.default is Parameter.empty and p.kind not in variadic)
        for p in signature(func).parameters.values()
    ]
    assert _parameters(func) == expected
    assert "__annotations__" not in vars(func) or func.__annotations__ == {}


def test_a_wrapper_naming_wrapped_is_read_through_to_the_function_it_wraps() -> None:
    import functools

    def handler(self):
        pass

    @functools.wraps(handler)
    def logged(*args, **kwargs):  # a user's own decorator under ours
        return handler(*args, **kwargs)

    assert supplied_flags(logged) == 0  # not "takes everything" from its **kwargs


CLI_RUN_PARSE = """
import sys
from tomodachi_schedule import __main__ as cli
from tomodachi_schedule.runtime import launch
seen = []
launch.load_services = lambda files: seen.append(files) or []
launch.serve = lambda classes, args: seen.append(args.grace) or 0
assert cli.main(["run", "--grace", "5", "service.py"]) == 0
assert seen == [["service.py"], 5.0], seen
print("tomodachi_schedule.runtime.cluster" in sys.modules)
"""


def test_parsing_a_run_command_does_not_import_the_cluster_package() -> None:
    result = subprocess.run(
        [sys.executable, "-c", CLI_RUN_PARSE], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False"


def _callables_to_classify():
    import functools

    async def coroutine_function():
        pass

    def plain():
        pass

    def generator():
        yield

    class Awaitable:
        def __await__(self):
            yield

    bound = Awaitable().__await__
    return [coroutine_function, plain, generator, functools.partial(coroutine_function), bound,
            Awaitable, Awaitable(), len, lambda: None]  # fmt: skip


def test_callable_checks_agree_with_inspect() -> None:
    import inspect
    import types

    from tomodachi_schedule.runtime.handlers import is_awaitable, is_coroutine_function

    @types.coroutine
    def generator_coroutine():
        yield

    things = [*_callables_to_classify(), generator_coroutine]
    for thing in things:
        assert is_coroutine_function(thing) == inspect.iscoroutinefunction(thing), thing
    values = [thing() for thing in things if inspect.isfunction(thing)] + [1, None, "x"]
    try:
        for value in values:
            assert is_awaitable(value) == inspect.isawaitable(value), value
        assert sum(map(is_awaitable, values)) == 2  # the coroutine and the generator-based one
    finally:
        for value in values:
            getattr(value, "close", lambda: None)()
