"""Entry names that would shadow a name the generated module uses are refused at compile time
(issue 12.9): the runtime alias, a handler module's top-level package, the attributes tomodachi
and our runtime read from a service."""

from __future__ import annotations

import pytest

from tomodachi_schedule.compiler.sched.compile import compile_sched
from tomodachi_schedule.errors import ScheduleError

SCHED = """\
service "shop" {{
    first: "every day at 06:00" -> jobs.daily:restock
    {name}: "every day at 07:00" -> jobs.daily:restock
    last: "every day at 08:00" -> jobs.daily:restock
}}
"""


@pytest.mark.parametrize(
    "name, why",
    [
        ("ts", "the module's name for the tomodachi_schedule runtime"),
        ("jobs", "the handler package 'jobs'"),
        ("schedule_grace_period", "an attribute tomodachi or this runtime reads"),
        ("name", "an attribute"),
        ("uuid", "an attribute"),
        ("logger", "an attribute"),
        ("message_envelope", "an attribute"),
        ("schedule_gate", "an attribute"),
    ],
)
def test_a_shadowing_entry_name_is_refused(name, why):
    with pytest.raises(ScheduleError) as error:
        compile_sched(SCHED.format(name=name), source_name="shop.sched")
    rendered = error.value.render()
    assert f"entry name {name!r}" in rendered and why in rendered
    assert "shop.sched:3:5" in rendered


def test_a_runtime_alias_name_is_free_when_the_module_uses_another():
    compile_sched(SCHED.format(name="ts_other"), source_name="shop.sched")
