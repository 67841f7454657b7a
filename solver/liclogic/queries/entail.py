"""Entailment between licenses: B entails A when B is at least as strict as A.

B ⊨ A over a set of scenarios (a context; by default every scenario, under every reading)
when at every scenario s that B permits:
  1. A permits s;
  2. every duty A puts on s, B puts on s too (duty kinds with their texts);
  3. every term A carries at s, B carries too.
Whoever follows B then follows A. The relation is a preorder (reflexive and transitive);
adding a ``forbid`` or a ``require`` to A gives a license that entails A.
"""

from __future__ import annotations

from dataclasses import dataclass

import z3

from liclogic.engine import evaluate as ev
from liclogic.engine.compile import CompiledLicense, compile_license
from liclogic.engine.context import Context
from liclogic.engine.encoding import encoding_for
from liclogic.engine.explain import shrink
from liclogic.engine.solve import (
    DEFAULT_SETTINGS,
    Query,
    SolverSettings,
    Status,
    replay,
)
from liclogic.lang.library import Library, LicenseModel


@dataclass(frozen=True)
class Entailment:
    """``holds`` is None when the solver gave up; ``witness`` is a scenario B permits where A
    does not, or where A imposes a duty or term B does not (replayed by the evaluator)."""

    holds: bool | None
    witness: ev.Scenario | None = None

    def __bool__(self) -> bool:
        return bool(self.holds)


def violated(stronger: LicenseModel, weaker: LicenseModel, s: ev.Scenario) -> bool:
    """The reference evaluator: does s break ``stronger ⊨ weaker``?"""
    if not ev.permitted(stronger, s):
        return False
    return (not ev.permitted(weaker, s) or bool(ev.duties(weaker, s) - ev.duties(stronger, s))
            or bool(ev.carried(weaker, s) - ev.carried(stronger, s)))


def violation_formula(cs: CompiledLicense, cw: CompiledLicense) -> z3.BoolRef:
    """Mirror of ``violated`` on the encoding."""
    lost = [z3.And(e, z3.Not(cs.duties.get(k, z3.BoolVal(False))))
            for k, e in cw.duties.items()]
    lost += [z3.And(e, z3.Not(cs.carried.get(t, z3.BoolVal(False))))
             for t, e in cw.carried.items()]
    return z3.And(cs.permitted, z3.Or(z3.Not(cw.permitted), *lost))


def entails(lib: Library, stronger: str, weaker: str, ctx: Context | None = None,
            settings: SolverSettings = DEFAULT_SETTINGS) -> Entailment:
    """Does ``stronger`` entail ``weaker`` in the context (every act and relation unless the
    context names some; open readings range over both values)?"""
    ctx = (ctx or Context()).validate(lib.vocab)
    s_lic, w_lic = lib.get(stronger), lib.get(weaker)
    enc = encoding_for(lib)
    sv = enc.scenario("entail")
    cs, cw = compile_license(enc, s_lic, sv), compile_license(enc, w_lic, sv)
    q = Query(settings).track(cs, cw).add(
        *ctx.constraints(sv, lib.vocab.acts, lib.vocab.relations),
        *[enc.readings[r] == v for r, v in ctx.readings.items()])
    f = violation_formula(cs, cw)
    status, model = q.check(f)
    if status == Status.UNSAT:
        return Entailment(True)
    if status == Status.UNKNOWN:
        return Entailment(None)
    w = sv.decode(shrink(q, [f], [sv], model=model) or model)
    replay(violated(s_lic, w_lic, w), f"{s_lic.id} does not entail {w_lic.id}")
    return Entailment(False, w)
