"""A memo layer over the reference evaluator for ``compat_holds`` asked of one inbound license A
at one scenario with many outbound licenses B (the profiles' depends rule replays A's few
sample scenarios for every B of a matrix row).

A's side of ``evaluate.compat_holds`` at s — whether A permits s, its own part and its part as
source, A's duties, terms, relicense targets and the options of its duty alternatives on each
of those three copies, and A's reach — depends on B only through the outbound field of s, and
then only when A's conditions name it (``names_outbound``). ``inbound_at`` computes that side
once; ``compat_holds_at`` finishes the evaluation with B's few facts (its reach, its duties
when the source goes out, whether it forbids further restrictions and what it tolerates), in
the order ``compat_holds`` asks them. ``evaluate`` stays the plain specification:
tests/test_evaluate_memo.py checks that the two agree on generated licenses and scenarios.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass

from liclogic.engine import evaluate as ev
from liclogic.lang import ast
from liclogic.lang.clause_kinds import all_conditions
from liclogic.lang.library import LicenseModel
from liclogic.lang.vocabulary import (
    FORM,
    OUTBOUND,
    RELATION,
    SAME_LICENSE,
    SELF_RELATION,
    Vocabulary,
)


@dataclass(frozen=True)
class Copy:
    """A's facts at one copy of the scenario (s itself, A's own part, A's part as source)."""

    permitted: bool
    kinds: frozenset[str]  # the kinds of A's duties there
    allowed: frozenset[str]  # ``allowed_outbounds``, canonical
    terms: frozenset[str]
    options: Mapping[ev.DutyKey, tuple[str, ...]]  # a duty alternative → its open options' kinds


class Inbound:
    """A's side of ``compat_holds`` at one scenario s (B outbound): each copy's facts found
    when first asked (``compat_holds`` asks A's own part only where it is part of the whole,
    and its part as source only where the source goes out)."""

    def __init__(self, a: LicenseModel, s: ev.Scenario, canonical: ev.Canonical) -> None:
        self.derived = ev.derived(a, s)
        self._a, self._s, self._canonical = a, s, canonical

    @functools.cached_property
    def at(self) -> Copy:
        return _copy(self._a, self._s, self._canonical)

    @functools.cached_property
    def own(self) -> Copy:
        return _copy(self._a, ev.own_part(self._s), self._canonical)

    @functools.cached_property
    def source(self) -> Copy:
        return _copy(self._a, ev.own_source(self._s), self._canonical)


def names_outbound(lic: LicenseModel) -> bool:
    """Does any condition of the license (its derivative clauses' included, which
    ``derivative`` in a condition reaches) name the outbound field? Then A's side at a
    scenario depends on the outbound license, and is memoised per outbound."""
    found = lic.__dict__.get("_names_outbound")  # kept with the license, as ``of`` keeps
    if found is None:
        found = lic.__dict__["_names_outbound"] = any(
            isinstance(n, ast.Compare | ast.Member | ast.BoolField) and n.field.path == OUTBOUND
            for c in lic.clauses for cond in all_conditions(c.clause)
            for n in ast.walk_expr(cond))
    return bool(found)


def _copy(a: LicenseModel, s: ev.Scenario, canonical: ev.Canonical) -> Copy:
    duties = ev.duties(a, s)
    kinds = frozenset(k for k, _ in duties)
    options = {k: tuple(o.duty.kind for o in ev.choice_options(a, k, s))
               for k in duties if k[0] == ast.ONE_OF}
    # ``ev.terms``: the kinds of its duties and its carried terms
    return Copy(ev.permitted(a, s), kinds, ev.allowed_outbounds(a, s, canonical),
                kinds | ev.carried(a, s), options)


def inbound_at(a: LicenseModel, s: ev.Scenario, canonical: ev.Canonical) -> Inbound:
    """A's side of ``compat_holds`` at s."""
    return Inbound(a, s, canonical)


def compat_holds_at(x: Inbound, a: LicenseModel, b: LicenseModel, s: ev.Scenario,
                    scope_ok: bool, vocab: Vocabulary, canonical: ev.Canonical) -> bool:
    """``evaluate.compat_holds(a, b, s, scope_ok, vocab, canonical)``, with A's side of it
    ``x = inbound_at(a, s, canonical)`` (s with B as the outbound license)."""
    r = s[RELATION]
    combines = r in vocab.tagged("combines")
    b_reach: list[bool] = []

    def b_derived() -> bool:  # B's reach at s, asked at most once
        if not b_reach:
            b_reach.append(ev.derived(b, s))
        return b_reach[0]

    # ``part_of``
    part = r == SELF_RELATION or r in vocab.tagged("contains") or x.derived or (
        combines and b_derived())
    if not x.at.permitted or (part and not x.own.permitted):
        return False
    # ``source_out``
    tagged = vocab.tagged("discloses_source")
    source = bool(tagged) and FORM in vocab.fields and part and bool(
        (x.at.kinds | x.own.kinds | {k for k, _ in ev.duties(b, s)}) & tagged)
    if source and not x.source.permitted:
        return False
    # ``relicensed``
    allowed = x.at.allowed | (x.own.allowed if part else frozenset()) | (
        x.source.allowed if source else frozenset())
    if canonical(b.id) in allowed:
        return True
    if SAME_LICENSE in x.at.kinds:
        return False
    # ``conflicting_terms``: B forbids further restrictions and governs the whole
    if b.restricts_further and (not combines or b_derived()):
        specific, freedoms, kin = (vocab.tagged("specific"), vocab.tagged("freedoms"),
                                   vocab.tagged("attribution"))
        copies = [x.at] + ([x.own] if part else []) + ([x.source] if source else [])
        for c in copies:
            if any(t != ast.ONE_OF and not b.tolerates(t, specific, freedoms, kin)
                   for t in c.terms):
                return False
        for c in copies:
            if any(not any(b.tolerates(k, specific, freedoms, kin) for k in kinds)
                   for kinds in c.options.values()):
                return False
    return scope_ok or not part
