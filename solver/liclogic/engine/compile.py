"""Licenses → Z3 formulas over the encoding's scenario variables (``liclogic.engine.encoding``).

Each clause gets a *fire* variable defined by ``fire == condition``; the definitions are
asserted under tracking literals so an unsat core names the clauses that decide a verdict.
The formulas mirror ``liclogic.engine.evaluate`` exactly, the compat formulas at the end
mirror ``evaluate.compat_holds`` and ``evaluate.exceeds``; tests/test_differential.py checks
both.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, assert_never

import z3

from liclogic.engine.encoding import Encoding, ScenarioVars
from liclogic.engine.evaluate import DutyKey, duty_key, duty_text
from liclogic.engine.z3ops import And, BoolVal, Implies, Not, Or
from liclogic.lang import ast
from liclogic.lang.library import LicenseModel, SpecClause
from liclogic.lang.vocabulary import (
    ACT,
    FORM,
    OUTBOUND,
    RELATION,
    SAME_LICENSE,
    SELF_RELATION,
    FieldType,
)


def compile_license(enc: Encoding, lic: LicenseModel, sv: ScenarioVars) -> CompiledLicense:
    """The license's formulas over the scenario variables ``sv``, built once per encoding."""
    key = (lic.id, sv.name)
    hit = enc.compiled.get(key)
    if hit is None or hit.lic is not lic:
        hit = enc.compiled[key] = _compile(enc, lic, sv)
    return hit


def with_own_parts(enc: Encoding, lic: LicenseModel, sv: ScenarioVars
                   ) -> tuple[CompiledLicense, CompiledLicense, CompiledLicense]:
    """The license over ``sv``, over its copy for the work itself (``evaluate.own_part``) and
    over its copy for the work itself as source (``evaluate.own_source``); the constraints
    that tie the copies to ``sv`` are ``enc.own_ties(sv)``."""
    return (compile_license(enc, lic, sv), compile_license(enc, lic, enc.own_part(sv)[0]),
            compile_license(enc, lic, enc.own_source(sv)[0]))


