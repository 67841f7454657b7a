"""``classify``: a license's category (public domain, permissive, weak / strong / network
copyleft, source-available, non-commercial, use-restricted, proprietary-free, other) and its
flags, derived from its clauses through the solver, with the clauses that decide each.

Every property of ``queries/categories.py`` is one solver question over the compiled clauses
(readings held off). A yes comes with a witness scenario, decoded and replayed through the
reference evaluator, and the clauses that make the property hold there; a no with the clauses
that rule it out (a minimal unsat core; none when the text is simply silent). The first rule
of ``categories.RULES`` whose properties match names the category, and its properties are the
reasons. An exception is classified with the license it is written for (``L WITH E``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import z3

from liclogic.engine import evaluate as ev
from liclogic.engine.canonical import least
from liclogic.engine.compile import CompiledLicense, compile_license
from liclogic.engine.context import pin_readings
from liclogic.engine.encoding import Encoding, ScenarioVars, encoding_for
from liclogic.engine.settings import DEFAULT_SETTINGS, SolverSettings
from liclogic.engine.solve import Query, Status, replay
from liclogic.errors import LiclogicError
from liclogic.lang import ast
from liclogic.lang.expression import Leaf, leaves, parse_expression
from liclogic.lang.library import Library, LicenseModel, SpecClause
from liclogic.queries import categories as cat
from liclogic.queries.classify_relicense import Relicensed, weakest_step


@dataclass(frozen=True)
class Cited:
    """A clause behind an answer, as people read it."""

    license: str
    section: str | None
    quote: str | None
    at: str

    def to_json(self) -> dict[str, Any]:
        return {"license": self.license, "section": self.section, "quote": self.quote,
                "at": self.at}


@dataclass(frozen=True)
class Answer:
    """One property: does it hold, in which scenario, and which clauses decide it."""

    name: str
    says: str
    holds: bool | None  # None: the solver gave up
    clauses: tuple[Cited, ...] = ()
    witness: dict[str, Any] | None = None

    def to_json(self) -> dict[str, Any]:
        return {"property": self.name, "says": self.says, "holds": self.holds,
                "clauses": [c.to_json() for c in self.clauses], "witness": self.witness}


@dataclass(frozen=True)
class Classification:
    license: str
    category: str
    rule: str  # the rule's plain words
    reasons: tuple[Answer, ...]  # the properties the deciding rule rests on
    flags: tuple[Answer, ...]  # the flags that hold
    answers: dict[str, Answer] = field(default_factory=dict, compare=False)
    via: str | None = None  # for an exception: the composite classified
    base_category: str | None = None  # … and the category of the license it patches
    kind: str | None = None  # the spec's kind (software, content, data, model, exception)
    relicensed: Relicensed | None = None  # the relicensing step that weakens its copyleft

    def holds(self, name: str) -> bool:
        a = self.answers.get(name)
        return bool(a and a.holds)

    def to_json(self) -> dict[str, Any]:
        return {"license": self.license, "category": self.category, "rule": self.rule,
                "via": self.via, "base_category": self.base_category, "kind": self.kind,
                "relicensed": self.relicensed.to_json() if self.relicensed else None,
                "reasons": [a.to_json() for a in self.reasons],
                "flags": [a.name for a in self.flags],
                "flag_reasons": [a.to_json() for a in self.flags],
                "properties": {n: a.holds for n, a in self.answers.items()}}


def _cited(sc: SpecClause[ast.Clause]) -> Cited:
    c = sc.cite
    return Cited(sc.origin, c.section if c else None, c.quote if c else None, sc.at)


def _twin(enc: Encoding, lic: LicenseModel, sv: ScenarioVars, twin: cat.Twin
          ) -> tuple[CompiledLicense, list[z3.BoolRef]]:
    """The license over a second scenario equal to ``sv`` but for the twin's fields."""
    sv2 = enc.scenario(f"{sv.name}~{'+'.join(twin.fields)}")
    ties: list[z3.BoolRef] = [sv2.outbound == sv.outbound]
    for p in enc.vocab.fields:
        if p in twin.fields:
            v = twin.values[twin.fields.index(p)]
            ties.append(sv2.is_(p, v) if isinstance(v, str) else sv2[p] == v)
        else:
            ties.append(sv2[p] == sv[p])
    return compile_license(enc, lic, sv2), ties


def _twin_formula(prop: cat.Property, c: CompiledLicense, c2: CompiledLicense) -> z3.BoolRef:
    """The property holds at s and the twin's fields decide it: at the twin it does not."""
    here = prop.formula(c.sv, c)
    if prop.twin_duties:
        gone = [z3.And(v, z3.Not(c2.duties.get(k, z3.BoolVal(False))))
                for k, v in c.duties.items() if k[0] in prop.twin_duties]
        return z3.And(here, z3.Or(gone) if gone else z3.BoolVal(False))
    if prop.name == "threshold":
        # a ban lifted, or a duty gone, once the licensee's numbers are 0
        gone = [z3.And(v, z3.Not(c2.duties.get(k, z3.BoolVal(False))))
                for k, v in c.duties.items()]
        return z3.And(here, z3.Or(z3.And(z3.Not(c.permitted), c2.permitted), *gone))
    return z3.And(here, c2.permitted)


