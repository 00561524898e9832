"""The generator's layout of entry statements is black's, on random nested constructor calls."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from tomodachi_schedule.compiler.format import format_python
from tomodachi_schedule.compiler.layout import (
    Atom,
    Call,
    Tuple,
    flat,
    literal,
    statement,
)

names = st.text("abcdefghijklmnopqrstuvwxyz_", min_size=1, max_size=24).map(
    lambda s: "n" + s
)
strings = st.text(st.characters(min_codepoint=32, max_codepoint=126), max_size=70)
numbers = st.integers(min_value=-(10**20), max_value=10**20)
atoms = st.one_of(
    strings.filter(lambda s: "\\" not in s and not ("'" in s and '"' in s)).map(
        literal
    ),
    numbers.map(str),
    st.sampled_from(["True", "False", "None", "1.5", "handlers.job_one"]),
).map(Atom)


def calls(children):
    arguments = st.lists(
        st.tuples(st.one_of(st.none(), names), children), min_size=1, max_size=5
    )
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
