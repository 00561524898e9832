"""Runtime values as the expressions a generated module writes: constructors, literals, masks.

A mask is written as the values it stands for (``ts.bits(range(8, 18))``, ``ts.bits((0, 30))``),
so a one-character change of a spec is a one-value change of the module.
"""

from __future__ import annotations

from collections.abc import Callable

from tomodachi_schedule.compiler.sched.layout import (
    STRING_ATOMS,
    Atom,
    Call,
    Node,
    Tuple,
    call_of,
    literal,
    plain,
    string_atom,
)
from tomodachi_schedule.runtime.engine.calendar import is_cron_calendar
from tomodachi_schedule.runtime.engine.record import (
    REQUIRED,
    Record,
    RecordMethods,
    fields,
    is_record,
)

LITERALS = (str, int, float, bool, type(None))

# (record, field) -> (the value of bit 0, one past the largest value) of each bitmask field
MASKS = {
    ("Calendar", "seconds"): (0, 60),
    ("Calendar", "minutes"): (0, 60),
    ("Calendar", "hours"): (0, 24),
    ("DaySet", "months"): (0, 13),
    ("DaySet", "years"): (1970, 2100),
    ("MonthDays", "days"): (0, 32),
    ("WeekDays", "days"): (0, 7),  # 0 = Monday
}


def expression(value: object, prefix: str) -> Node:
    """The expression tree of ``value``: runtime objects become calls of ``prefix + class name``,
    leaving out fields equal to their default."""
    kind = type(value)
    if kind is str:  # the common kinds first, by type (a subclass takes the general way)
        return string_atom(value)  # type: ignore[arg-type]
    if kind in _KEYS:  # a value record of a class met before (day sets, week days, ...)
        return _shared_call(value, prefix)  # type: ignore[arg-type]
    if kind in _ITEMS:  # a schedule of a class met before (no key: each is one of a kind)
        return _call(value, prefix)  # type: ignore[arg-type]
    if kind is int or kind is bool or value is None:
        return Atom(repr(value))
    if isinstance(value, tuple):
        return Tuple(tuple([expression(item, prefix) for item in value]))
    if isinstance(value, LITERALS):
        return Atom(literal(value), exact=not isinstance(value, str) or plain(value))
    if is_record(value):
        if type(value).UNCOMPARED:  # a schedule: its spec and description make it one of a kind
            return _call(value, prefix)
        return _shared_call(value, prefix)
    raise TypeError(f"cannot emit {type(value).__name__} as a literal: {value!r}")


# Calls of value records (day sets, week days, ...) by their exact value: a large file repeats a
# few of them thousands of times, and a node, being immutable, can stand in many statements.
_SHARED: dict[tuple[object, ...], Node] = {}
_SHARED_LIMIT = 4096


def _shared_call(value: Record, prefix: str) -> Node:
    kind = type(value)
    try:
        key = (prefix, (_KEYS.get(kind) or _key_function(kind))(value))  # `_record_key`
    except _NoKey:
        return _call(value, prefix)
    node = _SHARED.get(key)
    if node is None:
        if len(_SHARED) >= _SHARED_LIMIT:
            _SHARED.clear()
        node = _SHARED[key] = _call(value, prefix)
    return node


class _NoKey(Exception):
    """A value without an exact key (a subclass of a literal type, an unknown object)."""


def _record_key(value: Record) -> tuple[object, ...]:
    """A key equal only for values written identically (``==`` alone says ``1 == True == 1.0``
    and ``0.0 == -0.0``; a schedule's ``==`` leaves its spec and description out): the class,
    then each field's `_field_key`."""
    kind = type(value)
    key = _KEYS.get(kind) or _key_function(kind)
    return key(value)


# record class -> its `_record_key` function, made for the class: a large file asks for the key
# of a day set (and its week days) at every entry, and a loop over the fields costs twice as much
_KEYS: dict[type, Callable[[object], tuple[object, ...]]] = {}


