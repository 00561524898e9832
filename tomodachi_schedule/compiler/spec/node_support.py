"""What makes the AST cheap to build and ask: constructors and the phrase's clause index.

Constructors: the same signature and result as the dataclasses' own. A frozen dataclass's ``__init__`` looks up ``object.__setattr__`` again for every field it stores
(its own ``__setattr__`` refuses); this one binds it once. The readers make some ten nodes a spec:
~1 % of a spec's instructions. Storing into ``__dict__`` instead saved twice that in the readers
and lost more in the passes after them (an instance with a materialised ``__dict__`` reads its
attributes slower). Equality, hashing, ``repr`` and immutability stay the dataclass's;
tests/language/test_node_support.py compares both constructors on every node and the corpus.

The clause index: validation and lowering ask a phrase for its clauses of one kind some thirty
times; a phrase answers with its index's ``__getitem__`` (a C call, where a method is a Python
frame).
"""

from __future__ import annotations

import dataclasses
from typing import Any


def install_fast_inits(base: type) -> None:
    """Give ``base`` and every dataclass below it the cheaper ``__init__``."""
    for cls in [base, *_subclasses(base)]:
        if dataclasses.is_dataclass(cls):
            cls.__init__ = fast_init(cls)  # type: ignore[method-assign]


def _subclasses(cls: type) -> list[type]:
    found: list[type] = []
    below: list[type] = type.__subclasses__(cls)
    for sub in below:
        found += [sub, *_subclasses(sub)]
    return found


def fast_init(cls: type) -> Any:
    """The keyword-only ``__init__`` of a frozen dataclass, with ``object.__setattr__`` bound."""
    return _compiled(cls, "__init__", "self", "")


def maker(cls: type) -> Any:
    """A function taking the keywords ``cls`` takes and returning the same node, for the hot
    paths: calling a class goes through ``type.__call__`` and packs its keywords into a dict
    (~1,500 instructions), calling a function does neither."""
    return _compiled(cls, f"make_{cls.__name__}", "", "    self = _new(_cls)", "    return self")


def _compiled(cls: type, name: str, first: str, *around: str) -> Any:
    """``def name(first, *, <the fields>)``: sets every field (``around``: lines before and after)."""
    namespace: dict[str, Any] = {"_set": object.__setattr__, "_new": object.__new__, "_cls": cls}
    params, body = [first] if first else [], [around[0]] if around[0] else []
    params.append("*")
    for f in dataclasses.fields(cls):
        has_factory = f.default_factory is not dataclasses.MISSING
        if f.init and has_factory:
            raise TypeError(f"{cls.__name__}.{f.name}: a factory for an argument is not supported")
        namespace[f"_default_{f.name}"] = f.default_factory if has_factory else f.default
        if f.init:
            given = f.default is not dataclasses.MISSING
            params.append(f"{f.name}=_default_{f.name}" if given else f.name)
        value = f.name if f.init else f"_default_{f.name}" + ("()" if has_factory else "")
        body.append(f"    _set(self, {f.name!r}, {value})")
    if hasattr(cls, "__post_init__"):
        body.append("    self.__post_init__()")
    source = f"def {name}({', '.join(params)}):\n" + "\n".join([*body, *around[1:]])
    exec(source, namespace)  # noqa: S102 - built from the dataclass's own field names
    function = namespace[name]
    function.__qualname__ = f"{cls.__qualname__}.{name}"
    return function


class ClausesByKind(dict):
    """Clause class -> the clauses of exactly that class, in source order (every class of
    ``empty`` is a key); any other class (a base class) is filtered out of the clauses when first
    asked. tests/language/test_spec_shortcuts.py checks both against an ``isinstance`` filter."""

    __slots__ = ("clauses",)

    def __init__(self, clauses: tuple, empty: dict[type, tuple]) -> None:
        super().__init__(empty)
        self.clauses = clauses
        for clause in clauses:
            self[type(clause)] = self.get(type(clause), ()) + (clause,)

    def __missing__(self, kind: type) -> tuple:
        found = self[kind] = tuple([c for c in self.clauses if isinstance(c, kind)])
        return found
