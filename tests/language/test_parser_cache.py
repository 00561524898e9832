"""The parsers kept on disk: loaded only when made from the same grammar and options, rebuilt when
anything changed or the file is unusable, and a loaded parser reads every spec as a built one."""

from __future__ import annotations

from importlib import resources

import pytest
from lark import Lark
from lark.exceptions import UnexpectedInput

from tomodachi_schedule.compiler.spec.read.lalr import parser_cache
from tomodachi_schedule.compiler.spec.read.lalr.parser_cache import cached_parser

from .corpus_specs import corpus_specs

OPTIONS = dict(start="cron", parser="lalr", lexer="contextual", propagate_positions=True)


def _grammar(*names: str) -> str:
    folder = resources.files("tomodachi_schedule.grammar")
    return "\n".join(folder.joinpath(name).read_text(encoding="utf-8") for name in names)


@pytest.fixture(autouse=True)
def cache_folder(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    return tmp_path / "tomodachi-schedule"


class Builds:
    """A build function that counts its calls."""

    def __init__(self, grammar: str, **options) -> None:
        self.grammar, self.options, self.count = grammar, options, 0

    def __call__(self) -> Lark:
        self.count += 1
        return Lark(self.grammar, **self.options)


def test_a_second_process_loads_what_the_first_built(cache_folder):
    grammar = _grammar("cron.lark")
    first, second = Builds(grammar, **OPTIONS), Builds(grammar, **OPTIONS)
    built = cached_parser("cron", grammar, first, repr(OPTIONS))
    loaded = cached_parser("cron", grammar, second, repr(OPTIONS))
    assert (first.count, second.count) == (1, 0)
    assert loaded is not built and len(list(cache_folder.iterdir())) == 1
    assert loaded.parse("5 4 * * mon-fri") == built.parse("5 4 * * mon-fri")


def test_a_changed_grammar_or_option_is_built_again(cache_folder):
    grammar = _grammar("cron.lark")
    cached_parser("cron", grammar, Builds(grammar, **OPTIONS), repr(OPTIONS))
    changed = grammar + "\n// one more line\n"
    builds = Builds(changed, **OPTIONS)
    cached_parser("cron", changed, builds, repr(OPTIONS))
    assert builds.count == 1
    other = {**OPTIONS, "propagate_positions": False}
    builds = Builds(grammar, **other)
    assert not cached_parser("cron", grammar, builds, repr(other)).options.propagate_positions
    assert builds.count == 1
    assert len(list(cache_folder.iterdir())) == 3


def test_an_unusable_file_is_built_again_and_replaced(cache_folder):
    grammar = _grammar("cron.lark")
    cached_parser("cron", grammar, Builds(grammar, **OPTIONS), repr(OPTIONS))
    (path,) = cache_folder.iterdir()
    path.write_bytes(b"not a pickle")
    builds = Builds(grammar, **OPTIONS)
    parser = cached_parser("cron", grammar, builds, repr(OPTIONS))
    assert builds.count == 1 and parser.parse("0 0 * * *") is not None
    assert cached_parser("cron", grammar, Builds(grammar, **OPTIONS), repr(OPTIONS)) is not None
    assert path.read_bytes() != b"not a pickle"


def test_another_user_s_file_is_not_loaded(cache_folder, monkeypatch):
    grammar = _grammar("cron.lark")
    cached_parser("cron", grammar, Builds(grammar, **OPTIONS), repr(OPTIONS))
    monkeypatch.setattr(parser_cache.os, "getuid", lambda: 12345, raising=False)
    builds = Builds(grammar, **OPTIONS)
    cached_parser("cron", grammar, builds, repr(OPTIONS))
    assert builds.count == 1


def test_an_unwritable_folder_still_gives_the_parser(tmp_path, monkeypatch):
    blocker = tmp_path / "a-file"
    blocker.write_text("the cache folder cannot be made below a file, even by root")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))
    grammar = _grammar("cron.lark")
    for _ in range(2):
        builds = Builds(grammar, **OPTIONS)
        assert cached_parser("cron", grammar, builds, repr(OPTIONS)).parse("0 0 * * *")
        assert builds.count == 1
    assert blocker.is_file()


def _outcome(parser: Lark, text: str):
    try:
        return parser.parse(text)
    except UnexpectedInput as error:
        return type(error).__name__, error.pos_in_stream, sorted(getattr(error, "expected", ()))


def test_a_loaded_english_parser_reads_the_corpus_as_a_built_one():
    grammar = _grammar("spec.lark", "natural.lark", "time.lark")
    options = {**OPTIONS, "start": "start"}
    built = Lark(grammar, **options)
    cached_parser("english", grammar, Builds(grammar, **options), repr(options))
    builds = Builds(grammar, **options)
    loaded = cached_parser("english", grammar, builds, repr(options))
    assert builds.count == 0
    specs = corpus_specs()
    assert len(specs) > 500
    for text in specs:
        assert _outcome(loaded, text) == _outcome(built, text), text
