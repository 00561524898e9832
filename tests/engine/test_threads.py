"""Shared caches (month masks, jumps, zone timelines) under concurrent use give the same answers."""

from __future__ import annotations

import random
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timedelta, timezone

from tomodachi_schedule.runtime import Calendar, DaySet, MonthDays, WeekDays


def test_concurrent_calls_agree_with_sequential_ones():
    schedules = [
        Calendar(minutes=1 << 30, hours=1 << 2, zone="Europe/Stockholm"),
        Calendar(minutes=1, hours=1, days=DaySet(months=1 << 2, monthdays=MonthDays(days=1 << 29)), zone="America/New_York"),
        Calendar(minutes=1, hours=1 << 9, days=DaySet(weekdays=WeekDays(nth=((1, -1),))), zone="Australia/Lord_Howe"),
    ]  # fmt: skip
    rng = random.Random(5)
    origin = datetime(1990, 1, 1, tzinfo=timezone.utc)
    questions = [
        (rng.choice(schedules), origin + timedelta(seconds=rng.randrange(80 * 365 * 86400)))
        for _ in range(3000)
    ]

    def answer(question):
        schedule, after = question
        fire = schedule.next_after(after)
        return fire.timestamp(), fire.isoformat()

    with ThreadPoolExecutor(max_workers=8) as pool:
        concurrent = list(pool.map(answer, questions, chunksize=10))
    assert concurrent == [answer(question) for question in questions]
