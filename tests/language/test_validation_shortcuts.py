"""Validation's shortcuts find what the plain computations find: the phrase rules asked by the
classes of a phrase's clauses (`rules_for`), the value checks given only the nodes they look at
(`value_problems`, `collect`), and zone names remembered once they resolved."""

from __future__ import annotations

import pytest

from tomodachi_schedule.compiler.spec import nodes as n
from tomodachi_schedule.compiler.spec.rules import phrase as phrase_rules
from tomodachi_schedule.compiler.spec.rules import values
from tomodachi_schedule.compiler.spec.rules.node_walk import collect, walk
from tomodachi_schedule.compiler.spec.rules.phrase_plan import rules_for
from tomodachi_schedule.compiler.spec.validate import _phrase_problems, phrases

from .test_spec_shortcuts import PHRASES, TREES

# phrases the corpus may lack: a kind of clause twice, and no clause that says when
_MADE = [
    n.Phrase(clauses=(n.Zone(name="UTC"), n.Zone(name="CET"))),
    n.Phrase(clauses=(n.Zone(name="UTC"),)),
    n.Phrase(clauses=(n.Times(times=(n.TimeOfDay(hour=9),)), n.Times(times=()))),
]


def _kinds(part: n.Phrase) -> tuple[type, ...]:
    return tuple(type(clause) for clause in part.clauses)


def test_a_rule_left_out_for_a_phrase_finds_nothing_in_it():
    asked_less = 0
    for part in PHRASES + _MADE:
        chosen = rules_for(_kinds(part))
        assert set(chosen) <= set(phrase_rules.RULES)
        asked_less += len(chosen) < len(phrase_rules.RULES)
        for rule in phrase_rules.RULES:
            if rule not in chosen:
                assert list(rule(part)) == [], (rule, part)
    assert asked_less > 300  # most phrases are asked fewer rules: the check is not vacuous


def test_the_phrase_problems_are_those_of_every_rule_in_order():
    spoke = 0
    for tree in TREES:
        parts = phrases(tree.body)
        everything = [d for part in parts for rule in phrase_rules.RULES for d in rule(part)]
        if isinstance(tree.body, n.Union):
            everything += phrase_rules.check_union(tree.body)
        assert _phrase_problems(tree, parts) == everything, tree.text
        spoke += bool(everything)
    assert spoke > 30


def test_the_rules_asked_for_made_phrases_include_the_ones_that_speak():
    twice, no_when, times_twice = _MADE
    assert phrase_rules.check_repeats in rules_for(_kinds(twice))
    assert phrase_rules.check_needs_when in rules_for(_kinds(no_when))
    assert list(phrase_rules.check_needs_when(no_when))
    assert list(phrase_rules.check_repeats(times_twice))
    every = n.Phrase(clauses=(n.Every(unit="day"), n.Times(times=(n.TimeOfDay(hour=9),))))
    assert phrase_rules.check_repeats not in rules_for(_kinds(every))
    assert phrase_rules.check_needs_when not in rules_for(_kinds(every))


def _every_check(body: n.Node, zone: str | None) -> list:
    """What validation asked before: each check over every node of the walk."""
    nodes = walk(body)
    found = values.check_times(nodes) + list(values.check_dates(nodes))
    found += values.check_day_items(nodes)
    return found + list(values.check_zones(nodes, zone))


@pytest.mark.parametrize("zone", [None, "Europe/Stockholm", "Mars/Olympus", "cest", " UTC "])
def test_the_value_problems_are_each_check_over_the_whole_walk(zone):
    bodies = [tree.body for tree in TREES if not isinstance(tree.body, n.CronExpr)]
    if zone in ("Mars/Olympus", "cest"):  # each report guesses a zone (~10 ms): fewer bodies
        bodies = bodies[::25]
    spoke = 0
    for _ in range(2):  # the second time, the zones that resolved are remembered
        for body in bodies:
            expected = _every_check(body, zone)
            assert values.value_problems(body, zone) == expected, body
            spoke += bool(expected)
    assert spoke > 10  # the corpus has specs with bad times, dates and zones


def test_a_zone_that_does_not_resolve_is_never_remembered():
    for _ in range(2):
        (found,) = values.value_problems(n.Phrase(clauses=()), "Mars/Olympus")
        assert found.message == "unknown time zone 'Mars/Olympus'"
    assert "Mars/Olympus" not in values._RESOLVED
    values.value_problems(n.Phrase(clauses=()), "Asia/Tokyo")
    assert "Asia/Tokyo" in values._RESOLVED


def test_collect_sorts_out_the_walk_by_exact_class():
    group_of = {n.TimeOfDay: 0, n.Weekdays: 1, n.Days: 1, n.Zone: 2, n.MonthDay: 2}
    for tree in TREES:
        groups: tuple[list, ...] = ([], [], [])
        collect(tree.body, group_of, groups)
        nodes = walk(tree.body)
        for index, group in enumerate(groups):
            expected = [node for node in nodes if group_of.get(type(node)) == index]
            assert [id(node) for node in group] == [id(node) for node in expected]


def test_no_class_the_value_checks_select_is_subclassed():
    """collect matches classes exactly where the checks ask isinstance."""
    for kind in values._GROUP:
        assert kind.__subclasses__() == [], kind
