"""diff(A, B): where two licenses (or two versions of one) decide differently.

Aspects compared, each a solver question with the readings left open:
- permission, per act: a scenario one license permits and the other does not;
- each duty and each carried term: a scenario where one imposes it and the other does not;
- reach, per relation: a scenario one license counts as a derivative and the other does not;
and, statically, relicense targets and the terms each accepts. Every difference comes with a
witness replayed through the reference evaluator and the clauses of both sides.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import z3

from liclogic.engine import evaluate as ev
from liclogic.engine.arguments import check_arguments
from liclogic.engine.compile import compile_license
from liclogic.engine.context import Context, pin_readings
from liclogic.engine.encoding import encoding_for
from liclogic.engine.explain import because, describe, phrase, shrink
from liclogic.engine.result import Because, CheckResult, Verdict, Witness
from liclogic.engine.settings import DeadlineExceeded, unknown_summary
from liclogic.engine.solve import (
    DEFAULT_SETTINGS,
    Query,
    SolverSettings,
    Status,
    replay,
)
from liclogic.errors import LiclogicError
from liclogic.lang import ast
from liclogic.lang.expression import alternatives, parse_expression
from liclogic.lang.library import Library, LicenseModel
from liclogic.lang.vocabulary import ACT, RELATION


@dataclass
class Difference:
    aspect: str  # permitted / duty / term / reach / relicense / accepts
    subject: str  # the act, duty, term or relation concerned
    left: Any
    right: Any
    scenario: dict[str, Any] | None = None
    text: str = ""
    because: list[Because] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        d = {"aspect": self.aspect, "subject": self.subject, "left": self.left,
             "right": self.right, "summary": self.text,
             "because": [b.to_json() for b in self.because]}
        if self.scenario is not None:
            d["scenario"] = self.scenario
        return d


def _single(lib: Library, name: str) -> LicenseModel:
    parsed = parse_expression(lib, name)
    alts = alternatives(parsed.expression)
    if len(alts) != 1 or len(alts[0]) != 1:
        raise LiclogicError("diff compares two licenses, not expressions",
                            hint="give one license (or one L WITH E) on each side")
    return lib.get(alts[0][0])


def diff(lib: Library, left: str, right: str, settings: SolverSettings = DEFAULT_SETTINGS,
         readings: Mapping[str, bool] | None = None) -> CheckResult:
    """Where ``left`` and ``right`` decide differently; ``readings`` fixes some readings (the
    others are left open, as without it)."""
    check_arguments(lib, {"left": left, "right": right}, None, settings)
    fixed = dict(readings or {})
    if fixed:
        Context(readings=fixed).validate(lib.vocab)
    try:
        return _diff(lib, left, right, settings, fixed)
    except DeadlineExceeded:  # past the deadline: unknown, as every check
        return CheckResult("diff", Verdict.UNKNOWN,
                           unknown_summary(settings, f"diff({left}, {right})"),
                           subject={"licenses": [left, right]},
                           extra={"differences": []})


def _diff(lib: Library, left: str, right: str, settings: SolverSettings,
          fixed: dict[str, bool]) -> CheckResult:
    a, b = _single(lib, left), _single(lib, right)
    enc = encoding_for(lib)
    vocab = enc.vocab
    sv = enc.scenario("d")
    ca, cb = compile_license(enc, a, sv), compile_license(enc, b, sv)
    q = Query(settings).track(ca, cb)  # readings open, but for those fixed
    out: list[Difference] = []
    unknown = False

    off = pin_readings(enc, fixed)
    open_ = pin_readings(enc, fixed, free=[r for r in enc.readings if r not in fixed])

    def probe(aspect: str, subject: str, formula: z3.BoolRef, value, node_types, keep=()):
        nonlocal unknown
        # a difference under no reading is clearer; only then ask with the readings open
        for extra in (off, open_):
            status, _ = q.check(formula, *extra)
            if status != Status.UNSAT:
                break
        if status == Status.UNKNOWN:
            unknown = True
            return
        if status != Status.SAT:
            return
        w = sv.decode(shrink(q, [formula, *extra], [sv], keep=set(keep)))
        lv, rv = value(a, w), value(b, w)
        replay(lv != rv, f"diff {aspect} {subject}")
        cls = [because(lic, c, "decides it") for lic in (a, b)
               for c in lic.clauses if isinstance(c.clause, node_types)
               and ev.applies(c.clause, lic, w)]
        on = [r for r, v in w.readings.items() if v]
        where = phrase(vocab, w) + (f" (readings: {', '.join(on)})" if on else "")
        out.append(Difference(aspect, subject, lv, rv, describe(vocab, w) | (
            {"readings": on} if on else {}), f"{subject}: {a.id} {_word(lv)}, {b.id} "
                                          f"{_word(rv)} — e.g. {where}", cls))

    for act in vocab.acts:
        probe("permitted", act, z3.And(sv.is_(ACT, act), ca.permitted != cb.permitted),
              lambda lic, w: ev.permitted(lic, w), (ast.Permit, ast.Forbid), keep=(ACT,))
    for key in sorted(set(ca.duties) | set(cb.duties), key=str):
        la, lb = ca.duties.get(key, z3.BoolVal(False)), cb.duties.get(key, z3.BoolVal(False))
        probe("duty", ev.duty_text(key), la != lb, lambda lic, w, k=key: k in ev.duties(lic, w),
              (ast.Require, ast.Waive))
    for term in sorted(set(ca.carried) | set(cb.carried)):
        la = ca.carried.get(term, z3.BoolVal(False))
        lb = cb.carried.get(term, z3.BoolVal(False))
        probe("term", term, la != lb, lambda lic, w, t=term: t in ev.carried(lic, w),
              (ast.Carries, ast.Waive))
    for rel in vocab.relations:
        probe("reach", rel, z3.And(sv.is_(RELATION, rel), ca.reach != cb.reach),
              lambda lic, w: ev.derived(lic, w), (ast.Derivative,), keep=(RELATION,))
    out = _group_permissions(out)
    for aspect, get in (("relicense", _targets), ("accepts", _accepts)):
        la, lb = get(lib, a), get(lib, b)
        if la != lb:
            out.append(Difference(aspect, aspect, sorted(la), sorted(lb), None,
                                  f"{aspect}: {a.id} {sorted(la) or 'none'}, "
                                  f"{b.id} {sorted(lb) or 'none'}"))
    verdict = Verdict.UNKNOWN if unknown else Verdict.NO if out else Verdict.YES
    if verdict == Verdict.YES:
        summary = f"{a.id} and {b.id} decide every scenario alike."
    else:
        summary = (f"{len(out)} difference(s) between {a.id} and {b.id}: "
                   + "; ".join(d.text for d in out) + ".")
    if fixed:
        summary += " Readings assumed: " + ", ".join(
            f"{r} {'on' if v else 'off'}" for r, v in sorted(fixed.items())) + "."
    result = CheckResult("diff", verdict, summary, subject={"licenses": [a.id, b.id]},
                         extra={"differences": [d.to_json() for d in out]})
    for d in out:
        result.because += [x for x in d.because if x not in result.because]
        if d.scenario is not None:
            result.witnesses.append(Witness(f"{d.aspect} {d.subject}", d.scenario))
    return result


def _group_permissions(diffs: list[Difference]) -> list[Difference]:
    """Acts that differ for the same clauses are one difference."""
    out: list[Difference] = []
    groups: dict[tuple, Difference] = {}
    for d in diffs:
        if d.aspect != "permitted":
            out.append(d)
            continue
        key = (d.left, d.right, tuple(sorted((b.license, b.at) for b in d.because)))
        if key in groups:
            g = groups[key]
            g.subject += f", {d.subject}"
            g.text = g.subject + g.text[g.text.index(":"):]
        else:
            groups[key] = d
            out.append(d)
    return out


def _word(value: Any) -> str:
    return {True: "yes", False: "no"}.get(value, str(value))


def _targets(lib: Library, lic: LicenseModel) -> set[str]:
    return {lib.canonical(t) for c in lic.of(ast.Relicense) for t in c.clause.targets
            if t != ast.BASE}


def _accepts(lib: Library, lic: LicenseModel) -> set[str]:
    return {t for c in lic.of(ast.Accepts) for t in c.clause.terms} | (
        {"(forbids further restrictions)"} if lic.restricts_further else set())