@dataclass(eq=False)
class CompiledLicense:
    lic: LicenseModel
    sv: ScenarioVars
    fire: dict[int, z3.BoolRef]  # clause index → fire variable
    defs: dict[int, z3.BoolRef]  # clause index → (fire == the clause's condition)
    reach: z3.BoolRef
    permitted: z3.BoolRef
    duties: dict[DutyKey, z3.BoolRef]  # duty → "this duty applies"
    carried: dict[str, z3.BoolRef]
    relicense: dict[str, z3.BoolRef]  # canonical target id → "relicensing to it applies"
    keeping: dict[str, z3.BoolRef]  # … by a clause ``keeping terms`` (A's terms still bind)
    _term_cache: dict[str, z3.BoolRef] = field(init=False, default_factory=dict, repr=False)
    # duty alternative → (its clause fires, an option, "the option is open") per option
    choices: dict[DutyKey, list[tuple[z3.BoolRef, ast.Option, z3.BoolRef]]] = field(
        init=False, default_factory=dict, repr=False)
    replacing: dict[str, z3.BoolRef] = field(init=False, default_factory=dict, repr=False)
    # built once by solve.tracked_defs / solve.plain_defs / solve._at_model
    tracked: list[Any] | None = field(init=False, default=None, repr=False)
    implications: z3.BoolRef | None = field(init=False, default=None, repr=False)
    plain: z3.BoolRef | None = field(init=False, default=None, repr=False)
    inlined: list[tuple[z3.BoolRef, z3.BoolRef]] | None = field(init=False, default=None,
                                                               repr=False)
    named: list[z3.ExprRef] | None = field(init=False, default=None, repr=False)

    @functools.cached_property
    def granted(self) -> z3.BoolRef:
        """A permit covers the scenario and no forbid applies (mirror of evaluate.granted)."""
        permits = [self.fire[c.index] for c in self.lic.of(ast.Permit)]
        bans = [self.fire[c.index] for c in self.lic.bans]
        return And(Or(permits), Not(Or(bans)))

    def clause(self, index: int) -> SpecClause[ast.Clause]:
        return self.lic.clauses[index]

    def term(self, name: str) -> z3.BoolRef:
        """The term applies: a duty of that kind applies, or it is carried."""
        cache = self._term_cache
        if name not in cache:
            parts = [v for k, v in self.duties.items() if k[0] == name]
            if name in self.carried:
                parts.append(self.carried[name])
            cache[name] = Or(parts) if parts else BoolVal(False)
        return cache[name]

    def relicensed_to(self, target: str, keeping: bool | None = None) -> z3.BoolRef:
        """Relicensing to this (canonical) target applies (``keeping``: only by clauses that
        keep the work's terms, False: only by clauses that replace them)."""
        if keeping is None:
            return self.relicense.get(target, BoolVal(False))
        kept = self.keeping.get(target, BoolVal(False))
        if keeping:
            return kept
        replacing = self.replacing.get(target)
        return replacing if replacing is not None else BoolVal(False)

    @functools.cached_property
    def term_names(self) -> frozenset[str]:
        return frozenset(k for k, _ in self.duties) | frozenset(self.carried)

    def allowed(self, outbound: z3.ArithRef) -> z3.BoolRef:
        """The outbound license satisfies same_license: it is this license or a target."""
        enc = self.sv.enc
        opts = [outbound == enc.license_code(self.lic.id)]
        opts += [And(cond, outbound == enc.license_code(t))
                 for t, cond in self.relicense.items()]
        return Or(opts)

    def done(self, key: DutyKey) -> z3.BoolRef:
        """The duty is performed (mirror of ``evaluate.performed``)."""
        if key[0] == ast.ONE_OF:
            return Or([And(fire, on, self.done(duty_key(o.duty)))
                          for fire, o, on in self.choices.get(key, [])])
        return self.allowed(self.sv.outbound) if key[0] == SAME_LICENSE else self.sv.performed(key)

    def open_options(self, key: DutyKey, keep: Callable[[str], bool]) -> z3.BoolRef:
        """Some option of the alternative whose kind ``keep`` accepts is open."""
        return Or([And(fire, on) for fire, o, on in self.choices.get(key, [])
                      if keep(o.duty.kind)])

    def complies(self) -> z3.BoolRef:
        done = [Implies(applies, self.done(k)) for k, applies in self.duties.items()]
        return And(self.permitted, *done)


