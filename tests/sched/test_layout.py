"""The generator's layout of entry statements is black's, on random nested constructor calls."""

from __future__ import annotations

import keyword

from hypothesis import given, settings
from hypothesis import strategies as st

from tomodachi_schedule.compiler.sched.format import format_python
from tomodachi_schedule.compiler.sched.layout import (
    Atom,
    Call,
    NotLaidOut,
    Tuple,
    call_lines,
    call_of,
    flat,
    literal,
    plain,
    printable,
    statement,
    string_atom,
)

names = (
    st.text("abcdefghijklmnopqrstuvwxyz_", min_size=1, max_size=24)
    .map(lambda s: "n" + s)
    .filter(lambda s: not keyword.iskeyword(s))
)
strings = st.text(st.characters(min_codepoint=32, max_codepoint=126), max_size=70)
numbers = st.integers(min_value=-(10**20), max_value=10**20)
atoms = st.one_of(
    strings.filter(lambda s: "\\" not in s and not ("'" in s and '"' in s)).map(literal),
    numbers.map(str),
    st.sampled_from(["True", "False", "None", "1.5", "handlers.job_one"]),
).map(Atom)


def calls(children):
    arguments = st.lists(st.tuples(st.one_of(st.none(), names), children), min_size=1, max_size=5)
    positional_first = arguments.map(
        lambda args: tuple(sorted(args, key=lambda arg: arg[0] is not None))
    )
    return st.builds(Call, names.map(lambda n: f"ts.{n}"), positional_first)


expressions = st.recursive(
    atoms,
    lambda children: st.one_of(
        calls(children),
        st.lists(children, min_size=1, max_size=4).map(tuple).map(Tuple),
    ),
    max_leaves=25,
)


def black_layout(target: str, node) -> list[str]:
    source = f"class C:\n    {target} = {flat(node)}\n"
    return format_python(source).splitlines()[1:]


@settings(max_examples=150, deadline=None)
@given(target=names, node=st.one_of(calls(expressions), expressions))
def test_layout_matches_black(target, node):
    assert statement(target, node, 1) == black_layout(target, node)


def test_strings_black_might_rewrite_are_left_to_black():
    from tomodachi_schedule.compiler.sched.codegen import generate_module
    from tomodachi_schedule.compiler.sched.compile import Compilation, generate_python
    from tomodachi_schedule.compiler.sched.lower import (
        CompiledEntry,
        CompiledFile,
        CompiledService,
    )
    from tomodachi_schedule.runtime import Interval

    odd = Interval(every=20, spec="twenty", description="ünïcode and 'both' \"quotes\"")
    entry = CompiledEntry(
        name="beat",
        location="x.sched:3:5",
        handler_module="jobs",
        handler_function="beat",
        spec="twenty",
        zone=None,
        schedule=odd,
        options=(),
    )
    service = CompiledService(
        name="café", class_name="CafeService", location="x.sched:2:1", entries=(entry,)
    )
    compiled = CompiledFile(source_name="x.sched", coordinator=None, services=(service,))
    assert not generate_module(compiled, version="0", source_sha256="0").laid_out
    text = generate_python(Compilation(compiled=compiled, source_sha256="0"))
    assert format_python(text) == text
    assert 'name = "café"' in text


def test_long_class_names_and_many_services_stay_black_stable():
    from tomodachi_schedule.compiler.sched.compile import compile_sched, generate_python

    services = [
        f'service "{"an-unusually-long-service-name-for-reports-" * (i % 3 + 1)}{i}"'
        f" {{\n    beat: {10 + i} -> jobs:beat\n}}\n"
        for i in range(7)
    ]
    compilation = compile_sched("".join(services), source_name="many.sched", search_path=None)
    text = generate_python(compilation)
    assert format_python(text) == text
    assert "ts.run_generated(\n" in text


def test_a_short_string_black_would_requote_is_refused_even_when_the_line_fits():
    import pytest

    from tomodachi_schedule.compiler.sched.expressions import expression
    from tomodachi_schedule.compiler.sched.layout import NotLaidOut

    with pytest.raises(NotLaidOut):
        statement("x", Call("ts.f", ((None, expression("é", "ts.")),)), 1)


@settings(max_examples=300, deadline=None)
@given(
    value=st.text(max_size=40)
    | st.text(st.sampled_from("ab \"'\\\té"), max_size=8)
    | st.text(st.characters(max_codepoint=0x7F), max_size=30)
)
def test_a_string_atom_is_its_literal_and_plainness(value):
    atom = string_atom(value)
    assert (atom.text, atom.exact) == (literal(value), plain(value))


@settings(max_examples=100, deadline=None)
@given(args=st.lists(st.tuples(st.none() | names, atoms), max_size=4))
def test_a_call_made_of_its_items_is_the_call_made_of_its_arguments(args):
    made = Call("ts.f", tuple(args))
    items = [("" if key is None else f"{key}=", value) for key, value in args]
    quick = call_of("ts.f", items)
    assert (quick.text, quick.exact, quick.items, quick.args) == (
        made.text,
        made.exact,
        made.items,
        made.args,
    )
    assert made.args == tuple(args)


@settings(max_examples=300, deadline=None)
@given(text=st.text(st.characters(max_codepoint=0x7F), max_size=30) | st.text(max_size=30))
def test_printable_is_isprintable(text):
    assert printable(text) == text.isprintable()


def _statement_or_refusal(target: str, node: Call) -> list[str] | None:
    try:
        return statement(target, node, 1)
    except NotLaidOut:
        return None


@settings(max_examples=200, deadline=None)
@given(
    target=names,
    args=st.lists(st.tuples(st.none() | names, expressions), max_size=5),
    exact=st.booleans(),
)
def test_call_lines_are_the_statement_of_the_call_made_of_the_items(target, args, exact):
    items = [("" if key is None else f"{key}=", value) for key, value in args]
    if not exact:  # a value black may write otherwise: both refuse
        items.append(("", Atom("'x'", exact=False)))
    expected = _statement_or_refusal(target, call_of("ts.scheduled", items))
    lines = call_lines(f"{target} = ", "ts.scheduled", items, 1)
    assert lines == expected or "\n".join(lines) == "\n".join(expected)  # blocks as one text