def _twin_scenario(prop: cat.Property, s: ev.Scenario) -> ev.Scenario:
    assert prop.twin is not None
    return s.with_fields(dict(zip(prop.twin.fields, prop.twin.values, strict=True)))


def _twin_holds(prop: cat.Property, lic: LicenseModel, s: ev.Scenario) -> bool:
    s2 = _twin_scenario(prop, s)
    if prop.twin_duties:
        return any(k[0] in prop.twin_duties for k in ev.duties(lic, s) - ev.duties(lic, s2))
    if prop.name == "threshold":
        return ((not ev.permitted(lic, s) and ev.permitted(lic, s2))
                or bool(ev.duties(lic, s) - ev.duties(lic, s2)))
    return ev.permitted(lic, s2)


def ask(enc: Encoding, lic: LicenseModel, prop: cat.Property, settings: SolverSettings
         ) -> Answer:
    sv = enc.scenario("classify")
    c = compile_license(enc, lic, sv)
    q = Query(settings).track(c).add(*pin_readings(enc, {}))
    formula = prop.formula(sv, c)
    if prop.twin is not None:
        c2, ties = _twin(enc, lic, sv, prop.twin)
        q.add(*ties)
        q.track(c2)
        formula = _twin_formula(prop, c, c2)
    status, model = q.check(formula)
    if status == Status.UNKNOWN:
        return Answer(prop.name, prop.says, None)
    if status == Status.UNSAT:
        core = q.core(formula) or []
        return Answer(prop.name, prop.says, False,
                      tuple(_cited(t.clause) for t in core if t.compiled is c))
    assert model is not None
    s = sv.decode(least(q, [formula], [sv] if prop.twin is None else [sv, c2.sv]) or model)
    clauses = prop.check(lic, s)
    replay(prop.holds_at(lic, s), f"classify {lic.id}: {prop.name}")
    if prop.twin is not None:
        replay(_twin_holds(prop, lic, s), f"classify {lic.id}: {prop.name} (twin)")
        # what the twin's fields decide: the grants that hold there and not here
        here = set(id(x) for x in ev.firing(lic, ast.Permit, s))
        clauses = [*clauses, *(x for x in ev.firing(lic, ast.Permit, _twin_scenario(prop, s))
                               if id(x) not in here)]
    seen: dict[int, SpecClause[ast.Clause]] = {x.index: x for x in clauses}
    return Answer(prop.name, prop.says, True, tuple(_cited(x) for x in seen.values()),
                  None if prop.declaration else _witness(enc, s, prop))


def _witness(enc: Encoding, s: ev.Scenario, prop: cat.Property) -> dict[str, Any]:
    """The witness's fields that differ from the vocabulary's defaults (and act, relation)."""
    keep = {"act", "relation"} | set(prop.twin.fields if prop.twin else ())
    out: dict[str, Any] = {}
    for p, f in enc.vocab.fields.items():
        v = s[p]
        if p in keep or (f.default is not None and v != f.default) or (
                f.kind == "int" and v):
            out[p] = v
    return out


def _matches(rule: cat.Rule, answers: dict[str, Answer]) -> bool:
    def holds(name: str) -> bool:
        if name.startswith("not:"):
            a = answers[name[4:]]
            return a.holds is False
        return answers[name].holds is True

    return (all(holds(n) for n in rule.all_of)
            and all(answers[n].holds is False for n in rule.none_of)
            and (not rule.any_of or any(holds(n) for n in rule.any_of)))


def _reasons(rule: cat.Rule, answers: dict[str, Answer]) -> tuple[Answer, ...]:
    names = [*rule.all_of, *rule.none_of,
             *[n for n in rule.any_of if _matches(cat.Rule("", "", any_of=(n,)), answers)]]
    return tuple(answers[n[4:] if n.startswith("not:") else n] for n in names)


def classify_model(lib: Library, lic: LicenseModel,
                   settings: SolverSettings = DEFAULT_SETTINGS) -> Classification:
    """The category from the license's clauses, then moved down by the weakest relicensing
    step the licensee may take alone (``classify_relicense``)."""
    own = by_itself(lib, lic, settings)
    targets = {t for sc in lic.relicensing() for t in sc.clause.targets
               if t in lib.licenses and t != lic.id and lib.get(t).kind != "exception"}
    if own.category not in COPYLEFT or not targets:
        return own
    category_of = {t: by_itself(lib, lib.get(t), settings).category for t in sorted(targets)}
    step = weakest_step(lib, lic, own.category, category_of)
    if step is None:
        return own
    return Classification(own.license, step.category, step.says(lic.id), own.reasons,
                          own.flags, own.answers, kind=own.kind, relicensed=step)


def by_itself(lib: Library, lic: LicenseModel,
              settings: SolverSettings = DEFAULT_SETTINGS) -> Classification:
    """The category its own clauses give, no relicensing step taken (kept per library)."""
    memo = lib.derived.setdefault("classify", {})
    assert isinstance(memo, dict)
    key = (lic.id, settings)
    if key not in memo or memo[key][0] is not lic:
        memo[key] = (lic, _by_clauses(lib, lic, settings))
    out = memo[key][1]
    assert isinstance(out, Classification)
    return out


