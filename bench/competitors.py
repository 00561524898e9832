"""The libraries we are compared with, wrapped as `f(start) -> next fire` callables."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timezone, tzinfo

NextFire = Callable[[datetime], datetime | None]

# The dialects differ on the last-weekday form; these spell the same schedule for each library.
CRONITER_SPELLING = {"30 5 * jan,mar Ltue": "30 5 * jan,mar L2"}
CRONSIM_SPELLING = {"30 5 * jan,mar Ltue": "30 5 * jan,mar 2L"}
APSCHEDULER_FIELDS = {
    "30 5 * jan,mar Ltue": dict(month="jan,mar", day="last tue", hour="5", minute="30")
}


def croniter_next(expression: str, zone: tzinfo) -> NextFire:
    """croniter, built once, moved to each start with `set_current` (its cheapest reuse)."""
    from croniter import croniter

    iterator = croniter(
        CRONITER_SPELLING.get(expression, expression), datetime(2026, 1, 1, tzinfo=zone)
    )

    def next_fire(start: datetime) -> datetime:
        iterator.set_current(start, force=True)
        return iterator.get_next(datetime)

    return next_fire


def apscheduler_next(expression: str, zone: tzinfo) -> NextFire:
    """APScheduler 3's CronTrigger, built once; `get_next_fire_time(None, start)`."""
    from apscheduler.triggers.cron import CronTrigger

    fields = APSCHEDULER_FIELDS.get(expression)
    trigger = (
        CronTrigger(timezone=zone, **fields)
        if fields
        else CronTrigger.from_crontab(expression, timezone=zone)
    )

    def next_fire(start: datetime) -> datetime | None:
        return trigger.get_next_fire_time(None, start)

    return next_fire


def tomodachi_next(expression: str, zone: tzinfo) -> NextFire:
    """tomodachi 0.29's `get_next_datetime`, which parses the expression on every call (its API)."""
    from tomodachi.helpers.crontab import get_next_datetime

    def next_fire(start: datetime) -> datetime | None:
        return get_next_datetime(expression, start)

    return next_fire


def croniter_fires(expression: str, start: datetime, count: int) -> list[datetime]:
    """The first `count` fires after `start` by croniter's iterator (what the iteration test times)."""
    from croniter import croniter

    iterator = croniter(CRONITER_SPELLING.get(expression, expression), start)
    return [iterator.get_next(datetime) for _ in range(count)]


def cronsim_next(expression: str, zone: tzinfo) -> NextFire:
    """cronsim, which has no way to move an iterator: one `CronSim(expr, start)` per call."""
    from cronsim import CronSim

    spelled = CRONSIM_SPELLING.get(expression, expression)
    CronSim(spelled, datetime(2026, 1, 1, tzinfo=zone))  # refuses a form it does not know

    def next_fire(start: datetime) -> datetime | None:
        return next(CronSim(spelled, start), None)

    return next_fire


NEXT_FIRE = {
    "croniter": croniter_next,
    "APScheduler": apscheduler_next,
    "cronsim": cronsim_next,
    "tomodachi": tomodachi_next,
}


def next_fire_callables(rivals: dict, expression: str, zone: tzinfo) -> tuple[dict, list[str]]:
    """The rivals' next-fire callables for `expression`, and why any is left out."""
    made, left_out = {}, []
    for name, make in rivals.items():
        try:
            made[name] = make(expression, zone)
        except ImportError:
            left_out.append(f"{name} not installed")
        except Exception as error:  # noqa: BLE001 - a rival that refuses the form is reported
            left_out.append(f"{name} refuses it ({type(error).__name__})")
    return made, left_out


def constructors() -> dict[str, Callable[[str], object]]:
    """Each installed library's way to compile a cron expression (what parsing is compared with)."""
    made: dict[str, Callable[[str], object]] = {}
    start = datetime(2026, 1, 1, tzinfo=timezone.utc)
    try:
        from croniter import croniter

        made["croniter"] = lambda expression: croniter(expression, start)
    except ImportError:
        pass
    try:
        from apscheduler.triggers.cron import CronTrigger

        made["APScheduler"] = lambda expression: CronTrigger.from_crontab(expression, timezone.utc)
    except ImportError:
        pass
    try:
        from cronsim import CronSim

        made["cronsim"] = lambda expression: CronSim(expression, start)
    except ImportError:
        pass
    return made
