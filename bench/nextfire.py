"""Next-fire calls/s in UTC and in Europe/Stockholm across 2026's DST changes, and long iteration."""

from __future__ import annotations

import contextlib
import itertools
import random
import time
from datetime import datetime, timedelta, timezone
from functools import partial
from zoneinfo import ZoneInfo

from bench import competitors, ours
from bench.measure import Sizes, best_rates
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
# cron's year field (and our engine) stops at, so iteration uses the expressions that stay near.
ITERATED = ("*/5 * * * *", "0 9 * * mon-fri", "1/2 8-18 * * mon-fri")
STOCKHOLM = ZoneInfo("Europe/Stockholm")
DST_DAYS = (datetime(2026, 3, 29, tzinfo=STOCKHOLM), datetime(2026, 10, 25, tzinfo=STOCKHOLM))


def spread_starts(count: int, seed: int = 2026) -> list[datetime]:
    """`count` UTC instants spread over 2026, never on a whole minute (so 'after' and 'at or after' agree)."""
    rng = random.Random(seed)
    origin = datetime(2026, 1, 1, tzinfo=timezone.utc)
    return [
        origin + timedelta(seconds=rng.randrange(365 * 86400), microseconds=rng.randrange(1, 10**6))
        for _ in range(count)
    ]


def dst_starts() -> list[datetime]:
    """Stockholm instants across the year plus every 20 minutes through both 2026 transition days."""
    starts = [start.astimezone(STOCKHOLM) for start in spread_starts(300)]
    for day in DST_DAYS:
        midnight = day.astimezone(timezone.utc) - timedelta(hours=2)
        starts += [
            (midnight + timedelta(minutes=20 * i, seconds=7)).astimezone(STOCKHOLM)
            for i in range(84)
        ]
    random.Random(7).shuffle(starts)
    return starts


def agreement(reference, other, starts: list[datetime]) -> str:
    """On how many of `starts` both libraries give the same next instant."""
    return f"{sum(same_instant(reference(s), other(s)) for s in starts)}/{len(starts)}"


def same_instant(a: datetime | None, b: datetime | None) -> bool:
    """Equal as instants (zones may differ), or both None."""
    return a == b if a is None or b is None else a.timestamp() == b.timestamp()


def rate_rows(
    label: str, zone_name: str, starts: list[datetime], rivals: dict, target: float, sizes: Sizes
) -> list[Row]:
    """One row per expression: our calls/s, each rival's, the ratio to croniter and the verdict."""
    zone = timezone.utc if zone_name == "UTC" else ZoneInfo(zone_name)
    target_text = f"≥ {target:g}× croniter"
    rows = []
    for expression in EXPRESSIONS:
        measure = f"next-fire calls/s, {label} `{expression}`"
        contenders = installed(rivals, expression, zone)
        if "croniter" not in contenders:
            rows.append(
                not_measured(
                    measure, target_text, "croniter is not installed: pip install -e '.[bench]'"
                )
            )
            continue
        try:
            mine = ours.compiled(expression, zone_name).next_after
        except ours.Unavailable as missing:
            rates = best_rates(contenders, starts, sizes)
            shown = ", ".join(f"{name} {number(rate)}/s" for name, rate in rates.items())
            rows.append(not_measured(measure, target_text, str(missing), shown))
            continue
        rates = best_rates({"ours": mine} | contenders, starts, sizes)
        agrees = {
            name: agreement(mine, rival, starts[: sizes.agreement_starts])
            for name, rival in contenders.items()
        }
        rows.append(rate_row(measure, target_text, rates, target, agrees))
    return rows


def installed(rivals: dict, expression: str, zone) -> dict:
    """The rivals' next-fire callables for `expression`, leaving out libraries that are not installed."""
    made = {}
    for name, make in rivals.items():
        with contextlib.suppress(ImportError):
            made[name] = make(expression, zone)
    return made


def rate_row(
    measure: str, target_text: str, rates: dict[str, float], target: float, agrees: dict[str, str]
) -> Row:
    """Our rate against each rival's, with the ratio, the verdict on croniter and the agreement counts."""
    mine = rates.pop("ours")
    others = ", ".join(
        f"{name} {number(rate)}/s ({mine / rate:.1f}×)" for name, rate in rates.items()
    )
    note = "same next fire as ours: " + ", ".join(
        f"{name} {count}" for name, count in agrees.items()
    )
    return Row(
        measure,
        f"{number(mine)}/s",
        others,
        target_text,
        verdict(mine / rates["croniter"] >= target),
        note,
    )


def utc_rows(sizes: Sizes, _artefacts: dict) -> list[Row]:
    """The six expressions in UTC against croniter, APScheduler 3 and tomodachi."""
    rivals = {
        "croniter": competitors.croniter_next,
        "APScheduler": competitors.apscheduler_next,
        "tomodachi": competitors.tomodachi_next,
    }
    return rate_rows("UTC", "UTC", spread_starts(500), rivals, 30, sizes)


def dst_rows(sizes: Sizes, _artefacts: dict) -> list[Row]:
    """The six expressions in Europe/Stockholm, starts crowding both DST changes of 2026."""
    rivals = {"croniter": competitors.croniter_next, "APScheduler": competitors.apscheduler_next}
    return rate_rows("Europe/Stockholm", "Europe/Stockholm", dst_starts(), rivals, 10, sizes)


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
        mine, theirs = best_seconds(walk_ours, sizes.repeats), best_seconds(
            walk_croniter, sizes.repeats
        )
        same = all(map(same_instant, walk_ours(), walk_croniter()))
        rows.append(
            Row(
                measure,
                f"{mine * 1000:,.1f} ms",
                f"croniter {theirs * 1000:,.1f} ms ({theirs / mine:.1f}×)",
                "≥ 30× croniter",
                verdict(theirs / mine >= 30),
                f"all {count:,} fires {'identical' if same else 'NOT identical'} in both",
            )
        )
    return rows


def best_seconds(work, repeats: int) -> float:
    """The fastest of `repeats` runs of `work()`, in seconds."""
    best = float("inf")
    for _ in range(repeats):
        started = time.perf_counter()
        work()
        best = min(best, time.perf_counter() - started)
    return best
