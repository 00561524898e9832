"""Decorators: tomodachi's signature and shortcuts, DSL strings, options, handler arguments."""

from __future__ import annotations

import asyncio
import subprocess
import sys
import threading

import pytest

import tomodachi_schedule as ts
from tomodachi_schedule.errors import ScheduleError
from tomodachi_schedule.runtime.decorators import scheduled, scheduled_specs
from tomodachi_schedule.runtime.engine.calendar import Calendar
from tomodachi_schedule.runtime.engine.schedules import Interval
from tomodachi_schedule.runtime.jobs import Fire
from tomodachi_schedule.runtime.service import build_jobs


def only_spec(func):
    (spec,) = scheduled_specs(func)
    return spec


@pytest.mark.parametrize(
    ("decorator", "expected", "interval"),
    [
        (ts.heartbeat, Interval(every=1), 1),
        (ts.every_second, Interval(every=1), 1),
        (ts.minutely, Calendar(), "minutely"),
        (ts.hourly, Calendar(minutes=1), "hourly"),
        (ts.daily, Calendar(minutes=1, hours=1), "daily"),
    ],
)
def test_shortcuts_bare_and_called_mean_what_tomodachi_means(decorator, expected, interval):
    async def handler(self): ...

    bare = only_spec(decorator(handler))
    called = only_spec(decorator(timezone="UTC", overlap="allow")(handler))
    assert bare.schedule == expected and bare.interval == interval
    assert called.schedule.zone == "UTC" and called.options.overlap == "allow"


def test_monthly_fires_at_midnight_on_the_first(tmp_path):
    from datetime import datetime, timezone

    spec = only_spec(ts.monthly(timezone="UTC")(lambda self: None))
    after = datetime(2026, 1, 15, tzinfo=timezone.utc)
    assert spec.schedule.next_after(after) == datetime(2026, 2, 1, tzinfo=timezone.utc)


def test_schedule_takes_seconds_strings_timestamps_and_a_positional_spec():
    def spec_of(*args, **kwargs):
        return only_spec(ts.schedule(*args, **kwargs)(lambda self: None))

    assert spec_of(interval=20).schedule == Interval(every=20)
    assert spec_of(20, timezone="UTC").schedule == Interval(every=20, zone="UTC")
    assert spec_of("every 90 minutes").schedule.every == 5400
    assert spec_of(interval="every 90 minutes").interval == "every 90 minutes"
    assert spec_of(timestamp="22:15:30").schedule.hours == 1 << 22
    assert spec_of(timestamp="00:00:00", timezone="Europe/Stockholm").schedule.zone == (
        "Europe/Stockholm"
    )
    assert ts.scheduler is ts.schedule


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"interval": "61 * * * *"}, "interval:1:1"),
        ({"interval": 0}, "not a whole number of seconds above 0"),
        ({"interval": 1.5}, "not a whole number of seconds above 0"),
        ({}, "needs an interval or a timestamp"),
        ({"interval": 5, "timestamp": "10:00"}, "not both"),
        ({"interval": 5, "overlap": "sometimes"}, "is not a policy"),
        ({"interval": 5, "jitter": "soon"}, "jitter is not a duration"),
        ({"interval": 5, "timout": 3}, "did you mean timeout=?"),
    ],
)
def test_invalid_specs_fail_at_decoration_time_rendered(kwargs, message):
    with pytest.raises(ScheduleError) as raised:
        ts.schedule(**kwargs)
    assert message in str(raised.value)


def test_durations_accept_seconds_and_text():
    spec = only_spec(ts.schedule(5, jitter="1.5 min", timeout="250ms")(lambda self: None))
    assert (spec.options.jitter, spec.options.timeout) == (90.0, 0.25)


def test_handler_needing_an_argument_we_cannot_give_fails_at_decoration():
    with pytest.raises(ScheduleError, match="'customer'"):

        @ts.hourly
        async def handler(self, customer): ...


