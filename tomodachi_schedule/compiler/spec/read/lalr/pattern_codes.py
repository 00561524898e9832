"""The regular expressions of the lark path kept as their compiled code, so that a process makes
each one again without running Python's ``re`` compiler (issue 11: one spec <= 1 ms).

``re.compile`` parses a pattern and compiles it in pure Python (~0.2-0.4 ms for a grammar
terminal); a spec that met a terminal or a parser state no spec of its process had met before paid
that. The parser is built once and kept on disk (`parser_cache`): with it we keep the code of every
pattern its lexers compile (each terminal, each state's "unless" alternation), and a process makes
a pattern from its code with ``_sre.compile``, the C constructor ``re.compile`` itself ends with
(microseconds). The stored file's name hashes Python's version, so the code always comes from the
``re`` that runs it; a pattern without stored code is compiled by ``re`` as before. The patterns
are equal (``==`` compares pattern, flags and code): tests/language/test_pattern_codes.py.
"""

from __future__ import annotations

import _sre  # type: ignore[import-not-found]
import re
from re import _compiler, _parser  # type: ignore[attr-defined]

# (pattern text, flags) -> what _sre.compile takes besides the pattern text
Code = tuple[int, list[int], int, dict[str, int], tuple[str | None, ...]]


def pattern_code(regexp: str, flags: int) -> Code:
    """What ``re.compile(regexp, flags)`` hands ``_sre.compile``, made as it makes it."""
    parsed = _parser.parse(regexp, flags)
    code = [int(op) for op in _compiler._code(parsed, flags)]  # opcodes are int subclasses
    groupindex = dict(parsed.state.groupdict)
    indexgroup: list[str | None] = [None] * parsed.state.groups
    for name, index in groupindex.items():
        indexgroup[index] = name
    return flags | parsed.state.flags, code, parsed.state.groups - 1, groupindex, tuple(indexgroup)


def pattern_from_code(regexp: str, made: Code) -> re.Pattern:
    """The compiled pattern of ``regexp`` from its stored code, without ``re``'s compiler."""
    flags, code, groups, groupindex, indexgroup = made
    return _sre.compile(regexp, flags, code, groups, groupindex, indexgroup)


class PatternShelf:
    """The part of the ``re`` module lark's lexers use (``compile``, ``match``): patterns made
    from stored code where there is one, by ``re`` where not; each made once per process.

    ``recording=True`` (while a parser is built) compiles every pattern asked for into ``codes``.
    """

    def __init__(self, codes: dict[tuple[str, int], Code], recording: bool = False) -> None:
        self.codes, self.recording = codes, recording

    def compile(self, regexp: str, flags: int = 0) -> re.Pattern:
        key = (regexp, flags)
        if self.recording and key not in self.codes:
            self.codes[key] = pattern_code(regexp, flags)
        pattern = _PATTERNS.get(key)
        if pattern is None:
            pattern = _PATTERNS[key] = self._made(key)
        return pattern

    def match(self, regexp: str, text: str, flags: int = 0) -> re.Match | None:
        return self.compile(regexp, flags).match(text)

    def _made(self, key: tuple[str, int]) -> re.Pattern:
        made = self.codes.get(key)
        if made is not None:
            try:
                return pattern_from_code(key[0], made)
            except (RuntimeError, TypeError, ValueError):  # code _sre refuses: compile as re does
                pass
        return compile_with_re(*key)


compile_with_re = re.compile  # a name of its own: the tests check it is not called

# every pattern made in this process, shared by all parsers and states
_PATTERNS: dict[tuple[str, int], re.Pattern] = {}
