"""Spec text to AST: pick the notation, run the cached LALR parsers, turn lark errors into ours."""

from __future__ import annotations

import re
from functools import cache
from importlib import resources
from pathlib import Path

from lark import Lark, Transformer
from lark.exceptions import UnexpectedInput, VisitError

from tomodachi_schedule.compiler.diagnostics import syntax_error
from tomodachi_schedule.compiler.spec import nodes as n
from tomodachi_schedule.compiler.spec.read.cron_reader import read_cron
from tomodachi_schedule.compiler.spec.read.cron_transform import CronTransformer
from tomodachi_schedule.compiler.spec.read.lalr import first_chars, lark_scanner, pattern_codes
from tomodachi_schedule.compiler.spec.read.lalr.lark_scanner import (
    plan_scanners,
    remember_first_chars,
    use_sequential_scanners,
)
from tomodachi_schedule.compiler.spec.read.lalr.parser_cache import cached_parser
from tomodachi_schedule.compiler.spec.read.transform import PhraseTransformer
from tomodachi_schedule.compiler.spec.vocabulary import MONTHS, WEEKDAYS
from tomodachi_schedule.errors import Diagnostic, ScheduleError, Span, problem

# One cron field: numbers, * ? L W # , - / and month/weekday abbreviations (Ltue, tueL, 15W).
_NAME = "(?:" + "|".join(MONTHS + WEEKDAYS) + ")"
_CRON_ATOM = re.compile(rf"^(?:\d+|\*|\?|L|W|LW|\d+[LW]|L\d|L?{_NAME}|{_NAME}L|)$", re.IGNORECASE)
_CRON_TOKEN = re.compile(r"^[\w*?,/#-]+$")
_ISO_DATE = re.compile(r"^\d{4}-\d{1,2}-\d{1,2}$")


@cache
def _parser(notation: str) -> Lark:
    """The LALR parser of a notation, once per process, loaded whole from disk when a process
    before built it from the same grammar (`parser_cache`; lark's own cache below that)."""
    names = ("cron.lark",) if notation == "cron" else ("spec.lark", "natural.lark", "time.lark")
    folder = resources.files("tomodachi_schedule.grammar")
    grammar = "\n".join(folder.joinpath(name).read_text(encoding="utf-8") for name in names)
    options = dict(
        start="cron" if notation == "cron" else "start",
        parser="lalr",
        lexer="contextual",
        propagate_positions=True,
        cache=True,
    )
    build = lambda: plan_scanners(remember_first_chars(Lark(grammar, **options)))  # noqa: E731
    # the stored parser carries first_chars' answers and the patterns' code: a changed analysis
    # or a change in what is compiled is a new file too
    made_by = "".join(
        Path(module.__file__).read_text(encoding="utf-8")  # type: ignore[arg-type]
        for module in (first_chars, lark_scanner, pattern_codes)
    )
    parser = cached_parser(notation, grammar + made_by, build, repr(options))
    return use_sequential_scanners(parser)  # no per-state regex build on a spec's path


def looks_like_cron(text: str) -> bool:
    """True when every word is a cron field (``30 5 * jan,mar Ltue``) or the text is a macro."""
    words = text.split()
    if not words:
        return False
    if words[0].startswith("@"):
        return True
    if len(words) == 1 and (words[0].isalpha() or _ISO_DATE.match(words[0])):
        return False  # "mondays", "2026-12-01": English
    # the first two words decide ("0 0 * jam *" is cron with a typo, "5 seconds" is English)
    return all(_is_cron_word(word) for word in words[:2]) and all(
        _CRON_TOKEN.match(w) for w in words
    )


def _is_cron_word(word: str) -> bool:
    if not _CRON_TOKEN.match(word):
        return False
    return all(_CRON_ATOM.match(atom) for atom in re.split(r"[,/#-]", word))


def parse_spec(text: str) -> tuple[n.Spec, tuple[Diagnostic, ...]]:
    """The AST of a spec and the problems found while building it; syntax errors raise."""
    if not text.strip():
        raise ScheduleError(
            (
                problem(
                    "the schedule is empty",
                    Span(start=0, end=len(text)),
                    "try 'every 5 minutes', '0 9 * * mon-fri' or '22:15:30'",
                ),
            ),
            source=text,
        )
    _refuse_other_digits(text)
    if not looks_like_cron(text):
        return _parse_english(text)
    if _short_without_cron_symbols(text):
        try:  # "24 dec", "5 mon": English if it reads as English, else cron's field-count error
            return _parse_english(text)
        except ScheduleError:
            pass
    expr, problems = _parse_cron(text, text)
    return n.Spec(text=text, body=expr, span=expr.span), problems


def _refuse_other_digits(text: str) -> None:
    """ASCII digits only: ``٥`` or a full-width ``９`` look like digits and are easy to misread."""
    for index, char in enumerate(text):
        if char.isdigit() and not char.isascii():
            problem = Diagnostic(
                message=f"{char!r} is not one of the digits 0-9",
                span=Span(start=index, end=index + 1),
                hint="write numbers with the ASCII digits 0-9",
            )
            raise ScheduleError((problem,), source=text)


def _short_without_cron_symbols(text: str) -> bool:
    return len(text.split()) < 5 and not any(symbol in text for symbol in "*?/,#@")


def _parse_english(text: str) -> tuple[n.Spec, tuple[Diagnostic, ...]]:
    problems: list[Diagnostic] = []

    def parse_cron(inner: str, offset: int) -> n.CronExpr:
        expr, inner_problems = _parse_cron(inner, text, offset)
        problems.extend(inner_problems)
        return expr

    transformer = PhraseTransformer(text, parse_cron)
    spec = _transform(_run("english", text, text), transformer)
    return spec, tuple(transformer.problems) + tuple(problems)


def _parse_cron(
    text: str, source: str, offset: int = 0
) -> tuple[n.CronExpr, tuple[Diagnostic, ...]]:
    """Well-formed cron by regex; lark reads (and reports on) the rest."""
    expr = read_cron(text, offset)
    if expr is not None:
        return expr, ()
    transformer = CronTransformer(source, offset)
    expr = _transform(_run("cron", text, source, offset), transformer)
    return expr, tuple(transformer.problems)


def _run(notation: str, text: str, source: str, offset: int = 0):
    """Parse; the one place lark's syntax errors are caught and turned into a ScheduleError."""
    try:
        return _parser(notation).parse(text)
    except UnexpectedInput as error:
        diagnostic = syntax_error(error, text, notation, offset)
        raise ScheduleError((diagnostic,), source=source) from None


def _transform(tree, transformer: Transformer):
    try:
        return transformer.transform(tree)
    except VisitError as error:  # a nested cron string failed to parse: surface its error
        if isinstance(error.orig_exc, ScheduleError):
            raise error.orig_exc from None
        raise
