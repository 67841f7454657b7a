"""Verdicts computed by the reference evaluator alone, by exhaustive small-scope enumeration
(``liclogic.testing.exhaustive_scenarios``): the independent side of the verdict-level
differential tests and of the laws."""

from __future__ import annotations

from collections.abc import Iterable

from liclogic.engine import evaluate as ev
from liclogic.engine.context import COMPAT_ACTS, COMPAT_RELATIONS, Context, compat_context
from liclogic.engine.result import Verdict
from liclogic.lang.library import Library, LicenseModel
from liclogic.lang.vocabulary import ACT, RELATION
from liclogic.testing import exhaustive_scenarios, reading_assignments, space_size
from liclogic.testing.entail import violated

LIMIT = 20_000  # representative scenarios an oracle call may enumerate (keeps examples fast)


def feasible(lib: Library, *names: str) -> bool:
    """Is exhaustive enumeration over these licenses small enough for a test example?"""
    return space_size(lib.vocab, [lib.get(n) for n in names]) <= LIMIT


def verdict_of(outcomes: Iterable[bool]) -> Verdict:
    seen = set(outcomes)
    if seen == {True}:
        return Verdict.YES
    if seen == {False}:
        return Verdict.NO
    if not seen:
        raise ValueError("no scenario")
    return Verdict.DEPENDS


def context_restrict(ctx: Context) -> dict[str, list]:
    out: dict[str, list] = {ACT: list(ctx.acts or COMPAT_ACTS),
                            RELATION: list(ctx.relations or COMPAT_RELATIONS)}
    out.update({p: [v] for p, v in ctx.facts.items()})
    return out


def scope_ok(lib: Library, a: LicenseModel, b: LicenseModel, rho: dict[str, bool]) -> bool:
    """No downstream scenario that B grants and A withholds, under the readings rho."""
    return not any(ev.exceeds(a, b, t, lib.vocab)
                   for t in exhaustive_scenarios(lib.vocab, [a, b], readings=rho))


def compat_verdict(lib: Library, a_name: str, b_name: str, ctx: Context | None = None
                   ) -> Verdict:
    """compat(A, B) by the definition in docs/semantics.md, on the evaluator only (an open
    purpose is the vocabulary's default: ``context.compat_context``)."""
    ctx = compat_context(ctx, lib.vocab)
    a, b = lib.get(a_name), lib.get(b_name)
    outcomes = []
    for rho in reading_assignments(lib.vocab, a.readings | b.readings, ctx.readings):
        ok = scope_ok(lib, a, b, rho)
        for s in exhaustive_scenarios(lib.vocab, [a, b], restrict=context_restrict(ctx),
                                      readings=rho, outbounds=[b.id]):
            outcomes.append(ev.compat_holds(a, b, s, ok, lib.vocab, lib.canonical))
    return verdict_of(outcomes)


def permits_distribution(lib: Library, name: str, ctx: Context | None = None) -> Verdict:
    """Does A permit the context's distributions, and the distribution of its own part?"""
    ctx = compat_context(ctx, lib.vocab)
    a = lib.get(name)
    outcomes = []
    for s in exhaustive_scenarios(lib.vocab, [a], restrict=context_restrict(ctx),
                                  readings=dict(ctx.readings), outbounds=[a.id]):
        part = ev.part_of(a, a, s, lib.vocab)
        outcomes.append(ev.permitted(a, s) and (not part or ev.permitted(a, ev.own_part(s))))
    return verdict_of(outcomes)


def entails(lib: Library, stronger: str, weaker: str) -> bool:
    s_lic, w_lic = lib.get(stronger), lib.get(weaker)
    return not any(violated(s_lic, w_lic, s)
                   for s in exhaustive_scenarios(lib.vocab, [s_lic, w_lic]))


def draw_compat_question(specs, data, vocab) -> tuple[Library, str, str, Context | None]:
    """Inbound, outbound and context drawn from a generated license set (hypothesis ``data``),
    rejecting pairs too large to evaluate exhaustively."""
    from hypothesis import assume
    from hypothesis import strategies as st
    from liclogic import strategies as lst

    lib = specs.library()
    ids = [m.id for m in specs.queryable()]
    a = data.draw(st.sampled_from(ids), label="inbound")
    b = data.draw(st.sampled_from(ids), label="outbound")
    assume(feasible(lib, a, b))
    ctx = data.draw(st.one_of(st.none(), lst.contexts(vocab, licenses=specs.queryable())),
                    label="context")
    return lib, a, b, ctx
