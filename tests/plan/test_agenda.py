"""The agenda of `tomodachi-compile plan`: every fire in the window, checked against iter_after."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from tomodachi_schedule.compiler import parse_schedule
from tomodachi_schedule.compiler.cli.registry import main
from tomodachi_schedule.compiler.plan.agenda import GAP, REPEATED_FIRST, fires_between
from tomodachi_schedule.compiler.plan.render import JSON_KEYS
from tomodachi_schedule.compiler.plan.sources import GENERATED_MARK, read_sources
from tomodachi_schedule.compiler.sched.codegen import HEADER_MARK

REPO = Path(__file__).resolve().parents[2]
EXAMPLES = REPO / "examples"
START = datetime(2026, 3, 27, tzinfo=timezone.utc)
END = START + timedelta(hours=96)  # Friday to Tuesday, across Europe's spring-forward night


def plan_json(capsys, *argv: str) -> list[dict]:
    assert main(["plan", *argv, "--json"]) == 0
    return [json.loads(line) for line in capsys.readouterr().out.splitlines()]


def expected_fires(spec: str, zone: str | None, start: datetime, end: datetime) -> list[str]:
    schedule = parse_schedule(int(spec) if spec.isdigit() else spec, timezone=zone)
    fires = []
    for at in schedule.iter_after(start - timedelta(microseconds=1)):
        if at >= end:
            break
        fires.append(at.astimezone(timezone.utc).isoformat().replace("+00:00", "Z"))
    return fires


SPRING_NIGHT = (datetime(2026, 3, 28, 18, tzinfo=timezone.utc), timedelta(hours=16))
WEEKEND = (START, END - START)


@pytest.mark.parametrize(
    ("example", "window"),
    [("multizone.sched", WEEKEND), ("multizone.py", WEEKEND), ("seed.sched", SPRING_NIGHT),
     ("seed.py", SPRING_NIGHT)],
)  # fmt: skip
def test_every_fire_of_the_examples_matches_iter_after(capsys, example, window):
    start, end = window[0], window[0] + window[1]
    records = plan_json(capsys, str(EXAMPLES / example), "--from", start.isoformat(),
                        "--until", end.isoformat(), "--tz", "UTC")  # fmt: skip
    sched = EXAMPLES / example.replace(".py", ".sched")
    expected = []
    for planned in read_sources([str(sched)]):
        zone = getattr(planned.schedule, "zone", None)
        for fire in expected_fires(planned.spec, zone, start, end):
            expected.append((fire, planned.service, planned.name))
    got = [(r["utc"], r["service"], r["schedule"]) for r in records]
    assert sorted(got) == sorted(expected)
    assert [r["utc"] for r in records] == sorted(r["utc"] for r in records)  # time order
    assert len(records) > 10


def test_json_keys_are_the_documented_ones(capsys):
    records = plan_json(capsys, str(EXAMPLES / "multizone.sched"), "--from", START.isoformat())
    assert records and all(tuple(r) == JSON_KEYS for r in records)
    docs = (REPO / "docs" / "operations.md").read_text()
    assert all(f"`{key}`" in docs for key in JSON_KEYS)


def test_display_zone_and_own_zone_in_text(capsys):
    assert main(["plan", str(EXAMPLES / "multizone.sched"), "--from", "2026-03-30T00:00Z",
                 "--hours", "24", "--tz", "Europe/Stockholm"]) == 0  # fmt: skip
    lines = capsys.readouterr().out.splitlines()
    tokyo = next(line for line in lines if "tokyo_opening" in line)
    assert tokyo.startswith("2026-03-30 02:00:00 +02:00  2026-03-30 09:00:00 +09:00 Asia/Tokyo")
    stockholm = next(line for line in lines if "stockholm_opening" in line)
    assert "Europe/Stockholm" not in stockholm.split("office-hours")[0]  # same zone: shown once


def test_dst_gap_and_repeated_hour_are_noted():
    gap = parse_schedule("every day at 02:30", timezone="Europe/Stockholm")
    hourly = parse_schedule("every hour", timezone="Europe/Stockholm")
    schedules = [_planned(gap), _planned(hourly)]
    spring = list(fires_between(schedules, START, END))
    shifted = [f for f in spring if f.dst == GAP]
    assert [f.at.isoformat() for f in shifted] == ["2026-03-29T03:30:00+02:00"]
    autumn_start = datetime(2026, 10, 25, tzinfo=timezone.utc)
    autumn = list(fires_between(schedules, autumn_start, autumn_start + timedelta(hours=4)))
    repeated = [f for f in autumn if f.dst]
    assert {f.dst for f in repeated} == {REPEATED_FIRST, "repeated-second"}
    assert {f.at.utcoffset() for f in repeated} == {timedelta(hours=2), timedelta(hours=1)}


def test_a_day_of_busy_schedules_lists_every_fire_once_in_order(capsys):
    # how fast: bench/plan.py (`python bench/run.py --only plan`), not a timed unit test
    schedules = [
        _planned(parse_schedule("every 10 seconds")),
        _planned(parse_schedule("* * * * *")),
    ]
    fires = list(fires_between(schedules, START, START + timedelta(hours=24)))
    assert len(fires) == 8640 + 1440
    assert [f.at for f in fires] == sorted(f.at for f in fires)
    assert len({(f.at, f.row) for f in fires}) == len(fires)


def test_generated_module_is_read_without_importing_it(tmp_path, capsys):
    generated = (EXAMPLES / "multizone.py").read_text()
    assert GENERATED_MARK == HEADER_MARK
    module = tmp_path / "generated.py"  # its handler module does not exist here: never imported
    module.write_text(generated.replace("import multizone_handlers", "import no_such_module_x"))
    records = plan_json(capsys, str(module), "--from", START.isoformat(), "--hours", "24")
    assert {r["service"] for r in records} == {"office-hours", "billing-apac"}
    assert "no_such_module_x" not in sys.modules


def test_generated_module_with_code_in_a_schedule_is_refused(tmp_path, capsys):
    generated = (EXAMPLES / "multizone.py").read_text()
    module = tmp_path / "generated.py"
    injected = generated.replace("minutes=ts.bits((0,)),", "minutes=__import__('os').getpid(),", 1)
    assert injected != generated
    module.write_text(injected)
    assert main(["plan", str(module)]) == 1
    err = capsys.readouterr().err
    assert "not built by runtime calls alone" in err and "Traceback" not in err


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["missing.sched"], "missing.sched: no such file"),
        (["x.txt"], "expected a .sched file or a .py file"),
        ([str(EXAMPLES / "seed.sched"), "--from", "tuesday"], "is not an ISO 8601"),
        ([str(EXAMPLES / "seed.sched"), "--hours", "0"], "--hours must be more than 0"),
        ([str(EXAMPLES / "seed.sched"), "--tz", "Mars/Base"], "unknown time zone"),
        ([str(EXAMPLES / "seed.sched"), "--from", "2026-01-02", "--until", "2026-01-01"],
         "--until must be after --from"),
    ],
)  # fmt: skip
def test_bad_input_is_one_clear_line(tmp_path, capsys, argv, message):
    (tmp_path / "x.txt").write_text("")
    argv = [str(tmp_path / a) if a == "x.txt" else a for a in argv]
    assert main(["plan", *argv]) == 1
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err


def test_plan_command_in_a_real_process():
    result = subprocess.run(
        [sys.executable, "-m", "tomodachi_schedule.compiler.cli", "plan",
         str(EXAMPLES / "multizone.sched"), "--from", "2026-03-30T00:00Z", "--hours", "24",
         "--tz", "UTC", "--json"],
        capture_output=True, text=True, timeout=30,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    names = [json.loads(line)["schedule"] for line in result.stdout.splitlines()]
    assert names == ["tokyo_opening", "day_rollover", "stockholm_opening", "new_york_opening",
                     "india_settlement"]  # fmt: skip


def _planned(schedule):
    from tomodachi_schedule.compiler.plan.sources import PlannedSchedule

    return PlannedSchedule(service="s", name=schedule.spec, spec=schedule.spec,
                           schedule=schedule, source="<test>")  # fmt: skip


assert ZoneInfo  # the zones above are read through the schedules; tzdata must be present
