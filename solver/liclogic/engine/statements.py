"""What a license says about one act in one scenario, in one of five words, each with the
clauses that support it — the one function ``show``, ``diff`` and compat's reasons use, so
silence is never shown as a grant or as a ban:

- **granted**: a permit applies and no forbid or reserve does (cite the permits);
- **forbidden**: a forbid applies (cite it);
- **reserved**: a reserve applies — the text says the act is not granted (cite it);
- **not granted**: within the license's reach nothing grants it — the text is silent;
- **outside**: the thing acted on is outside the license's reach and no clause names its
  relation: the license neither grants nor withholds it; copyright law (or another license)
  decides whether it needs permission at all.

``says_formula`` is the Z3 twin (over a compiled license), as ``compile`` is to
``evaluate``; ``tests/test_statements.py`` checks the two agree.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

import z3

from liclogic.engine import evaluate as ev
from liclogic.engine.compile import CompiledLicense
from liclogic.lang import ast, clause_kinds
from liclogic.lang.library import LicenseModel, SpecClause


class Says(StrEnum):
    GRANTED = "granted"
    FORBIDDEN = "forbidden"
    RESERVED = "reserved"
    NOT_GRANTED = "not granted"
    OUTSIDE = "outside"

    @property
    def withheld(self) -> bool:
        """Not granted by the license: reserved or silent (never a ban)."""
        return self in (Says.RESERVED, Says.NOT_GRANTED)

    @property
    def permitted(self) -> bool:
        """What ``evaluate.permitted`` says: granted, or outside the reach."""
        return self in (Says.GRANTED, Says.OUTSIDE)


@dataclass(frozen=True)
class Statement:
    says: Says
    clauses: tuple[SpecClause[ast.Clause], ...] = ()  # the clauses that support it


def statement(lic: LicenseModel, s: ev.Scenario) -> Statement:
    """What ``lic`` says about the act of scenario s."""
    forbids = ev.firing(lic, ast.Forbid, s)
    if forbids:
        return Statement(Says.FORBIDDEN, tuple(forbids))
    reserves = ev.firing(lic, ast.Reserve, s)
    if reserves:
        return Statement(Says.RESERVED, tuple(reserves))
    permits = ev.firing(lic, ast.Permit, s)
    if permits:
        return Statement(Says.GRANTED, tuple(permits))
    return Statement(Says.NOT_GRANTED if ev.derived(lic, s) else Says.OUTSIDE)


def says_formula(c: CompiledLicense, says: Says) -> z3.BoolRef:
    """The license says ``says`` at the scenario of ``c`` (mirror of ``statement``)."""
    lic = c.lic

    def any_of(kind: type[ast.Clause]) -> z3.BoolRef:
        return z3.Or([c.fire[x.index] for x in lic.of(kind)] or [z3.BoolVal(False)])

    forbidden, reserved, permits = any_of(ast.Forbid), any_of(ast.Reserve), any_of(ast.Permit)
    if says == Says.FORBIDDEN:
        return forbidden
    if says == Says.RESERVED:
        return z3.And(reserved, z3.Not(forbidden))
    rest = z3.And(z3.Not(forbidden), z3.Not(reserved))
    if says == Says.GRANTED:
        return z3.And(rest, permits)
    return z3.And(rest, z3.Not(permits), c.reach if says == Says.NOT_GRANTED else z3.Not(c.reach))


def quote_supports(sc: SpecClause[ast.Clause]) -> bool:
    """Is the clause's quote evidence for what the clause says? Not when the clause holds
    only under a reading: a reading is for what the text leaves open, so its quote cannot
    settle it."""
    return not any(isinstance(n, ast.ReadingRef) for e in clause_kinds.all_conditions(sc.clause)
                   for n in ast.walk_expr(e))
