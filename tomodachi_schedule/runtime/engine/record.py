"""`Record`: the frozen, keyword-only, slotted value class runtime objects are made of.

Not ``dataclasses``: making a dataclass compiles its methods (0.3–0.5 ms each, a dozen
classes) and ``dataclasses`` imports ``inspect`` (~6 ms), a cost every process declaring a
schedule would pay at import. A record class states its own fields once, in ``FIELDS``;
`fields` lists a record's fields with their defaults (what codegen prints a constructor from).
"""

from __future__ import annotations

from operator import attrgetter
from typing import ClassVar


class _Required:
    __slots__ = ()

    def __repr__(self) -> str:
        return "REQUIRED"


REQUIRED = _Required()
"""The default of a field that has none: the constructor must be given it."""


class FrozenRecordError(AttributeError):
    """Raised on assignment to a record's field: records are immutable."""


class Record:
    """Keyword-only constructor, immutable fields, equality and hash by the compared fields.

    A subclass declares ``FIELDS = {name: default, ...}`` (its own, after its bases') and
    ``__slots__ = tuple(FIELDS)``; ``UNCOMPARED`` names fields left out of ``==`` and ``hash``.
    ``__post_init__``, if defined, validates once every field is set.
    """

    __slots__ = ()
    FIELDS: ClassVar[dict[str, object]] = {}
    UNCOMPARED: ClassVar[frozenset[str]] = frozenset()
    _fields: ClassVar[tuple[tuple[str, object], ...]] = ()
    _key: ClassVar[attrgetter]

    def __init_subclass__(cls, **kwargs: object) -> None:
        super().__init_subclass__(**kwargs)
        cls._fields = cls._fields + tuple(cls.__dict__.get("FIELDS", {}).items())
        compared = [name for name, _ in cls._fields if name not in cls.UNCOMPARED]
        cls._key = attrgetter(*compared) if compared else _no_key

    def __init__(self, **values: object) -> None:
        assign = object.__setattr__
        for name, default in self._fields:
            value = values.pop(name, default)
            if value is REQUIRED:
                raise TypeError(f"{type(self).__name__}() missing keyword argument {name!r}")
            assign(self, name, value)
        if values:
            unknown = ", ".join(map(repr, values))
            raise TypeError(f"{type(self).__name__}() got unexpected keyword argument(s) {unknown}")
        post_init = getattr(self, "__post_init__", None)
        if post_init is not None:
            post_init()

    def __setattr__(self, name: str, value: object) -> None:
        raise FrozenRecordError(
            f"cannot assign to field {name!r}: {type(self).__name__} is immutable"
        )

    def __delattr__(self, name: str) -> None:
        raise FrozenRecordError(f"cannot delete field {name!r}: {type(self).__name__} is immutable")

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        return self._key(self) == other._key(other)  # type: ignore[attr-defined]

    def __hash__(self) -> int:
        return hash(self._key(self))

    def __repr__(self) -> str:
        shown = ", ".join(f"{name}={getattr(self, name)!r}" for name, _ in self._fields)
        return f"{type(self).__name__}({shown})"

    def __reduce__(self) -> tuple:
        # rebuild through the constructor so derived state is recomputed (pickle, copy)
        return (
            _rebuild,
            (type(self), {name: getattr(self, name) for name, _ in self._fields}),
        )


def _no_key(_record: Record) -> tuple:
    return ()


def _rebuild(cls: type[Record], values: dict[str, object]) -> Record:
    return cls(**values)


def fields(record: Record | type[Record]) -> tuple[tuple[str, object], ...]:
    """``(name, default)`` for each field of a record (or record class), in constructor order;
    the default is `REQUIRED` for a field the constructor must be given."""
    return record._fields


def is_record(value: object) -> bool:
    """True for record instances (not classes)."""
    return isinstance(value, Record)
