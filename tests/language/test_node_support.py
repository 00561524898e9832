"""The quick paths' node makers (`spec.node_support.maker`) make what the node classes make, and
the span maker what `Span` makes."""

from __future__ import annotations

from tomodachi_schedule.compiler.spec import nodes as n
from tomodachi_schedule.compiler.spec.node_support import maker
from tomodachi_schedule.compiler.spec.read.parse import parse_spec
from tomodachi_schedule.errors import ScheduleError, Span
from tomodachi_schedule.runtime.engine.record import fields

from .corpus_specs import corpus_specs


def _rebuilt(node: n.Node, build) -> n.Node:
    """``node`` made again by ``build(cls, values)``, children first."""
    values = {}
    for name, _ in fields(node):
        value = getattr(node, name)
        if isinstance(value, n.Node):
            value = _rebuilt(value, build)
        elif isinstance(value, tuple):
            value = tuple(_rebuilt(v, build) if isinstance(v, n.Node) else v for v in value)
        values[name] = value
    return build(type(node), values)


def _everything(node: object) -> object:
    """Every field, those left out of ``==`` (words, spans) included."""
    if isinstance(node, n.Node):
        return (type(node), {name: _everything(getattr(node, name)) for name, _ in fields(node)})
    if isinstance(node, tuple):
        return tuple(_everything(v) for v in node)
    return node


def test_the_makers_build_what_the_classes_build():
    made = 0
    for text in corpus_specs():
        try:
            tree = parse_spec(text)[0]
        except ScheduleError:
            continue
        by_maker = _rebuilt(tree, lambda cls, values: maker(cls)(**values))
        by_class = _rebuilt(tree, lambda cls, values: cls(**values))
        assert by_maker == by_class == tree and repr(by_maker) == repr(tree)
        assert _everything(by_maker) == _everything(tree)
        made += 1
    assert made > 300


def test_a_made_phrase_finds_its_clauses_and_a_made_node_stays_frozen():
    every = n.Every(unit="day", text="every day")
    phrase = maker(n.Phrase)(clauses=(every,), span=Span(start=0, end=9))
    assert phrase.find(n.Every) == (every,) and phrase.find(n.Node) == (every,)
    assert phrase.find(n.Times) == ()
    try:
        phrase.clauses = ()
    except AttributeError:
        pass
    else:
        raise AssertionError("a made node took an assignment")


def test_the_quick_readers_span_is_a_span():
    from tomodachi_schedule.compiler.spec.read.english_tokens import span_at

    made, plain = span_at(3, 9), Span(start=3, end=9)
    assert type(made) is Span and made == plain and hash(made) == hash(plain)
    assert repr(made) == repr(plain) and made.shifted(1) == Span(start=4, end=10)
