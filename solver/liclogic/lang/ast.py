"""The syntax tree of the DSL: frozen dataclasses, each node with its source span.

Spans and comments never take part in equality, so ``parse(format(tree)) == tree`` compares
meaning and layout-independent structure only.
"""

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


# ------------------------------------------------------------------ clauses


@dataclass(frozen=True)
class Cite:
    section: str
    quote: str | None = None
    span: Span | None = _span()


@dataclass(frozen=True)
class Duty:
    """A duty instance: its kind and, for kinds that take one, its text: display("Kimi K2")."""

    kind: str
    text: str | None = None
    span: Span | None = _span()

    def __str__(self) -> str:
        return self.kind if self.text is None else f'{self.kind}("{self.text}")'


@dataclass(frozen=True)
class Permit:
    acts: tuple[str, ...] | None  # None: any act
    relations: tuple[str, ...] | None = None
    when: Expr | None = None
    cite: Cite | None = None
    span: Span | None = _span()
    comments: tuple[str, ...] = _comments()


@dataclass(frozen=True)
class Forbid:
    acts: tuple[str, ...] | None
    relations: tuple[str, ...] | None = None
    when: Expr | None = None
    unless: Expr | None = None
    cite: Cite | None = None
    span: Span | None = _span()
    comments: tuple[str, ...] = _comments()


@dataclass(frozen=True)
class Reserve:
    """Withholds acts without banning them ("no trademark licenses are granted"), whatever the
    other grants say: for what is permitted, a forbid; what it says: "not granted (reserved)"."""

    acts: tuple[str, ...] | None
    relations: tuple[str, ...] | None = None
    when: Expr | None = None
    cite: Cite | None = None
    span: Span | None = _span()
    comments: tuple[str, ...] = _comments()


@dataclass(frozen=True)
class Require:
    duties: tuple[Duty, ...]
    relations: tuple[str, ...] | None = None
    when: Expr | None = None
    cite: Cite | None = None
    span: Span | None = _span()
    comments: tuple[str, ...] = _comments()


@dataclass(frozen=True)
class Derivative:
    relations: tuple[str, ...]
    when: Expr | None = None
    cite: Cite | None = None
    span: Span | None = _span()
    comments: tuple[str, ...] = _comments()


@dataclass(frozen=True)
class Carries:
    terms: tuple[str, ...]
    relations: tuple[str, ...] | None = None
    when: Expr | None = None
    cite: Cite | None = None
    span: Span | None = _span()
    comments: tuple[str, ...] = _comments()


@dataclass(frozen=True)
class Accepts:
    terms: tuple[str, ...]
    cite: Cite | None = None
    span: Span | None = _span()
    comments: tuple[str, ...] = _comments()


@dataclass(frozen=True)
class Relicense:
    """Outbound licenses the work may take. ``keeps_terms`` (``keeping terms``): the work's own
    terms still bind its part (AGPL-3.0 §13, MPL-2.0 §3.3) instead of being replaced (LGPL
    §3, "or later")."""

    targets: tuple[str, ...]
    relations: tuple[str, ...] | None = None
    when: Expr | None = None
    cite: Cite | None = None
    span: Span | None = _span()
    comments: tuple[str, ...] = _comments()
    keeps_terms: bool = False


@dataclass(frozen=True)
class Waive:
    """Lifts duties or carried terms that other clauses impose (exceptions use it)."""

    terms: tuple[str, ...]
    relations: tuple[str, ...] | None = None
    when: Expr | None = None
    cite: Cite | None = None
    span: Span | None = _span()
    comments: tuple[str, ...] = _comments()


@dataclass(frozen=True)
class Disclaims:
    """Warranty / liability disclaimers: they restrict no licensee, so no check depends on
    them, but a faithful spec records them (choosealicense lists them as limitations)."""

    terms: tuple[str, ...]
    cite: Cite | None = None
    span: Span | None = _span()
    comments: tuple[str, ...] = _comments()


BASE = "%base"  # relicense target `base`: the license an exception is attached to

