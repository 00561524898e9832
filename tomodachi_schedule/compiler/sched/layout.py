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

LINE_LENGTH = 88
INDENT = "    "


class NotLaidOut(Exception):
    """The value falls outside the subset laid out here; black must format it."""


# Nodes are made by the ten thousand for a large file (a few per entry), so they are plain
# slotted classes that compute their one-line text and exactness once, from their children's:
# laying a statement out then never walks a subtree twice.


class Atom:
    """A name or a literal: never split. ``exact`` is False when black might write it otherwise."""

    __slots__ = ("text", "exact")
    text: str
    exact: bool

    def __init__(self, text: str, exact: bool = True) -> None:
        self.text = text
        self.exact = exact

    def __repr__(self) -> str:
        return f"Atom({self.text!r}, exact={self.exact})"


class Call:
    """``func(arg, key=value, ...)``."""

    __slots__ = ("func", "items", "text", "exact", "opener")
    func: str
    items: tuple[tuple[str, Node], ...]
    text: str
    exact: bool
    opener: str
    explode = False  # black keeps a call's arguments together when they fit on one line
    one_tuple = False

    def __init__(self, func: str, args: tuple[tuple[str | None, Node], ...]) -> None:
        # each argument with the text written before it ("key=" or nothing)
        _fill_call(self, func, [("" if key is None else f"{key}=", value) for key, value in args])

    @property
    def args(self) -> tuple[tuple[str | None, Node], ...]:
        """The arguments as given: (keyword or None, value)."""
        return tuple((before[:-1] or None, value) for before, value in self.items)

    def __repr__(self) -> str:
        return f"Call({self.func!r}, {self.args!r})"


def call_of(func: str, items: list[tuple[str, Node]]) -> Call:
    """``Call(func, args)`` from its items, each value with the text before it (``"key="`` or
    ``""``): what codegen builds by the ten thousand, without rewriting every keyword."""
    call = Call.__new__(Call)
    _fill_call(call, func, items)
    return call


def _fill_call(call: Call, func: str, items: list[tuple[str, Node]]) -> None:
    call.func = func
    call.opener = f"{func}("
    call.items = tuple(items)
    call.text = f"{func}({', '.join([before + value.text for before, value in items])})"
    call.exact = all([value.exact for _, value in items])


class Tuple:
    """``(a, b)``; a one-tuple keeps its comma."""

    __slots__ = ("items", "text", "exact", "explode", "one_tuple")
    text: str
    exact: bool
    opener = "("

    def __init__(self, items: tuple[Node, ...]) -> None:
        self.items = tuple(("", item) for item in items)
        self.one_tuple = len(items) == 1
        self.explode = len(items) > 1  # black's magic trailing comma: one item per line
        inside = ", ".join([item.text for item in items]) + ("," if self.one_tuple else "")
        self.text = f"({inside})"
        self.exact = all([item.exact for item in items])

    def __repr__(self) -> str:
        return f"Tuple({tuple(item for _, item in self.items)!r})"


def literal(value: object) -> str:
    """``repr``, with black's double quotes for the strings `plain` vouches for: the one way a
    text from the source (a name, a spec, a file name) is written into generated code."""
    text = repr(value)
    if isinstance(value, str) and '"' not in value and text.startswith("'"):
        return f'"{text[1:-1]}"'  # repr's inside has no quote of either kind left to escape
    return text


# Printable ASCII (what `str.isprintable` accepts of ASCII), and that without the double quote and
# the backslash (text `repr` writes as it is, between double quotes). Deleting them from a text's
# bytes leaves nothing exactly when it has no other character: a C loop, where `isprintable` and
# `repr` look each character up in the Unicode tables (~150 instructions a character).
_PRINTABLE_ASCII = bytes(range(0x20, 0x7F))
_QUOTABLE_ASCII = _PRINTABLE_ASCII.translate(None, b'"\\')


def printable(text: str) -> bool:
    """``text.isprintable()``."""
    if text.isascii():
        return not text.encode().translate(None, _PRINTABLE_ASCII)
    return text.isprintable()


def string_atom(value: str) -> Atom:
    """``Atom(literal(value), exact=plain(value))``, the usual text (printable ASCII without a
    double quote or a backslash: repr would only wrap it in double quotes) without asking repr."""
    if value.isascii() and not value.encode().translate(None, _QUOTABLE_ASCII):
        return Atom(f'"{value}"')
    return Atom(literal(value), exact=plain(value))


