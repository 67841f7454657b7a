"""lint(L): clauses that cannot mean what their author intended, found by the solver.

- L001 a clause that can never apply (its condition is unsatisfiable within the vocabulary);
- L002 a permit that every forbid overrides wherever it applies (shadowed everywhere);
- L003 a duty that applies only where nothing is permitted (a duty that is also forbidden),
  except a duty to obtain another license, which is meant for exactly those scenarios;
- L004 a relicense target that is not in the library;
- L005 an alias that names two licenses.
"""

from __future__ import annotations

import z3

from liclogic.engine.compile import compile_license
from liclogic.engine.encoding import encoding_for
from liclogic.engine.solve import DEFAULT_SETTINGS, Query, SolverSettings, Status
from liclogic.errors import Diagnostic
from liclogic.lang import ast
from liclogic.lang.clause_kinds import kind_of
from liclogic.lang.format import clause_text
from liclogic.lang.library import Library, LicenseModel


def lint_license(lib: Library, lic: LicenseModel, settings: SolverSettings = DEFAULT_SETTINGS
                 ) -> list[Diagnostic]:
    enc = encoding_for(lib)
    sv = enc.scenario("lint")
    c = compile_license(enc, lic, sv)
    q = Query(settings).track(c)  # readings open: any will do
    out: list[Diagnostic] = []
    forbids = z3.Or([c.fire[x.index] for x in lic.bans])
    for sc in lic.clauses:
        if sc.origin != lic.id:
            continue  # inherited clauses are linted with the license that writes them
        cl = sc.clause
        fire = c.fire[sc.index]
        text = clause_text(cl)
        if not kind_of(cl).conditional:
            continue  # it holds wherever the license does: nothing to lint
        if q.check(fire)[0] == Status.UNSAT:
            out.append(Diagnostic("L001", f"clause never applies: {text}", cl.span, lic.id))
            continue
        if isinstance(cl, ast.Permit) and q.check(fire, z3.Not(forbids))[0] == Status.UNSAT:
            out.append(Diagnostic("L002", "permit is overridden by a forbid (or reserve) "
                                  f"wherever it applies: {text}", cl.span, lic.id))
        # a duty to obtain another license is meant for where this one withholds rights
        if isinstance(cl, ast.Require) and not all(
                d.kind in lib.vocab.tagged("additional_license") for d in cl.duties) and \
                q.check(fire, c.permitted)[0] == Status.UNSAT:
            out.append(Diagnostic("L003", f"duty applies only where nothing is permitted: "
                                  f"{text}", cl.span, lic.id))
        if isinstance(cl, ast.Relicense):
            for t in cl.targets:
                if t != ast.BASE and t not in lib:
                    out.append(Diagnostic("L004", f"relicense target {t!r} is not in the "
                                          "library", cl.span, lic.id))
    return out


def lint_library(lib: Library, ids: list[str] | None = None,
                 settings: SolverSettings = DEFAULT_SETTINGS) -> list[Diagnostic]:
    out: list[Diagnostic] = []
    owners: dict[str, str] = {}
    for lic in lib.licenses.values():
        for alias in lic.aliases:
            key = alias.lower()
            other = owners.setdefault(key, lic.id)
            if other != lic.id and (ids is None or lic.id in ids):
                where = (lic.tree.meta("aliases") or lic.tree).span
                out.append(Diagnostic("L005", f"alias {alias!r} names both {other} and "
                                      f"{lic.id}", where, lic.id))
    for lid in ids if ids is not None else list(lib.licenses):
        out += lint_license(lib, lib.get(lid), settings)
    return out
