"""``liclogic show``: a license's clauses grouped by what they do, with their citations."""

from __future__ import annotations

from typing import Any

from liclogic.lang import ast
from liclogic.lang.clause_kinds import CLAUSE_KINDS, kind_of
from liclogic.lang.format import clause_text
from liclogic.lang.library import Library, LicenseModel


def describe_license(lib: Library, lic: LicenseModel,
                     readings: dict[str, bool] | None = None) -> dict[str, Any]:
    """A license's clauses grouped by kind, each with its citation. A clause whose condition
    names readings lists them; with ``readings`` (some readings assumed on or off) it also
    says whether it can still apply: ``false`` when the readings assumed rule it out."""
    if not isinstance(lib, Library) or not isinstance(lic, LicenseModel):
        from liclogic.errors import LiclogicError

        raise LiclogicError("describe_license takes a Library and one of its licenses "
                            "(lib.get(name)), not "
                            f"{type(lib).__name__}, {type(lic).__name__}")
    clauses: dict[str, list[dict[str, Any]]] = {k.section: [] for k in CLAUSE_KINDS}
    for sc in lic.clauses:
        cite = sc.clause.cite
        entry: dict[str, Any] = {
            "clause": clause_text(sc.clause),
            "cite": cite.section if cite else "",
            "quote": cite.quote if cite else None,
            "at": sc.at,
            "from": sc.origin,
        }
        when = getattr(sc.clause, "when", None)
        named = sorted({n.name for n in ast.walk_expr(when) if isinstance(n, ast.ReadingRef)})
        if named:
            entry["readings"] = named
            if readings and set(named) & set(readings):
                entry["applies"] = _may_hold(when, readings) is not False
        clauses[kind_of(sc.clause).section].append(entry)
    return {
        "id": lic.id, "name": lic.name, "kind": lic.kind, "version": lic.version,
        "url": lic.url, "aliases": list(lic.aliases), "based_on": lic.parent, "path": lic.path,
        "clauses": clauses, "readings": sorted(lic.readings),
        **({"assumed_readings": dict(sorted(readings.items()))} if readings else {}),
        "forbids_further_restrictions": lic.restricts_further,
    }


def _may_hold(expr: ast.Expr | None, readings: dict[str, bool]) -> bool | None:
    """A condition's value once the assumed readings are known: True, False, or None (it
    depends on the scenario or on another reading)."""
    match expr:
        case None:
            return True
        case ast.ReadingRef(name=n):
            return readings.get(n)
        case ast.Const(value=const):
            return const
        case ast.Not(operand=o):
            inner = _may_hold(o, readings)
            return None if inner is None else not inner
        case ast.And(operands=ops):
            vals = [_may_hold(o, readings) for o in ops]
            return False if False in vals else True if all(vals) else None
        case ast.Or(operands=ops):
            vals = [_may_hold(o, readings) for o in ops]
            return True if True in vals else False if all(v is False for v in vals) else None
    return None
