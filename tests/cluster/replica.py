"""A replica process for the multi-process tests, driven one command per stdin line.

``tick TRUE_MS [hold]``: the true time is now TRUE_MS (this replica's clock adds its skew); fire
every nominal instant up to its clock, like a scheduler would. ``catchup TRUE_MS``: start-up
catch-up. ``quit``. Each run appends ``<nominal_ms> <owner>`` to the runs file from the
"handler" itself, so the tests count executions, not claims. With ``hold`` the first fire won
is left running (the test then kills the process).
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from types import SimpleNamespace

from tomodachi_schedule.runtime.cluster.claims import from_ms
from tomodachi_schedule.runtime.cluster.config import store_from_url
from tomodachi_schedule.runtime.cluster.gate import Coordinator
from tomodachi_schedule.runtime.cluster.options import Exclusive
from tomodachi_schedule.runtime.engine.calendar import Calendar
from tomodachi_schedule.runtime.jobs import Fire

# The replicas' schedule: every whole minute, UTC (ticks step through the same instants).
EVERY_MINUTE = Calendar(spec="@minutely", zone="UTC")


class DrivenClock:
    """The test's true time plus this replica's skew."""

    def __init__(self, skew_ms: int):
        self.true_ms = 0
        self.skew_ms = skew_ms

    def now(self):
        return from_ms(self.true_ms + self.skew_ms)


class Replica:
    def __init__(self, args: argparse.Namespace):
        self.args = args
        self.clock = DrivenClock(args.skew_ms)
        self.coordinator = Coordinator(store_from_url(args.url), clock=self.clock)
        options = Exclusive(
            misfire_grace=args.grace,
            catch_up=args.catch_up,
            coalesce=args.coalesce,
            catch_up_limit=args.limit,
        )
        self.gate = self.coordinator.gate(options)
        self.next_ms = args.first_ms

    async def tick(self, true_ms: int, hold: bool) -> str:
        self.clock.true_ms = true_ms
        won, lost = [], []
        while self.next_ms <= true_ms + self.clock.skew_ms:
            fire = Fire(self.args.service, self.args.job, from_ms(self.next_ms))
            (won if await self.run(fire, hold) else lost).append(self.next_ms)
            self.next_ms += 60_000
        return _report(won, lost)

    async def catch_up(self, true_ms: int) -> str:
        self.clock.true_ms = true_ms
        job = SimpleNamespace(service=self.args.service, name=self.args.job, schedule=EVERY_MINUTE)
        won, lost = [], []
        for instant in await self.gate.catch_up(job):
            fire = Fire(self.args.service, self.args.job, instant, catch_up=True)
            (won if await self.run(fire, hold=False) else lost).append(fire.nominal)
        return _report(
            [round(w.timestamp() * 1000) for w in won], [round(x.timestamp() * 1000) for x in lost]
        )

    async def run(self, fire: Fire, hold: bool) -> bool:
        if not await self.gate.enter(fire):
            return False
        with open(self.args.runs, "a") as runs:  # one short line per write: atomic with O_APPEND
            runs.write(f"{round(fire.nominal.timestamp() * 1000)} {self.coordinator.owner}\n")
        if hold:
            print(f"holding {round(fire.nominal.timestamp() * 1000)}", flush=True)
            sys.stdin.readline()  # wait here until the test kills us
        await self.gate.exit(fire, "ok", None)
        return True


def _report(won: list[int], lost: list[int]) -> str:
    return f"won={','.join(map(str, won))} lost={','.join(map(str, lost))}"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--url", required=True)
    parser.add_argument("--runs", required=True)
    parser.add_argument("--first-ms", type=int, required=True)
    parser.add_argument("--skew-ms", type=int, default=0)
    parser.add_argument("--grace", type=float, default=60.0)
    parser.add_argument("--catch-up", type=float, default=0.0)
    parser.add_argument("--coalesce", default="latest")
    parser.add_argument("--limit", type=int, default=10)
    parser.add_argument("--service", default="billing")
    parser.add_argument("--job", default="send_invoices")
    replica = Replica(parser.parse_args())
    loop = asyncio.new_event_loop()
    print(f"ready {replica.coordinator.owner}", flush=True)
    for line in sys.stdin:
        command, *rest = line.split()
        if command == "quit":
            break
        if command == "tick":
            answer = replica.tick(int(rest[0]), hold=rest[1:] == ["hold"])
        else:
            answer = replica.catch_up(int(rest[0]))
        print(loop.run_until_complete(answer), flush=True)
    loop.run_until_complete(replica.coordinator.close())


if __name__ == "__main__":
    main()
