"""What each schedule keeps is small, and the smaller forms give the same answers as before:
decorated methods are one slotted object, jobs are slotted, a calendar asked about one or two
months keeps no month table, a plain cron's explain lead is worded from its spec."""

from __future__ import annotations

import asyncio
import functools
import pickle
import random
from datetime import datetime, timedelta, timezone

from tomodachi_schedule import Service, parse_schedule, schedule
from tomodachi_schedule.runtime import Calendar, DaySet, MonthDays
from tomodachi_schedule.runtime.decorators import scheduled_specs
from tomodachi_schedule.runtime.engine.base import CRON_SPEC_LEAD
from tomodachi_schedule.runtime.engine.search.fastpath import FastPath
from tomodachi_schedule.runtime.service import build_jobs
from tomodachi_schedule.runtime.tomodachi_host import FUNCTION_ATTRIBUTE


def test_a_class_hands_out_the_handler_itself_and_gets_one_start_invoker() -> None:
    async def one(self):
        pass

    def two(self):
        pass

    Shop = type("Shop", (), {"one": schedule(interval=5)(one), "two": schedule(interval=7)(two)})
    shop = Shop()
    assert shop.one.__func__ is one and shop.one.__self__ is shop  # a plain bound method
    assert scheduled_specs(Shop.one)[0].interval == 5  # the class keeps the specs
    assert getattr(Shop._tomodachi_schedule_start, FUNCTION_ATTRIBUTE) is True  # tomodachi's start
    invokers = [name for name in dir(Shop) if getattr(getattr(Shop, name), FUNCTION_ATTRIBUTE, 0)]
    assert invokers == ["_tomodachi_schedule_start"]  # one per class, not one per schedule


def test_a_job_has_no_instance_dict() -> None:
    class Shop(Service):
        @schedule(interval=5)
        async def tick(self):
            pass

    (job,) = build_jobs(Shop())
    assert not hasattr(job, "__dict__")
    job.queued = None  # the attributes the scheduler and tests set still work


def test_stacked_decorators_keep_every_spec_in_order() -> None:
    async def handler(self):
        return "ran"

    method = schedule(interval=5)(schedule(interval=7)(schedule(interval=9)(handler)))
    assert [spec.interval for spec in scheduled_specs(method)] == [9, 7, 5]
    assert asyncio.run(method(None)) == "ran"  # still callable as the handler


def test_a_functools_wraps_decorator_outside_ours_keeps_the_schedule() -> None:
    seen = []

    def logged(func):
        @functools.wraps(func)
        async def outer(self, **kwargs):
            seen.append("outer")
            return await func(self, **kwargs)

        return outer

    class Shop(Service):
        @logged
        @schedule(interval=5)
        async def tick(self):
            seen.append("tick")

    (job,) = build_jobs(Shop())
    assert [spec.interval for spec in scheduled_specs(Shop.tick)] == [5]
    asyncio.run(job.call(job.fire(datetime(2026, 1, 1, tzinfo=timezone.utc))))
    assert "tick" in seen


def _starts(rng: random.Random, count: int) -> list[datetime]:
    origin = datetime(1975, 1, 1, tzinfo=timezone.utc)
    return [origin + timedelta(seconds=rng.randrange(120 * 365 * 86400)) for _ in range(count)]


def test_the_month_memo_answers_as_a_fresh_finder_in_each_of_its_states() -> None:
    days = DaySet(months=1 << 2 | 1 << 11, monthdays=MonthDays(days=1 << 29 | 1 << 31))
    masks = {"seconds": 1, "minutes": 1 << 7, "hours": 1 << 5}
    zone = timezone.utc
    kept = FastPath(masks["seconds"], masks["minutes"], masks["hours"], days, zone)
    states = []
    for after in _starts(random.Random(11), 300):
        fresh = FastPath(masks["seconds"], masks["minutes"], masks["hours"], days, zone)
        assert kept.next_after(after) == fresh.next_after(after), after
        assert kept.next_after(after) == fresh.next_after(after), after  # asked again: memo
        states.append(type(kept.search.jumps).__name__)
    assert states[0] in ("NoneType", "tuple") and states[-1] == "dict"  # pair, then a table
    calendar = Calendar(minutes=1 << 7, hours=1 << 5, days=days, zone="UTC")
    assert calendar.next_after(datetime(2030, 3, 5, tzinfo=timezone.utc)) == datetime(
        2030, 11, 29, 5, 7, tzinfo=timezone.utc  # february has no 29th in 2030
    )


def test_a_schedule_asked_twice_keeps_one_month_not_a_table() -> None:
    far = parse_schedule("5 3 2 1 * 2099", timezone="UTC")  # parsing asks from 1970 already
    assert far.next_after(datetime(2026, 6, 1, tzinfo=timezone.utc)) == datetime(
        2099, 1, 2, 3, 5, tzinfo=timezone.utc
    )
    assert type(far.finder().search.jumps) is tuple


def test_a_plain_crons_explain_lead_is_worded_from_its_spec() -> None:
    for spec, lead in [
        ("5 3 2 1 * 2099", "cron '5 3 2 1 * 2099': "),
        ("*/5 * * * *", "cron '*/5 * * * *': "),
        ("@daily", "cron '@daily': "),
        ("5  3 2 1   *", "cron '5 3 2 1 *': "),  # written with one space between fields
    ]:
        parsed = parse_schedule(spec, timezone="UTC")
        assert parsed.explain().startswith(lead), spec
        assert pickle.loads(pickle.dumps(parsed)).explain() == parsed.explain()
    shared = parse_schedule("5 3 2 1 *", timezone="UTC"), parse_schedule("7 3 2 1 *")
    assert all(s._lead is CRON_SPEC_LEAD for s in shared)  # one string for all
    assert not parse_schedule("every day at 09:00").explain().startswith("cron")
