"""Invariants under any mix of waiting, clock steps and sleeps (hypothesis, fake clock)."""

from __future__ import annotations

import asyncio
from datetime import timedelta, timezone

from hypothesis import given, settings
from hypothesis import strategies as st
from svc_support import START, Recorder, every_seconds

from tomodachi_schedule.runtime.clock import FakeClock
from tomodachi_schedule.runtime.engine.calendar import Calendar
from tomodachi_schedule.runtime.jobs import Job
from tomodachi_schedule.runtime.scheduling import Scheduler

STEPS = st.lists(
    st.one_of(
        st.tuples(st.just("advance"), st.floats(0.1, 200)),
        st.tuples(st.just("jump"), st.floats(-600, 7200)),
    ),
    min_size=1,
    max_size=12,
)
SCHEDULES = [
    every_seconds(5),
    every_seconds(30),
    Calendar(zone="UTC"),  # every minute
    Calendar(minutes=1 << 15 | 1 << 45, zone="Europe/Stockholm"),
]


@settings(max_examples=60, deadline=None)
@given(steps=STEPS)
def test_each_schedule_fires_its_instants_once_in_order_and_never_in_bursts(steps):
    clock = FakeClock(START)
    scheduler = Scheduler(clock)
    recorders = [Recorder(clock) for _ in SCHEDULES]
    jobs = [
        Job(service="p", name=f"j{i}", schedule=s, call=r)
        for i, (s, r) in enumerate(zip(SCHEDULES, recorders))
    ]
    forward_jumps = sum(1 for kind, amount in steps if kind == "jump" and amount > 0)

    async def body():
        scheduler.add(jobs)
        await scheduler.start()
        for kind, amount in steps:
            if kind == "advance":
                await clock.advance(amount)
            else:
                clock.jump(amount)
        await clock.advance(scheduler.max_sleep)  # let the last step be noticed
        await scheduler.stop(0)

    asyncio.run(body())
    for job, recorder in zip(jobs, recorders):
        instants = [fire.nominal.timestamp() for fire in recorder.fires]
        assert instants == sorted(set(instants)), "an instant fired twice or out of order"
        assert all(at >= nominal for at, nominal in zip(recorder.started, instants)), "early"
        # only a step of the wall clock makes a fire late; each is caught up once, not replayed
        assert sum(fire.catch_up for fire in recorder.fires) <= forward_jumps
        for fire in recorder.fires:
            before = fire.nominal.astimezone(timezone.utc) - timedelta(seconds=1)
            assert job.schedule.next_after(before) == fire.nominal, "not an instant of its schedule"
