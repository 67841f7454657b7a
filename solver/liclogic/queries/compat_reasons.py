"""Why compat(A, B) holds or fails, in the clauses of the two licenses: ``diagnose`` reads a
failing scenario, ``yes_reason`` a holding one, both off the reference evaluator; ``explain``
writes a decided pair's summary, the clauses that decide it and its witnesses into the result.
"""

from __future__ import annotations

from dataclasses import dataclass

from liclogic.engine import evaluate as ev
from liclogic.engine.explain import because, cite_of, phrase, witness
from liclogic.engine.result import Because, CheckResult, Verdict
from liclogic.engine.solve import (
    SolverSettings,
)
from liclogic.lang import ast
from liclogic.lang.library import Library, LicenseModel, SpecClause
from liclogic.lang.vocabulary import ACT, RELATION, SAME_LICENSE
from liclogic.queries.compat_cases import Case, Scope

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







def yes_reason(lib: Library, a: LicenseModel, b: LicenseModel, s: ev.Scenario) -> Reason:
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


def explain(lib: Library, a: LicenseModel, b: LicenseModel, cases: list[Case],
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
            why = yes_reason(lib, a, b, case.holds)
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
            elif case.holds is not None:
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
