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

import z3

from liclogic.engine.arguments import check_arguments, license_names, readings_map
from liclogic.engine.compile import compile_license
from liclogic.engine.context import Context, pin_readings
from liclogic.engine.encoding import Encoding, encoding_for
from liclogic.engine.readings import Literals, ReadingSpace, propositional
from liclogic.engine.result import (
    Because,
    CheckResult,
    Verdict,
    Witness,
    all_of,
    best_of,
)
from liclogic.engine.settings import DeadlineExceeded, unknown_summary
from liclogic.engine.solve import (
    DEFAULT_SETTINGS,
    Query,
    SolverSettings,
    Status,
    project,
)
from liclogic.errors import LiclogicError
from liclogic.lang import words
from liclogic.lang.expression import alternatives, parse_expression
from liclogic.lang.library import Library, LicenseModel
from liclogic.queries.osd_criteria import (
    CRITERIA,
    STRICT_OSD,
    Criterion,
    Exists,
    Invariant,
    Requirement,
)
from liclogic.queries.osd_problems import explain_violation, problem

# ------------------------------------------------------------------ requirements


def requirement_met(enc: Encoding, lic: LicenseModel, req: Requirement,
                    fixed: dict[str, bool], open_: frozenset[str], settings: SolverSettings,
                    explain: bool = True) -> tuple[Status, z3.BoolRef]:
    """Under which assignments of the open readings the requirement is met: a formula over
    them (``solve.project``, no enumeration); UNKNOWN when the solver gave up. Each model
    found is replayed through the reference evaluator when explaining."""
    base = _license_query(enc, lic, isinstance(req, Invariant), settings)
    with base.frame():
        p = problem(enc, lic, req, settings, pin_readings(enc, fixed, open_), q=base)

        def replayed(m: z3.ModelRef) -> bool:
            rho = {r: z3.is_true(m.eval(v, model_completion=True))
                   for r, v in enc.readings.items()}
            return bool(p.holds(p.decode(m), rho))

        status, sat_at = project(p.query, p.formula, {r: enc.readings[r] for r in open_},
                                 p.compiled, replayed if explain else None)
    met = sat_at if isinstance(req, Exists) else z3.Not(sat_at)
    return status, met


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
    return cache[key].use(settings)


# ------------------------------------------------------------------ the check