class Arguments(ts.Service):
    name = "args"

    def __init__(self):
        self.seen = []

    @ts.schedule(interval=20)
    async def positional(self, invocation_time, interval):
        self.seen.append(("positional", invocation_time, interval))

    @ts.schedule("every 20 seconds")
    async def keyword_only(self, *, interval, invocation_time="x"):
        self.seen.append(("keyword_only", invocation_time, interval))

    @ts.heartbeat
    async def nothing(self):
        self.seen.append(("nothing",))

    @ts.minutely
    def plain(self, invocation_time):
        self.seen.append(("plain", threading.current_thread() is threading.main_thread()))


def test_handlers_get_tomodachi_arguments_by_name_and_plain_defs_run_in_a_thread():
    from datetime import datetime, timezone

    service = Arguments()
    jobs = {job.name: job for job in build_jobs(service)}
    nominal = datetime(2026, 1, 1, 9, 0, tzinfo=timezone.utc)

    async def fire_all():
        for job in jobs.values():
            await job.call(Fire("args", job.name, nominal))

    asyncio.run(fire_all())
    assert sorted(service.seen) == [
        ("keyword_only", "2026-01-01T09:00:00Z", "every 20 seconds"),
        ("nothing",),
        ("plain", False),
        ("positional", "2026-01-01T09:00:00Z", 20),
    ]


def test_decorated_methods_stay_callable_and_stack_into_separate_jobs():
    class Stacked(ts.Service):
        @ts.hourly
        @ts.daily(timezone="UTC")
        async def report(self):
            return "ran"

    assert asyncio.run(Stacked().report()) == "ran"
    assert [job.name for job in build_jobs(Stacked())] == ["report", "report#2"]


def test_scheduled_wraps_a_plain_function_for_generated_modules():
    seen = []

    def handler(invocation_time):
        seen.append(invocation_time)

    class Generated(ts.Service):
        name = "gen"
        entry = scheduled(handler, Interval(every=60), overlap="allow")

    (job,) = build_jobs(Generated())
    assert job.options.overlap == "allow"
    from datetime import datetime, timezone

    asyncio.run(job.call(Fire("gen", "entry", datetime(2026, 1, 1, tzinfo=timezone.utc))))
    assert seen == ["2026-01-01T00:00:00Z"]


def test_ints_and_shortcuts_never_load_the_compiler():
    code = (
        "import sys, tomodachi_schedule as ts\n"
        "class S(ts.Service):\n"
        "    @ts.hourly\n"
        "    async def a(self): ...\n"
        "    @ts.schedule(interval=20, immediately=True)\n"
        "    async def b(self): ...\n"
        "loaded = [m for m in ('lark', 'black', 'tomodachi', 'redis') if m in sys.modules]\n"
        "loaded += [m for m in sys.modules if m.startswith('tomodachi_schedule.compiler')]\n"
        "print(loaded)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def _generators():
    async def async_generator(self):
        yield 1

    def sync_generator(self):
        yield 1

    return [async_generator, sync_generator]


@pytest.mark.parametrize("func", _generators(), ids=lambda f: f.__name__)
@pytest.mark.parametrize(
    "decorate",
    [
        lambda f: ts.schedule(interval=5)(f),
        lambda f: ts.schedule("every 5 minutes")(f),
        lambda f: ts.heartbeat(f),
        lambda f: ts.minutely(timezone="UTC")(f),
        lambda f: ts.schedule(interval=5)(ts.schedule(interval=7)(f)),
    ],
    ids=["interval", "spec", "heartbeat", "minutely", "stacked"],
)
def test_a_generator_handler_is_refused_at_decoration(func, decorate):
    """A generator (sync or async) would be called and never iterated: it would never run."""
    with pytest.raises(ScheduleError) as caught:
        decorate(func)
    assert f"{func.__name__}() is a generator function" in str(caught.value)
    assert "yield" in str(caught.value)


async def _free_async_generator():
    yield 1


def _free_sync_generator():
    yield 1


@pytest.mark.parametrize("func", [_free_async_generator, _free_sync_generator])
def test_a_generator_handler_of_a_generated_module_is_refused(func):
    with pytest.raises(ScheduleError, match="generator function"):
        scheduled(func, Interval(every=5))
