"""Times specs one at a time through parse_schedule in a fresh process, printing JSON.

argv: a JSON file holding the specs, then a seed. The specs are parsed once each, in an order
shuffled by the seed, so the first-use costs of a process (a grammar terminal's pattern compiled,
a zone's file read) fall on whichever spec meets them first. Times are CPU nanoseconds of this
process (other processes' turns on a shared machine do not count).
"""

from __future__ import annotations

import json
import random
import sys
import time

started = time.process_time_ns()
from tomodachi_schedule.compiler import parse_schedule  # noqa: E402
from tomodachi_schedule.errors import ScheduleError  # noqa: E402

imported = time.process_time_ns()


def timed(spec: str) -> tuple[int, bool]:
    """CPU nanoseconds parse_schedule took on ``spec``, and whether it accepted it."""
    begin = time.process_time_ns()
    try:
        parse_schedule(spec, timezone="Europe/Stockholm")
        accepted = True
    except ScheduleError:
        accepted = False
    return time.process_time_ns() - begin, accepted


def main() -> None:
    with open(sys.argv[1], encoding="utf-8") as file:
        specs = json.load(file)
    random.Random(int(sys.argv[2])).shuffle(specs)
    times = {spec: timed(spec) for spec in specs}
    lark = "lark" in sys.modules  # whether a spec went through the grammar
    print(
        json.dumps(
            {"import_ns": imported - started, "first": specs[0], "times": times, "lark": lark}
        )
    )


main()
