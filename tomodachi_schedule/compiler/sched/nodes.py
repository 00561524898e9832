"""The `.sched` file AST: frozen keyword-only nodes whose spans do not take part in equality."""

from __future__ import annotations

from dataclasses import dataclass, field

from tomodachi_schedule.errors import Span


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
# test_quick_reader compares every field, spans included, with what lark's builder makes.
_new = object.__new__
_set = object.__setattr__


def span(start: int, end: int) -> Span:
    """``Span(start=start, end=end)``."""
    made = _new(Span)
    _set(made, "start", start)
    _set(made, "end", end)
    return made


def text_node(value: str, where: Span) -> Text:
    """``Text(value=value, span=where)``."""
    node = _new(Text)
    _set(node, "span", where)
    _set(node, "value", value)
    return node


def handler_node(module: str | None, function: str, where: Span) -> HandlerRef:
    """``HandlerRef(module=module, function=function, span=where)``."""
    node = _new(HandlerRef)
    _set(node, "span", where)
    _set(node, "module", module)
    _set(node, "function", function)
    return node


def no_options(where: Span) -> Options:
    """``Options(span=where)``: an entry without options."""
    node = _new(Options)
    _set(node, "span", where)
    _set(node, "items", ())
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
    node = _new(Entry)
    _set(node, "span", span(name_span.start, end))
    _set(node, "name", name)
    _set(node, "name_span", name_span)
    _set(node, "spec", spec)
    _set(node, "spec_span", spec_span)
    _set(node, "handler", handler)
    _set(node, "options", options)
    return node
