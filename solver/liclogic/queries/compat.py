"""compat(A, B): can a work under A (inbound) be part of a work W distributed under B?

For each scenario s of the context (act distribute, relation r of A's work to W, outbound B):
1. A permits s, and A's own part of W (the work itself) may be distributed;
2. then it holds when B is A itself or one of A's relicense targets; otherwise when
   - A's copyleft does not reach W (no same_license duty of A at s),
   - B, if it forbids further restrictions over W, imposes or accepts every term A puts on its
     part (A's same_license on its part never counts as accepted), and
   - B grants recipients nothing A withholds, when W includes A's work: no downstream
     scenario t (own-grant acts such as patent_use aside) that B permits and A does not.
The verdict is yes / no / depends over the context's scenarios and the open readings.
See docs/semantics.md and ``evaluate.compat_holds``, which this module mirrors.
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
    reading_report,
)
from liclogic.engine.encoding import Encoding, encoding_for
from liclogic.engine.explain import because, cite_of, phrase, shrink, witness
from liclogic.engine.result import Because, CheckResult, Verdict, all_of, best_of, merge_verdicts
from liclogic.engine.solve import (
    DEFAULT_SETTINGS,
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
from liclogic.lang.expression import alternatives, leaves, parse_expression
from liclogic.lang.library import Library, LicenseModel, SpecClause
from liclogic.lang.vocabulary import ACT, RELATION, SAME_LICENSE, SELF_RELATION
from liclogic.queries.profile import fast_relation, fast_verdict


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


# ------------------------------------------------------------------ diagnosis


@dataclass
class Reason:
    text: str
    clauses: list[Because]


def diagnose(lib: Library, a: LicenseModel, b: LicenseModel, s: ev.Scenario,
             scope: Scope) -> list[Reason]:
    """Why compat fails at s, read off the reference evaluator, most basic reason first."""
    v, canon = lib.vocab, lib.canonical
    part = ev.part_of(a, b, s, v)
    me = ev.own_part(s)
    for scenario in (s, me) if part else (s,):
        if not ev.permitted(a, scenario):
            w = _withheld(v, a, scenario)
            return [Reason(f"{a.id} does not permit {phrase(v, scenario)}: {w.text}.",
                           w.clauses)]
    if ev.relicensed(a, b, s, v, canon):
        return []
    out: list[Reason] = []
    if SAME_LICENSE in {k for k, _ in ev.duties(a, s)}:
        req = [c for c in ev.firing(a, ast.Require, s)
               if any(d.kind == SAME_LICENSE for d in c.clause.duties)]
        allowed = sorted(ev.allowed_outbounds(a, s, canon) - {a.id})
        also = f" (or {', '.join(allowed)})" if allowed else ""
        out.append(Reason(
            f"{cite_of(a, req[0])} requires the result to be licensed under "
            f"{a.id}{also}; {b.id} is not among them.",
            [because(a, c, "requires the same license") for c in req]
            + [because(a, c, "allows other outbound licenses")
               for c in ev.firing(a, ast.Relicense, s)],
        ))
    for term in sorted(ev.conflicting_terms(a, b, s, v) - ({SAME_LICENSE} if out else set())):
        own = [c for c in a.clauses if term in _terms_of(c) and (
            ev.applies(c.clause, a, s) or (part and ev.applies(c.clause, a, me)))]
        acc = list(b.of(ast.Accepts))
        if term == SAME_LICENSE:
            text = (f"{cite_of(a, own[0])} keeps {a.id}'s part under {a.id}; "
                    f"{cite_of(b, acc[0])} requires the whole work under {b.id} with no "
                    "further restrictions.")
            role = "keeps its part under its own license"
        else:
            carried = any(isinstance(c.clause, ast.Carries) for c in own)
            what = (f"carries {v.term_doc(term)}" if carried
                    else f"requires recipients to {v.term_doc(term)}")
            text = (f"{cite_of(a, own[0])} {what}; {cite_of(b, acc[0])} forbids further "
                    "restrictions on recipients and does not accept it.")
            role = what
        out.append(Reason(text, [because(a, c, role) for c in own]
                          + [because(b, c, "forbids further restrictions") for c in acc]))
    if not out and not scope.ok and part and scope.witness is not None:
        t = scope.witness
        granted = [because(b, c, "grants recipients this") for c in ev.firing(b, ast.Permit, t)]
        w = _withheld(v, a, t)
        out.append(Reason(f"{b.id} would let recipients {phrase(v, t)}, which {w.text}.",
                          granted + w.clauses))
    return out


def _withheld(v, a: LicenseModel, s: ev.Scenario) -> Reason:
    """Why A does not permit s: the forbid clauses that apply, or no grant covering it."""
    forbids = ev.firing(a, ast.Forbid, s)
    if forbids:
        return Reason(f"{cite_of(a, forbids[0])} forbids",
                      [because(a, c, "forbids it") for c in forbids])
    grants = [c for c in a.of(ast.Permit) if c.clause.acts is None or s[ACT] in c.clause.acts]
    return Reason(f"no grant of {a.id} covers",
                  [because(a, c, "grants less") for c in grants[:3]])


def _terms_of(c: SpecClause) -> set[str]:
    cl = c.clause
    if isinstance(cl, ast.Require):
        return {d.kind for d in cl.duties}
    if isinstance(cl, ast.Carries):
        return set(cl.terms)
    return set()







def _yes_reason(lib: Library, a: LicenseModel, b: LicenseModel, s: ev.Scenario) -> Reason:
    canon = lib.canonical
    grants = [because(a, c, "grants it") for c in ev.firing(a, ast.Permit, s)]
    if a.id == b.id:
        return Reason("it is the same license.", grants)
    part = ev.part_of(a, b, s, lib.vocab)
    scenarios = (s, ev.own_part(s)) if part else (s,)
    waivers = list({c.index: c for x in scenarios for c in ev.firing(a, ast.Waive, x)}.values())
    lifted = [because(a, c, "waives " + ", ".join(c.clause.terms)) for c in waivers]
    waived = "".join(f"; {cite_of(a, c)} waives {', '.join(c.clause.terms)}" for c in waivers)
    rel = [c for x in scenarios for c in ev.firing(a, ast.Relicense, x)
           if canon(b.id) in {canon(t) for t in c.clause.targets}]
    if rel:
        return Reason(f"{cite_of(a, rel[0])} lets the work be distributed under {b.id}.",
                      grants + [because(a, c, f"allows {b.id}") for c in rel])
    if not part:
        return Reason(f"combined as {s[RELATION]}, the {a.id} work is not part of the {b.id} "
                      f"work; its terms stay with it{waived}.", grants + lifted)
    kinds = sorted(ev.inbound_terms(a, s, part) - {SAME_LICENSE})
    keeps = SAME_LICENSE in ev.inbound_terms(a, s, part)
    duty_clauses = [because(a, c, "keeps its part under its license"
                            if any(d.kind == SAME_LICENSE for d in c.clause.duties)
                            else "a term that goes along")
                    for c in ev.firing(a, ast.Require, ev.own_part(s))]
    said = [f"{a.id} permits it{waived}"]
    if kinds:
        said.append(f"its terms ({', '.join(kinds)}) go along" + (
            f", which {b.id} imposes or accepts" if b.restricts_further else ""))
    if keeps:
        said.append(f"the {a.id} part itself stays under {a.id}")
    return Reason("; ".join(said) + f"; and {b.id} grants recipients nothing {a.id} withholds.",
                  grants + lifted + duty_clauses)


# ------------------------------------------------------------------ the check


def compat(lib: Library, inbound: str, outbound: str, ctx: Context | None = None,
           settings: SolverSettings = DEFAULT_SETTINGS, explain: bool = True) -> CheckResult:
    """compat over license expressions: an OR on the inbound side is the licensee's choice
    (yes when some choice works, and which), AND means every part applies; on the outbound
    side every license named must work (recipients may take any of an OR)."""
    ctx = (ctx or Context()).validate(lib.vocab)
    pin, pout = parse_expression(lib, inbound), parse_expression(lib, outbound)
    warnings = list(pin.warnings + pout.warnings)
    alts, outs = alternatives(pin.expression), leaves(pout.expression)
    if len(alts) == 1 and len(alts[0]) == 1 and len(outs) == 1:
        result = compat_pair(lib, alts[0][0], outs[0], ctx, settings, explain)
        result.warnings += warnings
        return result
    pairs = {(a, b): compat_verdict(lib, a, b, ctx, settings)
             for alt in alts for a in alt for b in outs}
    verdicts = [all_of([pairs[(a, b)] for a in alt for b in outs]) for alt in alts]
    verdict = best_of(verdicts)
    chosen = alts[verdicts.index(verdict)]
    result = CheckResult("compat", verdict, "",
                         subject={"inbound": pin.text, "outbound": pout.text},
                         extra={"parts": [{"inbound": a, "outbound": b, "verdict": v.value}
                                          for (a, b), v in pairs.items()]},
                         context=ctx.describe(COMPAT_ACTS, COMPAT_RELATIONS), warnings=warnings)
    if not explain:
        result.summary = verdict.value
        return result
    shown = chosen if verdict != Verdict.NO else [a for alt in alts for a in alt]
    lines = []
    for a in dict.fromkeys(shown):
        for b in outs:
            if verdict != Verdict.NO or pairs[(a, b)] != Verdict.YES:
                r = compat_pair(lib, a, b, ctx, settings, explain=True)
                lines.append(f"[{a} → {b}] {r.summary}")
                result.because += [x for x in r.because if x not in result.because]
                result.witnesses += r.witnesses
                for k, info in r.readings.items():
                    result.readings.setdefault(k, info)
    head = {Verdict.YES: "Yes", Verdict.DEPENDS: "Depends", Verdict.UNKNOWN: "Unknown",
            Verdict.NO: "No"}[verdict]
    if len(alts) > 1 and verdict != Verdict.NO:
        head += f", choosing {' AND '.join(chosen)}"
    elif len(alts) > 1:
        head += ": no choice works"
    result.summary = f"{head}. " + " ".join(lines)
    return result


def compat_verdict(lib: Library, inbound: str, outbound: str, ctx: Context | None = None,
                   settings: SolverSettings = DEFAULT_SETTINGS) -> Verdict:
    """The verdict of ``compat_pair`` alone — no explanation, no per-reading report — settled
    as cheaply as it can be: relation by relation from the profiles where they suffice; the
    rest by the solver over every reading at once (two calls, not two per reading
    assignment). Used where only verdicts are wanted (matrix, combine's outbound search)."""
    ctx = (ctx or Context()).validate(lib.vocab)
    a, b = _pair(lib, inbound, outbound)
    enc = encoding_for(lib)
    relations = ctx.relations or COMPAT_RELATIONS
    settled: list[Verdict] = []
    unsettled: list[str] = []
    for r in relations:
        v = fast_relation(enc, a, b, replace(ctx, relations=(r,)), settings) \
            if settings.fast_paths else None
        (unsettled if v is None else settled).append(v if v is not None else r)
    known = set(settled)
    if not unsettled:
        return merge_verdicts(settled)
    if Verdict.DEPENDS in known or {Verdict.YES, Verdict.NO} <= known:
        return Verdict.DEPENDS  # some scenario holds and some fails, whatever the rest says
    # with every settled relation yes, only a failing scenario in the rest matters; with
    # every one no, only a holding one
    holds, fails = _solve_verdict(enc, a, b, replace(ctx, relations=tuple(unsettled)),
                                  settings, need_holds=known != {Verdict.YES},
                                  need_fails=known != {Verdict.NO})
    if Status.UNKNOWN in (holds, fails):
        return Verdict.UNKNOWN
    if known == {Verdict.YES}:
        return Verdict.YES if fails == Status.UNSAT else Verdict.DEPENDS
    if known == {Verdict.NO}:
        return Verdict.NO if holds == Status.UNSAT else Verdict.DEPENDS
    if holds == fails == Status.UNSAT:
        raise LiclogicError("the context admits no scenario",
                            hint="check the --relation / --act / --licensee values")
    return (Verdict.DEPENDS if holds == fails == Status.SAT
            else Verdict.YES if holds == Status.SAT else Verdict.NO)


def _solve_verdict(enc: Encoding, a: LicenseModel, b: LicenseModel, ctx: Context,
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


def _pair(lib: Library, inbound: str, outbound: str) -> tuple[LicenseModel, LicenseModel]:
    a, b = lib.get(inbound), lib.get(outbound)
    for lic in (a, b):
        if lic.kind == "exception":
            raise LiclogicError(f"{lic.id} is an exception, not a license",
                                hint=f"attach it to a license: GPL-2.0-only WITH {lic.id}")
    return a, b


def compat_pair(lib: Library, inbound: str, outbound: str, ctx: Context | None = None,
                settings: SolverSettings = DEFAULT_SETTINGS, explain: bool = True
                ) -> CheckResult:
    """compat for two single licenses (library ids, aliases or composites)."""
    ctx = (ctx or Context()).validate(lib.vocab)
    a, b = _pair(lib, inbound, outbound)
    if not explain and settings.fast_paths:
        fast = fast_verdict(encoding_for(lib), a, b, ctx, settings)
        if fast is not None:
            relevant = a.readings | b.readings
            return CheckResult(
                "compat", fast, fast.value, subject={"inbound": a.id, "outbound": b.id},
                readings=reading_report(lib.vocab, relevant, ctx.readings,
                                        [(r, fast) for r in assignments(relevant,
                                                                        ctx.readings)]),
                context=ctx.describe(COMPAT_ACTS, COMPAT_RELATIONS))
    enc = encoding_for(lib)
    relevant = a.readings | b.readings
    cases = decide_all(enc, a, b, ctx, settings, explain)
    verdict = merge_verdicts([c.verdict for c in cases])
    result = CheckResult(
        "compat", verdict, "",
        subject={"inbound": a.id, "outbound": b.id},
        readings=reading_report(lib.vocab, relevant, ctx.readings,
                                [(c.readings, c.verdict) for c in cases]),
        context=ctx.describe(COMPAT_ACTS, COMPAT_RELATIONS),
    )
    if explain:
        _explain(lib, a, b, cases, result, settings)
    else:
        result.summary = verdict.value
    return result


def _explain(lib: Library, a: LicenseModel, b: LicenseModel, cases: list[Case],
             result: CheckResult, settings: SolverSettings) -> None:
    v = lib.vocab
    verdict = result.verdict
    decisive = [r for r, info in result.readings.items() if info.decisive]
    if verdict == Verdict.UNKNOWN:
        result.summary = (f"Unknown: the solver gave up within {settings.timeout_ms} ms; "
                          "raise --timeout to try harder.")
        return
    lines: list[str] = []
    because_list: list[Because] = []
    for case in _representatives(cases, verdict, decisive):
        label = _reading_label(case.readings, decisive)
        shown = {r: case.readings[r] for r in decisive}
        if case.holds is not None:
            why = _yes_reason(lib, a, b, case.holds)
            result.witnesses.append(witness(v, f"yes{label}", case.holds, readings=shown))
            if case.verdict == Verdict.YES:
                lines.append(f"Yes{label}: {why.text}")
                because_list += why.clauses
        if case.fails is not None:
            reasons = diagnose(lib, a, b, case.fails, case.scope)
            result.witnesses.append(witness(v, f"no{label}", case.fails, readings=shown))
            if case.scope.witness is not None and not case.scope.ok:
                result.witnesses.append(witness(v, f"recipient{label}", case.scope.witness,
                                                readings=shown))
            text = " ".join(r.text for r in reasons) or "the solver found no explanation."
            if case.verdict == Verdict.NO:
                lines.append(f"No{label}. {text}")
            else:
                lines.append(f"Depends{label}: yes when {phrase(v, case.holds)}; no when "
                             f"{phrase(v, case.fails)}. {text}")
            for r in reasons:
                because_list += r.clauses
        for t in case.core:
            because_list.append(because(t.compiled.lic, t.clause, "part of the conflict"))
    if decisive and verdict == Verdict.DEPENDS:
        names = ", ".join(decisive)
        lines.insert(0, f"Depends on the reading {names}.")
    result.summary = " ".join(lines)
    seen: set[tuple[str, str]] = set()
    for bc in because_list:
        if (bc.license, bc.at) not in seen:
            seen.add((bc.license, bc.at))
            result.because.append(bc)


def _representatives(cases: list[Case], verdict: Verdict, decisive: list[str]) -> list[Case]:
    if decisive:
        out, seen = [], set()
        for c in cases:
            key = tuple(c.readings.get(r) for r in decisive)
            if key not in seen:
                seen.add(key)
                out.append(c)
        return out
    for c in cases:
        if c.verdict == verdict:
            return [c]
    return cases[:1]


def _reading_label(readings: dict[str, bool], decisive: list[str]) -> str:
    if not decisive:
        return ""
    return " (" + ", ".join(f"{r} {'on' if readings.get(r) else 'off'}" for r in decisive) + ")"
