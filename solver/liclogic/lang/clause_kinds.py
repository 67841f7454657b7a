"""The clause kinds of the DSL, declared once.

One row per kind: its keyword, its syntax-tree node, what its head lists and which names
those are checked against, the optional parts it takes (``on``, ``when``, ``unless``), where
``show`` lists it and what it does in the semantics. The parser, the formatter, the type
checker, ``show``, the linter and the hypothesis strategies read this table; the reference
evaluator and the Z3 compiler dispatch on the node with exhaustive ``match`` statements, so a
kind they do not handle fails the type checker instead of silently acting as a permit.

Adding a clause kind (docs/dsl.md has the list): the grammar rule, the node in ``ast``, its
row here, its case in ``engine/evaluate.py`` and ``engine/compile.py``, and a strategy.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Literal

from liclogic.lang import ast


class Category(StrEnum):
    """What a clause does in the semantics (docs/semantics.md)."""

    GRANT = "grant"  # permits acts: permitted = some grant applies and no ban does
    BAN = "ban"  # forbids acts, whatever the grants say
    RESERVATION = "reservation"  # withholds acts as a ban does, but says "not granted"
    DUTY = "duty"  # imposes duties where it applies
    REACH = "reach"  # says which relations make a derivative (the license's reach)
    CARRIED = "carried"  # a term that stays with the work under another license
    TOLERANCE = "tolerance"  # forbids further restrictions, tolerating the terms it lists
    RELICENSE = "relicense"  # other licenses the work may be distributed under
    WAIVER = "waiver"  # lifts duties or carried terms (exceptions)
    DECLARATION = "declaration"  # restricts no one (disclaimers): recorded, never decisive


# What a clause's head lists, and the node field that holds it.
Head = Literal["acts", "duties", "relations", "terms", "term_set", "targets"]
# What the head's names are checked against in the vocabulary.
Names = Literal["act", "duty", "relation", "term", "term_or_duty", "disclaimer", "license"]
Part = Literal["on", "when", "unless"]


@dataclass(frozen=True)
class Flag:
    """An optional marker after a clause's head that sets a bool field of its node."""

    field: str  # the node's field (and the parse tag)
    words: str  # how it is written: ``keeping terms``


@dataclass(frozen=True)
class ClauseKind:
    keyword: str
    node: type[ast.Clause]
    head: Head
    names: Names
    parts: tuple[Part, ...]
    section: str  # show: the key it is listed under (JSON)
    title: str  # show: the heading it is listed under (text)
    category: Category
    flag: Flag | None = None

    @property
    def field(self) -> str:
        """The node field the head is stored in (``term_set`` is a set of terms)."""
        return "terms" if self.head == "term_set" else self.head

    @property
    def conditional(self) -> bool:
        """Does it apply at some scenarios only? (Else it holds wherever the license does.)"""
        return bool(self.parts)


CLAUSE_KINDS: tuple[ClauseKind, ...] = (
    ClauseKind("permit", ast.Permit, "acts", "act", ("on", "when"),
               "grants", "Grants", Category.GRANT),
    ClauseKind("forbid", ast.Forbid, "acts", "act", ("on", "when", "unless"),
               "forbids", "Forbids", Category.BAN),
    ClauseKind("reserve", ast.Reserve, "acts", "act", ("on", "when"),
               "reserves", "Not granted (reserved)", Category.RESERVATION),
    ClauseKind("require", ast.Require, "duties", "duty", ("on", "when"),
               "duties", "Duties", Category.DUTY),
    ClauseKind("derivative", ast.Derivative, "relations", "relation", ("when",),
               "derivative", "Derivatives", Category.REACH),
    ClauseKind("carries", ast.Carries, "terms", "term", ("on", "when"),
               "carries", "Carried terms", Category.CARRIED),
    ClauseKind("accepts", ast.Accepts, "term_set", "term_or_duty", (),
               "accepts", "Accepts", Category.TOLERANCE),
    ClauseKind("relicense", ast.Relicense, "targets", "license", ("on", "when"),
               "relicense", "Relicense to", Category.RELICENSE,
               Flag("keeps_terms", "keeping terms")),
    ClauseKind("waive", ast.Waive, "terms", "term_or_duty", ("on", "when"),
               "waives", "Waives", Category.WAIVER),
    ClauseKind("disclaims", ast.Disclaims, "terms", "disclaimer", (),
               "disclaims", "Disclaims", Category.DECLARATION),
)

KEYWORDS: tuple[str, ...] = tuple(k.keyword for k in CLAUSE_KINDS)
BY_KEYWORD: dict[str, ClauseKind] = {k.keyword: k for k in CLAUSE_KINDS}
BY_NODE: dict[type[ast.Clause], ClauseKind] = {k.node: k for k in CLAUSE_KINDS}


def kind_of(clause: ast.Clause) -> ClauseKind:
    return BY_NODE[type(clause)]


def keyword(clause: ast.Clause) -> str:
    return BY_NODE[type(clause)].keyword


def conditions(clause: ast.Clause) -> tuple[ast.Expr, ...]:
    """The clause's conditions (``when``, ``unless``) that are written."""
    kind = BY_NODE[type(clause)]
    found = (getattr(clause, part) for part in ("when", "unless") if part in kind.parts)
    return tuple(e for e in found if e is not None)


def all_conditions(clause: ast.Clause) -> tuple[ast.Expr, ...]:
    """The clause's conditions and those of the options of its duty alternatives: every
    condition that decides something about it."""
    return conditions(clause) + ast.option_conditions(clause)
