"""The Z3 encoding against the reference evaluator on concrete scenarios.

``Probe`` compiles one license once and reads off, for any scenario, what the encoding says —
permitted, granted, reach, duties, carried terms, terms, complies — next to what
``liclogic.engine.evaluate`` says. They must be equal: the evaluator is the specification.
"""

from __future__ import annotations

from dataclasses import dataclass, fields

import z3

from liclogic.engine import evaluate as ev
from liclogic.engine.compile import compile_license
from liclogic.engine.encoding import Encoding, encoding_for
from liclogic.lang.library import Library, LicenseModel


@dataclass(frozen=True)
class Observed:
    """What one side says about one license at one scenario."""

    permitted: bool
    granted: bool
    reach: bool
    duties: frozenset[ev.DutyKey]
    carried: frozenset[str]
    terms: frozenset[str]
    complies: bool


def evaluated(lib: Library, lic: LicenseModel, s: ev.Scenario) -> Observed:
    """The reference evaluator's answers."""
    return Observed(ev.permitted(lic, s), ev.granted(lic, s), ev.derived(lic, s),
                    ev.duties(lic, s), ev.carried(lic, s), ev.terms(lic, s),
                    ev.complies(lic, s, lib.canonical))


class Probe:
    """One license compiled once; ``encoded(s)`` pins a scenario and reads the model."""

    def __init__(self, lib: Library, lic: LicenseModel, enc: Encoding | None = None,
                 name: str = "probe") -> None:
        self.lib, self.lic = lib, lic
        self.enc = enc or encoding_for(lib)
        self.sv = self.enc.scenario(name)
        self.c = compile_license(self.enc, lic, self.sv)
        self.complies = self.c.complies()  # creates the performed variables it reads
        self.solver = z3.Solver()
        self.solver.add(*self.c.defs.values())

    def encoded(self, s: ev.Scenario) -> Observed:
        c = self.c
        self.solver.push()
        try:
            self.solver.add(*self.sv.pin(s, keys=list(c.duties)))
            status = self.solver.check()
            if status != z3.sat:  # the definitions are total: exactly one model per scenario
                raise AssertionError(f"clause definitions unsatisfiable at {s} ({status})")
            m = self.solver.model()
        finally:
            self.solver.pop()

        def val(e: z3.ExprRef) -> bool:
            return z3.is_true(m.eval(e, model_completion=True))

        return Observed(
            val(c.permitted), val(c.granted), val(c.reach),
            frozenset(k for k, e in c.duties.items() if val(e)),
            frozenset(t for t, e in c.carried.items() if val(e)),
            frozenset(t for t in c.term_names if val(c.term(t))),
            val(self.complies),
        )

    def disagreements(self, s: ev.Scenario) -> dict[str, tuple[object, object]]:
        """Quantity → (Z3's answer, the evaluator's answer), for those that differ."""
        z, e = self.encoded(s), evaluated(self.lib, self.lic, s)
        return {f.name: (getattr(z, f.name), getattr(e, f.name)) for f in fields(Observed)
                if getattr(z, f.name) != getattr(e, f.name)}
