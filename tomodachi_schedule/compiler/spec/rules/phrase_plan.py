"""Which of the phrase rules a phrase is asked: those that can find something in a phrase with
its classes of clauses."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import lru_cache

from tomodachi_schedule.compiler.spec import nodes as n
from tomodachi_schedule.compiler.spec.rules.phrase import (
    NEEDS,
    RULES,
    WHEN_KINDS,
    check_needs_when,
    check_repeats,
)
from tomodachi_schedule.errors import Diagnostic


@lru_cache(maxsize=1024)
def rules_for(kinds: tuple[type, ...]) -> tuple[Callable[[n.Phrase], Iterator[Diagnostic]], ...]:
    """The rules of `RULES` that can find a problem in a phrase whose clauses are of these classes
    (in order): which do depends on the classes alone, so validation asks once per sequence of
    them (test_validation_shortcuts checks the others find nothing on the corpus's phrases)."""
    present = frozenset(kinds)
    return tuple(rule for rule in RULES if _may_find(rule, kinds, present))


def _may_find(rule: Callable, kinds: tuple[type, ...], present: frozenset[type]) -> bool:
    if rule is check_repeats:
        return len(present) < len(kinds)  # a kind of clause twice
    if rule is check_needs_when:
        return present.isdisjoint(WHEN_KINDS)
    needed = NEEDS.get(rule)
    return needed is None or not present.isdisjoint(needed)
