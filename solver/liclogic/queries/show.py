"""``liclogic show``: a license's clauses grouped by what they do, with their citations."""

from __future__ import annotations

from typing import Any

from liclogic.lang.clause_kinds import CLAUSE_KINDS, kind_of
from liclogic.lang.format import clause_text
from liclogic.lang.library import Library, LicenseModel


def describe_license(lib: Library, lic: LicenseModel) -> dict[str, Any]:
    if not isinstance(lib, Library) or not isinstance(lic, LicenseModel):
        from liclogic.errors import LiclogicError

        raise LiclogicError("describe_license takes a Library and one of its licenses "
                            "(lib.get(name)), not "
                            f"{type(lib).__name__}, {type(lic).__name__}")
    clauses: dict[str, list[dict[str, Any]]] = {k.section: [] for k in CLAUSE_KINDS}
    for sc in lic.clauses:
        cite = sc.clause.cite
        clauses[kind_of(sc.clause).section].append({
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
