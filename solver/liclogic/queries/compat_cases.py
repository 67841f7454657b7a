"""Deciding compat(A, B) for one pair of licenses: the verdict under every assignment of the
open readings, with a witness on each side when explaining (``decide_all``), or the verdict
alone with as few solver calls as possible (``solve_verdict``). See ``liclogic.queries.compat``
for what is decided.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

import z3

from liclogic.engine import evaluate as ev
from liclogic.engine.compile import compat_formula, compile_license, scope_formula, with_own_parts
from liclogic.engine.context import (
    COMPAT_ACTS,
    COMPAT_RELATIONS,
    Context,
    assignments,
    pin_readings,
)
from liclogic.engine.encoding import Encoding
from liclogic.engine.explain import shrink
from liclogic.engine.result import Verdict
from liclogic.engine.solve import (
    Query,
    SolverSettings,
    Status,
    Tracked,
    partition,
    reading_key,
    replay,
)
from liclogic.errors import LiclogicError
from liclogic.lang import ast
from liclogic.lang.library import LicenseModel
from liclogic.lang.vocabulary import SELF_RELATION


def _targets(enc: Encoding, a: LicenseModel) -> set[str]:
    """Every license A names as a relicense target (on any copy of the scenario)."""
    return {enc.lib.canonical(t) for c in a.of(ast.Relicense) for t in c.clause.targets
            if t != ast.BASE}


# ------------------------------------------------------------------ one reading assignment


@dataclass
class Scope:
    status: Status  # SAT: B exceeds A; UNSAT: B grants nothing A withholds
    witness: ev.Scenario | None = None

    @property
    def ok(self) -> bool:
        return self.status == Status.UNSAT


@dataclass
class Case:
    readings: dict[str, bool]
    verdict: Verdict
    scope: Scope
    holds: ev.Scenario | None = None
    fails: ev.Scenario | None = None
    core: list[Tracked] = field(default_factory=list)


def check_scope(enc: Encoding, a: LicenseModel, b: LicenseModel, rho: dict[str, bool],
                settings: SolverSettings, explain: bool, free: frozenset[str] = frozenset()
                ) -> Scope:
    """Does B grant recipients something A withholds, under the readings in rho (those in
    ``free`` left open: then UNSAT means for every value of them)?"""
    cache = enc.scopes
    key = (a.fingerprint, b.fingerprint, tuple(sorted(rho.items())), free, explain, settings)
    if key in cache:
        return cache[key]
    t = enc.scenario("t")
    ca, cb = compile_license(enc, a, t), compile_license(enc, b, t)
    q = Query(settings).track(ca, cb).add(
        *pin_readings(enc, rho, free))
    f = scope_formula(enc, ca, cb)
    status, model = q.check(f)
    scope = Scope(status)
    if status == Status.SAT and explain:
        model = shrink(q, [f], [t]) or model
        s = t.decode(model)
        replay(ev.exceeds(a, b, s, enc.vocab), f"{b.id} permits, {a.id} withholds")
        scope.witness = s
    cache[key] = scope
    return scope


def decide_case(enc: Encoding, a: LicenseModel, b: LicenseModel, ctx: Context,
                rho: dict[str, bool], settings: SolverSettings, explain: bool,
                free: frozenset[str] = frozenset()) -> Case:
    scope = check_scope(enc, a, b, rho, settings, explain and not free, free)
    if scope.status == Status.UNKNOWN:
        return Case(rho, Verdict.UNKNOWN, scope)
    if free and not scope.ok:
        return Case(rho, Verdict.UNKNOWN, scope)  # depends on the readings: enumerate them
    s = enc.scenario("s")
    ca, ca_self, ca_src = with_own_parts(enc, a, s)
    cb = compile_license(enc, b, s)
    q = Query(settings).track(ca, ca_self, ca_src, cb).add(
        *enc.own_ties(s), *ctx.constraints(s, COMPAT_ACTS, COMPAT_RELATIONS),
        s.outbound == enc.license_code(b.id), *pin_readings(enc, rho, free))
    f = compat_formula(enc, ca, ca_self, ca_src, cb, scope.ok)
    holds, hm = q.check(f)
    fails, fm = q.check(z3.Not(f))
    if Status.UNKNOWN in (holds, fails):
        return Case(rho, Verdict.UNKNOWN, scope)
    if holds == fails == Status.UNSAT:
        raise LiclogicError("the context admits no scenario",
                            hint="check the --relation / --act / --licensee values")
    verdict = (Verdict.DEPENDS if holds == fails == Status.SAT
               else Verdict.YES if holds == Status.SAT else Verdict.NO)
    case = Case(rho, verdict, scope)
    if not explain or free:
        return case
    canon = enc.lib.canonical
    if holds == Status.SAT:
        case.holds = s.decode(shrink(q, [f], [s]) or hm)
        replay(ev.compat_holds(a, b, case.holds, scope.ok, enc.vocab, canon), "compat holds")
    if fails == Status.SAT:
        case.fails = s.decode(shrink(q, [z3.Not(f)], [s]) or fm)
        replay(not ev.compat_holds(a, b, case.fails, scope.ok, enc.vocab, canon),
               "compat fails")
    if verdict == Verdict.NO:
        case.core = q.core(f) or []
    return case


def decide_all(enc: Encoding, a: LicenseModel, b: LicenseModel, ctx: Context,
               settings: SolverSettings, explain: bool) -> list[Case]:
    """The verdict under every assignment of the open readings, each assignment settled by
    ``partition`` (usually one solver call for all of them); then, when explaining, one
    fully explained case per distinct outcome."""
    relevant = a.readings | b.readings
    fixed = dict(ctx.readings)
    rhos = assignments(relevant, fixed)
    open_ = frozenset(relevant - set(fixed))
    vocab, canon = enc.vocab, enc.lib.canonical

    def under(w: ev.Scenario, rho: dict[str, bool]) -> ev.Scenario:
        return replace(w, readings={r: rho.get(r, False) for r in enc.readings})

    t = enc.scenario("t")
    ta, tb = compile_license(enc, a, t), compile_license(enc, b, t)
    # no cores here (explained cases are re-decided by decide_case); witnesses only when
    # explaining, where replaying them is a cheap check against the reference evaluator
    qs = Query(settings, cores=False).track(ta, tb).add(
        *pin_readings(enc, fixed, open_))
    scope = partition(qs, scope_formula(enc, ta, tb), rhos, enc.readings, t.decode,
                      lambda w, rho: ev.exceeds(a, b, under(w, rho), vocab), explain)
    scope_ok = {k: st == Status.UNSAT for k, (st, _) in scope.items()}
    ok_rhos = [rho for rho in rhos if scope_ok[reading_key(rho)]]
    whole = all(r == SELF_RELATION or r in enc.vocab.tagged("contains")
                for r in ctx.relations or COMPAT_RELATIONS)
    if not explain and whole and not ok_rhos and a.id != b.id and \
            all(st == Status.SAT for st, _ in scope.values()) and \
            canon(b.id) not in _targets(enc, a):
        # B grants recipients more than A under every reading, A's part is in every
        # scenario, and B is never a relicense target: no scenario can hold.
        return [Case(rho, Verdict.NO, Scope(Status.SAT)) for rho in rhos]
    scope_expr = z3.Or([z3.And([enc.readings[r] == rho[r] for r in open_]) for rho in ok_rhos]) \
        if open_ else z3.BoolVal(bool(ok_rhos))

    s = enc.scenario("s")
    ca, ca_self, ca_src = with_own_parts(enc, a, s)
    cb = compile_license(enc, b, s)
    q = Query(settings, cores=False).track(ca, ca_self, ca_src, cb).add(
        *enc.own_ties(s), *ctx.constraints(s, COMPAT_ACTS, COMPAT_RELATIONS),
        s.outbound == enc.license_code(b.id), *pin_readings(enc, fixed, open_))
    f = compat_formula(enc, ca, ca_self, ca_src, cb, scope_expr)

    def holds(w: ev.Scenario, rho: dict[str, bool]) -> bool:
        return ev.compat_holds(a, b, under(w, rho), scope_ok[reading_key(rho)], vocab, canon)

    yes = partition(q, f, rhos, enc.readings, s.decode, holds, explain)
    no = partition(q, z3.Not(f), rhos, enc.readings, s.decode, lambda w, r: not holds(w, r),
                   explain)
    cases: list[Case] = []
    for rho in rhos:
        k = reading_key(rho)
        sc, hs, fs = scope[k][0], yes[k][0], no[k][0]
        if Status.UNKNOWN in (sc, hs, fs):
            verdict = Verdict.UNKNOWN
        elif hs == fs == Status.UNSAT:
            raise LiclogicError("the context admits no scenario",
                                hint="check the --relation / --act / --licensee values")
        else:
            verdict = (Verdict.DEPENDS if hs == fs == Status.SAT
                       else Verdict.YES if hs == Status.SAT else Verdict.NO)
        cases.append(Case(rho, verdict, Scope(sc)))
    if explain:
        explained: dict[Verdict, Case] = {}
        for i, c in enumerate(cases):
            if c.verdict not in explained and c.verdict != Verdict.UNKNOWN:
                explained[c.verdict] = decide_case(enc, a, b, ctx, c.readings, settings, True)
            if c.verdict in explained:
                e = explained[c.verdict]
                cases[i] = Case(c.readings, c.verdict, e.scope, e.holds, e.fails, e.core)
    return cases


def solve_verdict(enc: Encoding, a: LicenseModel, b: LicenseModel, ctx: Context,
                   settings: SolverSettings, need_holds: bool, need_fails: bool
                   ) -> tuple[Status, Status]:
    """Is there, under some reading assignment, a context scenario where compat holds (and
    one where it fails)? A check not needed comes back SAT."""
    relevant = a.readings | b.readings
    fixed = dict(ctx.readings)
    rhos = assignments(relevant, fixed)
    open_ = frozenset(relevant - set(fixed))
    pins = pin_readings(enc, fixed, open_)
    qs, q = _row_queries(enc, a, ctx, settings)
    t = enc.scenario("t")
    ta, tb = compile_license(enc, a, t), compile_license(enc, b, t)
    with qs.frame():
        qs.track(tb).add(*pins)
        scope = partition(qs, scope_formula(enc, ta, tb), rhos, enc.readings, t.decode,
                          None, witnesses=False)
    if any(st == Status.UNKNOWN for st, _ in scope.values()):
        return Status.UNKNOWN, Status.UNKNOWN
    ok_rhos = [rho for rho in rhos if scope[reading_key(rho)][0] == Status.UNSAT]
    whole = all(r == SELF_RELATION or r in enc.vocab.tagged("contains")
                for r in ctx.relations or COMPAT_RELATIONS)
    if whole and not ok_rhos and a.id != b.id and enc.lib.canonical(b.id) not in \
            _targets(enc, a):
        return Status.UNSAT, Status.SAT  # as in decide_all: no scenario can hold
    scope_expr = z3.Or([z3.And([enc.readings[r] == rho[r] for r in open_]) for rho in ok_rhos]) \
        if open_ else z3.BoolVal(bool(ok_rhos))
    s = enc.scenario("s")
    ca, ca_self, ca_src = with_own_parts(enc, a, s)
    cb = compile_license(enc, b, s)
    with q.frame():
        q.track(cb).add(s.outbound == enc.license_code(b.id), *pins)
        f = compat_formula(enc, ca, ca_self, ca_src, cb, scope_expr)
        holds = q.status(f) if need_holds else Status.SAT
        fails = q.status(z3.Not(f)) if need_fails else Status.SAT
    return holds, fails


def _row_queries(enc: Encoding, a: LicenseModel, ctx: Context, settings: SolverSettings
                 ) -> tuple[Query, Query]:
    """Solvers holding A's side of every compat(A, ·) question in this context — A on the
    downstream scenario (scope), A on the scenario and its own-part copies with the context
    (compat) — kept for the next B: each B is asked in a frame of its own."""
    rows = enc.compat_rows  # a few rows at a time: a matrix worker goes row by row
    key = (a.id, a.fingerprint, ctx.key(), settings)
    if key not in rows:
        t, s = enc.scenario("t"), enc.scenario("s")
        qs = Query(settings, cores=False).track(compile_license(enc, a, t))
        q = Query(settings, cores=False).track(*with_own_parts(enc, a, s)).add(
            *enc.own_ties(s), *ctx.constraints(s, COMPAT_ACTS, COMPAT_RELATIONS))
        rows[key] = (qs, q)
    return rows[key]
