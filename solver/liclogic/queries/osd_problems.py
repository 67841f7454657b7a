"""The Open Source Definition's requirements as satisfiability problems about a license
(``problem``), and why one is violated under a reading assignment (``explain_violation``):
the clauses that rule every permitted scenario of a shape out (Exists: the unsat core), or a
shrunk, replayed witness scenario (Never) or pair of scenarios (Invariant) and the clauses
that tell them apart. ``liclogic.queries.osd`` decides the requirements and the criteria.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace

import z3

from liclogic.engine import evaluate as ev
from liclogic.engine.compile import CompiledLicense, compile_license
from liclogic.engine.context import pin_readings
from liclogic.engine.encoding import Encoding, ScenarioVars
from liclogic.engine.explain import because, plain, shrink, witness
from liclogic.engine.result import Because, Verdict, Witness
from liclogic.engine.solve import Query, SolverSettings, replay
from liclogic.lang import ast, words
from liclogic.lang.library import Library, LicenseModel
from liclogic.lang.vocabulary import Vocabulary
from liclogic.queries.osd_criteria import STRICT_OSD, Exists, Invariant, Requirement, Shape

# ------------------------------------------------------------------ requirements as problems


def _shape(sv: ScenarioVars, shape: Shape) -> list[z3.BoolRef]:
    return [z3.Or([sv[f] == v for v in vals]) if sv.enc.vocab.fields[f].kind == "bool"
            else sv.among(f, [v for v in vals if isinstance(v, str)])
            for f, vals in shape.items()]


def _in_shape(s: ev.Scenario, shape: Shape) -> bool:
    return all(s[f] in vals for f, vals in shape.items())


def _group(vocab: Vocabulary, vary: str) -> tuple[str, ...]:
    return vocab.group(vary) or ((vary,) if vary in vocab.fields else ())


def _differ(enc: Encoding, c1: CompiledLicense, c2: CompiledLicense, req: Invariant
            ) -> z3.BoolRef:
    if req.duties == "added":
        return z3.Or(z3.And(c1.permitted, z3.Not(c2.permitted)),
                     *[z3.And(c2.duties[k], z3.Not(c1.duties[k])) for k in c1.duties])
    parts = [c1.permitted != c2.permitted]
    if req.duties == "strict":
        parts.append(z3.And(enc.readings[STRICT_OSD],
                            z3.Or([c1.duties[k] != c2.duties[k] for k in c1.duties])))
    return z3.Or(parts)


def _differ_eval(lic: LicenseModel, s1: ev.Scenario, s2: ev.Scenario, req: Invariant) -> bool:
    """Mirror of ``_differ`` on the reference evaluator."""
    p1, p2 = ev.permitted(lic, s1), ev.permitted(lic, s2)
    d1, d2 = ev.duties(lic, s1), ev.duties(lic, s2)
    if req.duties == "added":
        return (p1 and not p2) or bool(d2 - d1)
    return p1 != p2 or (req.duties == "strict" and s1.reading(STRICT_OSD) and d1 != d2)


def _under(enc: Encoding, s: ev.Scenario, rho: dict[str, bool]) -> ev.Scenario:
    return replace(s, readings={r: rho.get(r, False) for r in enc.readings})


@dataclass
class Problem:
    """A requirement as a satisfiability question: ``formula`` is satisfiable exactly when
    the requirement is met (Exists) or violated (Never, Invariant); ``holds`` mirrors it on
    the reference evaluator; ``decode`` turns a model into the witness."""

    query: Query
    formula: z3.BoolRef
    decode: Callable
    holds: Callable
    svs: list[ScenarioVars]
    pairs: list[tuple[ScenarioVars, ScenarioVars]]
    compiled: list[CompiledLicense]  # whose clauses the formula refers to


def problem(enc: Encoding, lic: LicenseModel, req: Requirement, settings: SolverSettings,
            frame: list[z3.BoolRef], cores: bool = True, q: Query | None = None) -> Problem:
    """The requirement as a query about the license: in a fresh solver, or in ``q`` (which
    the caller has opened a frame in)."""
    vocab = enc.vocab
    q = q or Query(settings, cores=cores)
    if isinstance(req, Invariant):
        s1, s2 = enc.scenario("o1"), enc.scenario("o2")
        c1, c2 = compile_license(enc, lic, s1), compile_license(enc, lic, s2)
        vary = set(_group(vocab, req.vary))
        q.track(c1, c2).add(*[s1[p] == s2[p] for p in vocab.fields if p not in vary],
                            s1.outbound == s2.outbound, *_shape(s1, req.left),
                            *_shape(s2, req.right), *frame)
        return Problem(q, _differ(enc, c1, c2, req), lambda m: (s1.decode(m), s2.decode(m)),
                       lambda w, rho: _differ_eval(lic, _under(enc, w[0], rho),
                                                   _under(enc, w[1], rho), req),
                       [s1, s2], [(s1, s2)], [c1, c2])
    sv = enc.scenario("o1")
    c = compile_license(enc, lic, sv)
    q.track(c).add(*frame)
    used = [c]
    if isinstance(req, Exists):
        f = z3.And(c.permitted, z3.Or([z3.And(_shape(sv, sh)) for sh in req.shapes]))
        if req.own_part:
            me, same = enc.own_part(sv)
            c_self = compile_license(enc, lic, me)
            q.track(c_self).add(*same)
            f = z3.And(f, c_self.permitted)
            used.append(c_self)

        def holds(w: ev.Scenario, rho: dict[str, bool]) -> bool:
            s = _under(enc, w, rho)
            return ev.permitted(lic, s) and any(_in_shape(w, sh) for sh in req.shapes) and (
                not req.own_part or ev.permitted(lic, ev.own_part(s)))

        return Problem(q, f, sv.decode, holds, [sv], [], used)
    kinds = vocab.tagged(req.tag)
    f = z3.And(*_shape(sv, req.shape), z3.Or([v for k, v in c.duties.items() if k[0] in kinds]))
    return Problem(q, f, sv.decode,
                   lambda w, rho: _in_shape(w, req.shape) and any(
                       k[0] in kinds for k in ev.duties(lic, _under(enc, w, rho))),
                   [sv], [], used)


# ------------------------------------------------------------------ explanations


@dataclass
class Outcome:
    verdict: Verdict
    because: list[Because] = field(default_factory=list)
    witnesses: list[Witness] = field(default_factory=list)
    text: str = ""


def explain_violation(enc: Encoding, lic: LicenseModel, req: Requirement,
                      rho: dict[str, bool], settings: SolverSettings) -> Outcome:
    """A violated requirement under one reading assignment: the core for Exists, a shrunk and
    replayed witness (or pair) for Never and Invariant."""
    vocab = enc.vocab
    p = problem(enc, lic, req, settings, pin_readings(enc, rho))
    out = Outcome(Verdict.NO)
    if isinstance(req, Exists):
        core = p.query.core(p.formula) or []
        out.because = [because(lic, t.clause, "rules it out") for t in core]
        cites = (", ".join(dict.fromkeys(_cite(enc.lib, b) for b in out.because))
                 or "no grant covers it")
        out.text = f"not so: {cites}."
        return out
    model = shrink(p.query, [p.formula], p.svs, pairs=p.pairs)
    if model is None:
        return Outcome(Verdict.UNKNOWN)
    w = p.decode(model)
    replay(p.holds(w, rho), f"OSD witness for {req.text}")
    if isinstance(req, Invariant):
        a, b = w
        out.witnesses.append(witness(vocab, "pair", a, b))
        out.text, out.because = _pair_reason(enc.lib, lic, a, b)
        return out
    kinds = vocab.tagged(req.tag)
    out.witnesses.append(witness(vocab, "violation", w))
    out.because = [because(lic, x, "imposes it") for x in ev.firing(lic, ast.Require, w)
                   if any(d.kind in kinds for d in x.clause.duties)]
    duties = words.join(words.duty_gloss(vocab, d.kind, d.text) for x in ev.firing(
        lic, ast.Require, w) for d in x.clause.duties if d.kind in kinds)
    out.text = (f"not so: to {plain(vocab, w)} you must {duties} ("
                + ", ".join(dict.fromkeys(_cite(enc.lib, b) for b in out.because)) + ").")
    return out


def _cite(lib: Library, b: Because) -> str:
    return f"{lib.prose(b.license)} {b.cite}"


def _pair_reason(lib: Library, lic: LicenseModel, a: ev.Scenario, b: ev.Scenario
                 ) -> tuple[str, list[Because]]:
    vocab = lib.vocab
    diff = [p for p in vocab.fields if a[p] != b[p]]
    left = ", ".join(words.field_phrase(vocab, p, a[p]) for p in diff)
    right = ", ".join(words.field_phrase(vocab, p, b[p]) for p in diff)
    clauses = []
    for kind in (ast.Forbid, ast.Permit, ast.Require):
        fa = {c.index for c in ev.firing(lic, kind, a)}
        fb = {c.index for c in ev.firing(lic, kind, b)}
        clauses += [lic.clauses[i] for i in sorted(fa ^ fb)]
    common = ev.Scenario({k: v for k, v in a.values.items()})
    act = plain(vocab, common.with_fields({p: vocab.fields[p].default for p in diff}))
    if ev.permitted(lic, a) != ev.permitted(lic, b):
        yes, no = (left, right) if ev.permitted(lic, a) else (right, left)
        effect = f"it lets you {act} with {yes} but not with {no}"
    else:
        da, db = ev.duties(lic, a), ev.duties(lic, b)
        more, fewer, extra = (right, left, db - da) if db - da else (left, right, da - db)
        duties = words.join(sorted(words.duty_gloss(vocab, k[0], k[1]) for k in extra))
        effect = (f"to {act} with {more} you must {duties}; with {fewer} you need not")
    roles = [because(lic, c, "decides the difference") for c in clauses]
    cites = ", ".join(dict.fromkeys(_cite(lib, x) for x in roles))
    return f"not so: {effect}" + (f" ({cites})." if cites else "."), roles
