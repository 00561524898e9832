"""The shortcuts on one spec's path give what the plain computations give: clauses grouped by class
(`Phrase.find`), the node walk of the value rules, one time of day's masks, a grid's masks from its
hours alone, the repeat rule's early exit, and a cron reader that turns English away at its first
letter."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tomodachi_schedule.compiler.spec import nodes as n
from tomodachi_schedule.compiler.spec.lowering.times import (
    day_ranges,
    group_ordered,
    group_range,
    group_seconds,
)
from tomodachi_schedule.compiler.spec.read.cron_quick import quick_cron_fields
from tomodachi_schedule.compiler.spec.read.parse import parse_spec
from tomodachi_schedule.compiler.spec.rules import phrase as phrase_rules
from tomodachi_schedule.compiler.spec.rules.node_walk import walk
from tomodachi_schedule.compiler.spec.validate import phrases
from tomodachi_schedule.errors import ScheduleError

from .corpus_specs import corpus_specs
from .fresh_process import printed_by


def _corpus_trees() -> list[n.Spec]:
    trees = []
    for text in corpus_specs():
        try:
            trees.append(parse_spec(text)[0])
        except ScheduleError:
            continue
    return trees


TREES = _corpus_trees()
PHRASES = [part for tree in TREES for part in phrases(tree.body)]


def test_the_corpus_has_phrases_of_every_common_clause_kind():
    kinds = {type(clause) for part in PHRASES for clause in part.clauses}
    assert {n.Every, n.Days, n.Times, n.Window, n.Zone, n.Except, n.Starting} <= kinds
    assert len(PHRASES) > 300


def test_find_gives_what_isinstance_selects_for_every_clause_kind_and_base_class():
    for part in PHRASES:
        for kind in (*n.CLAUSE_KINDS, n.Node, n.Weekdays):
            assert part.find(kind) == tuple(c for c in part.clauses if isinstance(c, kind))


def test_no_clause_class_is_subclassed():
    """find groups clauses by their exact class: a subclass would be missed by its base."""
    for kind in n.CLAUSE_KINDS:
        assert kind.__subclasses__() == [], kind


def test_a_phrase_made_again_with_other_clauses_groups_its_own():
    every = n.Every(unit="day", text="every day")
    times = n.Times(times=(n.TimeOfDay(hour=9),))
    first = n.Phrase(clauses=(every,))
    second = n.Phrase(clauses=(every, times, times), span=first.span)
    assert first.find(n.Times) == ()
    assert second.find(n.Times) == (times, times)


def _plain_walk(node: n.Node, into: list) -> list:
    """The walk as it was: every attribute that holds a node, or a tuple of them."""
    into.append(node)
    for value in vars(node).values():
        children = value if isinstance(value, tuple) else (value,)
        for child in children:
            if isinstance(child, n.Node):
                _plain_walk(child, into)
    return into


def test_the_walk_visits_what_a_walk_of_every_attribute_visits():
    for tree in TREES:
        assert walk(tree.body) == _plain_walk(tree.body, [])
        assert [id(x) for x in walk(tree.body)] == [id(x) for x in _plain_walk(tree.body, [])]


@pytest.mark.parametrize("time", [0, 1, 59, 60, 3599, 3600, 45296, 86399])
def test_one_time_of_day_has_the_masks_of_the_general_grouping(time):
    (masks,) = group_seconds([time])
    assert [masks] == group_ordered([time])
    seconds, minutes, hours = masks
    assert (seconds.bit_length() - 1, minutes.bit_length() - 1, hours.bit_length() - 1) == (
        time % 60,
        time // 60 % 60,
        time // 3600,
    )


def test_the_general_grouping_makes_exactly_the_given_times():
    for times in ([5, 3605], [0, 60, 7200], list(range(0, 86400, 900)), [59, 61, 86399]):
        made = set()
        for seconds, minutes, hours in group_seconds(times):
            for s, m, h in itertools.product(range(60), range(60), range(24)):
                if seconds >> s & 1 and minutes >> m & 1 and hours >> h & 1:
                    made.add(h * 3600 + m * 60 + s)
        assert made == set(times)


_SECOND_OF_DAY = st.integers(0, 86399)
_STEP = st.one_of(st.sampled_from([1, 2, 7, 45, 60, 90, 900, 3600, 5400]), st.integers(1, 86400))


@settings(max_examples=300, deadline=None)
@given(_SECOND_OF_DAY, _SECOND_OF_DAY, _STEP)
def test_a_grid_grouped_by_hours_has_the_masks_of_its_listed_times(first, last, step):
    first, last = min(first, last), max(first, last)
    assert group_range(first, last, step) == group_seconds(range(first, last + 1, step))


@settings(max_examples=300, deadline=None)
@given(_SECOND_OF_DAY, _SECOND_OF_DAY, _STEP)
def test_a_grid_past_midnight_continues_on_the_next_day(first, last, step):
    times = range(first, last + (86400 if last < first else 0) + 1, step)
    listed = [(t % 86400, t // 86400) for t in times]
    assert [
        (t, shift) for b, e, shift in day_ranges(first, last, step) for t in range(b, e + 1, step)
    ] == listed


def test_every_minute_and_every_two_seconds_are_grouped_exactly():
    assert group_range(0, 86399, 60) == [(1, (1 << 60) - 1, (1 << 24) - 1)]
    (seconds, minutes, hours), *rest = group_range(9 * 3600, 86399, 2)
    assert not rest and seconds == int("01" * 30, 2) and hours == ((1 << 24) - 1) & ~((1 << 9) - 1)


def _repeats_in_full(part: n.Phrase) -> list:
    """check_repeats without its early exit (the body after the first three lines)."""
    found = []
    for kind, label in phrase_rules._SINGLE.items():
        found += [(label, extra) for extra in part.find(kind)[1:]]
    found += [("days", extra) for extra in part.find(n.Days)[2:]]
    return found


def test_the_repeat_rule_reports_exactly_when_the_full_rule_would():
    twice = n.Phrase(clauses=(n.Zone(name="UTC"), n.Zone(name="CET")))
    assert list(phrase_rules.check_repeats(twice))
    for part in PHRASES + [twice]:
        reported = list(phrase_rules.check_repeats(part))
        assert len(reported) == len(_repeats_in_full(part))


@pytest.mark.parametrize(
    "text", ["every 5 minutes", "a 1 * * *", "mon * * * *", "L * * * *", "jan 1 * * *"]
)
def test_a_spec_starting_with_a_letter_is_never_a_plain_cron(text):
    assert quick_cron_fields(text) is None


def test_a_plain_cron_is_still_read_quickly():
    assert quick_cron_fields("5 4 * * mon-fri") is not None
    assert quick_cron_fields("  5 4 * * *") is not None


def test_a_scanner_compiles_only_the_terminals_it_tries():
    """issue 11's cold path: the first spec lark reads compiles the patterns it meets, not all."""
    from tomodachi_schedule.compiler.spec.read.lalr import lark_scanner
    from tomodachi_schedule.compiler.spec.read.parse import _parser

    parser = _parser.__wrapped__("english")  # a parser of its own, built as the first one is
    terminals = {(t.pattern.to_regexp(), 0) for t in parser.parser.lexer.root_lexer.terminals}
    saved = dict(lark_scanner._MATCHERS)
    lark_scanner._MATCHERS.clear()
    try:
        tree = parser.parse("every 2 hours")
        compiled = set(lark_scanner._MATCHERS)
    finally:
        lark_scanner._MATCHERS.clear()
        lark_scanner._MATCHERS.update(saved)
    assert tree is not None
    assert 0 < len(compiled) < len(terminals)


