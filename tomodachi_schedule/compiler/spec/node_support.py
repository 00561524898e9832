"""What makes the AST cheap to build and ask on the quick paths: node makers and the phrase's
clause index.

Makers: calling a class goes through ``type.__call__``, which packs the keywords into a dict and
unpacks them again for ``__init__`` (~1,500 instructions); a maker is a function taking the same
keywords and making the same node (``object.__new__``, each field set, ``__post_init__``).
tests/language/test_node_support.py compares them with the classes over the corpus.

The clause index: validation and lowering ask a phrase for its clauses of one kind some thirty
times; a phrase answers with its index's ``__getitem__`` (a C call, where a method is a Python
frame).
"""

from __future__ import annotations

from typing import Any

from tomodachi_schedule.runtime.engine.record import REQUIRED, fields


def maker(cls: Any) -> Any:
    """A function taking the keywords the record class ``cls`` takes, making the same record."""
    namespace: dict[str, Any] = {"_set": object.__setattr__, "_new": object.__new__, "_cls": cls}
    params, body = [], ["    self = _new(_cls)"]
    for name, default in fields(cls):
        namespace[f"_default_{name}"] = default
        params.append(name if default is REQUIRED else f"{name}=_default_{name}")
        body.append(f"    _set(self, {name!r}, {name})")
    if hasattr(cls, "__post_init__"):
        body.append("    self.__post_init__()")
    made = f"make_{cls.__name__}"
    source = f"def {made}(*, {', '.join(params)}):\n" + "\n".join([*body, "    return self"])
    exec(source, namespace)  # noqa: S102 - built from the record's own field names
    function = namespace[made]
    function.__qualname__ = f"{cls.__qualname__}.{made}"
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
