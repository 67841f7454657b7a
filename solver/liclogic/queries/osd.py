"""osd(L): the Open Source Definition, one verdict per criterion (yes = the license complies).

Each criterion is a list of requirements of three kinds, written as data in
``liclogic.queries.osd_criteria``:
- Exists: some permitted scenario has one of the given shapes (violated: none has; explained
  by the unsat core, i.e. the clauses that rule every such scenario out);
- Never: no scenario of a given shape carries a duty whose kind has a given vocabulary tag
  (violated: a witness scenario);
- Invariant: two scenarios that differ only in a group of fields (the licensee, the field of
  endeavor, the product, the interface, …) are treated alike (violated: a witness pair).
Under the reading ``strict-osd`` a duty that applies to some persons and not others also
violates criterion 5.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace

import z3

from liclogic.engine import evaluate as ev
from liclogic.engine.compile import CompiledLicense, compile_license
from liclogic.engine.context import Context, assignments, pin_readings, reading_report
from liclogic.engine.encoding import Encoding, ScenarioVars, encoding_for
from liclogic.engine.explain import because, plain, shrink, witness
from liclogic.engine.result import (
    Because,
    CheckResult,
    Verdict,
    Witness,
    all_of,
    best_of,
    merge_verdicts,
)
from liclogic.engine.solve import (
    DEFAULT_SETTINGS,
    Key,
    Query,
    SolverSettings,
    Status,
    partition,
    reading_key,
    replay,
)
from liclogic.errors import LiclogicError
from liclogic.lang import ast, words
from liclogic.lang.expression import alternatives, parse_expression
from liclogic.lang.library import Library, LicenseModel
from liclogic.lang.vocabulary import Vocabulary
from liclogic.queries.osd_criteria import (
    CRITERIA,
    STRICT_OSD,
    Criterion,
    Exists,
    Invariant,
    Requirement,
    Shape,
)

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
                       [s1, s2], [(s1, s2)])
    sv = enc.scenario("o1")
    c = compile_license(enc, lic, sv)
    q.track(c).add(*frame)
    if isinstance(req, Exists):
        f = z3.And(c.permitted, z3.Or([z3.And(_shape(sv, sh)) for sh in req.shapes]))
        if req.own_part:
            me, same = enc.own_part(sv)
            c_self = compile_license(enc, lic, me)
            q.track(c_self).add(*same)
            f = z3.And(f, c_self.permitted)

        def holds(w: ev.Scenario, rho: dict[str, bool]) -> bool:
            s = _under(enc, w, rho)
            return ev.permitted(lic, s) and any(_in_shape(w, sh) for sh in req.shapes) and (
                not req.own_part or ev.permitted(lic, ev.own_part(s)))

        return Problem(q, f, sv.decode, holds, [sv], [])
    kinds = vocab.tagged(req.tag)
    f = z3.And(*_shape(sv, req.shape), z3.Or([v for k, v in c.duties.items() if k[0] in kinds]))
    return Problem(q, f, sv.decode,
                   lambda w, rho: _in_shape(w, req.shape) and any(
                       k[0] in kinds for k in ev.duties(lic, _under(enc, w, rho))),
                   [sv], [])


def _verdict(req: Requirement, status: Status) -> Verdict:
    if status == Status.UNKNOWN:
        return Verdict.UNKNOWN
    met = (status == Status.SAT) if isinstance(req, Exists) else (status == Status.UNSAT)
    return Verdict.YES if met else Verdict.NO


def requirement_verdicts(enc: Encoding, lic: LicenseModel, req: Requirement,
                         rhos: list[dict[str, bool]], fixed: dict[str, bool],
                         open_: frozenset[str], settings: SolverSettings,
                         explain: bool = True) -> dict[Key, Verdict]:
    """The requirement's verdict under every reading assignment (see ``solve.partition``)."""
    base = _license_query(enc, lic, isinstance(req, Invariant), settings)
    with base.frame():
        p = problem(enc, lic, req, settings, pin_readings(enc, fixed, open_), q=base)
        found = partition(p.query, p.formula, rhos, enc.readings, p.decode, p.holds,
                          witnesses=explain)
    return {k: _verdict(req, st) for k, (st, _) in found.items()}


def _license_query(enc: Encoding, lic: LicenseModel, pair: bool, settings: SolverSettings
                   ) -> Query:
    """A solver holding the license on one scenario (or two, for invariants), shared by its
    requirements: each is asked in a frame of its own, so the license is asserted once."""
    cache = enc.osd_queries
    key = (lic.id, lic.fingerprint, pair, settings)
    if key not in cache:
        names = ("o1", "o2") if pair else ("o1",)
        cache[key] = Query(settings, cores=False).track(
            *[compile_license(enc, lic, enc.scenario(n)) for n in names])
    return cache[key]


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


