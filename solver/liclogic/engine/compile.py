"""Licenses → Z3 formulas over scenario variables.

Encoding (QF_LIA, no strings): every enum field is an integer holding the value's index, int
fields are integers ≥ 0, bool fields are booleans, the outbound license is an integer code.
Each clause gets a *fire* variable defined by ``fire == condition``; the definitions are
asserted under tracking literals so an unsat core names the clauses that decide a verdict.

The formulas mirror ``liclogic.engine.evaluate`` exactly; tests/test_differential.py checks it.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field

import z3

from liclogic.engine.evaluate import DutyKey, Scenario, duty_key
from liclogic.lang import ast
from liclogic.lang.library import Library, LicenseModel, SpecClause
from liclogic.lang.vocabulary import (
    ACT,
    FORM,
    OUTBOUND,
    RELATION,
    SAME_LICENSE,
    SELF_RELATION,
    SOURCE_FORM,
    FieldType,
    Value,
)

OTHER_LICENSE = -1  # outbound code of a license the library does not know


class Encoding:
    """Value codes for one library, and the variables of named scenario copies."""

    def __init__(self, lib: Library) -> None:
        self.lib = lib
        self.vocab = lib.vocab
        self.readings = {r: z3.Bool(f"reading:{r}") for r in lib.vocab.readings}
        self._license_codes: dict[str, int] = {}
        for lid in lib.licenses:
            self.license_code(lid)
        self._scenarios: dict[str, ScenarioVars] = {}
        self._compiled: dict[tuple[str, str], CompiledLicense] = {}
        self._own_parts: dict[str, tuple[ScenarioVars, list[z3.BoolRef]]] = {}

    def license_code(self, name: str, exact: bool = False) -> int:
        """The outbound code of a license; ``exact``: the name as written (conditions compare
        the outbound with the literal id, exactly as the reference evaluator does)."""
        lid = name if exact else self.lib.canonical(name)
        if lid not in self._license_codes:
            self._license_codes[lid] = len(self._license_codes)
        return self._license_codes[lid]

    def license_of_code(self, code: int) -> str | None:
        for lid, c in self._license_codes.items():
            if c == code:
                return lid
        return None

    def code(self, ft: FieldType, value: Value) -> int | bool:
        if ft.kind == "enum":
            return ft.values.index(value)  # type: ignore[arg-type]
        return value

    def scenario(self, name: str) -> ScenarioVars:
        if name not in self._scenarios:
            self._scenarios[name] = ScenarioVars(self, name)
        return self._scenarios[name]

    def own_part(self, sv: ScenarioVars) -> tuple[ScenarioVars, list[z3.BoolRef]]:
        """A copy of sv for the licensed work itself (relation verbatim), and the constraints
        tying it to sv (see ``evaluate.own_part``)."""
        key = f"{sv.name}.self"
        if key not in self._own_parts:
            me = self.scenario(key)
            same = [me[p] == sv[p] for p in self.vocab.fields if p != RELATION]
            same += [me.is_(RELATION, SELF_RELATION), me.outbound == sv.outbound]
            self._own_parts[key] = (me, [z3.And(same)])  # one assertion, not one per field
        return self._own_parts[key]

    def own_source(self, sv: ScenarioVars) -> tuple[ScenarioVars, list[z3.BoolRef]]:
        """A copy of sv for the licensed work itself distributed as source
        (``evaluate.own_source``), and the constraints tying it to sv."""
        key = f"{sv.name}.src"
        if key not in self._own_parts:
            me = self.scenario(key)
            same = [me[p] == sv[p] for p in self.vocab.fields if p not in (RELATION, FORM)]
            same += [me.is_(RELATION, SELF_RELATION), me.outbound == sv.outbound]
            if FORM in self.vocab.fields:
                same.append(me.is_(FORM, SOURCE_FORM))
            self._own_parts[key] = (me, [z3.And(same)])
        return self._own_parts[key]

    def compile(self, lic: LicenseModel, sv: ScenarioVars) -> CompiledLicense:
        key = (lic.id, sv.name)
        if key not in self._compiled or self._compiled[key].lic is not lic:
            self._compiled[key] = _compile(self, lic, sv)
        return self._compiled[key]


@dataclass(eq=False)
class ScenarioVars:
    enc: Encoding
    name: str
    fields: dict[str, z3.ExprRef] = field(init=False)
    outbound: z3.ArithRef = field(init=False)
    _performed: dict[DutyKey, z3.BoolRef] = field(init=False, default_factory=dict)
    _terms: dict[tuple, z3.BoolRef] = field(init=False, default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        self.fields = {
            p: (z3.Bool if f.kind == "bool" else z3.Int)(f"{self.name}.{p}")
            for p, f in self.enc.vocab.fields.items()
        }
        self.outbound = z3.Int(f"{self.name}.outbound")

    def __getitem__(self, path: str) -> z3.ExprRef:
        return self.fields[path]

    def performed(self, key: DutyKey) -> z3.BoolRef:
        if key not in self._performed:
            label = key[0] if key[1] is None else f"{key[0]}({key[1]})"
            self._performed[key] = z3.Bool(f"{self.name}.performed.{label}")
        return self._performed[key]

    def domain(self) -> list[z3.BoolRef]:
        """Every variable holds a value of its type."""
        out: list[z3.BoolRef] = []
        for p, f in self.enc.vocab.fields.items():
            v = self.fields[p]
            if f.kind == "enum":
                out += [v >= 0, v < len(f.values)]
            elif f.kind == "int":
                out.append(v >= 0)
        out.append(self.outbound >= OTHER_LICENSE)  # codes grow as unknown targets appear
        return out

    def is_(self, path: str, value: Value) -> z3.BoolRef:
        key = (path, value)
        hit = self._terms.get(key)
        if hit is None:  # built once: the Python side of Z3 is slow at making terms
            ft = self.enc.vocab.fields[path]
            hit = self._terms[key] = self.fields[path] == self.enc.code(ft, value)
        return hit

    def among(self, path: str, values: tuple[str, ...] | list[str]) -> z3.BoolRef:
        key = (path, tuple(values))
        hit = self._terms.get(key)
        if hit is None:
            hit = self._terms[key] = z3.Or([self.is_(path, v) for v in values])
        return hit

    def pin(self, s: Scenario, keys: list[DutyKey] | None = None) -> list[z3.BoolRef]:
        """Constraints fixing these variables to a concrete scenario."""
        out = [self.is_(p, s[p]) if self.enc.vocab.fields[p].kind == "enum"
               else self.fields[p] == s[p] for p in self.enc.vocab.fields]
        out.append(self.outbound == (self.enc.license_code(s.outbound) if s.outbound
                                     else OTHER_LICENSE))
        for key in set(keys or ()) | set(self._performed) | set(s.performed):
            out.append(self.performed(key) == (key in s.performed))
        for r, var in self.enc.readings.items():
            out.append(var == s.reading(r))
        return out

    def decode(self, model: z3.ModelRef) -> Scenario:
        values: dict[str, Value] = {}
        for p, f in self.enc.vocab.fields.items():
            raw = model.eval(self.fields[p], model_completion=True)
            if f.kind == "bool":
                values[p] = z3.is_true(raw)
            elif f.kind == "int":
                values[p] = raw.as_long()
            else:
                values[p] = f.values[raw.as_long()]
        code = model.eval(self.outbound, model_completion=True).as_long()
        performed = frozenset(k for k, v in self._performed.items()
                              if z3.is_true(model.eval(v, model_completion=True)))
        readings = {r: z3.is_true(model.eval(v, model_completion=True))
                    for r, v in self.enc.readings.items()}
        return Scenario(values, self.enc.license_of_code(code), performed, readings)


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

    @functools.cached_property
    def granted(self) -> z3.BoolRef:
        """A permit covers the scenario and no forbid applies (mirror of evaluate.granted)."""
        permits = [self.fire[c.index] for c in self.lic.of(ast.Permit)]
        forbids = [self.fire[c.index] for c in self.lic.of(ast.Forbid)]
        return z3.And(z3.Or(permits), z3.Not(z3.Or(forbids)))

    def clause(self, index: int) -> SpecClause:
        return self.lic.clauses[index]

    def term(self, name: str) -> z3.BoolRef:
        """The term applies: a duty of that kind applies, or it is carried."""
        cache = self.__dict__.setdefault("_terms", {})
        if name not in cache:
            parts = [v for k, v in self.duties.items() if k[0] == name]
            if name in self.carried:
                parts.append(self.carried[name])
            cache[name] = z3.Or(parts) if parts else z3.BoolVal(False)
        return cache[name]

    def relicensed_to(self, target: str) -> z3.BoolRef:
        """Relicensing to this (canonical) target applies."""
        return self.relicense.get(target, z3.BoolVal(False))

    @functools.cached_property
    def term_names(self) -> frozenset[str]:
        return frozenset(k for k, _ in self.duties) | frozenset(self.carried)

    def allowed(self, outbound: z3.ArithRef) -> z3.BoolRef:
        """The outbound license satisfies same_license: it is this license or a target."""
        enc = self.sv.enc
        opts = [outbound == enc.license_code(self.lic.id)]
        opts += [z3.And(cond, outbound == enc.license_code(t))
                 for t, cond in self.relicense.items()]
        return z3.Or(opts)

    def complies(self) -> z3.BoolRef:
        done = [z3.Implies(applies, self.allowed(self.sv.outbound) if k[0] == SAME_LICENSE
                           else self.sv.performed(k)) for k, applies in self.duties.items()]
        return z3.And(self.permitted, *done)


def _compile(enc: Encoding, lic: LicenseModel, sv: ScenarioVars) -> CompiledLicense:
    fire: dict[int, z3.BoolRef] = {}
    defs: dict[int, z3.BoolRef] = {}
    for c in lic.clauses:
        fire[c.index] = z3.Bool(f"{sv.name}|{lic.id}|{c.index}")
    derivative = [fire[c.index] for c in lic.of(ast.Derivative)]
    reach = z3.Or(sv.is_(RELATION, SELF_RELATION), *derivative)

    def cond(e: ast.Expr | None, default: bool) -> z3.BoolRef:
        return z3.BoolVal(default) if e is None else _expr(e, sv, reach)

    for c in lic.clauses:
        cl = c.clause
        if isinstance(cl, ast.Accepts | ast.Disclaims):
            body = z3.BoolVal(True)
        elif isinstance(cl, ast.Derivative):
            body = z3.And(sv.among(RELATION, cl.relations), cond(cl.when, True))
        else:
            parts = []
            acts = getattr(cl, "acts", None)
            if acts is not None:
                parts.append(sv.among(ACT, acts))
            if cl.relations is not None:
                parts.append(sv.among(RELATION, cl.relations))
            parts.append(cond(cl.when, True))
            unless = getattr(cl, "unless", None)
            if unless is not None:
                parts.append(z3.Not(cond(unless, False)))
            if cl.relations is None:
                parts.append(reach)  # clauses without `on` apply within the license's reach
            body = z3.And(parts)
        defs[c.index] = fire[c.index] == body

    permits = [fire[c.index] for c in lic.of(ast.Permit)]
    forbids = [fire[c.index] for c in lic.of(ast.Forbid)]
    permitted = z3.And(z3.Or(z3.Not(reach), *permits), z3.Not(z3.Or(*forbids)))
    waives: dict[str, list[z3.BoolRef]] = {}
    for c in lic.of(ast.Waive):
        for t in c.clause.terms:
            waives.setdefault(t, []).append(fire[c.index])

    def unless_waived(name: str, fires: list[z3.BoolRef]) -> z3.BoolRef:
        applies = z3.Or(fires)
        return z3.And(applies, z3.Not(z3.Or(waives[name]))) if name in waives else applies

    duties: dict[DutyKey, list[z3.BoolRef]] = {}
    for c in lic.of(ast.Require):
        for d in c.clause.duties:
            duties.setdefault(duty_key(d), []).append(fire[c.index])
    carried: dict[str, list[z3.BoolRef]] = {}
    for c in lic.of(ast.Carries):
        for t in c.clause.terms:
            carried.setdefault(t, []).append(fire[c.index])
    relicense: dict[str, list[z3.BoolRef]] = {}
    for c in lic.of(ast.Relicense):
        for t in c.clause.targets:
            if t != ast.BASE:  # resolved when an exception is composed with its license
                relicense.setdefault(enc.lib.canonical(t), []).append(fire[c.index])
    return CompiledLicense(
        lic, sv, fire, defs, reach, permitted,
        {k: unless_waived(k[0], v) for k, v in duties.items()},
        {k: unless_waived(k, v) for k, v in carried.items()},
        {k: z3.Or(v) for k, v in relicense.items()},
    )


def _expr(e: ast.Expr, sv: ScenarioVars, reach: z3.BoolRef) -> z3.BoolRef:
    vocab = sv.enc.vocab
    match e:
        case ast.Const(value=v):
            return z3.BoolVal(v)
        case ast.BoolField(field=f):
            return sv[f.path]  # type: ignore[return-value]
        case ast.Compare(field=f, op=op, value=lit) if f.path == OUTBOUND:
            return _cmp(sv.outbound, op, sv.enc.license_code(lit.value, exact=True))
        case ast.Member(field=f, values=vals, negated=neg) if f.path == OUTBOUND:
            inside = z3.Or([sv.outbound == sv.enc.license_code(v.value, exact=True)
                            for v in vals])
            return z3.Not(inside) if neg else inside
        case ast.Compare(field=f, op=op, value=lit):
            return _cmp(sv[f.path], op, _code(vocab.fields[f.path], lit, sv))
        case ast.Member(field=f, values=vals, negated=neg):
            ft = vocab.fields[f.path]
            inside = z3.Or([sv[f.path] == _code(ft, v, sv) for v in vals])
            return z3.Not(inside) if neg else inside
        case ast.ReadingRef(name=n):
            return sv.enc.readings[n]
        case ast.DerivativeRef():
            return reach
        case ast.Not(operand=o):
            return z3.Not(_expr(o, sv, reach))
        case ast.And(operands=ops):
            return z3.And([_expr(o, sv, reach) for o in ops])
        case ast.Or(operands=ops):
            return z3.Or([_expr(o, sv, reach) for o in ops])
    raise TypeError(f"not a condition: {e!r}")


def _code(ft: FieldType, lit: ast.Literal, sv: ScenarioVars):
    value = lit.name if isinstance(lit, ast.NameLit) else lit.value
    return sv.enc.code(ft, value)


def _cmp(a, op: str, b) -> z3.BoolRef:
    return {"==": lambda: a == b, "!=": lambda: a != b, "<": lambda: a < b,
            "<=": lambda: a <= b, ">": lambda: a > b, ">=": lambda: a >= b}[op]()


def encoding_for(lib: Library) -> Encoding:
    """One encoding per library object, built on first use."""
    enc = lib.__dict__.get("_encoding")
    if enc is None:
        enc = lib.__dict__["_encoding"] = Encoding(lib)
    return enc
