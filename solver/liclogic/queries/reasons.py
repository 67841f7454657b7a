"""Reasons, and the legal order they are told in.

A reason is one independent conflict (or, for a yes, the clause that settles it): its kind,
a sentence in plain words, the clauses it rests on (cited and quoted) and the scenario where
the reference evaluator confirms it. Every reason of a verdict is found (``compat_reasons``:
one bounded solver question per clause that could be one) and they are told in the order a
license lawyer argues, which this table fixes — the headline is the first, the others follow
as "also":

1. an explicit compatibility or relicensing clause (the license names the outbound one);
2. the act itself is not granted (an unconditional ban, or no grant of it at all);
3. same-license / copyleft scope;
4. a duty or term the outbound license cannot carry (a use-policy pass-through, a name
   prefix, a term the outbound's no-further-restrictions clause does not accept);
5. a carried use restriction (a ban on a field of endeavor, a non-commercial term);
6. a threshold (users, revenue);
7. any other fact of the scenario.

A ban's kind follows from its condition (``ban_kind``): a comparison with a number is a
threshold, a field of the ``endeavor`` group a use restriction, no condition at all (or only
the relation) the act itself; nothing here knows a license by name.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from liclogic.engine.result import Because
from liclogic.lang import ast
from liclogic.lang.vocabulary import ACT, RELATION, Vocabulary


class Kind(StrEnum):
    RELICENSING = "relicensing"
    NOT_GRANTED = "not_granted"
    COPYLEFT = "copyleft"
    CANNOT_CARRY = "cannot_carry"
    USE_RESTRICTION = "use_restriction"
    THRESHOLD = "threshold"
    FIELD = "field"
    # why a yes holds (never ranked against the reasons of a no)
    SAME = "same_license"
    SEPARATE = "separate_work"
    PERMITS = "permits"


ORDER: tuple[tuple[Kind, str], ...] = (
    (Kind.RELICENSING, "an explicit compatibility or relicensing clause"),
    (Kind.NOT_GRANTED, "the act itself is not granted"),
    (Kind.COPYLEFT, "same-license / copyleft scope"),
    (Kind.CANNOT_CARRY, "a duty or term the outbound license cannot carry"),
    (Kind.USE_RESTRICTION, "a carried use restriction"),
    (Kind.THRESHOLD, "a threshold"),
    (Kind.FIELD, "another fact of the scenario"),
    (Kind.SAME, "yes: it is the same license"),
    (Kind.SEPARATE, "yes: the work stays separate"),
    (Kind.PERMITS, "yes: the inbound license permits it and the outbound grants no more"),
)
RANK: dict[Kind, int] = {k: i for i, (k, _) in enumerate(ORDER)}
ENDEAVOR = "endeavor"  # the field group of use restrictions (OSD 6's fields)


@dataclass
class Reason:
    kind: Kind
    text: str
    clauses: list[Because] = field(default_factory=list)
    scenario: dict[str, Any] | None = None  # where the evaluator confirms it (described)
    key: tuple[Any, ...] = ()  # what it is about (for merging reasons of one section)

    @property
    def rank(self) -> int:
        return RANK[self.kind]

    def to_json(self) -> dict[str, Any]:
        d: dict[str, Any] = {"kind": self.kind.value, "rank": self.rank + 1, "text": self.text,
                             "because": [b.to_json() for b in self.clauses]}
        if self.scenario is not None:
            d["scenario"] = self.scenario
        return d


def ranked(reasons: list[Reason]) -> list[Reason]:
    """In the legal order (stable: reasons of one kind keep the order they were found in),
    each reason once."""
    seen: set[str] = set()
    out = []
    for r in sorted(reasons, key=lambda r: r.rank):
        if r.text not in seen:
            seen.add(r.text)
            out.append(r)
    return out


def ban_kind(vocab: Vocabulary, clause: ast.Clause) -> Kind:
    """The kind of reason a ban (or a condition on a grant) makes, from its condition."""
    when = [getattr(clause, "when", None)]  # an `unless` is an exception to the ban, not its kind
    nodes = [n for e in when if e is not None for n in ast.walk_expr(e)]
    fields = {n.field.path for n in nodes
              if isinstance(n, ast.Compare | ast.Member | ast.BoolField)}
    fields -= {ACT, RELATION}
    ints = any(isinstance(n, ast.Compare) and isinstance(n.value, ast.IntLit) for n in nodes)
    if ints:
        return Kind.THRESHOLD
    if any(vocab.fields[f].group == ENDEAVOR for f in fields if f in vocab.fields):
        return Kind.USE_RESTRICTION
    if not fields:
        return Kind.NOT_GRANTED
    return Kind.FIELD