def _compile(enc: Encoding, lic: LicenseModel, sv: ScenarioVars) -> CompiledLicense:
    fire: dict[int, z3.BoolRef] = {}
    defs: dict[int, z3.BoolRef] = {}
    for c in lic.clauses:
        fire[c.index] = z3.Bool(f"{sv.name}|{lic.id}|{c.index}")
    derivative = [fire[c.index] for c in lic.of(ast.Derivative)]
    reach = Or(sv.is_(RELATION, SELF_RELATION), *derivative)

    def cond(e: ast.Expr | None, default: bool) -> z3.BoolRef:
        return BoolVal(default) if e is None else _expr(e, sv, reach)

    def scoped(acts: tuple[str, ...] | None, relations: tuple[str, ...] | None,
               when: ast.Expr | None, unless: ast.Expr | None) -> z3.BoolRef:
        """Mirror of ``evaluate._scoped``."""
        parts = []
        if acts is not None:
            parts.append(sv.among(ACT, acts))
        if relations is not None:
            parts.append(sv.among(RELATION, relations))
        parts.append(cond(when, True))
        if unless is not None:
            parts.append(Not(cond(unless, False)))
        if relations is None:
            parts.append(reach)  # clauses without `on` apply within the license's reach
        return And(parts)

    for c in lic.clauses:
        cl = c.clause
        body: z3.BoolRef
        match cl:  # one case per clause kind, as evaluate.applies
            case ast.Derivative():
                body = And(sv.among(RELATION, cl.relations), cond(cl.when, True))
            case ast.Accepts() | ast.Disclaims():
                body = BoolVal(True)
            case ast.Permit():
                body = scoped(cl.acts, cl.relations, cl.when, None)
            case ast.Forbid():
                body = scoped(cl.acts, cl.relations, cl.when, cl.unless)
            case ast.Reserve():
                body = scoped(cl.acts, cl.relations, cl.when, None)
            case ast.Require() | ast.Carries() | ast.Relicense() | ast.Waive():
                body = scoped(None, cl.relations, cl.when, None)
            case _:
                assert_never(cl)
        defs[c.index] = fire[c.index] == body

    permits = [fire[c.index] for c in lic.of(ast.Permit)]
    bans = [fire[c.index] for c in lic.bans]
    permitted = And(Or(Not(reach), *permits), Not(Or(*bans)))
    waives: dict[str, list[z3.BoolRef]] = {}
    for w in lic.of(ast.Waive):
        for t in w.clause.terms:
            waives.setdefault(t, []).append(fire[w.index])

    def unless_waived(name: str, fires: list[z3.BoolRef]) -> z3.BoolRef:
        applies = Or(fires)
        return And(applies, Not(Or(waives[name]))) if name in waives else applies

    duties: dict[DutyKey, list[z3.BoolRef]] = {}
    lifts: dict[DutyKey, set[str]] = {}  # the kinds whose waiver lifts the duty
    choices: dict[DutyKey, list[tuple[z3.BoolRef, ast.Option, z3.BoolRef]]] = {}
    for r in lic.of(ast.Require):
        for d in r.clause.duties:
            duties.setdefault(duty_key(d), []).append(fire[r.index])
            lifts.setdefault(duty_key(d), {d.kind}).update(o.duty.kind for o in d.options)
            for o in d.options:
                choices.setdefault(duty_key(d), []).append((fire[r.index], o, cond(o.when, True)))

    def duty_on(key: DutyKey, fires: list[z3.BoolRef]) -> z3.BoolRef:
        off = [w for k in sorted(lifts[key]) for w in waives.get(k, [])]
        return z3.And(z3.Or(fires), z3.Not(z3.Or(off))) if off else z3.Or(fires)
    carried: dict[str, list[z3.BoolRef]] = {}
    for k in lic.of(ast.Carries):
        for t in k.clause.terms:
            carried.setdefault(t, []).append(fire[k.index])
    relicense: dict[str, list[z3.BoolRef]] = {}
    keeping: dict[str, list[z3.BoolRef]] = {}
    replacing: dict[str, list[z3.BoolRef]] = {}
    for rel in lic.of(ast.Relicense):
        for t in rel.clause.targets:
            if t != ast.BASE:  # resolved when an exception is composed with its license
                target = enc.lib.canonical(t)
                relicense.setdefault(target, []).append(fire[rel.index])
                (keeping if rel.clause.keeps_terms else replacing).setdefault(
                    target, []).append(fire[rel.index])
    out = CompiledLicense(
        lic, sv, fire, defs, reach, permitted,
        {k: duty_on(k, v) for k, v in duties.items()},
        {k: unless_waived(k, v) for k, v in carried.items()},
        {k: Or(v) for k, v in relicense.items()},
        {k: Or(v) for k, v in keeping.items()},
    )
    out.replacing = {k: Or(v) for k, v in replacing.items()}
    out.choices = choices
    return out


def condition(e: ast.Expr, sv: ScenarioVars, reach: z3.BoolRef) -> z3.BoolRef:
    """A condition as a formula over the scenario (``derivative``: the license's ``reach``)."""
    return _expr(e, sv, reach)


