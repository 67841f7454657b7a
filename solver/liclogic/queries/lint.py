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

from liclogic.engine.arguments import check_arguments, license_names
from liclogic.engine.compile import compile_license
from liclogic.engine.encoding import encoding_for
from liclogic.engine.settings import DeadlineExceeded
from liclogic.engine.solve import DEFAULT_SETTINGS, Query, SolverSettings, Status, domain_of
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
    own = [sc for sc in lic.clauses if sc.origin == lic.id]  # inherited: linted where written
    # a clause without a condition holds wherever the license does: nothing to lint
    conditional = [sc for sc in own if kind_of(sc.clause).conditional]
    body = {i: d.arg(1) for i, d in c.defs.items()}  # what each clause's fire variable means
    # Each question is asked of a solver holding only the clauses it is about (readings
    # open: any will do): a clause's own condition for L001, the bans (forbids and reserves)
    # for L002, the grants and bans for L003. One solver holding all of them made each of
    # 2,000 calls pay for every clause (31 s); these cost a fraction of a millisecond each.
    derivative = [c.defs[x.index] for x in lic.of(ast.Derivative)]
    bans = [c.defs[x.index] for x in lic.bans]
    grants = [c.defs[x.index] for x in lic.of(ast.Permit)]
    alone = Query(settings, cores=False).add(*domain_of(sv), *derivative)
    never = {sc.index for sc in conditional if _unsat(alone, body[sc.index])}
    forbids = z3.Or([c.fire[x.index] for x in lic.bans])
    with_bans = Query(settings, cores=False).add(*domain_of(sv), *derivative, *bans)
    shadowed = {sc.index for sc in conditional if isinstance(sc.clause, ast.Permit)
                and sc.index not in never
                and _unsat(with_bans, body[sc.index], z3.Not(forbids))}
    # a duty to obtain another license is meant for where this one withholds rights
    extra_license = lib.vocab.tagged("additional_license")
    requires = [sc for sc in conditional if isinstance(sc.clause, ast.Require)
                and sc.index not in never
                and not all(d.kind in extra_license for d in sc.clause.duties)]
    unpermitted: set[int] = set()
    if requires:
        with_all = Query(settings, cores=False).add(*domain_of(sv), *derivative, *bans,
                                                    *grants)
        unpermitted = {sc.index for sc in requires
                       if _unsat(with_all, body[sc.index], c.permitted)}
    out: list[Diagnostic] = []
    for sc in own:
        cl = sc.clause
        if sc.index in never:
            out.append(Diagnostic("L001", f"clause never applies: {clause_text(cl)}", cl.span,
                                  lic.id))
            continue
        if sc.index in shadowed:
            out.append(Diagnostic("L002", "permit is overridden by a forbid (or reserve) "
                                  f"wherever it applies: {clause_text(cl)}", cl.span, lic.id))
        if sc.index in unpermitted:
            out.append(Diagnostic("L003", f"duty applies only where nothing is permitted: "
                                  f"{clause_text(cl)}", cl.span, lic.id))
        if isinstance(cl, ast.Relicense):
            for t in cl.targets:
                if t != ast.BASE and t not in lib:
                    out.append(Diagnostic("L004", f"relicense target {t!r} is not in the "
                                          "library", cl.span, lic.id))
    return out


def _unsat(q: Query, *formulas: z3.BoolRef) -> bool:
    """In a frame of its own, so the solver does not keep every clause asked about."""
    with q.frame():
        return q.add(*formulas).status() == Status.UNSAT


def lint_library(lib: Library, ids: list[str] | None = None,
                 settings: SolverSettings = DEFAULT_SETTINGS) -> list[Diagnostic]:
    """The findings for the licenses ``ids`` (default: all); see ``lint_until``."""
    return lint_until(lib, ids, settings)[0]


def lint_until(lib: Library, ids: list[str] | None = None,
               settings: SolverSettings = DEFAULT_SETTINGS
               ) -> tuple[list[Diagnostic], list[str]]:
    """The findings, and the licenses not linted because the deadline passed first."""
    check_arguments(lib, {}, None, settings)
    if ids is not None:
        ids = license_names(ids, "ids")
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
    todo = ids if ids is not None else list(lib.licenses)
    for n, lid in enumerate(todo):
        try:
            out += lint_license(lib, lib.get(lid), settings)
        except DeadlineExceeded:
            return out, [lib.canonical(x) for x in todo[n:]]
    return out, []
