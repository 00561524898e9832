"""Writes docs/performance.md: the table, the plot, the machine, the command, the date, and what it all means."""

from __future__ import annotations

import dataclasses
import os
import subprocess
from datetime import datetime, timezone
from pathlib import Path

from bench.report import MISSED, NOT_MEASURED, Row, machine, markdown_table

NOTES = Path(__file__).resolve().parent / "notes.md"  # hand-written analysis, kept across re-runs

METHOD = """\
## How to reproduce

```sh
pip install -e '.[bench]'          # croniter, APScheduler 3, cronsim, tomodachi 0.29, redis, matplotlib
python bench/run.py                # everything (~15 min); writes build/bench/performance.md (untracked)
python bench/run.py --update-docs  # the same, and rewrites this page and docs/img/lateness.png
python bench/run.py --only lateness --only idle   # some families only
python bench/run.py --quick        # tiny sizes (what CI runs): proves the scripts run
python bench/run.py --only idle --idle-seconds 330   # idle CPU in the steady state
```

The families are `nextfire-utc`, `nextfire-dst`, `chain`, `iterate`, `parse`, `one-spec`, `compile`,
`generated-import`, `lateness`, `idle`, `memory`, `imports`, `startup`, `claims`, `plan`. Nothing is
installed by the script; a contender or a binary that is missing turns its row into "not measured:
why", never into a number. Every timed row of a full run is the median of three runs, with the
range of the runs in brackets: `median (lowest–highest)`.

## What each figure means, and which figures depend on warm caches

- **next-fire calls/s** — calls per second of "the first fire strictly after this instant", each
  library compiled once where its API allows: our `parse_schedule(expr, timezone=zone).next_after`,
  croniter moved with `set_current` then `get_next`, APScheduler 3's
  `CronTrigger.get_next_fire_time(None, start)`, cronsim's `next(CronSim(expr, start))` (it has no
  way to move an iterator), tomodachi's `get_next_datetime(expr, start)` (which parses on every
  call — its only API). The starts are 5,000 random instants over 1975–2095 (never on a whole
  minute); the target is judged on them. The note gives the same ratio from 5,000 instants over the
  coming year ("from now", a service's case). Each run is a batch of about 0.25 s cycling through
  the starts, contenders interleaved run by run. **Warm caches:** our engine keeps bounded caches
  (a process-wide date cache of 1,024 days, per schedule 600 month masks, 240 "next month" answers
  and 1,024 month jumps, per zone the transitions of 4,096 years and the segments found). 5,000
  starts over 121 years (1,452 months) miss the date cache on almost every call and the month
  caches on many; the "from now" starts fit the caches after the first run. The zone transitions
  of the 121 years are read once per process (from the zone's TZif file, ~30 µs a year).
  `30 5 * jan,mar Ltue` is spelled `30 5 * jan,mar L2` for croniter, `2L` for cronsim and
  `CronTrigger(month="jan,mar", day="last tue", hour=5, minute=30)` for APScheduler. The note counts
  on how many of 200 starts each library gives the same instant as ours.
- **chained next_after** — 2,000 fires walked one `next_after` at a time, each fed the previous fire,
  from 2026-01-01 in Europe/Stockholm (`0 0 29 2 *` ends at 9996, after 1,933 fires). **Cold:** each
  run is a fresh process, so every year's transitions, month masks and dates are computed on the
  way, as after a restart; croniter's figure is from the same process, the order alternating.
- **iterate 10,000 fires** — walking successive fires with our `iter_after` against croniter's
  `get_next` loop; only expressions whose 10,000th fire comes before 2099. The first run is cold,
  the next two reuse the schedule's caches.
- **parse + validate + lower** — `parse_schedule` on distinct specs: every spec of a run is new to
  the process (no cache can help), none is an integer (integers skip the parser). The cron specs are
  given, unchanged, to croniter's, APScheduler's `CronTrigger.from_crontab` and cronsim's
  constructors. English specs are measured alone (no other library reads them).
- **one spec through parse_schedule** — issue 11's budget, one spec ≤ 1 ms: every spec written in
  the language tests' corpus (`tests/language/cases/*.txt`: phrases, fires, equivalences, errors,
  ambiguities, near misses; ~490 accepted, ~110 refused) timed alone, CPU time, in three fresh
  processes, each after importing the compiler and in its own random order; a spec's figure is its
  median over the three, and the row gives the median, p95, p99 and the largest over the specs.
  **Warm, with first uses:** whatever a process does once (a grammar terminal's pattern compiled, a
  zone's file read, a year table) falls on the spec that first needs it, so a spec with a rare
  form pays for it. Refused specs (their error and hint included) are shown, not judged. The
  cold row is the first spec of a fresh process of each path (cron, English the quick reader
  takes, English through the grammar, a tomodachi timestamp): the modules that path loads, lark
  itself for the grammar, are in it; the import of the compiler is shown beside it.
- **compile** — the whole `tomodachi-compile bench_schedules.sched` process on generated files of
  1,000, 10,000 and 20,000 distinct entries (cron and English), interpreter start included.
- **import a generated module** — a fresh interpreter importing the module compiled from the
  10,000-entry file (and its handler module), after one import wrote the bytecode.
- **fire lateness** — a service process with N functions scheduled every second; each handler's first
  statement takes `time.time()` and the lateness is that minus the nominal whole second. Recording
  starts `warmup_seconds` after the first fire and lasts `lateness_seconds` (see sizes above); a fire that never came is
  reported as lost ("only k/n fires"), never dropped silently. Ours runs under
  `python -m tomodachi_schedule run --log-level warning`, tomodachi 0.29 under
  `python -m tomodachi run --production --loop asyncio --log-level warning` (neither writes a line
  per fire) with `@schedule(interval=1)` on N generated
  methods (its own wall-clock loop per function), and the floor is a bare asyncio loop with our
  scheduler's wake-up (below). Our N schedules are distinct objects (`Interval(every=1,
  anchor=i)`: the same instants, no shared next-fire computation). Ours and the floor run three
  times each (a fresh process each), tomodachi once.
- **N due at one instant** — from the same run with the largest N: for each nominal second, the time
  from that second to the entry of its last handler; the worst second and the median second.
- **idle CPU** — a service with 10,000 schedules of which none is due (`interval=315360000`, ten
  years: tomodachi needs tens of minutes to start 10,000 yearly crons, it computes them minute by
  minute); once started and settled (a second under 2 % of a core), its CPU time over the window from
  `/proc/PID/task/*/schedstat` (nanoseconds, all threads). The default 10-second window sees neither
  our scheduler's housekeeping wake-up (once a minute, `max_sleep`) nor tomodachi's (each of its
  10,000 per-function loops sleeps ~295–300 s at a time, all starting together); `--idle-seconds 330`
  covers both. **memory per schedule, identical intervals** — VmRSS of that process minus VmRSS of
  the same service with one schedule, divided by 10,000. **memory per distinct calendar** — the
  same with 10,000 distinct calendars (`m h d mon * 2099`: none due), after start-up (every
  schedule has computed its next fire, so its fire finder exists).
- **import** — median over fresh interpreters of the time `import X` takes, timed inside the child
  (`perf_counter` around the import, what `python -X importtime` reports): the same quantity as
  `python -c "import X"` minus `python -c pass`, without the interpreter start-up noise. The bare
  `tomodachi_schedule.runtime` is lazy (PEP 562), so the row with `Calendar, Interval, Service` is
  the honest one; the generated module comes from `tomodachi-compile` on a 20-entry file.
- **start → first `immediately` fire** — from just before the process is launched to the entry of the
  handler of `@schedule(interval=20, immediately=True)`, median of runs.
- **claims** — distinct fires through the cluster gate (`Coordinator.from_url(url).gate()`):
  `enter` (the atomic claim and the start record, before the handler runs) is the added latency;
  `exit` records the outcome after the handler. Every store on this machine, with its default
  durability: SQLite is a file in a temporary directory; Redis a temporary `redis-server` on a free
  loopback port without persistence; PostgreSQL a temporary cluster (initdb, `fsync` and
  `synchronous_commit` on) over TCP on loopback; etcd three members on loopback, one Raft group, so
  every write is committed by two members and fsynced. Over a real network each round trip adds
  the network's latency (PostgreSQL and Redis: three per fire; etcd: three commits, each a round
  trip to the leader and from it to a majority).
- **plan** — the whole `tomodachi-compile plan busy.sched --hours 24` process (interpreter start
  included) for a day of `every 10 seconds` and `* * * * *`: 10,080 fires printed in time order;
  judged on the process's CPU time, and met only when every fire was printed.

## The floor

The `floor` figures are a bare asyncio loop with the same wake-up as our scheduler
(runtime/clock.py): one timer a second armed 2 ms early, then `call_soon` polling until the
instant, then the N callbacks (bench/children/floor_loop.py). Nothing else a scheduler does (its
heap, a task per handler, logging) happens there: it is what the wake-up alone costs, and a
scheduler that gives each handler a task of its own adds at least what starting N tasks costs
(about 0.5–1 µs each on this machine when their first steps are run back to back). Without
the early wake a plain `loop.call_at` is typically 1–2 ms late even alone: asyncio waits in
`epoll_wait`, whose timeout is whole milliseconds rounded up.
"""


