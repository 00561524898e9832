"""The words of a generated module's schedules: a plain cron's ``cron '...':`` lead given by
`ts.cron_calendar` from its spec, printed where only the compiler knows them (a cron written with
more than one space between fields), left to the runtime otherwise, and the same text either way."""

from __future__ import annotations

import pytest

import tomodachi_schedule.runtime as ts
from tomodachi_schedule.compiler import compile_spec
from tomodachi_schedule.compiler.sched.entries import parse_spec_cached
from tomodachi_schedule.compiler.sched.expressions import expression
from tomodachi_schedule.compiler.spec.nodes import CronExpr
from tomodachi_schedule.errors import ScheduleError

from ..language.corpus_specs import corpus_specs

BENCH_LIKE = (
    "5 4 * * mon-fri",
    "every weekday at 09:30",
    "every 15 minutes from 08:00 to 23:59 on weekdays",
    "every other friday at 17:00",
    "every day at 12:00 except on december 25",
    "every day at 12:00 until 2027-06-30",
    "at 16:15 and 18:30",
    "2030-01-01T12:00:00",
    "@daily",
)


def _accepted(zone: str | None) -> list[tuple[str | int, object]]:
    found: list[tuple[str | int, object]] = [(20, parse_spec_cached(20, zone))]
    for spec in (*corpus_specs(), *BENCH_LIKE):
        schedule = parse_spec_cached(spec, zone)
        if not isinstance(schedule, ScheduleError):
            found.append((spec, schedule))
    return found


@pytest.mark.parametrize("zone", [None, "Europe/Stockholm"])
def test_the_module_s_schedules_say_what_the_compiler_says(zone):
    accepted = _accepted(zone)
    assert len(accepted) > 400  # the corpus's accepted specs, each compiled in this zone
    for spec, schedule in accepted:
        written = expression(schedule, "ts.").text  # what the generated module builds
        rebuilt = eval(written, {"ts": ts})  # noqa: S307 - our own generated expression
        said = compile_spec(spec, timezone=zone).schedule.explain()  # a fresh compile's words
        assert rebuilt.explain() == said, spec
        if written.startswith("ts.cron_calendar("):  # the lead comes from the spec at run time
            assert "description=" not in written, spec
            assert said == f"cron {spec!r}: " + rebuilt.describe(), spec
        else:  # printed only when the runtime could not say it from the fields
            assert ("description=" in written) == (rebuilt.describe() != said), spec


def test_only_plain_crons_are_written_as_cron_calendars():
    written = {
        spec: expression(schedule, "ts.").text for spec, schedule in _accepted("Europe/Stockholm")
    }
    cron_calendars = {spec for spec, text in written.items() if "cron_calendar(" in text}
    assert "5 4 * * mon-fri" in cron_calendars
    assert len(cron_calendars) > 20
    assert all(isinstance(compile_spec(spec).ast.body, CronExpr) for spec in cron_calendars)


def test_a_plain_cron_keeps_its_lead_in_the_module():
    schedule = parse_spec_cached("5 4 * * mon-fri", "UTC")
    written = expression(schedule, "ts.").text
    assert written.startswith('ts.cron_calendar(spec="5 4 * * mon-fri",')
    rebuilt = eval(written, {"ts": ts})  # noqa: S307 - our own generated expression
    assert rebuilt.explain() == "cron '5 4 * * mon-fri': every weekday at 04:05 in UTC"
    assert rebuilt == schedule and type(rebuilt) is ts.Calendar


def test_a_cron_spaced_unevenly_has_its_words_printed():
    schedule = parse_spec_cached("5  4 * *   mon-fri", "UTC")
    written = expression(schedule, "ts.").text
    assert written.startswith("ts.Calendar(")
    assert "description=\"cron '5 4 * * mon-fri': every weekday at 04:05 in UTC\"" in written
