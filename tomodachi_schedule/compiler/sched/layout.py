"""Black's layout for the one statement shape generated modules repeat: ``name = call(literals)``.

Black formats a few thousand lines a second, so a 1,000-entry module would spend seconds in it.
Generated entries only ever are assignments of nested calls, tuples and literals, for which black
(stable style, 88 columns) does something simple: keep a line that fits; else split a bracketed
argument list at its commas, one per line with a trailing comma; else split at the last bracket,
the inside one level deeper. This module does exactly that and refuses (`NotLaidOut`) anything
outside the subset, and the tests hold its output to black's on every example and on generated
samples (`format.format_python(text) == text`).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass

LINE_LENGTH = 88
INDENT = "    "


class NotLaidOut(Exception):
    """The value falls outside the subset laid out here; black must format it."""


@dataclass(frozen=True)
class Atom:
    """A name or a literal: never split. ``exact`` is False when black might write it otherwise."""

    text: str
    exact: bool = True


@dataclass(frozen=True)
class Call:
    """``func(arg, key=value, ...)``."""

    func: str
    args: tuple[tuple[str | None, Node], ...]
    # the one-line text, computed once from the children's (a layout asks for it at every level)
    text: str = dataclasses.field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "text", f"{self.func}({_flat_items(_call_items(self))})")


@dataclass(frozen=True)
class Tuple:
    """``(a, b)``; a one-tuple keeps its comma."""

    items: tuple[Node, ...]
    text: str = dataclasses.field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        inside = _flat_items(self.items) + ("," if len(self.items) == 1 else "")
        object.__setattr__(self, "text", f"({inside})")


def literal(value: object) -> str:
    """``repr``, with black's double quotes for the strings `plain` vouches for: the one way a
    text from the source (a name, a spec, a file name) is written into generated code."""
    text = repr(value)
    if isinstance(value, str) and '"' not in value and text.startswith("'"):
        return f'"{text[1:-1]}"'  # repr's inside has no quote of either kind left to escape
    return text


def docstring(text: str) -> str:
    """A docstring carrying ``text``: triple-quoted when `plain` vouches for it, else its
    `literal` (black keeps a one-line string literal as it is)."""
    if plain(text) and '"' not in text[-1:] and '"""' not in text:
        return f'"""{text}"""'
    return literal(text)


def comment(text: str) -> str:
    """``# text`` on one line: line breaks and other unprintable characters as escapes."""
    shown = "".join(char if char.isprintable() else repr(char)[1:-1] for char in text)
    return f"# {shown}"


def plain(value: str) -> bool:
    # ASCII without escapes or both kinds of quote: black keeps these exactly as written here
    if not value.isascii() or not value.isprintable() or "\\" in value:
        return False
    return not ("'" in value and '"' in value)


Node = Atom | Call | Tuple  # an expression; `Keyword` appears only among a call's items


def flat(node: Node) -> str:
    """The expression on one line."""
    return node.text


def _call_items(call: Call) -> list[Node | Keyword]:
    return [value if key is None else Keyword(key, value) for key, value in call.args]


@dataclass(frozen=True)
class Keyword:
    """``key=value`` inside a call."""

    key: str
    value: Node


def _flat_items(items: Sequence[Node | Keyword]) -> str:
    return ", ".join(_flat_item(item) for item in items)


def _flat_item(item: Node | Keyword) -> str:
    return f"{item.key}={flat(item.value)}" if isinstance(item, Keyword) else flat(item)


def statement(target: str, node: Node, depth: int) -> list[str]:
    """``target = node`` at ``depth`` as black lays it out."""
    _require_exact(node)
    return _line(f"{target} = ", node, "", depth)


def call_statement(node: Node, depth: int) -> list[str]:
    """A call on its own (an expression statement) at ``depth`` as black lays it out."""
    _require_exact(node)
    return _line("", node, "", depth)


def _require_exact(node: Node | Keyword) -> None:
    if isinstance(node, Atom) and not node.exact:
        raise NotLaidOut(f"black may write {node.text} otherwise")
    children = [v for _, v in node.args] if isinstance(node, Call) else ()
    for child in node.items if isinstance(node, Tuple) else children:
        _require_exact(child)


def _fits(depth: int, text: str) -> bool:
    return len(INDENT * depth) + len(text) <= LINE_LENGTH


def _line(prefix: str, node: Node, suffix: str, depth: int) -> list[str]:
    """One expression with text before and after it: kept whole, or split at its brackets."""
    text = prefix + flat(node) + suffix
    if _fits(depth, text) or isinstance(node, Atom):
        return [INDENT * depth + text]
    if isinstance(node, Call):
        opener, items, explode = f"{node.func}(", _call_items(node), False
    else:
        opener, items, explode = "(", list(node.items), len(node.items) > 1
    if not items or not _fits(depth, prefix + opener):
        raise NotLaidOut("an empty bracket or a head too long to split")
    body = _body(items, depth + 1, explode, one_tuple=isinstance(node, Tuple) and len(items) == 1)
    return [INDENT * depth + prefix + opener, *body, INDENT * depth + ")" + suffix]


def _body(items: list[Node | Keyword], depth: int, explode: bool, one_tuple: bool) -> list[str]:
    """The inside of a bracket: on one line if it fits, else one item per line."""
    text = _flat_items(items) + ("," if one_tuple else "")
    if not explode and _fits(depth, text):
        return [INDENT * depth + text]
    if len(items) == 1:
        return _item(items[0], "," if one_tuple else "", depth)
    return [line for item in items for line in _item(item, ",", depth)]


def _item(item: Node | Keyword, suffix: str, depth: int) -> list[str]:
    if isinstance(item, Keyword):
        return _line(f"{item.key}=", item.value, suffix, depth)
    return _line("", item, suffix, depth)
