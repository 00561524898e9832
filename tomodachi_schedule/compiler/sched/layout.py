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


INDENTS = tuple(INDENT * depth for depth in range(32))  # INDENT * depth, made once a depth


class NotLaidOut(Exception):
    """The value falls outside the subset laid out here; black must format it."""


# Nodes are made by the ten thousand for a large file (a few per entry), so they are plain
# slotted objects that compute their one-line text and exactness once, from their children's:
# laying a statement out then never walks a subtree twice. Atoms, calls and tuples are one class:
# Python 3.11 specialises an attribute read for the one type it meets at that place, and the
# layout reads ``text`` and ``exact`` of all three kinds at the same places.


class Node:
    """An expression: an atom (a name or a literal: never split; ``exact`` is False when black
    might write it otherwise), a call ``func(arg, key=value, ...)`` or a tuple ``(a, b)``.
    `Atom`, `Call` and `Tuple` make them."""

    __slots__ = (
        *("text", "exact", "atom"),
        *("func", "items", "opener", "pieces", "inside", "widest", "explode", "one_tuple"),
    )
    text: str
    exact: bool
    atom: bool
    func: str | None  # None for a tuple
    items: tuple[tuple[str, Node], ...]  # each value with the text before it ("key=" or "")
    opener: str
    pieces: list[str]  # each item as it is written on a line of its own: "key=value"
    inside: str  # the items on one line (a one-tuple's comma too)
    widest: int  # the width of the widest piece whose value is not an atom (0: none)
    explode: bool  # one item per line even when they fit on one (black's magic trailing comma)
    one_tuple: bool

    def __init__(self, text: str, exact: bool = True) -> None:  # an atom
        self.text, self.exact, self.atom = text, exact, True

    @property
    def args(self) -> tuple[tuple[str | None, Node], ...]:
        """A call's arguments as given: (keyword or None, value)."""
        return tuple((before[:-1] or None, value) for before, value in self.items)

    def __repr__(self) -> str:
        if self.atom:
            return f"Atom({self.text!r}, exact={self.exact})"
        if self.func is None:
            return f"Tuple({tuple(item for _, item in self.items)!r})"
        return f"Call({self.func!r}, {self.args!r})"


Atom = Node  # Atom(text, exact=True)


def Call(
    func: str, args: tuple[tuple[str | None, Node], ...]
) -> Node:  # a maker, named as the kind
    """``func(arg, key=value, ...)`` from (keyword or None, value) pairs."""
    return call_of(func, [("" if key is None else f"{key}=", value) for key, value in args])


def call_of(func: str, items: list[tuple[str, Node]]) -> Node:
    """`Call` from its items, each value with the text before it (``"key="`` or ``""``): what
    codegen builds by the ten thousand, without rewriting every keyword."""
    call = _new_node(Node)
    pieces: list[str] = []
    add = pieces.append
    exact = True
    widest = 0
    for before, value in items:  # one loop: a comprehension is a call of its own in 3.11
        piece = before + value.text
        add(piece)
        if not value.exact:
            exact = False
        if len(piece) > widest and not value.atom:
            widest = len(piece)
    call.func, call.opener, call.items, call.pieces = func, func + "(", tuple(items), pieces
    call.inside = inside = ", ".join(pieces)
    call.text = f"{func}({inside})"
    call.exact, call.widest, call.atom, call.explode, call.one_tuple = (
        *(exact, widest),
        *(False, False, False),  # black keeps a call's arguments together when they fit
    )
    return call


_new_node = Node.__new__


