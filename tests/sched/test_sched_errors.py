"""The corpus of broken `.sched` files: every problem reported at once, rendered with carets."""

from __future__ import annotations

from pathlib import Path

import pytest

from tomodachi_schedule.compiler.sched.compile import compile_sched
from tomodachi_schedule.errors import ScheduleError, render_diagnostic

BROKEN = Path(__file__).parent / "broken"
CORPUS = sorted(BROKEN.glob("*.sched"))


def rendered_problems(path) -> str:
    """Errors and warnings of compiling ``path``, as the CLI prints them."""
    source = path.read_text()
    try:
        compilation = compile_sched(source, source_name=path.name, search_path=[str(BROKEN)])
    except ScheduleError as error:
        warnings = [render_diagnostic(w, source, path.name) for w in error.warnings]
        return "\n".join([*warnings, error.render()]) + "\n"
    return "\n".join(render_diagnostic(w, source, path.name) for w in compilation.warnings) + "\n"


@pytest.mark.parametrize("path", CORPUS, ids=[path.stem for path in CORPUS])
def test_broken_file_errors(path, text_snapshot):
    assert rendered_problems(path) == text_snapshot


def test_every_broken_file_fails_except_the_warnings_cases():
    failing = set()
    for path in CORPUS:
        try:
            compile_sched(path.read_text(), source_name=path.name, search_path=[str(BROKEN)])
        except ScheduleError:
            failing.add(path.stem)
    assert failing == {path.stem for path in CORPUS if not path.stem.startswith("warnings_")}


def test_several_syntax_errors_are_reported_together():
    text = rendered_problems(BROKEN / "syntax_several_lines.sched")
    lines = [line for line in text.splitlines() if ": error: " in line]
    assert [line.split(":")[1] for line in lines] == ["4", "6", "7", "8"]


def test_a_crash_inside_the_spec_compiler_is_reported_at_the_spec(monkeypatch):
    import tomodachi_schedule.compiler as compiler
    from tomodachi_schedule.compiler.sched.entries import parse_spec_cached

    def broken(spec, **_):
        raise RuntimeError("boom")

    monkeypatch.setattr(compiler, "parse_schedule", broken)
    parse_spec_cached.cache_clear()
    source = 'service "s" {\n    a: "hourly" -> m:f\n}\n'
    try:
        with pytest.raises(ScheduleError) as raised:
            compile_sched(source, source_name="s.sched")
    finally:
        parse_spec_cached.cache_clear()
    assert raised.value.render().splitlines()[:3] == [
        "s.sched:2:8: error: the schedule compiler failed on this spec: RuntimeError: boom",
        '        a: "hourly" -> m:f',
        "           ^^^^^^^^",
    ]
