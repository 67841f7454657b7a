"""The syntax tree's places and conditions: spans, literals and the condition nodes, with
walkers that need no recursion. ``liclogic.lang.ast`` re-exports every name: import them
from there."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
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


@dataclass(frozen=True)
class FieldRef:
    path: str
    span: Span | None = _span()


@dataclass(frozen=True)
class IntLit:
    value: int
    span: Span | None = _span()


@dataclass(frozen=True)
class BoolLit:
    value: bool
    span: Span | None = _span()


@dataclass(frozen=True)
class NameLit:
    """An enum value, resolved against the field's enum by the type checker."""

    name: str
    span: Span | None = _span()


@dataclass(frozen=True)
class StrLit:
    value: str
    span: Span | None = _span()


Literal = IntLit | BoolLit | NameLit | StrLit


@dataclass(frozen=True)
class Compare:
    field: FieldRef
    op: str
    value: Literal
    span: Span | None = _span()


@dataclass(frozen=True)
class Member:
    field: FieldRef
    values: tuple[Literal, ...]
    negated: bool = False
    span: Span | None = _span()


@dataclass(frozen=True)
class BoolField:
    field: FieldRef
    span: Span | None = _span()


@dataclass(frozen=True)
class Const:
    value: bool
    span: Span | None = _span()


@dataclass(frozen=True)
class ReadingRef:
    name: str
    span: Span | None = _span()


@dataclass(frozen=True)
class DerivativeRef:
    """True when the scenario's relation makes a derivative under this license."""

    span: Span | None = _span()


@dataclass(frozen=True)
class Not:
    operand: Expr
    span: Span | None = _span()


@dataclass(frozen=True)
class And:
    operands: tuple[Expr, ...]
    span: Span | None = _span()


@dataclass(frozen=True)
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
