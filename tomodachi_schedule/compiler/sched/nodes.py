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
