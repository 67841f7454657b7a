"""diff(A, B): where two licenses (or two versions of one) decide differently.

Aspects compared, each a solver question with the readings left open:
- permission, per act: a scenario one license permits and the other does not, where both
  count the thing acted on alike (a difference of reach is the reach aspect's) or one of
  them bans the act outright; each side is stated in one of the five words of
  ``engine.statements`` (granted, forbidden, reserved, not granted, outside), never
  "permits" for silence;
- each duty and each carried term: a scenario where one imposes it and the other does not,
  again where both count the thing alike;
- reach, per relation: a scenario one license counts as a derivative and the other does not;
and, statically, relicense targets and the terms each accepts. Every difference comes with a
witness replayed through the reference evaluator and the clauses of both sides, each quoted
only where the quote supports what is said.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any

import z3

from liclogic.engine import evaluate as ev
from liclogic.engine.arguments import check_arguments
from liclogic.engine.compile import compile_license
from liclogic.engine.context import Context, pin_readings
from liclogic.engine.encoding import encoding_for
from liclogic.engine.explain import because, describe, shrink
from liclogic.engine.result import Because, CheckResult, Verdict, Witness
from liclogic.engine.settings import DeadlineExceeded, unknown_summary
from liclogic.engine.solve import (
    DEFAULT_SETTINGS,
    Query,
    SolverSettings,
    Status,
    replay,
)
from liclogic.engine.statements import Says, quote_supports, says_formula, statement
from liclogic.errors import LiclogicError
from liclogic.lang import ast, words
from liclogic.lang.expression import alternatives, parse_expression
from liclogic.lang.library import Library, LicenseModel
from liclogic.lang.vocabulary import ACT, RELATION, SELF_RELATION


@dataclass
class Difference:
    aspect: str  # permitted / duty / term / reach / relicense / accepts
    subject: str  # the act, duty, term or relation concerned
    left: Any
    right: Any
    scenario: dict[str, Any] | None = None
    text: str = ""
    because: list[Because] = field(default_factory=list)
    says: tuple[str, str] | None = None  # permission: what each side says (statements.Says)
    acts: list[str] = field(default_factory=list)  # permission: the acts grouped here
    words_of: Any = None  # how to name a group of acts (set for permission differences)
    relation: str | None = None  # permission: what the acts are done with

    def title(self, d: Difference) -> str:
        return self.words_of(self.acts) if self.words_of else self.subject

    def to_json(self) -> dict[str, Any]:
        d = {"aspect": self.aspect, "subject": self.subject, "left": self.left,
             "right": self.right, "summary": self.text,
             "because": [b.to_json() for b in self.because]}
        if self.says is not None:
            d["says"] = list(self.says)
        if self.scenario is not None:
            d["scenario"] = self.scenario
        return d


PER_ACT = 3  # relations a permission difference is looked for on, per act


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

    def probe(aspect: str, subject: str, formula: z3.BoolRef, value, node_types, keep=(),
              say=None) -> ev.Scenario | None:
        nonlocal unknown
        # a difference under no reading is clearer; only then ask with the readings open
        for extra in (off, open_):
            status, _ = q.check(formula, *extra)
            if status != Status.UNSAT:
                break
        if status == Status.UNKNOWN:
            unknown = True
            return None
        if status != Status.SAT:
            return None
        w = sv.decode(shrink(q, [formula, *extra], [sv], keep=set(keep)))
        lv, rv = value(a, w), value(b, w)
        replay(lv != rv, f"diff {aspect} {subject}")
        # each clause quoted only where its quote supports what it decides (not a clause
        # that holds only under a reading: the text leaves that open)
        cls = [_supported(because(lic, c, "decides it"), c) for lic in (a, b)
               for c in lic.clauses if isinstance(c.clause, node_types)
               and ev.applies(c.clause, lic, w)]
        on = [r for r, v in w.readings.items() if v]
        where = words.scenario_phrase(vocab, w.values, words.off_default(vocab, w.values))
        where += (" (under the reading that " + words.join(words.reading_label(vocab, r)
                                                           for r in on) + ")") if on else ""
        left, right = (say(a, w), say(b, w)) if say else (_word(lv), _word(rv))
        title = _subject_words(vocab, aspect, subject)
        d = Difference(aspect, subject, lv, rv, describe(vocab, w) | (
            {"readings": on} if on else {}), f"{title}: {lib.prose(a.id)} {left}; "
            f"{lib.prose(b.id)} {right} — e.g. {where}", cls)
        if aspect == "permitted":
            d.says = (statement(a, w).says.value, statement(b, w).says.value)
            d.acts = [subject]
            rel = str(w[RELATION])
            d.relation = rel
            of = "" if rel == SELF_RELATION else f", for {words.relation(vocab, rel)}"
            d.words_of = lambda acts, of=of: _cap(words.join(words.act(vocab, x)
                                                             for x in acts)) + of
            d.text = d.words_of(d.acts) + d.text[len(title):]
        out.append(d)
        return w

    alike = ca.reach == cb.reach  # both count the thing acted on alike
    banned = z3.Or(says_formula(ca, Says.FORBIDDEN), says_formula(cb, Says.FORBIDDEN))
    for act in vocab.acts:
        # an act may differ on several relations for different clauses: a few of them
        seen: list[z3.BoolRef] = []
        for _ in range(PER_ACT):
            w = probe("permitted", act, z3.And(sv.is_(ACT, act), ca.permitted != cb.permitted,
                                               z3.Or(alike, banned), *seen),
                      lambda lic, w: ev.permitted(lic, w), (ast.Permit, ast.Forbid, ast.Reserve),
                      keep=(ACT,), say=lambda lic, w: _says(lib, lic, w))
            if w is None:
                break
            seen.append(z3.Not(sv.is_(RELATION, str(w[RELATION]))))
    for key in sorted(set(ca.duties) | set(cb.duties), key=str):
        la, lb = ca.duties.get(key, z3.BoolVal(False)), cb.duties.get(key, z3.BoolVal(False))
        probe("duty", ev.duty_text(key), z3.And(la != lb, alike),
              lambda lic, w, k=key: k in ev.duties(lic, w), (ast.Require, ast.Waive),
              say=lambda lic, w, k=key: _requires(lib, lic, w, k))
    for term in sorted(set(ca.carried) | set(cb.carried)):
        la = ca.carried.get(term, z3.BoolVal(False))
        lb = cb.carried.get(term, z3.BoolVal(False))
        probe("term", term, z3.And(la != lb, alike),
              lambda lic, w, t=term: t in ev.carried(lic, w), (ast.Carries, ast.Waive),
              say=lambda lic, w, t=term: _carries(lib, lic, w, t))
    for rel in vocab.relations:
        probe("reach", rel, z3.And(sv.is_(RELATION, rel), ca.reach != cb.reach),
              lambda lic, w: ev.derived(lic, w), (ast.Derivative,), keep=(RELATION,),
              say=lambda lic, w: _reaches(lib, lic, w))
    out = _group_permissions(out)
    for aspect, get, title in (("relicense", _targets, "may be relicensed to"),
                               ("accepts", _accepts, "further restrictions accepted")):
        la, lb = get(lib, a), get(lib, b)
        if la != lb:
            def listed(xs: set[str], aspect: str = aspect) -> str:
                if aspect == "relicense":
                    return words.join(sorted(lib.prose(x) for x in xs)) or "none"
                return words.join(sorted(words.term_label(vocab, x) for x in xs
                                         if not x.startswith("("))) or "none"
            out.append(Difference(aspect, aspect, sorted(la), sorted(lb), None,
                                  f"{title}: {lib.prose(a.id)} {listed(la)}; "
                                  f"{lib.prose(b.id)} {listed(lb)}"))
    verdict = Verdict.UNKNOWN if unknown else Verdict.NO if out else Verdict.YES
    if verdict == Verdict.YES:
        summary = f"{lib.prose(a.id)} and {lib.prose(b.id)} decide every scenario alike."
    else:
        summary = (f"{len(out)} difference(s) between {lib.prose(a.id)} and "
                   f"{lib.prose(b.id)}: " + "; ".join(d.text for d in out) + ".")
    if fixed:
        summary += " Readings assumed: " + ", ".join(
            f"{r} {'on' if v else 'off'}" for r, v in sorted(fixed.items())) + "."
    result = CheckResult("diff", verdict, summary, subject={"licenses": [a.id, b.id]},
                         extra={"differences": [d.to_json() for d in out]})
    for d in out:
        result.because += [x for x in d.because if x not in result.because]
        if d.scenario is not None:
            result.witnesses.append(Witness(f"{d.aspect} {d.subject}", d.scenario))
    result.extra["evidence_inline"] = True  # each difference names its scenario itself
    result.extra["names"] = {x.id: lib.prose(x.id) for x in (a, b)}
    return result


def _group_permissions(diffs: list[Difference]) -> list[Difference]:
    """Acts that differ for the same clauses are one difference."""
    out: list[Difference] = []
    groups: dict[tuple, Difference] = {}
    for d in diffs:
        if d.aspect != "permitted":
            out.append(d)
            continue
        key = (d.says, d.relation, tuple(sorted((b.license, b.at) for b in d.because)))
        if key in groups:
            g = groups[key]
            if d.subject in g.acts:
                continue
            g.subject += f", {d.subject}"
            g.acts.append(d.subject)
            g.text = g.title(d) + g.text[g.text.index(":"):]
        else:
            groups[key] = d
            out.append(d)
    return out


def _supported(b: Because, sc: Any) -> Because:
    return b if quote_supports(sc) else replace(b, quote=None)


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def _subject_words(vocab: Any, aspect: str, subject: str) -> str:
    if aspect == "permitted":
        return _cap(words.act(vocab, subject))
    if aspect == "duty" and subject.startswith("one of {") and subject.endswith("}"):
        options = subject[len("one of {"):-1].replace(", ", " | ")  # ev.duty_text's rendering
        return _cap(words.duty_label(vocab, ast.ONE_OF, options))
    if aspect == "duty":
        kind, _, text = subject.partition("(")
        return _cap(words.duty_label(vocab, kind, text.strip('")') or None))
    if aspect == "term":
        return _cap(words.term_label(vocab, subject))
    if aspect == "reach":
        return _cap(words.relation(vocab, subject))
    return subject


def _cites(lib: Library, clauses: Any) -> str:
    return words.join(f"{lib.prose(c.origin)} {c.clause.cite.section}" if c.clause.cite
                      else c.at for c in clauses)


def _quoted(clauses: Any) -> str:
    quotes = [c.clause.cite.quote for c in clauses if c.clause.cite and c.clause.cite.quote
              and quote_supports(c)]
    return f": “{quotes[0]}”" if quotes else ""


def _says(lib: Library, lic: LicenseModel, w: ev.Scenario) -> str:
    """What one side says about the act, in one of the five words (never 'permits' for
    silence)."""
    st = statement(lic, w)
    if st.says == Says.GRANTED:
        return f"grants it ({_cites(lib, st.clauses)}{_quoted(st.clauses)})"
    if st.says == Says.FORBIDDEN:
        return f"forbids it ({_cites(lib, st.clauses)}{_quoted(st.clauses)})"
    if st.says == Says.RESERVED:
        return f"does not grant it ({_cites(lib, st.clauses)} reserves it{_quoted(st.clauses)})"
    if st.says == Says.NOT_GRANTED:
        return "does not grant it (the text is silent)"
    return (f"leaves it alone: {words.relation(lib.vocab, str(w[RELATION]))} is outside its "
            "reach, so copyright law decides whether it needs permission")


def _requires(lib: Library, lic: LicenseModel, w: ev.Scenario, key: Any) -> str:
    cs = [c for c in ev.firing(lic, ast.Require, w) if any(ev.duty_key(d) == key
                                                           for d in c.clause.duties)]
    if key in ev.duties(lic, w):
        return f"requires it ({_cites(lib, cs)}{_quoted(cs)})"
    waived = ev.firing(lic, ast.Waive, w)
    if cs and waived:
        return f"lifts it ({_cites(lib, waived)})"
    return "does not require it"


def _carries(lib: Library, lic: LicenseModel, w: ev.Scenario, term: str) -> str:
    cs = [c for c in ev.firing(lic, ast.Carries, w) if term in c.clause.terms]
    if term in ev.carried(lic, w):
        return f"carries it ({_cites(lib, cs)}{_quoted(cs)})"
    return "does not carry it"


def _reaches(lib: Library, lic: LicenseModel, w: ev.Scenario) -> str:
    cs = [c for c in lic.of(ast.Derivative) if ev.applies(c.clause, lic, w)]
    if cs:
        return f"counts it as made from the work ({_cites(lib, cs)}{_quoted(cs)})"
    return "does not count it: it is outside its reach"


def _word(value: Any) -> str:
    return {True: "yes", False: "no"}.get(value, str(value))


def _targets(lib: Library, lic: LicenseModel) -> set[str]:
    return {lib.canonical(t) for c in lic.of(ast.Relicense) for t in c.clause.targets
            if t != ast.BASE}


def _accepts(lib: Library, lic: LicenseModel) -> set[str]:
    return {t for c in lic.of(ast.Accepts) for t in c.clause.terms} | (
        {"(forbids further restrictions)"} if lic.restricts_further else set())
