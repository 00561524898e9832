"""The `.sched` file AST: frozen keyword-only nodes whose spans do not take part in equality."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from tomodachi_schedule.errors import Span, make_span


@dataclass(frozen=True, kw_only=True)
class Node:
    """Base of every `.sched` node: where it sits in the file."""

    span: Span = field(compare=False, repr=False)


@dataclass(frozen=True, kw_only=True)
class Text(Node):
    """A quoted string; ``span`` covers the quotes, ``value_start`` is its first character."""

    value: str

    @property
    def value_start(self) -> int:
        return self.span.start + 1


@dataclass(frozen=True, kw_only=True)
class Option(Node):
    """``name`` or ``name=value`` inside ``[...]``; a quoted value is a :class:`Text`."""

    name: str
    value: str | Text | None = None
    value_span: Span | None = field(default=None, compare=False, repr=False)


@dataclass(frozen=True, kw_only=True)
class Options(Node):
    """A bracketed option list, in source order (duplicates are kept for validation to report)."""

    items: tuple[Option, ...] = ()


@dataclass(frozen=True, kw_only=True)
class Setting(Node):
    """``timezone "..."``, ``handlers module``, ``coordinator "..."`` or ``defaults [...]``."""

    keyword: str
    value: Text | Options | str
    value_span: Span = field(compare=False, repr=False)


@dataclass(frozen=True, kw_only=True)
class HandlerRef(Node):
    """``function`` (resolved against the service's handler module) or ``module:function``."""

    module: str | None
    function: str


@dataclass(frozen=True, kw_only=True)
class Entry(Node):
    """``name: spec -> handler [options]``: one scheduled function of a service."""

    name: str
    name_span: Span = field(compare=False, repr=False)
    spec: Text | int
    spec_span: Span = field(compare=False, repr=False)
    handler: HandlerRef
    options: Options

    @property
    def spec_value(self) -> str | int:
        """The spec as ``parse_schedule`` takes it: the string's text, or the seconds."""
        return self.spec.value if isinstance(self.spec, Text) else self.spec

    @property
    def spec_start(self) -> int:
        """Offset of the spec's first character (inside the quotes), where its spans start."""
        return self.spec.value_start if isinstance(self.spec, Text) else self.spec_span.start


@dataclass(frozen=True, kw_only=True)
class ServiceBlock(Node):
    """``service "name" { settings and entries }``."""

    name: Text
    settings: tuple[Setting, ...] = ()
    entries: tuple[Entry, ...] = ()


@dataclass(frozen=True, kw_only=True)
class SchedFile(Node):
    """A whole `.sched` file: file-level settings, then services in source order."""

    settings: tuple[Setting, ...] = ()
    services: tuple[ServiceBlock, ...] = ()


# Positional makers for the quick reader, which reads a large file into five spans and four nodes
# an entry: each sets every field as the constructor does (and nothing else: no node or span has
# a __post_init__), without binding keywords through a Python __init__ (a third of the reading).
# A node is made as its class's builder, a subclass that takes plain assignments, and then made
# the node's class: an `object.__setattr__` past the frozen `__setattr__` costs ~1,400
# instructions, a plain assignment ~70 (the runtime's records do the same, `record._builder`).
# test_quick_reader compares every field, spans included, with what lark's builder makes.
_new = object.__new__
_to_class = object.__dict__["__class__"].__set__


def _builder(cls: type) -> type:
    """A subclass of the frozen node class ``cls`` whose attributes can be assigned."""
    namespace = {
        "__setattr__": object.__setattr__,
        "__delattr__": object.__delattr__,
        "__module__": cls.__module__,
        "__qualname__": cls.__qualname__,
    }
    return type(cls.__name__, (cls,), namespace)


_TEXT, _HANDLER, _OPTIONS, _ENTRY = (_builder(c) for c in (Text, HandlerRef, Options, Entry))


def text_node(value: str, where: Span) -> Text:
    """``Text(value=value, span=where)``."""
    node: Any = _new(_TEXT)
    node.span = where
    node.value = value
    _to_class(node, Text)
    return node


def handler_node(module: str | None, function: str, where: Span) -> HandlerRef:
    """``HandlerRef(module=module, function=function, span=where)``."""
    node: Any = _new(_HANDLER)
    node.span = where
    node.module = module
    node.function = function
    _to_class(node, HandlerRef)
    return node


def no_options(where: Span) -> Options:
    """``Options(span=where)``: an entry without options."""
    node: Any = _new(_OPTIONS)
    node.span = where
    node.items = ()
    _to_class(node, Options)
    return node


def entry_node(
    name: str,
    name_span: Span,
    spec: Text | int,
    spec_span: Span,
    handler: HandlerRef,
    options: Options,
    end: int,
) -> Entry:
    """``Entry(...)`` whose span runs from its name to ``end``."""
    node: Any = _new(_ENTRY)
    node.span = make_span(name_span.start, end)
    node.name = name
    node.name_span = name_span
    node.spec = spec
    node.spec_span = spec_span
    node.handler = handler
    node.options = options
    _to_class(node, Entry)
    return node