def _by_clauses(lib: Library, lic: LicenseModel, settings: SolverSettings) -> Classification:
    enc = encoding_for(lib)
    answers = {p.name: ask(enc, lic, p, settings) for p in cat.PROPERTIES}
    flags = tuple(answers[n] for n in cat.FLAGS if answers[n].holds)
    if any(a.holds is None for a in answers.values()):
        unknown = [a for a in answers.values() if a.holds is None]
        return Classification(lic.id, "unknown", "the solver gave up on "
                              + ", ".join(a.name for a in unknown), tuple(unknown), flags,
                              answers)
    for rule in cat.RULES:
        if _matches(rule, answers):
            return Classification(lic.id, rule.category, rule.says, _reasons(rule, answers),
                                  flags, answers, kind=lic.kind)
    return Classification(lic.id, "other", "no rule matches its clauses", (), flags, answers,
                          kind=lic.kind)


COPYLEFT = ("weak-copyleft-file", "weak-copyleft-library", "strong-copyleft",
            "network-copyleft")


def classify(lib: Library, name: str, settings: SolverSettings = DEFAULT_SETTINGS
             ) -> Classification:
    """The category of a library license, or of ``L WITH E``, with its deciding clauses."""
    parsed = parse_expression(lib, name).expression
    if not isinstance(parsed, Leaf):
        raise LiclogicError(f"classify takes one license, not the expression {name!r}",
                            hint="classify each license of it: " + " ".join(
                                leaves(parsed)))
    lic = lib.get(parsed.id)
    if lic.kind == "exception":
        base = cat.EXCEPTION_BASES.get(lic.id)
        if base is None or base not in lib:
            return Classification(lic.id, "other", "an exception the library pairs with no "
                                  "license", (), ())
        return _with_exception(lib, lib.get(base), lic, lic.id, settings)
    if " WITH " in lic.id and lic.parent is not None:
        exc = lic.id.split(" WITH ", 1)[1]
        return _with_exception(lib, lib.get(lic.parent), lib.get(exc), lic.id, settings)
    return classify_model(lib, lic, settings)


def _with_exception(lib: Library, base: LicenseModel, exc: LicenseModel, subject: str,
                    settings: SolverSettings) -> Classification:
    """An exception narrows (or leaves) the license it patches: a copyleft whose duty the
    exception lifts somewhere is a limited copyleft; otherwise the composite's category."""
    composite = lib.compose(base.id, exc.id)
    of_base = classify_model(lib, base, settings)
    got = classify_model(lib, composite, settings)
    narrowed = _narrowed(lib, base, composite, settings)
    if of_base.category in COPYLEFT and narrowed.holds and got.category in COPYLEFT:
        return Classification(subject, "weak-copyleft-library",
                              f"{exc.id} narrows the copyleft of {base.id} "
                              f"({of_base.category}) to the work itself",
                              (narrowed, *of_base.reasons), got.flags, got.answers,
                              via=composite.id, base_category=of_base.category,
                              kind=base.kind)
    return Classification(subject, got.category, got.rule, got.reasons, got.flags,
                          got.answers, via=composite.id, base_category=of_base.category,
                          kind=base.kind)


def _narrowed(lib: Library, base: LicenseModel, composite: LicenseModel,
              settings: SolverSettings) -> Answer:
    """Is there a scenario where the base license imposes a copyleft duty and the license
    with the exception does not? (The exception's waive clauses decide it.)"""
    enc = encoding_for(lib)
    sv = enc.scenario("classify")
    cx = compile_license(enc, composite, sv)
    q = Query(settings).track(cx).add(*pin_readings(enc, {}))
    copyleft = set(cat.COPYLEFT_DUTIES)
    lifts = [z3.And(cx.fire[w.index], cx.fire[r.index])
             for w in composite.of(ast.Waive) for r in composite.of(ast.Require)
             if set(w.clause.terms) & copyleft & {d.kind for d in r.clause.duties}]
    formula = z3.And(sv.among("act", ["distribute", "sell", "host"]),
                     z3.Or(lifts) if lifts else z3.BoolVal(False))
    says = f"lifts a copyleft duty of {base.id}"
    status, model = q.check(formula)
    if status != Status.SAT or model is None:
        return Answer("narrows_copyleft", says, None if status == Status.UNKNOWN else False)
    s = sv.decode(least(q, [formula], [sv]) or model)
    imposed = {d.kind for r in ev.firing(composite, ast.Require, s) for d in r.clause.duties}
    lifted = imposed & copyleft & ev.waived(composite, s)
    replay(bool(lifted), f"classify {composite.id}: narrows")
    waives = [c for c in ev.firing(composite, ast.Waive, s)
              if set(c.clause.terms) & lifted]
    return Answer("narrows_copyleft", says, True, tuple(_cited(c) for c in waives),
                  _witness(enc, s, cat.BY_NAME["copyleft"]))