def _expr(e: ast.Expr, sv: ScenarioVars, reach: z3.BoolRef) -> z3.BoolRef:
    vocab = sv.enc.vocab
    match e:
        case ast.Const(value=v):
            return BoolVal(v)
        case ast.BoolField(field=f):
            return sv[f.path]
        case ast.Compare(field=f, op=op, value=lit) if f.path == OUTBOUND:  # a quoted id
            return _cmp(sv.outbound, op, sv.enc.license_code(_id(lit), exact=True))
        case ast.Member(field=f, values=vals, negated=neg) if f.path == OUTBOUND:
            inside = Or([sv.outbound == sv.enc.license_code(_id(v), exact=True)
                            for v in vals])
            return Not(inside) if neg else inside
        case ast.Compare(field=f, op=op, value=lit):
            return _cmp(sv[f.path], op, _code(vocab.fields[f.path], lit, sv))
        case ast.Member(field=f, values=vals, negated=neg):
            ft = vocab.fields[f.path]
            inside = Or([sv[f.path] == _code(ft, v, sv) for v in vals])
            return Not(inside) if neg else inside
        case ast.ReadingRef(name=n):
            return sv.enc.readings[n]
        case ast.DerivativeRef():
            return reach
        case ast.Not(operand=o):
            return Not(_expr(o, sv, reach))
        case ast.And(operands=ops):
            return And([_expr(o, sv, reach) for o in ops])
        case ast.Or(operands=ops):
            return Or([_expr(o, sv, reach) for o in ops])
    raise TypeError(f"not a condition: {e!r}")


def _id(lit: ast.Literal) -> str:
    """The license id an ``outbound`` condition names (the checker allows only strings)."""
    assert isinstance(lit, ast.StrLit)
    return lit.value


def _code(ft: FieldType, lit: ast.Literal, sv: ScenarioVars) -> int | bool:
    value = lit.name if isinstance(lit, ast.NameLit) else lit.value
    return sv.enc.code(ft, value)


def _cmp(a: Any, op: str, b: Any) -> z3.BoolRef:
    return {"==": lambda: a == b, "!=": lambda: a != b, "<": lambda: a < b,
            "<=": lambda: a <= b, ">": lambda: a > b, ">=": lambda: a >= b}[op]()


# ------------------------------------------------------------------ compat


def scope_formula(enc: Encoding, ca: CompiledLicense, cb: CompiledLicense) -> z3.BoolRef:
    """B grants a downstream act that A withholds, or grants it free of a duty of A's that
    binds recipients and B does not impose (own-grant acts aside); mirror of
    ``evaluate.exceeds``."""
    own = sorted(enc.vocab.tagged("own_grant"))
    t = ca.sv
    return And(Not(t.among(ACT, own)) if own else BoolVal(True),
                  cb.granted, Or(Not(ca.permitted), *lost_duty_formulas(enc, ca, cb)))


def _by_duty(item: tuple[DutyKey, z3.BoolRef]) -> str:
    return str(item[0])  # the key only: printing the formula would cost more than the check


def lost_duty_formulas(enc: Encoding, ca: CompiledLicense, cb: CompiledLicense
                       ) -> list[z3.BoolRef]:
    """Per duty of A that binds recipients: it applies and B does not impose it (mirror of
    ``evaluate.lost_duties``)."""
    binds = enc.vocab.tagged("binds_recipients")
    return [And(on, Not(cb.duties.get(k, BoolVal(False))))
            for k, on in sorted(ca.duties.items(), key=_by_duty) if k[0] in binds]


@dataclass(frozen=True)
class CompatParts:
    """The pieces of ``compat_formula`` (mirrors of the evaluator's), named so that
    explanations can ask about each: is A's part in the work, does it go out as source, is
    the work relicensed (by a clause keeping A's terms or replacing them), does A's copyleft
    reach it, and which of A's terms would be a further restriction under B."""

    permitted: z3.BoolRef
    part: z3.BoolRef
    source: z3.BoolRef
    relicensed: z3.BoolRef
    replaced: z3.BoolRef  # relicensed by a clause that replaces A's terms (no ``keeping``)
    copyleft: z3.BoolRef
    restricts: z3.BoolRef  # B forbids further restrictions and governs the whole
    bad_terms: dict[str, z3.BoolRef]  # term → A puts it on the work and B does not tolerate it


