"""`Record`: the frozen, keyword-only, slotted value class runtime objects are made of.

Not ``dataclasses``: making a dataclass compiles its methods (0.3–0.5 ms each, a dozen
classes) and ``dataclasses`` imports ``inspect`` (~6 ms), a cost every process declaring a
schedule would pay at import. A record class declares each field once, as an annotated class
attribute (``minutes: int = ALL_MINUTES``); the metaclass turns the annotations into slots and
the defaults into `fields`, which is what codegen prints a constructor from. Type checkers read
the same declaration through ``dataclass_transform``. `PlainRecord` is the same without slots
(and so without a metaclass), for the compiler's AST.
"""

from __future__ import annotations

from operator import attrgetter
from typing import Any, ClassVar, Literal, TypeGuard, dataclass_transform


class _Required:
    __slots__ = ()

    def __repr__(self) -> str:
        return "REQUIRED"


REQUIRED: Any = _Required()
"""The default of a field that has none: the constructor must be given it."""


class _Private:
    __slots__ = ()


_PRIVATE = _Private()


def private(*, init: Literal[False] = False) -> Any:
    """Declares a slot that is not a field (derived state set in ``__post_init__``): neither
    the constructor, ``==``, ``repr`` nor `fields` see it. ``init`` is for type checkers."""
    return _PRIVATE


class FrozenRecordError(AttributeError):
    """Raised on assignment to a record's field: records are immutable."""


def _is_class_var(annotation: object) -> bool:
    if isinstance(annotation, str):  # `from __future__ import annotations`: the source text
        return annotation.startswith(("ClassVar", "typing.ClassVar"))
    return annotation is ClassVar or getattr(annotation, "__origin__", None) is ClassVar


class _NoKey:
    """The comparison key of a record without compared fields (an attrgetter needs a name)."""

    __slots__ = ()

    def __call__(self, _record: object) -> tuple[()]:
        return ()


_no_key = _NoKey()


@dataclass_transform(kw_only_default=True, frozen_default=True, field_specifiers=(private,))
class RecordMeta(type):
    """Reads a record class's annotated attributes into slots and ``(name, default)`` fields."""

    def __new__(
        mcs, name: str, bases: tuple[type, ...], namespace: dict[str, Any], **kwargs: Any
    ) -> RecordMeta:
        own, slots = _declared_fields(name, namespace)
        namespace["__slots__"] = (*slots, *namespace.get("__slots__", ()))
        cls: Any = super().__new__(mcs, name, bases, namespace, **kwargs)
        _add_fields(cls, own)
        return cls


def _add_fields(cls: Any, own: list[tuple[str, object]]) -> None:
    """After its bases' fields, a record class's own; its comparison key and constructor."""
    cls._fields = (*getattr(cls, "_fields", ()), *own)
    compared = [field for field, _ in cls._fields if field not in cls.UNCOMPARED]
    cls._key = attrgetter(*compared) if compared else _no_key
    if "__init__" not in cls.__dict__:  # see `_compiling_init`
        cls.__init__ = _compiling_init


def _compiling_init(self: Any, **values: object) -> None:
    """A record class's constructor until it has made `COMPILE_AFTER` records: the generic one.
    Then it compiles the class's own ``__init__`` (keyword parameters with the fields' defaults,
    one assignment each) and installs it on the class.

    Binding keywords in C is several times cheaper than the generic loop, which counts where
    records are made by the ten thousand (a generated module declaring its schedules); but
    compiling one costs as much as ~100 generic calls, which a process making a few dozen records
    of a class (a service with 20 schedules) would pay for nothing. Importing the runtime
    compiles nothing.
    """
    cls = type(self)
    if cls.__dict__.get("__init__") is _compiling_init:
        made = _made.get(cls, 0) + 1
        if made < COMPILE_AFTER:
            _made[cls] = made
        else:
            _made.pop(cls, None)
            cls.__init__ = _compiled_init(cls)
            return cls.__init__(self, **values)
    return RecordMethods.__init__(self, **values)


COMPILE_AFTER = 64  # records a class makes with the generic constructor before compiling its own
_made: dict[type, int] = {}  # per record class, records made so far by the generic constructor


def _compiled_init(cls: type[RecordMethods]) -> Any:
    names = [name for name, _ in cls._fields]
    namespace: dict[str, Any] = {
        "_cls": cls,
        "_generic": RecordMethods.__init__,
        "_REQUIRED": REQUIRED,
    }
    namespace.update({f"_default_{name}": default for name, default in cls._fields})
    if isinstance(cls, RecordMeta):
        namespace.update(_to_class=_SET_CLASS, _builder=_builder(cls))
        body = _slotted_init_lines(cls, names)
    else:  # a PlainRecord's own constructor: no subclass shares it, Python's own errors
        body = [
            "def __init__(self, *, "
            + "".join(f"{n}, " if d is REQUIRED else f"{n}=_default_{n}, " for n, d in cls._fields)
            + "):",
            # object.__setattr__, not self.__dict__ nor a builder class: either gives up the
            # instance's inline values (Python 3.11), and with them its fast attribute reads
            "    _set = object.__setattr__",
            *(f"    _set(self, {name!r}, {name})" for name in names),
        ]
    if hasattr(cls, "__post_init__"):
        body.append("    self.__post_init__()")
    exec("\n".join(body), namespace)  # noqa: S102 - the source is built from field names
    init = namespace["__init__"]
    init.__qualname__ = f"{cls.__qualname__}.__init__"
    return init


