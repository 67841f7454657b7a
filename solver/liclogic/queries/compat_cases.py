"""Deciding compat(A, B) for one pair of licenses: the verdict over every assignment of the
open readings, each reading's part in it, and a witness on each side when explaining
(``decide_all``), or the verdict alone with as few solver calls as possible
(``solve_verdict``). Readings stay symbolic (``engine.readings``): never one solver call per
assignment. See ``liclogic.queries.compat`` for what is decided.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import z3

from liclogic.engine import evaluate as ev
from liclogic.engine.compile import (
    CompiledLicense,
    compat_formula,
    compat_from_parts,
    compat_parts,
    compile_license,
    scope_formula,
    with_own_parts,
)
from liclogic.engine.context import (
    COMPAT_ACTS,
    COMPAT_RELATIONS,
    Context,
    pin_readings,
)
from liclogic.engine.encoding import Encoding
from liclogic.engine.explain import shrink
from liclogic.engine.readings import Literals, ReadingSpace, merged, uniform_report
from liclogic.engine.result import ReadingInfo, Verdict
from liclogic.engine.solve import (
    Query,
    SolverSettings,
    Status,
    Tracked,
    project,
    replay,
)
from liclogic.errors import LiclogicError
from liclogic.lang import ast
from liclogic.lang.library import LicenseModel
from liclogic.lang.vocabulary import SELF_RELATION
from liclogic.limits import MAX_OPEN_READINGS


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
        model = shrink(q, [f], [t], model=model) or model
        s = t.decode(model)
        replay(ev.exceeds(a, b, s, enc.vocab), f"{b.id} permits, {a.id} withholds")
        scope.witness = s
    if status != Status.UNKNOWN:  # a timeout is not kept: the next question tries again
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
        case.holds = s.decode(shrink(q, [f], [s], model=hm) or hm)
        replay(ev.compat_holds(a, b, case.holds, scope.ok, enc.vocab, canon), "compat holds")
    if fails == Status.SAT:
        case.fails = s.decode(shrink(q, [z3.Not(f)], [s], model=fm) or fm)
        replay(not ev.compat_holds(a, b, case.fails, scope.ok, enc.vocab, canon),
               "compat fails")
    if verdict == Verdict.NO:
        case.core = q.core(f) or []
    return case


@dataclass
class Decided:
    """compat(A, B) over every assignment of the open readings: the verdict, each reading's
    report, and the assignments an explanation shows (each decided, explained when asked)."""

    verdict: Verdict
    readings: dict[str, ReadingInfo]
    cases: list[Case]
    warnings: list[str] = field(default_factory=list)


def scope_ok(enc: Encoding, a: LicenseModel, b: LicenseModel, q: Query, ta: CompiledLicense,
             tb: CompiledLicense, open_: frozenset[str], replay_witnesses: bool
             ) -> tuple[Status, z3.BoolRef]:
    """Under which assignments of the open readings B grants recipients nothing A withholds:
    a formula over them (``solve.project``), in ``q``, which holds A and B on ``t``."""
    t = ta.sv
    vocab = enc.vocab
    replayed = (lambda m: ev.exceeds(a, b, t.decode(m), vocab)) if replay_witnesses else None
    status, bad = project(q, scope_formula(enc, ta, tb), {r: enc.readings[r] for r in open_},
                          [ta, tb], replayed)
    return status, z3.Not(bad)


def _never(ok: z3.BoolRef) -> bool:
    """No assignment satisfies ``ok`` (a formula over the readings alone)."""
    simple = z3.simplify(ok)
    if z3.is_false(simple) or z3.is_true(simple):
        return z3.is_false(simple)
    s = z3.SimpleSolver()
    s.add(simple)
    return bool(s.check() == z3.unsat)


def _at(formula: z3.BoolRef, enc: Encoding, rho: dict[str, bool]) -> bool:
    """A formula over the readings, at one assignment."""
    pairs = [(v, z3.BoolVal(bool(rho.get(r, False)))) for r, v in enc.readings.items()]
    return z3.is_true(z3.simplify(z3.substitute(formula, *pairs)))


def decide_all(enc: Encoding, a: LicenseModel, b: LicenseModel, ctx: Context,
               settings: SolverSettings, explain: bool) -> Decided:
    """The verdict over every assignment of the open readings and each reading's report
    (``engine.readings``: a few solver calls per reading, never one per assignment); then,
    when explaining, one fully explained case per distinct outcome among the assignments
    shown."""
    relevant = a.readings | b.readings
    fixed = dict(ctx.readings)
    open_ = frozenset(relevant - set(fixed))
    canon = enc.lib.canonical
    pins = pin_readings(enc, fixed, open_)

    t = enc.scenario("t")
    ta, tb = compile_license(enc, a, t), compile_license(enc, b, t)
    # no cores here (explained cases are re-decided by decide_case); witnesses replayed only
    # when explaining, where it is a cheap check against the reference evaluator
    qs = Query(settings, cores=False).track(ta, tb).add(*pins)
    scope_status, ok = scope_ok(enc, a, b, qs, ta, tb, open_, explain)
    whole = all(r == SELF_RELATION or r in enc.vocab.tagged("contains")
                for r in ctx.relations or COMPAT_RELATIONS)
    if scope_status == Status.UNKNOWN:
        space = ReadingSpace(enc.vocab, enc.readings, relevant, fixed,
                             lambda _: Verdict.UNKNOWN)
        return Decided(Verdict.UNKNOWN, space.report(), [])
    if not explain and whole and a.id != b.id and _never(ok) and \
            canon(b.id) not in _targets(enc, a):
        # B grants recipients more than A under every reading, A's part is in every
        # scenario, and B is never a relicense target: no scenario can hold.
        return Decided(Verdict.NO, uniform_report(enc.vocab, relevant, fixed, Verdict.NO), [])

    s = enc.scenario("s")
    ca, ca_self, ca_src = with_own_parts(enc, a, s)
    cb = compile_license(enc, b, s)
    q = Query(settings, cores=False).track(ca, ca_self, ca_src, cb).add(
        *enc.own_ties(s), *ctx.constraints(s, COMPAT_ACTS, COMPAT_RELATIONS),
        s.outbound == enc.license_code(b.id), *pins)
    f = compat_formula(enc, ca, ca_self, ca_src, cb, ok)

    def verdict_under(lits: Literals) -> Verdict:
        holds, fails = q.status(f, *lits), q.status(z3.Not(f), *lits)
        if holds == fails == Status.UNSAT:
            raise LiclogicError("the context admits no scenario",
                                hint="check the --relation / --act / --licensee values")
        return merged(holds, fails)

    space = ReadingSpace(enc.vocab, enc.readings, relevant, fixed, verdict_under)
    verdict = space.verdict()
    uniform = settings.fast_paths and verdict in (Verdict.YES, Verdict.NO) and \
        len(space.open) <= MAX_OPEN_READINGS
    if uniform:
        # the scenarios do not depend on the readings (only the clauses' firing does), so a
        # verdict of yes (no) over every assignment is yes (no) under each: the report is
        # uniform, with no solver call per reading, and the one case shown (every open
        # reading off) has that verdict (tests/test_fast_paths: the same report, the same
        # explained answer)
        report = uniform_report(enc.vocab, relevant, fixed, verdict)
        if not explain:
            return Decided(verdict, report, [])
    else:
        report = space.report()
    decisive = [r for r, i in report.items() if i.decisive]
    shown = space.representatives(decisive)
    if not decisive and verdict == Verdict.DEPENDS and space.each(shown[0]) != verdict:
        # depends across assignments, none decisive alone: show one that depends, if any
        # assignment with a single reading on does
        for r in space.open[:MAX_OPEN_READINGS]:
            rho = {**shown[0], r: True}
            if space.each(rho) == verdict:
                shown = [rho]
                break
    cases = [Case(rho, verdict if uniform else space.each(rho),
                  Scope(Status.UNSAT if _at(ok, enc, rho) else Status.SAT)) for rho in shown]
    if explain:
        explained: dict[Verdict, Case] = {}
        for i, c in enumerate(cases):
            if c.verdict not in explained and c.verdict != Verdict.UNKNOWN:
                explained[c.verdict] = decide_case(enc, a, b, ctx, c.readings, settings, True)
            if c.verdict in explained:
                e = explained[c.verdict]
                cases[i] = Case(c.readings, c.verdict, e.scope, e.holds, e.fails, e.core)
    return Decided(verdict, report, cases, space.warnings())


def solve_verdict(enc: Encoding, a: LicenseModel, b: LicenseModel, ctx: Context,
                  settings: SolverSettings, need_holds: bool, need_fails: bool
                  ) -> tuple[Status, Status]:
    """Is there, under some reading assignment, a context scenario where compat holds (and
    one where it fails)? A check not needed comes back SAT.

    As few checks as the answer allows. The compat formula is monotone in the scope
    condition (``compat_formula``: it appears only positively), so compat with the scope
    assumed ok bounds it from above: when that cannot hold, compat cannot, and the scope
    check (B granting recipients more than A) is never made. The context admits some
    scenario (checked once per row: nothing of B constrains the scenario, its clauses are
    definitions), so every scenario holds or fails: holds UNSAT means fails SAT and the
    other way round, with no second check."""
    relevant = a.readings | b.readings
    fixed = dict(ctx.readings)
    open_ = frozenset(relevant - set(fixed))
    pins = pin_readings(enc, fixed, open_)
    qs, q, nonempty = _row_queries(enc, a, ctx, settings)
    if nonempty == Status.UNKNOWN:
        return Status.UNKNOWN, Status.UNKNOWN
    if nonempty == Status.UNSAT:
        raise LiclogicError("the context admits no scenario",
                            hint="check the --relation / --act / --licensee values")
    s = enc.scenario("s")
    ca, ca_self, ca_src = with_own_parts(enc, a, s)
    cb = compile_license(enc, b, s)
    whole = all(r == SELF_RELATION or r in enc.vocab.tagged("contains")
                for r in ctx.relations or COMPAT_RELATIONS)
    with q.frame():
        q.track(cb).add(s.outbound_is(enc.license_code(b.id)), *pins)
        parts, same = compat_parts(enc, ca, ca_self, ca_src, cb), a.id == b.id
        upper = compat_from_parts(parts, same, True)  # the scope ok
        first = q.status(upper if need_holds else z3.Not(upper))
        if first == Status.UNKNOWN:
            return Status.UNKNOWN, Status.UNKNOWN
        if need_holds and first == Status.UNSAT:
            return Status.UNSAT, Status.SAT  # not even with the scope ok
        if not need_holds and first == Status.SAT:
            return Status.SAT, Status.SAT  # fails even with the scope ok
        status, ok = _scope(enc, a, b, qs, open_, pins)
        if status == Status.UNKNOWN:
            return Status.UNKNOWN, Status.UNKNOWN
        if whole and a.id != b.id and _never(ok) and enc.lib.canonical(b.id) not in \
                _targets(enc, a):
            return Status.UNSAT, Status.SAT  # as in decide_all: no scenario can hold
        if z3.is_true(z3.simplify(ok)):  # compat is its upper bound, asked above
            return (Status.SAT, q.status(z3.Not(upper)) if need_fails else Status.SAT) \
                if need_holds else (Status.SAT, Status.UNSAT)
        f = compat_from_parts(parts, same, ok)
        holds = q.status(f) if need_holds else Status.SAT
        if holds == Status.UNSAT:
            return holds, Status.SAT
        fails = q.status(z3.Not(f)) if need_fails else Status.SAT
    return holds, fails


def _scope(enc: Encoding, a: LicenseModel, b: LicenseModel, qs: Query, open_: frozenset[str],
           pins: list[z3.BoolRef]) -> tuple[Status, z3.BoolRef]:
    """``scope_ok`` in the row's downstream solver, in a frame of B's own."""
    t = enc.scenario("t")
    ta, tb = compile_license(enc, a, t), compile_license(enc, b, t)
    with qs.frame():
        qs.track(tb).add(*pins)
        return scope_ok(enc, a, b, qs, ta, tb, open_, False)


def _row_queries(enc: Encoding, a: LicenseModel, ctx: Context, settings: SolverSettings
                 ) -> tuple[Query, Query, Status]:
    """Solvers holding A's side of every compat(A, ·) question in this context — A on the
    downstream scenario (scope), A on the scenario and its own-part copies with the context
    (compat) — kept for the next B: each B is asked in a frame of its own; and whether the
    context admits a scenario at all (asked once: B's clauses and outbound code do not
    change that)."""
    rows = enc.compat_rows  # a few rows at a time: a matrix worker goes row by row
    key = (a.id, a.fingerprint, ctx.key(), settings)
    if key not in rows:
        t, s = enc.scenario("t"), enc.scenario("s")
        qs = Query(settings, cores=False).track(compile_license(enc, a, t))
        q = Query(settings, cores=False).track(*with_own_parts(enc, a, s)).add(
            *enc.own_ties(s), *ctx.constraints(s, COMPAT_ACTS, COMPAT_RELATIONS))
        nonempty = q.status()
        if nonempty == Status.UNKNOWN:
            return qs, q, nonempty  # not kept: the next question tries again
        rows[key] = (qs, q, nonempty)
    qs, q, nonempty = rows[key]
    return qs.use(settings), q.use(settings), nonempty