def code_version() -> str:
    """The commit measured, and whether the package had uncommitted changes (they were measured too)."""
    repo = Path(__file__).resolve().parent.parent
    git = ["git", "-C", str(repo)]
    try:
        commit = subprocess.run(
            git + ["rev-parse", "--short", "HEAD"], capture_output=True, text=True, check=True
        )
        dirty = subprocess.run(
            git + ["status", "--porcelain", "--", "tomodachi_schedule"],
            capture_output=True,
            text=True,
            check=True,
        )
    except (OSError, subprocess.CalledProcessError):
        return "unknown (not a git checkout)"
    changes = " with uncommitted changes in tomodachi_schedule/" if dirty.stdout.strip() else ""
    return f"commit {commit.stdout.strip()}{changes}"


def status_summary(rows: list[Row]) -> str:
    """One sentence counting the verdicts."""
    count = lambda status: sum(row.status == status for row in rows)  # noqa: E731
    return (
        f"{count('met')} targets met, {count(MISSED)} missed, {count(NOT_MEASURED)} not measured "
        f"({len(rows)} rows)."
    )


def write_page(
    path: Path, rows: list[Row], command: str, plot: Path | None, artefacts: dict, sizes
) -> None:
    """Write the whole page to `path`."""
    when = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    parts = [
        "# Performance",
        "",
        "Measured side by side with croniter, APScheduler 3, tomodachi 0.29 and a bare asyncio loop, "
        "in one run. Ratios from the same run are the figures that count; absolute numbers depend on "
        "the machine and on what else it was doing.",
        "",
        f"- command: `{command}`",
        f"- date: {when}",
        f"- machine: {machine()}",
        f"- code measured: {code_version()}",
        f"- sizes: {', '.join(f'{name}={value}' for name, value in dataclasses.asdict(sizes).items())}",
        "",
        "## Results",
        "",
        status_summary(rows),
        "",
        markdown_table(rows),
        "",
    ]
    if plot is not None:
        relative = os.path.relpath(plot, path.parent)
        parts += [f"![fire lateness per contender]({relative})", ""]
    elif "lateness" in artefacts:
        parts += ["(No lateness plot: matplotlib is not installed, or no run recorded a fire.)", ""]
    parts.append(METHOD)
    if NOTES.exists():
        parts += ["", NOTES.read_text().rstrip(), ""]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(parts))