def _key_function(kind: type) -> Callable[[object], tuple[object, ...]]:
    if kind.UNCOMPARED:  # type: ignore[attr-defined]
        raise _NoKey
    names = [name for name, _ in fields(kind)]  # identifiers: the record's annotated fields
    # `_field_key` written out for each field: its first case without the call, a record of a
    # class met before by its key function, the rest by `_field_key`
    plain = (
        "v{0} if type(v{0}) in simple else empty_key if v{0} is empty"
        " else keys.get(type(v{0}), field_key)(v{0})"
    )
    source = (
        "def key(value):\n"
        + "".join(f"    v{i} = value.{name}\n" for i, name in enumerate(names))
        + f"    return (kind, {''.join(plain.format(i) + ', ' for i in range(len(names)))})\n"
    )
    namespace: dict[str, object] = {
        "kind": kind,
        "field_key": _field_key,
        "keys": _KEYS,
        "simple": _SELF_KEYED,
        "empty": (),
        "empty_key": _field_key(()),  # a week day set's usual ``nth``
    }
    exec(source, namespace)  # noqa: S102 - text made above from the class's field names
    _KEYS[kind] = namespace["key"]  # type: ignore[assignment]
    return _KEYS[kind]


# the types whose values stand for themselves in a key
_SELF_KEYED = frozenset((int, str, type(None)))


def _field_key(value: object) -> object:
    """An ``int``, ``str`` or None stands for itself (no two of them of different kinds are
    equal); anything else is tagged with its type, so ``True`` is not ``1`` nor ``1.0``."""
    kind = type(value)
    if kind is int or kind is str or value is None:
        return value
    key = _KEYS.get(kind)  # a record of a class met before
    if key is not None:
        return key(value)
    if kind is bool:
        return (kind, value)
    if kind is float:
        return (kind, repr(value))
    if kind is tuple:
        return (kind, *map(_field_key, value))  # type: ignore[call-overload]
    if is_record(value):
        return _record_key(value)
    raise _NoKey


def _call(value: Record, prefix: str) -> Node:
    """The constructor call of a record, leaving out the fields equal to their default."""
    kind = type(value)
    items = (_ITEMS.get(kind) or _items_function(kind))(value, prefix)
    if is_cron_calendar(value):  # its words come from the spec and fields at run time
        return call_of(prefix + "cron_calendar", items)
    return call_of(prefix + kind.__name__, items)


# record class -> a function giving the items of its constructor call, made for the class (the
# fields read one by one, each test written out for its default): a loop over the fields, asking
# each time what the default and the field's kind are, costs twice as much at every entry
_ITEMS: dict[type, Callable[[object, str], list[tuple[str, Node]]]] = {}

# One field: left out when it is its default (the default object itself first: a record's ``==``
# is not free; then by type, since 1.0 == 1 == True but each is written as itself); a string
# without `expression`'s dispatch, a bitmask as the values it stands for.
_OPTIONAL = """    f = value.{name}
    if f is not d{i}:
        t = type(f)
        if t is not dt{i} or {differs}:
            items.append(("{name}=", {node}))
"""
# a record default of a class with Record's ``==``: that ``==`` without its two calls
_DIFFERS_KEY = "not key{i}(f) == k{i}"
_DIFFERS = "f != d{i}"
_REQUIRED = """    f = value.{name}
    t = type(f)
    items.append(("{name}=", {node}))
"""
_NODE = (
    "(strings.get(f) or string_atom(f)) if t is str"
    " else shared_call(f, prefix) if t in keys else expression(f, prefix)"
)
# an int in a mask field: its node from the field's own memory (``m{i}``: mask -> (prefix, node),
# the prefix compared by identity: one string for a whole module), without a key tuple to make
_MASK_NODE = (
    "(h[1] if (h := m{i}.get(f)) is not None and h[0] is prefix"
    " else remember_mask(m{i}, f, {0}, {1}, prefix)) if t is int else expression(f, prefix)"
)


