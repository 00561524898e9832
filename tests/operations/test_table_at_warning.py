"""The schedule table is built only when INFO reaches the log: at WARNING a start-up computes
no next fires and no descriptions for it."""

from __future__ import annotations

import logging

from tomodachi_schedule.runtime.engine.schedules import Interval
from tomodachi_schedule.runtime.jobs import Job
from tomodachi_schedule.runtime.observe.table import log_schedule_table

asked: list = []


class CountedInterval:
    """An interval that counts the next fires asked of it (and the descriptions)."""

    spec = ""
    zone = None

    def __init__(self, every: int) -> None:
        self.interval = Interval(every=every)

    def next_after(self, dt):
        asked.append("next fire")
        return self.interval.next_after(dt)

    def explain(self) -> str:
        asked.append("description")
        return self.interval.explain()


async def handler(fire) -> None:
    return None


def test_the_table_is_built_at_info_and_skipped_at_warning(caplog):
    job = Job(service="svc", name="tick", schedule=CountedInterval(60), call=handler)  # type: ignore[arg-type]
    with caplog.at_level(logging.WARNING, logger="tomodachi_schedule"):
        log_schedule_table([job], [])
    assert asked == [] and not caplog.records
    with caplog.at_level(logging.INFO, logger="tomodachi_schedule"):
        log_schedule_table([job], [])
    assert asked == ["next fire", "description"]
    assert [r.message.splitlines()[0] for r in caplog.records] == ["1 schedule(s):"]