def _slotted_init_lines(cls: Any, names: list[str]) -> list[str]:
    required = " or ".join(f"{name} is _REQUIRED" for name, d in cls._fields if d is REQUIRED)
    return [
        "def __init__(self, *, "
        + "".join(f"{name}=_default_{name}, " for name in names)
        + "**_extra):",
        # a subclass, an unknown keyword or a missing field: the generic path (and its errors)
        f"    if self.__class__ is not _cls or _extra{' or ' + required if required else ''}:",
        "        return _generic(self, "
        + "".join(f"{name}={name}, " for name in names)
        + "**_extra)",
        # assignments as the builder (see `_builder`), then the record is the class's again
        "    _to_class(self, _builder)",
        *(f"    self.{name} = {name}" for name in names),
        "    self.__class__ = _cls",
    ]


# `object.__setattr__(record, "__class__", ...)` without looking up "__class__" on each call
_SET_CLASS = object.__dict__["__class__"].__set__


def _builder(cls: Any) -> type:
    """A subclass of ``cls`` with the same slots and plain attribute assignment: a new record
    is this class while its constructor fills its fields, then ``cls`` again. An assignment
    through ``object.__setattr__`` (past the frozen ``__setattr__``) costs ~1,400 instructions,
    a plain one ~70, and changing the class twice ~1,000 together: a record of 8 fields is
    made in a third of the time. Made with ``type.__new__``, so the metaclass does not take
    it for a record class of its own; nothing outside the constructor ever sees it.
    """
    namespace = {
        "__slots__": (),
        # both: they share one C slot, which stays the generic C function only if neither is ours
        "__setattr__": object.__setattr__,
        "__delattr__": object.__delattr__,
        "__module__": cls.__module__,
        "__qualname__": cls.__qualname__,
    }
    return type.__new__(type(cls), cls.__name__, (cls,), namespace)


def _declared_fields(
    name: str, namespace: dict[str, Any]
) -> tuple[list[tuple[str, object]], list[str]]:
    """The class body's own fields (defaults taken out of the namespace, where they would clash
    with the slots) and the names of all its new slots, fields first."""
    annotations = namespace.get("__annotations__")
    if annotations is None:
        if "__annotate__" in namespace:  # Python 3.14's lazy annotations
            raise TypeError(f"record {name}: its module needs `from __future__ import annotations`")
        annotations = {}
    own: list[tuple[str, object]] = []
    slots: list[str] = []
    for field, annotation in annotations.items():
        if _is_class_var(annotation):
            continue
        default = namespace.pop(field, REQUIRED)
        slots.append(field)
        if default is not _PRIVATE:
            own.append((field, default))
    return own, slots


class RecordMethods:
    """Keyword-only constructor, immutable fields, equality and hash by the compared fields.

    A subclass declares its fields as annotated class attributes, after its bases' fields;
    ``UNCOMPARED`` names fields left out of ``==`` and ``hash``. ``__post_init__``, if defined,
    validates once every field is set. The behaviour of `Record` and `PlainRecord`.
    """

    __slots__ = ()
    UNCOMPARED: ClassVar[frozenset[str]] = frozenset()
    _fields: ClassVar[tuple[tuple[str, object], ...]] = ()
    _key: ClassVar[attrgetter[Any] | _NoKey]

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
        return self._key(self) == self._key(other)

    def __hash__(self) -> int:
        return hash(self._key(self))

    def __repr__(self) -> str:
        shown = ", ".join(f"{name}={getattr(self, name)!r}" for name, _ in self._fields)
        return f"{type(self).__name__}({shown})"

    def __reduce__(self) -> tuple[object, ...]:
        # rebuild through the constructor so derived state is recomputed (pickle, copy)
        return (
            _rebuild,
            (type(self), {name: getattr(self, name) for name, _ in self._fields}),
        )


class Record(RecordMethods, metaclass=RecordMeta):
    """A slotted record: the runtime's objects, made by the ten thousand in a generated module."""


@dataclass_transform(kw_only_default=True, frozen_default=True, field_specifiers=(private,))
class PlainRecord(RecordMethods):
    """A record without slots, so without a metaclass (which makes every ``isinstance`` against
    the class call ``__instancecheck__``): the compiler's AST, asked that at nearly every node."""

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        own = []
        for field, annotation in cls.__dict__.get("__annotations__", {}).items():
            if _is_class_var(annotation):
                continue
            default = cls.__dict__.get(field, REQUIRED)
            if default is not _PRIVATE:
                own.append((field, default))
            if field in cls.__dict__:
                # kept in `fields` only: an instance attribute that a class attribute of the
                # same name shadows is read without Python 3.11's specialised attribute load
                delattr(cls, field)
        _add_fields(cls, own)


def _rebuild(cls: type[RecordMethods], values: dict[str, object]) -> RecordMethods:
    return cls(**values)


def fields(record: RecordMethods | type[RecordMethods]) -> tuple[tuple[str, object], ...]:
    """``(name, default)`` for each field of a record (or record class), in constructor order;
    the default is `REQUIRED` for a field the constructor must be given."""
    return record._fields


def is_record(value: object) -> TypeGuard[Record]:
    """True for record instances (not classes)."""
    return isinstance(value, Record)
