"""The variables of the Z3 encoding: value codes for one library, and named scenario copies.

Encoding (QF_LIA, no strings): every enum field is an integer holding the value's index, int
fields are integers ≥ 0, bool fields are booleans, the outbound license is an integer code.
``liclogic.engine.compile`` builds the formulas over these variables.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

import z3

from liclogic.engine.evaluate import DutyKey, Scenario
from liclogic.engine.z3ops import And, Or
from liclogic.lang.library import Library
from liclogic.lang.vocabulary import FORM, RELATION, SELF_RELATION, SOURCE_FORM, FieldType, Value

OTHER_LICENSE = -1  # outbound code of a license the library does not know

K = TypeVar("K")
V = TypeVar("V")


class Kept(dict[K, V], Generic[K, V]):
    """A dict that keeps only the ``size`` entries put in last: for solvers, which are large
    and wanted a few at a time (a matrix worker goes row by row)."""

    def __init__(self, size: int) -> None:
        super().__init__()
        self.size = size

    def __setitem__(self, key: K, value: V) -> None:
        if key not in self and len(self) >= self.size:
            del self[next(iter(self))]
        super().__setitem__(key, value)


class Encoding:
    """Value codes for one library, and the variables of named scenario copies."""

    def __init__(self, lib: Library) -> None:
        self.lib = lib
        self.vocab = lib.vocab
        self.readings = {r: z3.Bool(f"reading:{r}") for r in lib.vocab.readings}
        self._license_codes: dict[str, int] = {}
        for lid in lib.code_order():
            self.license_code(lid, exact=True)  # ids as they are (no lookup: none to load)
        self._scenarios: dict[str, ScenarioVars] = {}
        self._own_parts: dict[str, tuple[ScenarioVars, list[z3.BoolRef]]] = {}
        # What the analyses keep between questions about this encoding, in one place so that
        # what a long-running process accumulates can be read off here. Settled facts are
        # small (a few per license); solvers are large, so only the last few are kept.
        self.compiled: dict[tuple[str, str], Any] = {}  # (license, scenario) → CompiledLicense
        self.scopes: dict[tuple[Any, ...], Any] = {}  # compat_cases.check_scope
        self.compat_rows: Kept[tuple[Any, ...], Any] = Kept(4)  # compat_cases: inbound-side solvers
        self.osd_queries: Kept[tuple[Any, ...], Any] = Kept(4)  # osd: one license's solvers
        self.profiles: dict[tuple[Any, ...], Any] = {}  # profile.profile
        self.profile_queries: Kept[tuple[Any, ...], Any] = Kept(4)  # profile: solvers
        self.downstream: dict[tuple[Any, ...], Any] = {}  # profile: what a license withholds
        self.pins: Kept[tuple[Any, ...], list[z3.BoolRef]] = Kept(256)  # context.pin_readings

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
            return ft.values.index(str(value))
        assert not isinstance(value, str), (ft.path, value)  # the checker saw to it
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
            self._own_parts[key] = (me, [And(same)])  # one assertion, not one per field
        return self._own_parts[key]

    def own_ties(self, sv: ScenarioVars) -> list[z3.BoolRef]:
        """The constraints tying sv's own-part and own-source copies to it."""
        return self.own_part(sv)[1] + self.own_source(sv)[1]

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
            self._own_parts[key] = (me, [And(same)])
        return self._own_parts[key]


@dataclass(eq=False)
class ScenarioVars:
    enc: Encoding
    name: str
    fields: dict[str, z3.ExprRef] = field(init=False)
    outbound: z3.ArithRef = field(init=False)
    _performed: dict[DutyKey, z3.BoolRef] = field(init=False, default_factory=dict)
    _terms: dict[tuple[Any, ...], z3.BoolRef] = field(init=False, default_factory=dict,
                                                     repr=False)
    # the domain constraints as one assertion, built once by solve.domain_of
    domain_formula: list[z3.BoolRef] | None = field(init=False, default=None, repr=False)

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

    def outbound_is(self, code: int) -> z3.BoolRef:
        key = ("!outbound", code)  # no field has that name
        hit = self._terms.get(key)
        if hit is None:
            hit = self._terms[key] = self.outbound == code
        return hit

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
            hit = self._terms[key] = Or([self.is_(path, v) for v in values])
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


def encoding_for(lib: Library) -> Encoding:
    """One encoding per library object, built on first use."""
    enc = lib.derived.get("encoding")
    if not isinstance(enc, Encoding):
        enc = lib.derived["encoding"] = Encoding(lib)
    return enc
