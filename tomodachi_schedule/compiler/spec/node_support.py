"""What makes the AST cheap to build and ask on the quick paths: node makers and the phrase's
clause index.

Makers: calling a class goes through ``type.__call__``, which packs the keywords into a dict and
unpacks them again for ``__init__`` (~1,500 instructions); a maker is a function taking the same
keywords and making the same node (``object.__new__``, each field set, ``__post_init__``).
tests/language/test_node_support.py compares them with the classes over the corpus.

The clause index (`clauses_by_kind`): validation and lowering ask a phrase for its clauses of one
kind some thirty times; a phrase answers with its index's ``__getitem__`` (a C call, where a
method is a Python frame).
"""

from __future__ import annotations

from typing import Any

# the record module's own means of filling a slotted record (see `record._builder`)
from tomodachi_schedule.runtime.engine.record import (
    _SET_CLASS,
    REQUIRED,
    RecordMeta,
    _builder,
    fields,
)


def maker(cls: Any, *, positional: bool = False) -> Any:
    """A function taking the keywords the record class ``cls`` takes (``positional``: the same
    arguments, in the order of the fields), making the same record.

    A slotted record (`Record`: runtime schedules, spans) is made as its constructor makes it:
    as the class's builder, with plain assignments, then given its class (here with one change
    of class instead of two, and without the keyword packing of a class call). An AST node
    (`PlainRecord`) gets each field through ``object.__setattr__``: a change of class would
    give up its inline attribute values (Python 3.11), and with them its fast attribute reads.
    """
    namespace: dict[str, Any] = {"_set": object.__setattr__, "_new": object.__new__, "_cls": cls}
    slotted = isinstance(cls, RecordMeta)
    if slotted:
        namespace.update(_builder=_builder(cls), _to_class=_SET_CLASS)
    params, body = [], ["    self = _new(_builder)" if slotted else "    self = _new(_cls)"]
    for name, default in fields(cls):
        namespace[f"_default_{name}"] = default
        params.append(name if default is REQUIRED else f"{name}=_default_{name}")
        body.append(f"    self.{name} = {name}" if slotted else f"    _set(self, {name!r}, {name})")
    if slotted:
        body.append("    _to_class(self, _cls)")
    if hasattr(cls, "__post_init__"):
        body.append("    self.__post_init__()")
    made = f"make_{cls.__name__}"
    source = f"def {made}({'' if positional else '*, '}{', '.join(params)}):\n" + "\n".join(
        [*body, "    return self"]
    )
    exec(source, namespace)  # noqa: S102 - built from the record's own field names
    function = namespace[made]
    function.__qualname__ = f"{cls.__qualname__}.{made}"
    return function


class ClausesByKind(dict):
    """Clause class -> the clauses of exactly that class, in source order (every class of
    ``empty`` is a key); any other class (a base class) is filtered out of the clauses when first
    asked. tests/language/test_spec_shortcuts.py checks both against an ``isinstance`` filter.
    Made by `clauses_by_kind`."""

    __slots__ = ("clauses",)
    clauses: tuple

    def __missing__(self, kind: type) -> tuple:
        found = self[kind] = tuple([c for c in self.clauses if isinstance(c, kind)])
        return found


def clauses_by_kind(clauses: tuple, empty: dict[type, tuple]) -> ClausesByKind:
    """The clauses grouped by class, each class of ``empty`` a key (no Python ``__init__``: the
    dict is copied in C)."""
    found = ClausesByKind(empty)
    found.clauses = clauses
    for clause in clauses:
        kind = type(clause)
        found[kind] = found.get(kind, ()) + (clause,)
    return found