def compat_parts(enc: Encoding, ca: CompiledLicense, ca_self: CompiledLicense,
                 ca_src: CompiledLicense, cb: CompiledLicense) -> CompatParts:
    b, s = cb.lic, ca.sv
    combines = sorted(enc.vocab.tagged("combines"))
    combining = s.among(RELATION, combines) if combines else BoolVal(False)
    part = Or(s.among(RELATION, containing(enc)), ca.reach, And(combining, cb.reach))
    tagged = sorted(enc.vocab.tagged("discloses_source")) if FORM in enc.vocab.fields else []
    source = And(part, Or([c.term(k) for k in tagged for c in (ca, ca_self, cb)]))
    permitted = And(ca.permitted, Implies(part, ca_self.permitted),
                       Implies(source, ca_src.permitted))
    target = enc.lib.canonical(b.id)

    def via(keeping: bool | None) -> z3.BoolRef:
        return Or(ca.relicensed_to(target, keeping),
                     And(part, ca_self.relicensed_to(target, keeping)),
                     And(source, ca_src.relicensed_to(target, keeping)))

    bad: dict[str, z3.BoolRef] = {}
    restricts: z3.BoolRef = BoolVal(False)
    if b.restricts_further:
        governs = Or(Not(combining), cb.reach)  # mirror of evaluate.governs
        restricts = And(Or([cb.fire[c.index] for c in b.of(ast.Accepts)]), governs)
        names = ca.term_names | ca_self.term_names | ca_src.term_names

        def tolerated(t: str) -> bool:
            return b.tolerates(t, enc.vocab.tagged("specific"), enc.vocab.tagged("freedoms"),
                               enc.vocab.tagged("attribution"))

        bad = {t: Or(ca.term(t), And(part, ca_self.term(t)), And(source, ca_src.term(t)))
               for t in sorted(names) if t != ast.ONE_OF and not tolerated(t)}
        # a duty alternative restricts further where no option B tolerates is open
        copies = ((ca, BoolVal(True)), (ca_self, part), (ca_src, source))
        keys = sorted({k for c, _ in copies for k in c.choices})
        for k in keys:
            bad[duty_text(k)] = Or([And(on, c.duties[k], Not(c.open_options(k, tolerated)))
                                       for c, on in copies if k in c.duties])
    return CompatParts(permitted, part, source, via(None), via(False), ca.term(SAME_LICENSE),
                       restricts, bad)


def compat_formula(enc: Encoding, ca: CompiledLicense, ca_self: CompiledLicense,
                   ca_src: CompiledLicense, cb: CompiledLicense,
                   scope_ok: bool | z3.BoolRef) -> z3.BoolRef:
    """Mirror of ``evaluate.compat_holds`` for the outbound license of ``cb`` (the outbound
    variable is pinned to it, so relicensing folds to the clauses that name it). ``ca_self``
    and ``ca_src`` are A over the own-part and own-part-as-source copies of the scenario."""
    return compat_from_parts(compat_parts(enc, ca, ca_self, ca_src, cb), ca.lic.id == cb.lic.id,
                             scope_ok)


def compat_from_parts(p: CompatParts, same: bool, scope_ok: bool | z3.BoolRef) -> z3.BoolRef:
    """``compat_formula`` from its parts (``same``: B is A itself), so that the formula under
    two scope conditions is built from one set of parts."""
    if same:
        return p.permitted  # B is A itself: always an allowed outbound
    conflict = And(p.restricts, Or(list(p.bad_terms.values()) or [BoolVal(False)]))
    scope = BoolVal(scope_ok) if isinstance(scope_ok, bool) else scope_ok
    return And(p.permitted, Or(
        p.relicensed,
        And(Not(p.copyleft), Not(conflict), Or(scope, Not(p.part))),
    ))


def containing(enc: Encoding) -> list[str]:
    """The relations under which the combined work contains the licensed work itself."""
    return sorted(enc.vocab.tagged("contains") | {SELF_RELATION})


def condition_formula(e: ast.Expr, c: CompiledLicense) -> z3.BoolRef:
    """A clause condition over the scenario of ``c`` (for explanations that ask which parts
    of a condition matter)."""
    return _expr(e, c.sv, c.reach)