Clause = (Permit | Forbid | Reserve | Require | Derivative | Carries | Accepts | Relicense
          | Waive | Disclaims)
Ban = Forbid | Reserve  # clauses that withhold acts: for what is permitted, the same


@dataclass(frozen=True)
class Meta:
    """A metadata line: name, version, url, aliases, based_on (strings) or kind (a name)."""

    key: str
    values: tuple[str, ...]
    span: Span | None = _span()
    comments: tuple[str, ...] = _comments()


@dataclass(frozen=True)
class License:
    id: str
    items: tuple[Meta | Clause, ...]
    span: Span | None = _span()
    comments: tuple[str, ...] = _comments()
    closing_comments: tuple[str, ...] = _comments()

    @property
    def metas(self) -> tuple[Meta, ...]:
        return tuple(i for i in self.items if isinstance(i, Meta))

    @property
    def clauses(self) -> tuple[Clause, ...]:
        return tuple(i for i in self.items if not isinstance(i, Meta))

    def meta(self, key: str) -> Meta | None:
        return next((m for m in self.metas if m.key == key), None)

    def meta_value(self, key: str) -> str | None:
        m = self.meta(key)
        return m.values[0] if m and m.values else None

    @property
    def name(self) -> str | None:
        return self.meta_value("name")

    @property
    def kind(self) -> str | None:
        return self.meta_value("kind")

    @property
    def based_on(self) -> str | None:
        return self.meta_value("based_on")

    @property
    def aliases(self) -> tuple[str, ...]:
        m = self.meta("aliases")
        return m.values if m else ()


# ------------------------------------------------------------------ vocabulary


@dataclass(frozen=True)
class Gloss:
    """What people read about a vocabulary name: a short label and a one-line gloss."""

    label: str | None = None
    doc: str | None = None


@dataclass(frozen=True)
class EnumDecl:
    name: str
    values: tuple[str, ...]
    doc: str | None = None
    span: Span | None = _span()
    comments: tuple[str, ...] = _comments()
    glosses: tuple[Gloss | None, ...] = ()  # one per value when any value has one, else ()


@dataclass(frozen=True)
class ExtendDecl:
    name: str
    values: tuple[str, ...]
    span: Span | None = _span()
    comments: tuple[str, ...] = _comments()
    glosses: tuple[Gloss | None, ...] = ()


@dataclass(frozen=True)
class FieldDecl:
    path: str
    type: str  # "int", "bool" or an enum name
    default: Literal | None = None
    group: str | None = None
    doc: str | None = None
    label: str | None = None
    span: Span | None = _span()
    comments: tuple[str, ...] = _comments()


@dataclass(frozen=True)
class DutyDecl:
    name: str
    takes_text: bool = False
    doc: str | None = None
    label: str | None = None
    span: Span | None = _span()
    comments: tuple[str, ...] = _comments()


@dataclass(frozen=True)
class TermDecl:
    name: str
    doc: str | None = None
    label: str | None = None
    span: Span | None = _span()
    comments: tuple[str, ...] = _comments()


@dataclass(frozen=True)
class ReadingDecl:
    name: str
    doc: str | None = None
    label: str | None = None
    span: Span | None = _span()
    comments: tuple[str, ...] = _comments()


@dataclass(frozen=True)
class TagDecl:
    name: str
    members: tuple[str, ...]
    doc: str | None = None
    span: Span | None = _span()
    comments: tuple[str, ...] = _comments()


VocabItem = EnumDecl | ExtendDecl | FieldDecl | DutyDecl | TermDecl | ReadingDecl | TagDecl


@dataclass(frozen=True)
class Vocabulary:
    name: str
    items: tuple[VocabItem, ...]
    span: Span | None = _span()
    comments: tuple[str, ...] = _comments()
    closing_comments: tuple[str, ...] = _comments()


@dataclass(frozen=True)
class SpecFile:
    path: str = field(compare=False)
    items: tuple[Vocabulary | License, ...]
    trailing_comments: tuple[str, ...] = _comments()
    source: str = field(default="", compare=False, repr=False, kw_only=True)  # the text read


# ------------------------------------------------------------------ helpers


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
