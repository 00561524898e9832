"""The LALR parsers kept on disk whole, so that a process's first spec read by lark loads one pickle
instead of rebuilding the parser from lark's own cache (issue 11's cold path: ~25 -> ~5 ms).

A file is named by a hash of everything the parser is made from (grammar text, options, lark's and
Python's versions, this format's number), so a changed grammar is a new name and can never load
a stale parser; nothing is tracked in the repository. A file that cannot be read, is not this
user's, or does not unpickle is ignored and the parser is built again. The folder is
``$XDG_CACHE_HOME/tomodachi-schedule`` (default ``~/.cache``); where it cannot be written the
parser is simply built each time, as lark would.
"""

from __future__ import annotations

import hashlib
import importlib
import io
import os
import pickle
import sys
import tempfile
import types
from collections.abc import Callable
from pathlib import Path

import lark
from lark import Lark
from lark.parsers import lalr_analysis

_FORMAT = 1  # raise when what is pickled changes shape
# lark tells parser actions apart by identity (``action is Shift``): they are pickled by name
_ACTIONS = {id(getattr(lalr_analysis, name)): name for name in ("Shift", "Reduce")}


def cached_parser(name: str, grammar: str, build: Callable[[], Lark], options: str) -> Lark:
    """The parser ``build()`` makes from ``grammar`` with ``options``: from disk when a file made
    from exactly these is there, else built (and stored for the next process)."""
    path = _folder() / f"{name}-{_key(grammar, options)}.pickle"
    parser = _load(path)
    if parser is None:
        parser = build()
        _store(path, parser)
    return parser


def _key(grammar: str, options: str) -> str:
    made_of = "\0".join((grammar, options, lark.__version__, sys.version, str(_FORMAT)))
    return hashlib.sha256(made_of.encode("utf-8")).hexdigest()[:40]


def _folder() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "tomodachi-schedule"


def _load(path: Path) -> Lark | None:
    try:
        with open(path, "rb") as file:
            owner = os.fstat(file.fileno()).st_uid
            if hasattr(os, "getuid") and owner != os.getuid():
                return None  # another user's file: not ours to unpickle
            parser = pickle.load(file)
    except Exception:  # missing, unreadable, truncated or from another lark: build it again
        return None
    return parser if isinstance(parser, Lark) else None


def _store(path: Path, parser: Lark) -> None:
    """Write the parser atomically (a reader never sees half a file); silently not at all when
    the folder cannot be written."""
    buffer = io.BytesIO()
    try:
        _Pickler(buffer, protocol=pickle.HIGHEST_PROTOCOL).dump(parser)
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        with tempfile.NamedTemporaryFile(dir=path.parent, delete=False) as temporary:
            temporary.write(buffer.getvalue())
        os.replace(temporary.name, path)
    except Exception:  # a read-only home, a full disk, an unpicklable lark: no cache, same parser
        return


class _Pickler(pickle.Pickler):
    """A Lark object as plain pickle data: modules by name, parser actions by name."""

    def reducer_override(self, obj):
        if isinstance(obj, types.ModuleType):  # lark keeps the ``re`` module it matches with
            return importlib.import_module, (obj.__name__,)
        if id(obj) in _ACTIONS:
            return getattr, (lalr_analysis, _ACTIONS[id(obj)])
        return NotImplemented
