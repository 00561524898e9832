"""Walks of the AST for the value rules: every node (`walk`), or only the nodes of some classes,
sorted into groups (`collect`) by a function made for each node class."""

from __future__ import annotations

import re
from typing import Any

from tomodachi_schedule.compiler.spec import nodes as n
from tomodachi_schedule.runtime.engine.record import fields


def walk(node: n.Node, into: list[n.Node] | None = None) -> list[n.Node]:
    """Every node below and including ``node``, depth first."""
    found = [] if into is None else into
    found.append(node)
    names = _CHILD_FIELDS.get(type(node))
    if names is None:
        names = _CHILD_FIELDS[type(node)] = _child_fields(type(node))
    for name in names:
        value = getattr(node, name)
        if isinstance(value, n.Node):
            walk(value, found)
        elif isinstance(value, tuple):
            for child in value:
                if isinstance(child, n.Node):
                    walk(child, found)
    return found


# node class -> the fields that can hold nodes (the others are declared as plain values)
_CHILD_FIELDS: dict[type, tuple[str, ...]] = {}
_PLAIN_TYPES = frozenset({"str", "int", "bool", "float", "None", "tuple", "Span", "dict"})


def _child_fields(kind: type) -> tuple[str, ...]:
    declared = {}  # field -> its annotation as written (`from __future__ import annotations`)
    for klass in reversed(kind.__mro__):
        declared.update(klass.__dict__.get("__annotations__", {}))
    return tuple(
        name
        for name, _ in fields(kind)
        if not set(re.findall(r"[A-Za-z_]+", str(declared[name]))) <= _PLAIN_TYPES
    )


def collect(node: n.Node, group_of: dict[type, int], groups: tuple[list, ...]) -> None:
    """Appends to ``groups[i]`` the nodes of `walk` (``node`` and below) whose class
    ``group_of`` maps to ``i``, in walk order. ``group_of`` must be the same dict each call (it
    keys the collectors); the classes it names are matched exactly, not their subclasses."""
    collectors_for(group_of)[type(node)](node, groups)


def collectors_for(group_of: dict[type, int]) -> dict[type, Any]:
    """Node class -> the function that does `collect` for a node of that class, made at first
    use (a caller that keeps this dict saves `collect`'s own call)."""
    collectors = _COLLECTORS.get(id(group_of))
    if collectors is None:
        collectors = _COLLECTORS[id(group_of)] = _Collectors(group_of)
    return collectors


class _Collectors(dict):
    """Node class -> the function adding that node and its descendants to their groups: the walk
    with each class's node fields known in advance (no field list lookup nor result list)."""

    def __init__(self, group_of: dict[type, int]) -> None:
        super().__init__()
        self.group_of = group_of

    def __missing__(self, kind: type) -> Any:
        found = self[kind] = _collector(kind, self.group_of.get(kind), self)
        return found


def _collector(kind: type, group: int | None, collectors: _Collectors) -> Any:
    """A closure, not a function compiled from source for the class: `exec` cost ~230 µs at each
    class's first use, which fell on whichever spec first met the class (a rare class: the same
    spec each time, over the one-spec row's 1 ms)."""
    names = _CHILD_FIELDS.get(kind) or _child_fields(kind)
    node_class = n.Node

    def collect(node: n.Node, groups: tuple[list, ...]) -> None:
        if group is not None:
            groups[group].append(node)
        for name in names:  # what `walk` does with each field that can hold nodes
            value = getattr(node, name)
            if isinstance(value, node_class):
                collectors[type(value)](value, groups)
            elif isinstance(value, tuple):
                for child in value:
                    if isinstance(child, node_class):
                        collectors[type(child)](child, groups)

    return collect


# id of a group_of dict -> its collectors (the dicts are module constants of the rules)
_COLLECTORS: dict[int, _Collectors] = {}