def Tuple(values: tuple[Node, ...]) -> Node:  # a maker, named as the kind
    """``(a, b)``; a one-tuple keeps its comma."""
    node = _new_node(Node)
    node.func, node.opener, node.atom = None, "(", False
    node.items = tuple(("", value) for value in values)
    node.pieces = [value.text for value in values]
    node.one_tuple = len(values) == 1
    node.explode = len(values) > 1  # black's magic trailing comma: one item per line
    node.inside = ", ".join(node.pieces) + ("," if node.one_tuple else "")
    node.text = f"({node.inside})"
    node.exact = all([value.exact for value in values])
    node.widest = max([len(value.text) for value in values if not value.atom], default=0)
    return node


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
    double quote or a backslash: repr would only wrap it in double quotes) without asking repr;
    remembered (`STRING_ATOMS`), since a large file repeats its zones and names."""
    atom = STRING_ATOMS.get(value)
    if atom is None:
        if value.isascii() and not value.encode().translate(None, _QUOTABLE_ASCII):
            atom = Atom(f'"{value}"')
        else:
            atom = Atom(literal(value), exact=plain(value))
        if len(STRING_ATOMS) >= STRING_ATOMS_LIMIT:
            STRING_ATOMS.clear()
        STRING_ATOMS[value] = atom
    return atom


# A string's atom by its value: only `str` keys (``type(value) is str`` where codegen looks in
# it), and an atom is immutable, so one can stand in many statements.
STRING_ATOMS: dict[str, Atom] = {}
STRING_ATOMS_LIMIT = 4096


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
    is one of a kind): None when black must lay it out (``statement`` would raise NotLaidOut).
    A block of lines may come as one text with its line breaks: the lines of a module are
    joined with them anyway."""
    width = 2 * len(items) - 2 if items else 0  # of the items on one line: measured, not made
    for before, value in items:
        if not value.exact:
            return None
        width += len(before) + len(value.text)
    indent = INDENTS[depth] if depth < 32 else INDENT * depth
    head = f"{indent}{prefix}{func}("
    if len(head) + width < LINE_LENGTH:  # with its ")"
        return [head + ", ".join([before + value.text for before, value in items]) + ")"]
    if not items or len(head) > LINE_LENGTH:
        return None
    lines = [head]
    try:
        if len(indent) + len(INDENT) + width <= LINE_LENGTH:
            lines.append(indent + INDENT + ", ".join([b + value.text for b, value in items]))
        elif len(items) == 1:
            _line(lines, items[0][0], items[0][1], "", depth + 1)
        else:
            _each_on_its_line(lines, items, depth + 1)
    except NotLaidOut:
        return None
    lines.append(indent + ")")
    return lines


def _laid_out(prefix: str, node: Node, depth: int) -> list[str]:
    if not node.exact:
        raise NotLaidOut(f"black may write {node.text} otherwise")
    lines: list[str] = []
    _line(lines, prefix, node, "", depth)
    return "\n".join(lines).split("\n")  # one line each (`_exploded` writes a block as one)


def _line(lines: list[str], prefix: str, node: Node, suffix: str, depth: int) -> None:
    """One expression with text before and after it: kept whole, or split at its brackets."""
    indent = INDENTS[depth] if depth < 32 else INDENT * depth
    text = node.text
    if node.atom or len(indent) + len(prefix) + len(text) + len(suffix) <= LINE_LENGTH:
        lines.append(f"{indent}{prefix}{text}{suffix}")
        return
    items, opener = node.items, node.opener
    if not items or len(indent) + len(prefix) + len(opener) > LINE_LENGTH:
        raise NotLaidOut("an empty bracket or a head too long to split")
    lines.append(indent + prefix + opener)
    inner = indent + INDENT
    if not node.explode and len(inner) + len(node.inside) <= LINE_LENGTH:
        lines.append(inner + node.inside)
    elif len(items) == 1:
        _line(lines, items[0][0], items[0][1], "," if node.one_tuple else "", depth + 1)
    else:
        _exploded(lines, node, depth + 1)
    lines.append(indent + ")" + suffix)


def _exploded(lines: list[str], node: Node, depth: int) -> None:
    """One item per line, each with its comma: as one text when each one is its piece (it fits,
    or is an atom, which is never split)."""
    indent = INDENTS[depth] if depth < 32 else INDENT * depth
    if len(indent) + node.widest < LINE_LENGTH:  # with its ","
        lines.append(indent + f",\n{indent}".join(node.pieces) + ",")
    else:
        _each_on_its_line(lines, node.items, depth)


def _each_on_its_line(
    lines: list[str], items: tuple[tuple[str, Node], ...] | list[tuple[str, Node]], depth: int
) -> None:
    """One item per line, each with its comma."""
    indent = INDENTS[depth] if depth < 32 else INDENT * depth
    for before, value in items:
        text = value.text
        if value.atom or len(indent) + len(before) + len(text) < LINE_LENGTH:
            lines.append(f"{indent}{before}{text},")  # what `_line` does with an item that fits
        else:
            _line(lines, before, value, ",", depth)