def docstring(text: str) -> str:
    """A docstring carrying ``text``: triple-quoted when `plain` vouches for it, else its
    `literal` (black keeps a one-line string literal as it is)."""
    if plain(text) and '"' not in text[-1:] and '"""' not in text:
        return f'"""{text}"""'
    return literal(text)


def comment(text: str) -> str:
    """``# text`` on one line: line breaks and other unprintable characters as escapes."""
    if printable(text):  # the usual case, a location: no character to escape
        return f"# {text}"
    shown = "".join(char if char.isprintable() else repr(char)[1:-1] for char in text)
    return f"# {shown}"


def plain(value: str) -> bool:
    # ASCII without escapes or both kinds of quote: black keeps these exactly as written here
    if not value.isascii() or not printable(value) or "\\" in value:
        return False
    return not ("'" in value and '"' in value)


Node = Atom | Call | Tuple  # an expression


def flat(node: Node) -> str:
    """The expression on one line."""
    return node.text


def statement(target: str, node: Node, depth: int) -> list[str]:
    """``target = node`` at ``depth`` as black lays it out."""
    return _laid_out(f"{target} = ", node, depth)


def call_statement(node: Node, depth: int) -> list[str]:
    """A call on its own (an expression statement) at ``depth`` as black lays it out."""
    return _laid_out("", node, depth)


def call_lines(
    prefix: str, func: str, items: list[tuple[str, Node]], depth: int
) -> list[str] | None:
    """``statement``'s lines for ``prefix`` + the call ``func(items)``, each item a value with the
    text before it (``"key="`` or ``""``), without making the call's node (an entry's statement
    is one of a kind): None when black must lay it out (``statement`` would raise NotLaidOut)."""
    texts = [before + value.text for before, value in items]
    if not all([value.exact for _, value in items]):
        return None
    indent, opener, inside = INDENT * depth, func + "(", ", ".join(texts)
    if len(indent) + len(prefix) + len(opener) + len(inside) < LINE_LENGTH:  # with its ")"
        return [f"{indent}{prefix}{opener}{inside})"]
    if not items or len(indent) + len(prefix) + len(opener) > LINE_LENGTH:
        return None
    lines, inner = [indent + prefix + opener], indent + INDENT
    try:
        if len(inner) + len(inside) <= LINE_LENGTH:  # what `_body` does with a call's items
            lines.append(inner + inside)
        elif len(items) == 1:
            _line(lines, items[0][0], items[0][1], "", depth + 1)
        else:
            for text, (before, value) in zip(texts, items):
                if len(inner) + len(text) < LINE_LENGTH or isinstance(value, Atom):  # with ","
                    lines.append(inner + text + ",")
                else:
                    _line(lines, before, value, ",", depth + 1)
    except NotLaidOut:
        return None
    lines.append(indent + ")")
    return lines


def _laid_out(prefix: str, node: Node, depth: int) -> list[str]:
    if not node.exact:
        raise NotLaidOut(f"black may write {node.text} otherwise")
    lines: list[str] = []
    _line(lines, prefix, node, "", depth)
    return lines


def _line(lines: list[str], prefix: str, node: Node, suffix: str, depth: int) -> None:
    """One expression with text before and after it: kept whole, or split at its brackets."""
    indent = INDENT * depth
    text = prefix + node.text + suffix
    if isinstance(node, Atom) or len(indent) + len(text) <= LINE_LENGTH:
        lines.append(indent + text)
        return
    items, opener = node.items, node.opener
    if not items or len(indent) + len(prefix) + len(opener) > LINE_LENGTH:
        raise NotLaidOut("an empty bracket or a head too long to split")
    lines.append(indent + prefix + opener)
    _body(lines, node, items, depth + 1)
    lines.append(indent + ")" + suffix)


def _body(
    lines: list[str], node: Call | Tuple, items: tuple[tuple[str, Node], ...], depth: int
) -> None:
    """The inside of a bracket: on one line if it fits, else one item per line."""
    inside = node.text[len(node.opener) : -1]  # the items as one line (a one-tuple's comma too)
    if not node.explode and len(INDENT * depth) + len(inside) <= LINE_LENGTH:
        lines.append(INDENT * depth + inside)
    elif len(items) == 1:
        before, value = items[0]
        _line(lines, before, value, "," if node.one_tuple else "", depth)
    else:
        indent = INDENT * depth
        for before, value in items:
            text = before + value.text + ","
            if len(indent) + len(text) <= LINE_LENGTH or isinstance(value, Atom):
                lines.append(indent + text)  # what `_line` does with an item that fits
            else:
                _line(lines, before, value, ",", depth)
