"""The one error type: how a diagnostic is made, compared, moved and rendered."""

from __future__ import annotations

import pickle

from tomodachi_schedule.errors import (
    Diagnostic,
    ScheduleError,
    Span,
    did_you_mean,
    problem,
    schedule_error,
)

from .fresh_process import printed_by


class Node:
    span = Span(start=3, end=5)


def test_a_problem_is_placed_at_a_span_a_node_or_nowhere():
    assert problem("bad", Span(start=3, end=5)) == problem("bad", Node())
    assert problem("bad").span is None
    assert problem("odd", None, "a hint", severity="warning").severity == "warning"
    assert len({problem("bad", Node()), problem("bad", Span(start=3, end=5))}) == 1


def test_a_diagnostic_moves_into_a_larger_source():
    moved = problem("bad", Node(), "hint").replace(span=Node.span.shifted(10))
    assert moved == Diagnostic(message="bad", span=Span(start=13, end=15), hint="hint")


def test_an_error_renders_against_its_source_and_keeps_its_problems():
    error = schedule_error(
        "unknown word", Span(start=6, end=9), "did you mean 'day'?", source="every dya"
    )
    assert error.render().splitlines() == [
        "<schedule>:1:7: error: unknown word",
        "    every dya",
        "          ^^^",
        "  hint: did you mean 'day'?",
    ]
    renamed = error.with_source(source_name="cron.txt")
    assert renamed.diagnostics == error.diagnostics and str(renamed).startswith("cron.txt:1:7:")
    copy = pickle.loads(pickle.dumps(error))
    assert isinstance(copy, ScheduleError) and copy.render() == error.render()


def test_did_you_mean_is_one_helper_with_a_cutoff():
    assert did_you_mean("dayly", ["daily", "hourly"]) == "daily"
    assert did_you_mean("xyz", ["daily"]) is None
    assert did_you_mean("servise", ["service"], cutoff=0.75) == "service"


def test_importing_errors_loads_neither_dataclasses_nor_difflib():
    code = "import sys, tomodachi_schedule.errors; print('dataclasses' in sys.modules, 'difflib' in sys.modules)"
    assert printed_by(code) == ["False", "False"]