def test_specs_the_quick_readers_take_do_not_import_lark():
    """A process whose specs are all common (and intervals) never pays for importing lark."""
    program = (
        "import sys\n"
        "from tomodachi_schedule.compiler import parse_schedule\n"
        "for spec in (20, '5 4 * * mon-fri', 'every weekday at 09:00 in Europe/Stockholm',\n"
        "             'every 15 minutes from 09:00 to 17:00 on mondays and fridays'):\n"
        "    parse_schedule(spec)\n"
        "print('lark' in sys.modules)\n"
        "parse_schedule('every 2nd tuesday of the month at 9:30 pm')\n"
        "print('lark' in sys.modules)\n"
    )
    assert printed_by(program) == ["False", "True"]


def test_a_rule_says_nothing_about_a_phrase_without_the_clauses_it_needs():
    """validate skips a phrase rule when the phrase has none of the kinds in `NEEDS`."""
    assert set(phrase_rules.NEEDS) <= set(phrase_rules.RULES)
    reported = dict.fromkeys(phrase_rules.NEEDS, 0)
    for part in PHRASES:
        for rule, kinds in phrase_rules.NEEDS.items():
            reported[rule] += len(list(rule(part)))
            others = tuple(c for c in part.clauses if not isinstance(c, kinds))
            assert list(rule(n.Phrase(clauses=others, span=part.span))) == [], (rule, part)
    # the corpus's refused specs make most rules speak: the check above is not vacuous
    assert sum(count > 0 for count in reported.values()) >= 6, reported
