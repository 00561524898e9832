"""Every "did you mean" of a `.sched` error proposes something that works where it stands:
applied to the file, that error is gone (a keyword allowed on that line, an option allowed in
that block, a spec that compiles, a handler the module defines, a zone that resolves)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tomodachi_schedule.compiler.sched.compile import compile_sched
from tomodachi_schedule.errors import Diagnostic, ScheduleError, locate

BROKEN = Path(__file__).parent / "broken"
CORPUS = sorted(BROKEN.glob("*.sched"))

# near misses beside the broken corpus: a keyword or option misspelt where only some are allowed
NEAR_MISSES = {
    "keyword in a service": 'service "x" {\n    timezon "UTC"\n    a: 20 -> m:f\n}\n',
    "top-level keyword": 'coordinater "sqlite:///tmp/x.db"\nservice "x" {\n    a: 20 -> m:f\n}\n',
    "handlers at the top": 'handler m\nservice "x" {\n    a: 20 -> m:f\n}\n',
    "option in defaults": 'service "x" {\n    defaults [imediately]\n    a: 20 -> m:f\n}\n',
    "option of an entry": 'service "x" {\n    a: 20 -> m:f [overlpa=queue]\n}\n',
    "policy": 'service "x" {\n    a: 20 -> m:f [overlap=qeue]\n}\n',
    "spec word": 'service "x" {\n    a: "every mondey at 9" -> m:f\n}\n',
    "spec zone": 'service "x" {\n    a: "every day at 9 in Europe/Stokholm" -> m:f\n}\n',
    "zone setting": 'timezone "Europe/Stokholm"\nservice "x" {\n    a: 20 -> m:f\n}\n',
}


def _problems(source: str) -> tuple[Diagnostic, ...]:
    try:
        compile_sched(source, source_name="t.sched", search_path=[str(BROKEN)])
    except ScheduleError as error:
        return error.diagnostics
    return ()


def _applied(source: str, diagnostic: Diagnostic, proposal: str) -> str:
    """``source`` with the proposal in place: a word at the caret, a whole spec in its string,
    or a whole line."""
    assert diagnostic.span is not None
    start, end = diagnostic.span.start, diagnostic.span.end
    where = locate(source, start)
    line_end = where.line_start + len(where.line_text)
    if " " not in proposal:
        return source[:start] + proposal + source[end:]
    for string in re.finditer(r'"[^"\n]*"', where.line_text):
        low, high = where.line_start + string.start(), where.line_start + string.end()
        if low < start < high and '"' not in proposal:
            return source[: low + 1] + proposal + source[high - 1 :]
    indent = where.line_text[: len(where.line_text) - len(where.line_text.lstrip())]
    return source[: where.line_start] + indent + proposal + source[line_end:]


def _cases() -> list[tuple[str, str]]:
    files = [(path.stem, path.read_text()) for path in CORPUS]
    return files + list(NEAR_MISSES.items())


@pytest.mark.parametrize(("name", "source"), _cases(), ids=[name for name, _ in _cases()])
def test_every_did_you_mean_works_where_it_stands(name: str, source: str) -> None:
    for diagnostic in _problems(source):
        proposal = re.fullmatch(r"did you mean '(.+)'\?", diagnostic.hint or "")
        if proposal is None:
            continue
        fixed = _applied(source, diagnostic, proposal.group(1))
        line = locate(source, diagnostic.span.start).line
        after = [
            d
            for d in _problems(fixed)
            if d.span is not None and locate(fixed, d.span.start).line == line
        ]
        assert diagnostic.message not in [d.message for d in after], (name, proposal.group(1))


@pytest.mark.parametrize(
    ("source", "not_proposed"),
    [
        (
            'service "x" {\n    coordinater "sqlite:///tmp/x.db"\n    a: 20 -> m:f\n}\n',
            "coordinator",
        ),
        ('handler m\nservice "x" {\n    a: 20 -> m:f\n}\n', "handlers"),
        ('service "x" {\n    defaults [timezon="UTC"]\n    a: 20 -> m:f\n}\n', "timezone"),
    ],
)
def test_a_keyword_or_option_not_allowed_there_is_never_proposed(source, not_proposed) -> None:
    hints = " ".join(d.hint or "" for d in _problems(source))
    assert f"did you mean '{not_proposed}" not in hints


def test_near_misses_get_a_proposal() -> None:
    for name, source in NEAR_MISSES.items():
        hints = [d.hint or "" for d in _problems(source)]
        if name == "handlers at the top":
            continue  # 'handlers' belongs in a service: nothing to propose on that line
        assert any(h.startswith("did you mean") for h in hints), (name, hints)