def osd(lib: Library, name: str, readings: dict[str, bool] | None = None,
        settings: SolverSettings = DEFAULT_SETTINGS, explain: bool = True) -> CheckResult:
    """osd over a license expression: a work under ``A OR B`` is open source when one of the
    choices is; under ``A AND B`` when both are. Past the deadline of ``settings``, each
    criterion not yet decided is unknown."""
    check_arguments(lib, {"name": name}, None, settings)
    readings = readings_map(readings)
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
        f"{lib.prose(i)}: {parts[i].verdict.value}" for i in parts)
        + (f". Choosing {' AND '.join(map(lib.prose, chosen))}." if len(alts) > 1 else "."))
    criteria = []
    for n, crit in enumerate(CRITERIA):  # each criterion: the best choice, all of its parts
        per = {i: parts[i].extra["criteria"][n] for i in parts}
        v = best_of([all_of([Verdict(per[i]["verdict"]) for i in alt]) for alt in alts])
        criteria.append({
            "number": crit.number, "title": crit.title, "verdict": v.value,
            "summary": "; ".join(f"{lib.prose(i)}: {per[i]['verdict']}" for i in per),
            "because": [b for i in chosen for b in per[i]["because"]],
            "witnesses": [w for i in chosen for w in per[i]["witnesses"]],
            "readings": {k: x for i in chosen for k, x in per[i]["readings"].items()},
        })
    result = CheckResult("osd", verdict, summary, subject={"license": parsed.text},
                         extra={"criteria": criteria,
                                "parts": [parts[i].to_json() for i in parts],
                                "names": {n: x for i in parts
                                          for n, x in parts[i].extra.get("names", {}).items()}},
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
    jobs > 1 the licenses are shared out among that many processes: this one and jobs - 1
    workers (with this library, or — one that loads
    its licenses when asked — the bundled library plus ``extra_specs``)."""
    check_arguments(lib, {}, None, settings)
    names = license_names(names, "names")
    readings = readings_map(readings)
    if not isinstance(jobs, int) or isinstance(jobs, bool) or jobs < 1:
        raise LiclogicError(f"jobs is a number of worker processes ≥ 1, not {jobs!r}")
    if jobs > 1 and len(names) >= 16:
        from liclogic.queries.workers import pool, shared

        n = jobs * 4  # this process and jobs - 1 workers take shares as they are free
        tasks = [(s, readings, settings) for s in (names[i::n] for i in range(n)) if s]
        with pool(jobs - 1, extra_specs, lib) as workers:
            parts = list(shared(workers, jobs - 1, _osd_share,
                                lambda task: _osd_rows(lib, *task), tasks))
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
    overall_because: list[Because] = []
    overall_witnesses: list[Witness] = []
    failing: list[str] = []
    relevant_all: set[str] = set()
    decided: list[z3.BoolRef] = []  # per criterion decided: met, as a formula over readings
    undecided = False
    warnings: list[str] = []
    for crit in CRITERIA:
        relevant = set(lic.readings) | ({STRICT_OSD} if crit.number == 5 else set())
        relevant_all |= relevant
        open_ = frozenset(relevant - set(fixed))
        try:
            met = [requirement_met(enc, lic, r, fixed, open_, settings, explain)
                   for r in crit.requirements]
        except DeadlineExceeded:
            undecided = True
            failing.append(f"{crit.number} ({crit.title}): unknown")
            criteria_json.append(_undecided(crit, settings))
            continue
        known = all(st != Status.UNKNOWN for st, _ in met)
        yes = z3.And([m for _, m in met])
        space = ReadingSpace(lib.vocab, enc.readings, relevant, fixed, propositional(yes, known))
        if known:
            decided.append(yes)
        undecided = undecided or not known
        verdict = space.verdict()
        report = space.report()
        warnings += [w for w in space.warnings() if w not in warnings]
        decisive = sorted(r for r, i in report.items() if i.decisive)
        because_list: list[Because] = []
        wits: list[Witness] = []
        texts: list[str] = []
        for rho in space.representatives(decisive) if explain and known else []:
            label = (" (" + ", ".join(f"{'with' if rho.get(r) else 'without'} the reading "
                                      f"that {words.reading_label(lib.vocab, r)}"
                                      for r in decisive)
                     + ")") if decisive else ""
            for req, (_, m) in zip(crit.requirements, met, strict=True):
                if _holds_at(m, enc, rho):
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
    space = ReadingSpace(lib.vocab, enc.readings, relevant_all, fixed,
                         _all_of(z3.And(decided), undecided))
    verdict = space.verdict()
    report = space.report()
    # how the renderers name the licenses the clauses come from ('Kimi K2 modification
    # clause', not its LicenseRef id), as compat's and diff's answers do
    names = {i: lib.prose(i) for i in sorted({lic.id} | {b.license for b in overall_because})}
    return CheckResult("osd", verdict, _summary(lib, lic, verdict, failing, report, settings),
                       overall_because, overall_witnesses, report,
                       subject={"license": lic.id},
                       extra={"criteria": criteria_json, "names": names}, warnings=warnings)


def _all_of(decided: z3.BoolRef, undecided: bool) -> Callable[[Literals], Verdict]:
    """The oracle of "every criterion is met": with some criteria undecided, no where the
    decided ones already fail under every assignment, else unknown (``all_of``)."""
    oracle = propositional(decided)
    if not undecided:
        return oracle

    def partly(lits: Literals) -> Verdict:
        return Verdict.NO if oracle(lits) == Verdict.NO else Verdict.UNKNOWN
    return partly


def _holds_at(formula: z3.BoolRef, enc: Encoding, rho: dict[str, bool]) -> bool:
    pairs = [(v, z3.BoolVal(bool(rho.get(r, False)))) for r, v in enc.readings.items()]
    return z3.is_true(z3.simplify(z3.substitute(formula, *pairs)))


def _undecided(crit: Criterion, settings: SolverSettings) -> dict:
    return {"number": crit.number, "title": crit.title, "verdict": Verdict.UNKNOWN.value,
            "summary": unknown_summary(settings, f"criterion {crit.number}"),
            "because": [], "witnesses": [], "readings": {}}


def _holds_text(crit: Criterion, verdict: Verdict) -> str:
    if verdict == Verdict.YES:
        return "complies: " + "; ".join(r.text for r in crit.requirements) + "."
    return verdict.value


def _summary(lib: Library, lic: LicenseModel, verdict: Verdict, failing: list[str],
             report: dict, settings: SolverSettings) -> str:
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
        undecided = [f for f in failing if f.endswith("unknown")]
        return unknown_summary(settings, "criteria " + "; ".join(undecided or failing))
    return f"No: {name} fails criteria {'; '.join(failing)}."
