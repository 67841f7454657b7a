"""The syntax tree's places and conditions: spans, literals and the condition nodes, with
walkers that need no recursion. ``liclogic.lang.ast`` re-exports every name: import them
from there."""

from __future__ import annotations

import dataclasses
import sys
from collections.abc import Callable, Iterator
from dataclasses import field
from operator import attrgetter
from typing import Any, TypeVar, dataclass_transform

T = TypeVar("T")


@dataclass_transform(frozen_default=True, field_specifiers=(field,))
def node(cls: type[T]) -> type[T]:
    """``@dataclass(frozen=True)`` for the syntax tree's node classes, with the same
    ``__eq__``, ``__hash__`` and ``__repr__`` — over the same fields, with the same values —
    shared by every class instead of generated (compiled) for each at import, and the frozen
    ``__setattr__`` / ``__delattr__`` made as closures (``_frozen_dataclass``): five fewer
    code generations per class, for the ~40 classes every question loads. Equality and hash
    compare the tuple of the ``compare`` fields (``hash`` where a field says), repr shows
    the ``repr`` fields, exactly as dataclasses write them (tests/test_ast_nodes.py)."""
    made = _frozen_dataclass(cls)
    fs = dataclasses.fields(made)  # type: ignore[arg-type]
    compared = _tuple_of([f.name for f in fs if f.compare])
    hashed = _tuple_of([f.name for f in fs if (f.compare if f.hash is None else f.hash)])
    shown = [f.name for f in fs if f.repr]

    def __eq__(self: Any, other: Any) -> Any:
        if other.__class__ is self.__class__:
            return compared(self) == compared(other)
        return NotImplemented

    def __hash__(self: Any) -> int:
        return hash(hashed(self))

    def __repr__(self: Any) -> str:
        return str(self.__class__.__qualname__) + "(" + ", ".join(
            f"{n}={getattr(self, n)!r}" for n in shown) + ")"

    for fn in (__eq__, __hash__, __repr__):
        fn.__qualname__ = f"{made.__qualname__}.{fn.__name__}"
        setattr(made, fn.__name__, fn)
    return made


def _frozen_dataclass(cls: type[T]) -> type[T]:
    """``dataclasses.dataclass(frozen=True, eq=False, repr=False)(cls)``, its frozen
    ``__setattr__`` and ``__delattr__`` made as closures over the class and its field names
    (the same test, the same errors and qualified names) rather than compiled from source for
    each class: on Python 3.11 and 3.12, whose dataclasses build them in one replaceable
    function (``_frozen_get_del_attr``); elsewhere dataclasses makes them as it does."""
    maker = getattr(dataclasses, "_frozen_get_del_attr", None)
    if sys.version_info[:2] not in ((3, 11), (3, 12)) or maker is None:
        return dataclasses.dataclass(frozen=True, eq=False, repr=False)(cls)
    dataclasses._frozen_get_del_attr = _frozen_attrs  # type: ignore[attr-defined]
    try:
        return dataclasses.dataclass(frozen=True, eq=False, repr=False)(cls)
    finally:
        dataclasses._frozen_get_del_attr = maker  # type: ignore[attr-defined]


def _frozen_attrs(owner: type[Any], fields: list[dataclasses.Field[Any]], _globals: Any
                  ) -> tuple[Callable[..., None], Callable[..., None]]:
    names = tuple(f.name for f in fields)
    frozen = dataclasses.FrozenInstanceError

    def __setattr__(self: Any, name: str, value: Any) -> None:
        if type(self) is owner or name in names:
            raise frozen(f"cannot assign to field {name!r}")
        super(owner, self).__setattr__(name, value)

    def __delattr__(self: Any, name: str) -> None:
        if type(self) is owner or name in names:
            raise frozen(f"cannot delete field {name!r}")
        super(owner, self).__delattr__(name)

    for fn in (__setattr__, __delattr__):
        fn.__module__ = owner.__module__
    return __setattr__, __delattr__


def _tuple_of(names: list[str]) -> Callable[[Any], tuple[Any, ...]]:
    """The values of these attributes, always as a tuple (``attrgetter`` of one name
    gives the value itself, whose hash is not the tuple's)."""
    if not names:
        return lambda _: ()
    if len(names) == 1:
        one = attrgetter(names[0])
        return lambda x: (one(x),)
    return attrgetter(*names)


@node
class Span:
    file: str
    line: int
    column: int
    end_line: int
    end_column: int

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.column}"


def _span() -> Any:
    return field(default=None, compare=False, repr=False, kw_only=True)


def _comments() -> Any:
    return field(default=(), compare=False, repr=False, kw_only=True)


# ------------------------------------------------------------------ conditions


@node
class FieldRef:
    path: str
    span: Span | None = _span()


@node
class IntLit:
    value: int
    span: Span | None = _span()


@node
class BoolLit:
    value: bool
    span: Span | None = _span()


@node
class NameLit:
    """An enum value, resolved against the field's enum by the type checker."""

    name: str
    span: Span | None = _span()


@node
class StrLit:
    value: str
    span: Span | None = _span()


Literal = IntLit | BoolLit | NameLit | StrLit


@node
class Compare:
    field: FieldRef
    op: str
    value: Literal
    span: Span | None = _span()


@node
class Member:
    field: FieldRef
    values: tuple[Literal, ...]
    negated: bool = False
    span: Span | None = _span()


@node
class BoolField:
    field: FieldRef
    span: Span | None = _span()


@node
class Const:
    value: bool
    span: Span | None = _span()


@node
class ReadingRef:
    name: str
    span: Span | None = _span()


@node
class DerivativeRef:
    """True when the scenario's relation makes a derivative under this license."""

    span: Span | None = _span()


@node
class Not:
    operand: Expr
    span: Span | None = _span()


@node
class And:
    operands: tuple[Expr, ...]
    span: Span | None = _span()


@node
class Or:
    operands: tuple[Expr, ...]
    span: Span | None = _span()


Expr = Compare | Member | BoolField | Const | ReadingRef | DerivativeRef | Not | And | Or


def walk_expr(expr: Expr | None) -> Iterator[Expr]:
    """Yield every node of a condition, depth first (without recursion: a condition built in
    Python may be deeper than the parser allows)."""
    stack = [expr] if expr is not None else []
    while stack:
        e = stack.pop()
        yield e
        if isinstance(e, Not):
            stack.append(e.operand)
        elif isinstance(e, And | Or):
            stack.extend(reversed(e.operands))


def expr_depth(expr: Expr | None) -> int:
    """How deeply the condition's not / and / or nest (a comparison alone: 1)."""
    deepest = 0
    stack = [(expr, 1)] if expr is not None else []
    while stack:
        e, depth = stack.pop()
        deepest = max(deepest, depth)
        if isinstance(e, Not):
            stack.append((e.operand, depth + 1))
        elif isinstance(e, And | Or):
            stack.extend((o, depth + 1) for o in e.operands)
    return deepest
