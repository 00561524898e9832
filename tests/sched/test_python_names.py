"""Keywords in handler references: every entry is checked, each module path split once."""

from __future__ import annotations

from tomodachi_schedule.compiler.sched.parse import parse_sched
from tomodachi_schedule.compiler.sched.validate import check_python_names

SOURCE = """service "a" {
    one: "hourly" -> jobs.tasks:run
    two: "hourly" -> jobs.tasks:import
    three: "hourly" -> class.tasks:run
    four: "hourly" -> class.tasks:run
    five: "hourly" -> jobs.tasks:run
}
service "b" {
    handlers jobs.tasks
    six: "hourly" -> pass
    seven: "hourly" -> fine
}
"""


def test_each_entry_with_a_keyword_is_reported_once_with_its_first_keyword():
    tree, problems = parse_sched(SOURCE)
    assert tree is not None and not problems
    found = [
        (SOURCE[d.span.start : d.span.end], d.message.split()[0]) for d in check_python_names(tree)
    ]
    assert found == [
        ("jobs.tasks:import", "'import'"),
        ("class.tasks:run", "'class'"),
        ("class.tasks:run", "'class'"),
        ("pass", "'pass'"),
    ]