# ------------------------------------------------------------------ the check


def osd(lib: Library, name: str, readings: dict[str, bool] | None = None,
        settings: SolverSettings = DEFAULT_SETTINGS, explain: bool = True) -> CheckResult:
    """osd over a license expression: a work under ``A OR B`` is open source when one of the
    choices is; under ``A AND B`` when both are."""
    parsed = parse_expression(lib, name)
    alts = alternatives(parsed.expression)
    if len(alts) == 1 and len(alts[0]) == 1:
        result = osd_license(lib, alts[0][0], readings, settings, explain)
        result.warnings += list(parsed.warnings)
        return result
    parts = {i: osd_license(lib, i, readings, settings, explain) for alt in alts for i in alt}
    verdicts = [all_of([parts[i].verdict for i in alt]) for alt in alts]
    verdict = best_of(verdicts)
    chosen = alts[verdicts.index(verdict)]
    summary = (f"{verdict.value.capitalize()}: " + "; ".join(
        f"{i}: {parts[i].verdict.value}" for i in parts)
        + (f". Choosing {' AND '.join(chosen)}." if len(alts) > 1 else "."))
    criteria = []
    for n, crit in enumerate(CRITERIA):  # each criterion: the best choice, all of its parts
        per = {i: parts[i].extra["criteria"][n] for i in parts}
        v = best_of([all_of([Verdict(per[i]["verdict"]) for i in alt]) for alt in alts])
        criteria.append({
            "number": crit.number, "title": crit.title, "verdict": v.value,
            "summary": "; ".join(f"{i}: {per[i]['verdict']}" for i in per),
            "because": [b for i in chosen for b in per[i]["because"]],
            "witnesses": [w for i in chosen for w in per[i]["witnesses"]],
            "readings": {k: x for i in chosen for k, x in per[i]["readings"].items()},
        })
    result = CheckResult("osd", verdict, summary, subject={"license": parsed.text},
                         extra={"criteria": criteria,
                                "parts": [parts[i].to_json() for i in parts]},
                         warnings=list(parsed.warnings))
    for i in chosen:
        result.because += parts[i].because
        result.witnesses += parts[i].witnesses
        result.readings.update(parts[i].readings)
    return result


def osd_rows(lib: Library, names: list[str], readings: dict[str, bool] | None = None,
             settings: SolverSettings = DEFAULT_SETTINGS, jobs: int = 1,
             extra_specs: list[str] | None = None) -> list[dict]:
    """osd for many licenses, verdicts only (no witnesses): per license the verdict, the
    criteria not met (number → verdict) and the readings that decide the answer. With
    jobs > 1 the licenses are shared out among that many worker processes (which load the
    bundled library plus ``extra_specs``)."""
    if jobs > 1 and len(names) >= 16:
        from liclogic.queries.workers import pool

        shares = [names[i::jobs] for i in range(jobs)]
        with pool(jobs, extra_specs) as workers:
            parts = list(workers.map(_osd_share, [(s, readings, settings) for s in shares]))
        rows = {r["name"]: r for part in parts for r in part}
        return [{k: v for k, v in rows[n].items() if k != "name"} for n in names]
    return [{k: v for k, v in r.items() if k != "name"}
            for r in _osd_rows(lib, names, readings, settings)]


def _osd_share(args: tuple[list[str], dict[str, bool] | None, SolverSettings]) -> list[dict]:
    from liclogic.queries.workers import worker_library

    names, readings, settings = args
    return _osd_rows(worker_library(), names, readings, settings)


def _osd_rows(lib: Library, names: list[str], readings: dict[str, bool] | None,
              settings: SolverSettings) -> list[dict]:
    rows = []
    for name in names:
        r = osd(lib, name, readings, settings, explain=False)
        rows.append({
            "name": name, "license": r.subject["license"], "verdict": r.verdict.value,
            "criteria": {str(c["number"]): c["verdict"] for c in r.extra["criteria"]
                         if c["verdict"] != "yes"},
            "readings": sorted(k for k, x in r.readings.items() if x.decisive),
        })
    return rows


