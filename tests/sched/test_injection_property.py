"""Arbitrary text in every position of a `.sched` file (and its file name) is either refused
with the project's error or compiles to a module that imports and carries the text unchanged;
no text ever becomes code (issue 12.8)."""

from __future__ import annotations

import sys
import types

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tomodachi_schedule.compiler.sched.compile import compile_sched, generate_python
from tomodachi_schedule.errors import ScheduleError
from tomodachi_schedule.runtime.decorators import scheduled_specs

TEMPLATE = """\
timezone "{zone}"
coordinator "sqlite:///tmp/{coordinator}.db"
service "{service}" {{
    tick: "{spec}" -> tsched_prop_handlers:tick  [timeout="{timeout}", exclusive]
}}
"""
DEFAULTS = {
    "zone": "UTC",
    "coordinator": "claims",
    "service": "billing",
    "spec": "every 5 minutes",
    "timeout": "30s",
    "file": "billing.sched",
}
# texts that stress quoting and line structure most, then anything at all
NASTY = st.sampled_from(
    ['"""', "'''", "\\N", "\\", "\n", "\r", "\x00", "\x0c", "\u2028", "\udcff", "#", "{", "é"]
)
TEXT = st.one_of(
    st.text(max_size=30),
    st.lists(st.one_of(NASTY, st.text(max_size=4)), max_size=6).map("".join),
)


def _handlers_module() -> None:
    module = types.ModuleType("tsched_prop_handlers")

    async def tick():
        pass

    module.tick = tick
    sys.modules["tsched_prop_handlers"] = module


def _import(source: str, name: str) -> types.ModuleType:
    module = types.ModuleType(name)
    exec(compile(source, f"<{name}>", "exec"), module.__dict__)  # noqa: S102 - the test's point
    return module


@settings(
    max_examples=400,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(position=st.sampled_from(sorted(DEFAULTS)), text=TEXT)
def test_any_text_in_any_position_is_refused_or_carried_unchanged(position, text, capsys):
    _handlers_module()
    values = dict(DEFAULTS, **{position: text})
    source = TEMPLATE.format(**values)
    capsys.readouterr()
    try:
        compilation = compile_sched(
            source, source_name=values["file"], display_name=values["file"], search_path=None
        )
        generated = generate_python(compilation)
    except ScheduleError as error:
        error.render()  # the error itself renders, whatever the text
        return
    module = _import(generated, "tsched_prop_generated")
    assert capsys.readouterr().out == ""  # importing printed nothing: no text became code
    (service,) = [
        v for v in vars(module).values() if isinstance(v, type) and v.__module__ == module.__name__
    ]
    assert service.name == values["service"]
    (spec,) = scheduled_specs(service.tick)
    assert spec.interval == values["spec"]
    assert spec.schedule.zone == values["zone"] or values["zone"] in str(spec.schedule.zone)
    assert module.COORDINATOR == f"sqlite:///tmp/{values['coordinator']}.db"
    assert values["file"] in module.__doc__
