"""A lark Transformer that looks each rule's callback up once per class instead of once per node.

lark resolves ``getattr(self, rule)`` on every tree node, and for a ``v_args`` callback that
builds a fresh wrapper through ``functools.update_wrapper``: about a tenth of an English spec's
compile time. Behaviour is lark's own (same arguments, same `VisitError` wrapping); only the
lookup is remembered.
"""

from __future__ import annotations

from inspect import getattr_static
from types import FunctionType, MethodType

from lark import Transformer, Tree
from lark.exceptions import GrammarError, VisitError

# (transformer class, rule name) -> (plain function, lark's visit wrapper or None), or None when
# the callback is something else (a staticmethod, a missing name): then lark's own path runs.
_CALLBACKS: dict[tuple[type, str], tuple | None] = {}


def _callback(cls: type, rule: str) -> tuple | None:
    key = (cls, rule)
    if key not in _CALLBACKS:
        found = getattr_static(cls, rule, None)
        function = getattr(found, "base_func", found)
        wrapper = getattr(found, "visit_wrapper", None)
        _CALLBACKS[key] = (function, wrapper) if isinstance(function, FunctionType) else None
    return _CALLBACKS[key]


class QuickTransformer(Transformer):
    """`lark.Transformer` with the callback lookup cached per class.

    Tokens are passed to the rules that hold them, never visited on their own, and no callback
    may return `lark.Discard`: that lets each node's children be built by one list comprehension.
    """

    def __init__(self) -> None:
        super().__init__(visit_tokens=False)

    def _transform_tree(self, tree):
        children = [
            self._transform_tree(child) if isinstance(child, Tree) else child
            for child in tree.children
        ]
        return self._call_userfunc(tree, children)

    def _call_userfunc(self, tree, new_children=None):
        callback = _callback(type(self), tree.data)
        if callback is None:
            return super()._call_userfunc(tree, new_children)
        function, wrapper = callback
        children = new_children if new_children is not None else tree.children
        bound = MethodType(function, self)
        try:
            if wrapper is None:
                return bound(children)
            return wrapper(bound, tree.data, children, tree.meta)
        except GrammarError:
            raise
        except Exception as error:  # lark's contract: callback errors surface as VisitError
            raise VisitError(tree.data, tree, error) from error
