"""``liclogic show``: a license's clauses grouped by what they do, with their citations."""

from __future__ import annotations

from typing import Any

from liclogic.lang import ast
from liclogic.lang.format import clause_text
from liclogic.lang.library import Library, LicenseModel

SECTIONS = {
    ast.Permit: "grants", ast.Forbid: "forbids", ast.Require: "duties",
    ast.Carries: "carries", ast.Accepts: "accepts", ast.Relicense: "relicense",
    ast.Derivative: "derivative", ast.Waive: "waives", ast.Disclaims: "disclaims",
}


def describe_license(lib: Library, lic: LicenseModel) -> dict[str, Any]:
    clauses: dict[str, list[dict[str, Any]]] = {name: [] for name in SECTIONS.values()}
    for sc in lic.clauses:
        cite = sc.clause.cite
        clauses[SECTIONS[type(sc.clause)]].append({
            "clause": clause_text(sc.clause),
            "cite": cite.section if cite else "",
            "quote": cite.quote if cite else None,
            "at": sc.at,
            "from": sc.origin,
        })
    return {
        "id": lic.id, "name": lic.name, "kind": lic.kind, "version": lic.version,
        "url": lic.url, "aliases": list(lic.aliases), "based_on": lic.parent, "path": lic.path,
        "clauses": clauses, "readings": sorted(lic.readings),
        "forbids_further_restrictions": lic.restricts_further,
    }
