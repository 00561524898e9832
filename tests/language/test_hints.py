"""Hints that lead somewhere: a refused spec's hint proposes the nearest spec that compiles.

``cases/near_miss.txt`` pairs near misses with the whole spec the hint must propose; every
proposal any hint makes (after "did you mean" or "say") must itself compile, and no hint may
name a parser token.
"""

from __future__ import annotations

import re
from datetime import datetime, timezone
from importlib import resources
from itertools import islice

import pytest

import tomodachi_schedule.compiler as compiler
from tomodachi_schedule.compiler import compile_spec, repairs
from tomodachi_schedule.compiler.spec.read.parse import looks_like_cron
from tomodachi_schedule.compiler.spec.vocabulary import english_words
from tomodachi_schedule.errors import ScheduleError

from .conftest import case_lines

NEAR_MISSES = [tuple(line.split(" ;; ")) for line in case_lines("near_miss.txt")]
REFUSED = (
    [spec for spec, _ in NEAR_MISSES]
    + case_lines("errors.txt")
    + [line.split(" ;; ")[0] for line in case_lines("ambiguous.txt")]
)


def _refusal(spec: str) -> ScheduleError:
    with pytest.raises(ScheduleError) as caught:
        compile_spec(spec, timezone="UTC")
    return caught.value


@pytest.mark.parametrize(("spec", "proposal"), NEAR_MISSES)
def test_a_near_miss_proposes_the_nearest_accepted_phrasing(spec: str, proposal: str) -> None:
    assert proposal in _refusal(spec).diagnostics[0].hint.replace('"', "'")
    compile_spec(proposal, timezone="UTC")  # raises if the proposal is refused


@pytest.mark.parametrize("spec", REFUSED)
def test_every_proposal_of_a_hint_compiles(spec: str) -> None:
    for diagnostic in _refusal(spec).diagnostics:
        for _verb, proposal in repairs._proposals(diagnostic.hint or ""):
            if looks_like_cron(spec) and _verb == "say":
                continue  # cron hints name field forms ('5L'), not whole specs
            compile_spec(proposal, timezone="UTC")


def _terminal_names() -> set[str]:
    folder = resources.files("tomodachi_schedule.grammar")
    text = "\n".join(folder.joinpath(n).read_text() for n in ("natural.lark", "time.lark"))
    return set(re.findall(r"^\s*(_?[A-Z][A-Z0-9_]+)(?:\.\d+)?\s*:", text, re.MULTILINE))


@pytest.mark.parametrize("spec", REFUSED)
def test_no_hint_names_a_parser_token(spec: str) -> None:
    tokens = _terminal_names() | {"$END", "END"}
    for diagnostic in _refusal(spec).diagnostics:
        hint = diagnostic.hint or ""
        assert not re.search(r"<[a-z-]+>|\$END|__ANON", hint), hint
        assert not set(re.findall(r"[A-Z][A-Z_]{2,}", hint)) & tokens, hint


def test_every_terminal_has_words_for_a_user() -> None:
    from tomodachi_schedule.compiler.diagnostics import _describe

    for name in _terminal_names():
        assert not re.fullmatch(r"'[a-z_]*_[a-z_]*'", _describe(name)), name


@pytest.mark.parametrize("word", sorted(set(english_words())))
def test_a_known_word_is_never_corrected_into_another(word: str) -> None:
    assert list(repairs._respelt([word], 0)) == []


@pytest.mark.parametrize(
    "spec", ["biweekly", "fortnightly", "every day at 9am in CET", "every day at 9 in cet"]
)
def test_words_that_were_wrongly_corrected_are_accepted(spec: str) -> None:
    compile_spec(spec)


@pytest.mark.parametrize("spec", [line.split(" ;; ")[0] for line in case_lines("ambiguous.txt")])
def test_an_ambiguous_spec_is_never_repaired_into_one_reading(spec: str) -> None:
    assert "did you mean" not in (_refusal(spec).diagnostics[0].hint or "")


def test_an_accepted_spec_costs_no_repair_search(monkeypatch) -> None:
    def refuse(*_args):
        raise AssertionError("a repair search for an accepted spec")

    monkeypatch.setattr(repairs, "with_nearest_phrasing", refuse)
    for line in case_lines("phrases.txt")[:60]:
        compile_spec(line.split(" ;; ")[0], timezone="UTC")


@pytest.mark.parametrize(
    "spec", ["every day at 9am except on christmas", "twice a day", "every day at 9 sharp please"]
)
def test_the_search_is_bounded(spec: str, monkeypatch) -> None:
    compiled = []
    original = compiler._compile

    def counting(*args):
        compiled.append(args[0])
        return original(*args)

    monkeypatch.setattr(compiler, "_compile", counting)
    _refusal(spec)
    assert len(compiled) <= 1 + repairs.MAX_TRIES


def _fires(spec: str) -> list[float]:
    start = datetime(2026, 3, 1, tzinfo=timezone.utc)
    schedule = compile_spec(spec, timezone="Europe/Stockholm").schedule
    return [fire.timestamp() for fire in islice(schedule.iter_after(start), 30)]


def _near_misses(damage) -> list[tuple[str, str]]:
    """(accepted phrase, the phrase with one word damaged) for each phrase of the corpus."""
    pairs = []
    for line in case_lines("phrases.txt"):
        words = line.split(" ;; ")[0].split()
        for index, word in enumerate(words):
            damaged = damage(word)
            if damaged is not None:
                pairs.append(
                    (" ".join(words), " ".join(words[:index] + damaged + words[index + 1 :]))
                )
    return pairs


def _proposals_keep_the_meaning(pairs: list[tuple[str, str]]) -> int:
    """How many near misses got a proposal; each proposal fires as the undamaged phrase."""
    proposed = 0
    for phrase, near in pairs:
        try:
            compile_spec(near, timezone="Europe/Stockholm")
            continue  # still accepted: nothing to propose
        except ScheduleError as error:
            hint = error.diagnostics[0].hint or ""
        proposal = re.fullmatch(r"did you mean '(.+)'\?", hint)
        if proposal is not None:
            proposed += 1
            assert _fires(proposal.group(1)) == _fires(phrase), (phrase, near, proposal.group(1))
    return proposed


def test_a_proposal_for_a_dropped_linking_word_means_the_phrase() -> None:
    """Every corpus phrase without one of its linking words: a proposal has its fires."""
    linking = {"the", "on", "at", "in", "of", "every", "from"}
    pairs = _near_misses(lambda word: [] if word.lower() in linking else None)
    assert _proposals_keep_the_meaning(pairs) >= 100  # 111 of 555 on 2026-12-03


def test_a_proposal_for_a_misspelt_word_means_the_phrase() -> None:
    """Every corpus word of 6+ letters with its 4th letter dropped: a proposal has its fires."""
    pairs = _near_misses(lambda w: [w[:3] + w[4:]] if w.isalpha() and len(w) >= 6 else None)
    assert _proposals_keep_the_meaning(pairs) >= 190  # 204 of 205 on 2026-12-03