def _items_function(kind: type) -> Callable[[object, str], list[tuple[str, Node]]]:
    namespace: dict[str, object] = {
        "string_atom": string_atom,
        "strings": STRING_ATOMS,
        "expression": expression,
        "shared_call": _shared_call,
        "keys": _KEYS,
        "mask_expression": mask_expression,
        "remember_mask": _remember_mask,
    }
    source = "def items(value, prefix):\n    items = []\n"
    for i, (name, default) in enumerate(fields(kind)):  # names: the class's annotated fields
        mask = MASKS.get((kind.__name__, name))
        node = _NODE if mask is None else _MASK_NODE.format(*mask, i=i)
        namespace[f"m{i}"] = {}
        if default is REQUIRED:
            source += _REQUIRED.format(name=name, node=node)
        else:
            differs = _DIFFERS_KEY if _compared_by_key(default) else _DIFFERS
            source += _OPTIONAL.format(name=name, i=i, node=node, differs=differs.format(i=i))
        namespace[f"d{i}"], namespace[f"dt{i}"] = default, type(default)
        if _compared_by_key(default):
            namespace[f"key{i}"] = key = type(default)._key  # type: ignore[attr-defined]
            namespace[f"k{i}"] = key(default)
    source += "    return items\n"
    exec(source, namespace)  # noqa: S102 - made above from field names
    _ITEMS[kind] = namespace["items"]  # type: ignore[assignment]
    return _ITEMS[kind]


def _compared_by_key(default: object) -> bool:
    """A record whose ``==`` is `RecordMethods`'s: ``key(a) == key(b)`` for two of its class."""
    kind = type(default)
    return (
        is_record(default) and kind.__eq__ is RecordMethods.__eq__ and kind.__ne__ is object.__ne__
    )


def mask_expression(mask: int, base: int, limit: int, prefix: str) -> Node:
    """``bits(...)`` of the values a mask stands for: the shorter of a range and a tuple;
    remembered in `MASK_NODES` (nodes are immutable; a large file repeats its masks)."""
    key = (mask, base, limit, prefix)
    node = MASK_NODES.get(key)
    if node is None:
        if len(MASK_NODES) >= _SHARED_LIMIT:
            MASK_NODES.clear()
        node = MASK_NODES[key] = _mask_call(mask, base, limit, prefix)
    return node


def _remember_mask(
    memory: dict[int, tuple[str, Node]], mask: int, base: int, limit: int, prefix: str
) -> Node:
    """`mask_expression`, kept in a field's own ``memory`` for the next time."""
    if len(memory) >= _SHARED_LIMIT:
        memory.clear()
    node = mask_expression(mask, base, limit, prefix)
    memory[mask] = (prefix, node)
    return node


# (mask, base, limit, prefix) -> its node: only ints as masks (``type(f) is int`` where codegen
# looks in it directly), so ``True`` never finds the node of ``1``
MASK_NODES: dict[tuple[int, int, int, str], Node] = {}


def _mask_call(mask: int, base: int, limit: int, prefix: str) -> Node:
    values = [base + n for n in range(mask.bit_length()) if mask >> n & 1]
    listed = Tuple(tuple(Atom(str(v)) for v in values))
    stepped = _range(values, limit)
    shown = stepped if stepped is not None and len(stepped.text) <= len(listed.text) else listed
    args: tuple[tuple[str | None, Node], ...] = ((None, shown),)
    if base:
        args += (("base", Atom(str(base))),)
    return Call(prefix + "bits", args)


def _range(values: list[int], limit: int) -> Node | None:
    """``range(...)`` of an arithmetic progression of two or more values, else None."""
    if len(values) < 2:
        return None
    step = values[1] - values[0]
    if any(b - a != step for a, b in zip(values, values[1:])):
        return None
    start, stop = values[0], min(values[-1] + step, limit)  # range(0, 60, 15), not (0, 46, 15)
    bounds: tuple[int, ...] = (start, stop) if step == 1 else (start, stop, step)
    if bounds[0] == 0 and len(bounds) == 2:
        bounds = (stop,)
    return Call("range", tuple((None, Atom(str(n))) for n in bounds))
