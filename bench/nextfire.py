"""Next-fire calls/s from random starts over 1975–2095 and from now, in UTC and Europe/Stockholm."""

from __future__ import annotations

import itertools
import random
import time
from datetime import datetime, timedelta, timezone
from functools import partial
from zoneinfo import ZoneInfo

from bench import competitors, ours
from bench.measure import Sizes, median, rate_runs, spread
from bench.report import Row, not_measured, number, verdict

EXPRESSIONS = (
    "*/5 * * * *",
    "0 9 * * mon-fri",
    "1/2 8-18 * * mon-fri",
    "30 5 * jan,mar Ltue",
    "0 0 29 2 *",
    "0 0 31 * *",
)
# Iterating 10,000 fires of a leap-day or last-Tuesday schedule would run past the year 2099 that
# cron's year field stops at, so iteration uses the expressions that stay near.
ITERATED = ("*/5 * * * *", "0 9 * * mon-fri", "1/2 8-18 * * mon-fri")
STOCKHOLM = ZoneInfo("Europe/Stockholm")
FIRST, LAST = datetime(1975, 1, 1, tzinfo=timezone.utc), datetime(2096, 1, 1, tzinfo=timezone.utc)


def random_starts(count: int, seed: int = 2026) -> list[datetime]:
    """`count` UTC instants spread over 1975–2095, never on a whole minute (so 'after' and 'at or
    after' agree)."""
    rng, span = random.Random(seed), int((LAST - FIRST).total_seconds())
    return [
        FIRST + timedelta(seconds=rng.randrange(span), microseconds=rng.randrange(1, 10**6))
        for _ in range(count)
    ]


def starts_near_now(count: int, seed: int = 7) -> list[datetime]:
    """`count` UTC instants over the coming year (its DST changes included), as a service sees."""
    rng, now = random.Random(seed), datetime.now(timezone.utc)
    return [
        now + timedelta(seconds=rng.randrange(365 * 86400), microseconds=rng.randrange(1, 10**6))
        for _ in range(count)
    ]


def agreement(reference, other, starts: list[datetime]) -> str:
    """On how many of `starts` both libraries give the same next instant."""
    return f"{sum(same_instant(reference(s), other(s)) for s in starts)}/{len(starts)}"


def same_instant(a: datetime | None, b: datetime | None) -> bool:
    """Equal as instants (zones may differ), or both None."""
    return a == b if a is None or b is None else a.timestamp() == b.timestamp()


def rate_rows(zone_name: str, rivals: dict, target: float, sizes: Sizes) -> list[Row]:
    """One row per expression: our calls/s and each rival's from random starts (ratios of the
    medians), the ratio to croniter from starts near now beside it, and the verdict."""
    zone = timezone.utc if zone_name == "UTC" else ZoneInfo(zone_name)
    pool = [start.astimezone(zone) for start in random_starts(sizes.starts)]
    near = [start.astimezone(zone) for start in starts_near_now(len(pool))]
    target_text = f"≥ {target:g}× croniter (random starts)"
    rows = []
    for expression in EXPRESSIONS:
        measure = f"next-fire calls/s, {zone_name} `{expression}`"
        contenders, unusable = competitors.next_fire_callables(rivals, expression, zone)
        if "croniter" not in contenders:
            rows.append(not_measured(measure, target_text, "croniter is not installed"))
            continue
        try:
            mine = ours.compiled(expression, zone_name).next_after
        except ours.Unavailable as missing:
            rows.append(not_measured(measure, target_text, str(missing)))
            continue
        far = rate_runs({"ours": mine} | contenders, pool, sizes)
        soon = rate_runs({"ours": mine, "croniter": contenders["croniter"]}, near, sizes)
        sample = pool[: sizes.agreement_starts]
        agrees = {name: agreement(mine, rival, sample) for name, rival in contenders.items()}
        rows.append(rate_row(measure, target_text, far, soon, target, agrees, unusable))
    return rows


def rate_row(measure, target_text, far, soon, target, agrees, unusable) -> Row:
    """Our rates against each rival's, ratios of the medians, the verdict on croniter."""
    mine = far.pop("ours")
    ratio = median(mine) / median(far["croniter"])
    soon_ratio = median(soon["ours"]) / median(soon["croniter"])
    others = "; ".join(
        f"{name} {spread(rates, number)}/s ({median(mine) / median(rates):.1f}×)"
        for name, rates in far.items()
    )
    note = (
        f"from now: ours {number(median(soon['ours']))}/s, {soon_ratio:.1f}× croniter; "
        "same next fire as ours: " + ", ".join(f"{name} {count}" for name, count in agrees.items())
    )
    if unusable:
        note += "; " + "; ".join(unusable)
    return Row(
        measure,
        f"{spread(mine, number)}/s",
        others,
        target_text,
        verdict(ratio >= target),
        note,
    )


def utc_rows(sizes: Sizes, _artefacts: dict) -> list[Row]:
    """The six expressions in UTC against croniter, APScheduler 3, cronsim and tomodachi."""
    rivals = dict(competitors.NEXT_FIRE)
    return rate_rows("UTC", rivals, 20, sizes)


def dst_rows(sizes: Sizes, _artefacts: dict) -> list[Row]:
    """The six expressions in Europe/Stockholm (tomodachi has no zones)."""
    rivals = {name: make for name, make in competitors.NEXT_FIRE.items() if name != "tomodachi"}
    return rate_rows("Europe/Stockholm", rivals, 10, sizes)


def iterate_rows(sizes: Sizes, _artefacts: dict) -> list[Row]:
    """Seconds to walk `sizes.iterate_fires` successive fires, ours against croniter."""
    count, start = sizes.iterate_fires, datetime(2026, 1, 1, 0, 0, 7, tzinfo=timezone.utc)
    rows = []
    for expression in ITERATED:
        measure = f"iterate {count:,} fires `{expression}`"
        try:
            schedule = ours.compiled(expression, "UTC")
        except ours.Unavailable as missing:
            rows.append(not_measured(measure, "≥ 30× croniter", str(missing)))
            continue
        walk_ours = partial(lambda s: list(itertools.islice(s.iter_after(start), count)), schedule)
        walk_croniter = partial(competitors.croniter_fires, expression, start, count)
        mine, theirs = seconds_runs(walk_ours, sizes), seconds_runs(walk_croniter, sizes)
        ratio = median(theirs) / median(mine)
        same = all(map(same_instant, walk_ours(), walk_croniter()))
        rows.append(
            Row(
                measure,
                spread([1000 * s for s in mine], lambda v: f"{v:,.1f}") + " ms",
                f"croniter {spread([1000 * s for s in theirs], lambda v: f'{v:,.1f}')} ms "
                f"({ratio:.1f}×)",
                "≥ 30× croniter",
                verdict(ratio >= 30),
                f"all {count:,} fires {'identical' if same else 'NOT identical'} in both; "
                "the first run is cold, the others reuse the schedule's caches",
            )
        )
    return rows


def seconds_runs(work, sizes: Sizes) -> list[float]:
    """Seconds taken by each of `sizes.repeats` runs of `work()`."""
    runs = []
    for _ in range(sizes.repeats):
        started = time.perf_counter()
        work()
        runs.append(time.perf_counter() - started)
    return runs
