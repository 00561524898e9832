"""Rendered errors for a corpus of bad specs: one reviewable snapshot each (__snapshots__/)."""

from __future__ import annotations

import pytest

from tomodachi_schedule.compiler import parse_schedule
from tomodachi_schedule.errors import ScheduleError

from .conftest import case_lines

BAD = case_lines("errors.txt")


def _rendered(spec: str | int, **options) -> str:
    with pytest.raises(ScheduleError) as caught:
        parse_schedule(spec, **options)
    return caught.value.render()


@pytest.mark.parametrize("spec", BAD)
def test_bad_spec_error(spec: str, snapshot) -> None:
    rendered = _rendered(spec, timezone="UTC")
    assert rendered.startswith("<schedule>:") and "Traceback" not in rendered
    assert rendered == snapshot


def test_error_spans_point_into_the_spec() -> None:
    error = pytest.raises(ScheduleError, parse_schedule, 'cron "0 0 * * mun" in UTC').value
    (problem,) = error.diagnostics
    assert 'cron "0 0 * * mun" in UTC'[problem.span.start : problem.span.end] == "mun"


def test_all_problems_are_reported_at_once() -> None:
    error = pytest.raises(ScheduleError, parse_schedule, "60 24 32 13 *").value
    assert [d.message.split()[0] for d in error.diagnostics] == [
        "minute",
        "hour",
        "day-of-month",
        "month",
    ]


def test_source_name_is_used() -> None:
    assert _rendered("every mondey", source_name="interval").startswith("interval:1:7: error:")


@pytest.mark.parametrize("spec", ["", "   ", 0, -5, True, 1.5])
def test_empty_and_non_string_specs(spec) -> None:
    assert "error" in _rendered(spec)


def test_bad_timezone_argument() -> None:
    assert "did you mean 'Europe/Stockholm'" in _rendered("every day", timezone="Europe/Stokholm")