def osd_license(lib: Library, name: str, readings: dict[str, bool] | None = None,
                settings: SolverSettings = DEFAULT_SETTINGS, explain: bool = True
                ) -> CheckResult:
    fixed = dict(readings or {})
    Context(readings=fixed).validate(lib.vocab)
    lic = lib.get(name)
    if lic.kind == "exception":
        raise LiclogicError(f"{lic.id} is an exception, not a license",
                            hint=f"check the license it attaches to: GPL-2.0-only WITH {lic.id}")
    enc = encoding_for(lib)
    criteria_json = []
    per_assignment: list[tuple[dict[str, bool], Verdict]] = []
    overall_because: list[Because] = []
    overall_witnesses: list[Witness] = []
    failing: list[str] = []
    relevant_all: set[str] = set()
    for crit in CRITERIA:
        relevant = set(lic.readings) | ({STRICT_OSD} if crit.number == 5 else set())
        relevant_all |= relevant
        open_ = frozenset(relevant - set(fixed))
        rhos = assignments(relevant, fixed)
        verdicts = [requirement_verdicts(enc, lic, r, rhos, fixed, open_, settings, explain)
                    for r in crit.requirements]
        cases = [(rho, all_of([v[reading_key(rho)] for v in verdicts])) for rho in rhos]
        per_assignment += cases
        verdict = merge_verdicts([v for _, v in cases])
        report = reading_report(lib.vocab, relevant, fixed, cases)
        decisive = sorted(r for r, i in report.items() if i.decisive)
        because_list: list[Because] = []
        wits: list[Witness] = []
        texts: list[str] = []
        for rho in _representatives(rhos, decisive) if explain else []:
            label = (" (" + ", ".join(f"{'with' if rho.get(r) else 'without'} the reading "
                                      f"that {words.reading_label(lib.vocab, r)}"
                                      for r in decisive)
                     + ")") if decisive else ""
            for req, v in zip(crit.requirements, verdicts, strict=True):
                if v[reading_key(rho)] != Verdict.NO:
                    continue
                out = explain_violation(enc, lic, req, rho, settings)
                texts.append(f"{req.text}{label}: {out.text}")
                because_list += [b for b in out.because if b not in because_list]
                wits += [Witness(w.label, w.scenario, w.pair, {r: rho[r] for r in decisive},
                                 w.text) for w in out.witnesses]
        criteria_json.append({
            "number": crit.number, "title": crit.title, "verdict": verdict.value,
            "summary": " ".join(texts) if texts else _holds_text(crit, verdict),
            "because": [b.to_json() for b in because_list],
            "witnesses": [w.to_json() for w in wits],
            "readings": {k: i.to_json() for k, i in report.items() if i.decisive},
        })
        if verdict != Verdict.YES:
            failing.append(f"{crit.number} ({crit.title}): {verdict.value}")
            overall_because += [b for b in because_list if b not in overall_because]
            overall_witnesses += wits
    by_assignment = _project(per_assignment, relevant_all, fixed)
    verdict = merge_verdicts([v for _, v in by_assignment])
    report = reading_report(lib.vocab, relevant_all, fixed, by_assignment)
    return CheckResult("osd", verdict, _summary(lib, lic, verdict, failing, report),
                       overall_because, overall_witnesses, report,
                       subject={"license": lic.id}, extra={"criteria": criteria_json})


def _representatives(rhos: list[dict[str, bool]], decisive: list[str]) -> list[dict[str, bool]]:
    """One assignment per combination of the decisive readings (just one when none is)."""
    seen: dict[tuple, dict[str, bool]] = {}
    for rho in rhos:
        seen.setdefault(tuple(rho.get(r) for r in decisive), rho)
    return list(seen.values())


def _project(cases: list[tuple[dict[str, bool], Verdict]], relevant: set[str],
             fixed: dict[str, bool]) -> list[tuple[dict[str, bool], Verdict]]:
    """Per full reading assignment: the conjunction of the criteria's verdicts under it."""
    out = []
    for rho in assignments(relevant, fixed):
        vs = [v for r, v in cases if all(rho.get(k) == val for k, val in r.items())]
        out.append((rho, all_of(vs)))
    return out


def _holds_text(crit: Criterion, verdict: Verdict) -> str:
    if verdict == Verdict.YES:
        return "complies: " + "; ".join(r.text for r in crit.requirements) + "."
    return verdict.value


def _summary(lib: Library, lic: LicenseModel, verdict: Verdict, failing: list[str],
             report: dict) -> str:
    name = lib.prose(lic.id)
    if verdict == Verdict.YES:
        return f"Yes: {name} meets all ten criteria of the Open Source Definition."
    decisive = [r for r, i in report.items() if i.decisive]
    if verdict == Verdict.DEPENDS and decisive:
        info = report[decisive[0]]
        return (f"Depends on the reading that "
                f"{words.join(report[r].label or r for r in decisive)}: "
                f"{info.verdicts['on'].value} with it, {info.verdicts['off'].value} without. "
                f"Criteria in question: {'; '.join(failing)}.")
    if verdict == Verdict.UNKNOWN:
        return f"Unknown: the solver gave up on {'; '.join(failing)}."
    return f"No: {name} fails criteria {'; '.join(failing)}."
