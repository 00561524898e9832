"""The AST's cheaper constructors (`spec.node_support`) build what the dataclasses' own build."""

from __future__ import annotations

import dataclasses
import functools
import inspect

import pytest

from tomodachi_schedule.compiler.spec import nodes as n
from tomodachi_schedule.compiler.spec.node_support import fast_init
from tomodachi_schedule.compiler.spec.read.parse import parse_spec
from tomodachi_schedule.errors import ScheduleError, Span

from .corpus_specs import corpus_specs

NODE_CLASSES = [
    cls
    for cls in vars(n).values()
    if isinstance(cls, type) and issubclass(cls, n.Node) and dataclasses.is_dataclass(cls)
]


@functools.cache
def _dataclass_init(cls: type):
    """The constructor `dataclass` writes for ``cls`` (a fresh dataclass of the same fields)."""
    fresh = dataclasses.make_dataclass(
        cls.__name__,
        [(f.name, f.type, f) for f in dataclasses.fields(cls)],
        frozen=True,
        kw_only=True,
    )
    return fresh.__init__


def _rebuilt(node: n.Node, build=None) -> n.Node:
    """``node`` made again, children first: by ``build(cls, values)``, else through the
    dataclass's own constructor."""
    values = {}
    for f in dataclasses.fields(node):
        if f.init:
            value = getattr(node, f.name)
            if isinstance(value, n.Node):
                value = _rebuilt(value, build)
            elif isinstance(value, tuple):
                value = tuple(_rebuilt(v, build) if isinstance(v, n.Node) else v for v in value)
            values[f.name] = value
    if build is not None:
        return build(type(node), values)
    made = object.__new__(type(node))
    _dataclass_init(type(node))(made, **values)
    return made


def test_every_node_class_has_the_fast_constructor_with_the_dataclass_signature():
    assert len(NODE_CLASSES) > 25
    for cls in NODE_CLASSES:
        assert cls.__init__.__code__.co_filename == "<string>"
        ours = inspect.signature(cls.__init__).parameters.values()
        theirs = inspect.signature(_dataclass_init(cls)).parameters.values()
        assert [(p.name, p.kind, p.default) for p in ours] == [
            (p.name, p.kind, p.default) for p in theirs
        ], cls


def test_the_corpus_trees_are_what_the_dataclass_constructors_build():
    checked = 0
    for text in corpus_specs():
        try:
            tree = parse_spec(text)[0]
        except ScheduleError:
            continue
        again = _rebuilt(tree)
        assert again == tree and repr(again) == repr(tree)
        assert _all_dicts(again) == _all_dicts(tree)  # spans and uncompared words too
        checked += 1
    assert checked > 300


def _all_dicts(node: object) -> object:
    if isinstance(node, n.Node):
        return {k: _all_dicts(v) for k, v in vars(node).items() if k not in ("_found", "find")}
    if isinstance(node, tuple):
        return tuple(_all_dicts(v) for v in node)
    return node


def test_nodes_stay_frozen_and_checked():
    time = n.TimeOfDay(hour=9, span=Span(start=1, end=2))
    with pytest.raises(dataclasses.FrozenInstanceError):
        time.hour = 10  # type: ignore[misc]
    with pytest.raises(TypeError):
        n.TimeOfDay(minute=5)  # type: ignore[call-arg]
    with pytest.raises(TypeError):
        n.TimeOfDay(9)  # type: ignore[misc]
    phrase = n.Phrase(clauses=(n.Times(times=(time,)),))
    assert phrase.find(n.Times) == phrase.clauses and phrase.find(n.Every) == ()


def test_a_factory_for_an_argument_is_refused():
    @dataclasses.dataclass(frozen=True, kw_only=True)
    class WithFactory:
        items: list = dataclasses.field(default_factory=list)

    with pytest.raises(TypeError, match="factory"):
        fast_init(WithFactory)


def test_the_makers_build_what_the_classes_build():
    from tomodachi_schedule.compiler.spec.node_support import maker

    made = 0
    for text in corpus_specs():
        try:
            tree = parse_spec(text)[0]
        except ScheduleError:
            continue
        again = _rebuilt(tree, lambda cls, values: maker(cls)(**values))
        assert type(again) is type(tree) and again == tree and repr(again) == repr(tree)
        assert _all_dicts(again) == _all_dicts(tree)
        made += 1
    assert made > 300


def test_the_quick_readers_span_is_a_span():
    from tomodachi_schedule.compiler.spec.read.english_quick import _span_at

    made, plain = _span_at(3, 9), Span(start=3, end=9)
    assert type(made) is Span and made == plain and hash(made) == hash(plain)
    assert repr(made) == repr(plain) and made.shifted(1) == Span(start=4, end=10)
