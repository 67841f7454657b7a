"""SBOM readers: SPDX 2.x JSON and a third-party license CSV (``Component,Origin,License``);
CycloneDX is read in ``inputs.cyclonedx``."""

from __future__ import annotations

from pathlib import Path

from liclogic.errors import LiclogicError
from liclogic.inputs.inventory import Component, Inventory, Known
from liclogic.inputs.normalize import Normalized, normalize

# ------------------------------------------------------------------ SPDX 2.x


def read_spdx(path: Path, data: dict, known: Known = frozenset(),
              extra: dict[str, str] | None = None) -> Inventory:
    version = str(data.get("spdxVersion"))
    if not version.startswith("SPDX-2."):
        raise LiclogicError(f"{path}: {version} is not supported",
                            hint="liclogic reads SPDX 2.x JSON documents")
    refs = {str(e.get("licenseId")): str(e.get("name") or "")
            for e in data.get("hasExtractedLicensingInfos") or [] if isinstance(e, dict)}
    described = set(data.get("documentDescribes") or [])
    for rel in data.get("relationships") or []:
        if isinstance(rel, dict) and rel.get("relationshipType") == "DESCRIBES":
            described.add(rel.get("relatedSpdxElement"))
    inv = Inventory(version, str(path), list_op="AND")
    packages = data.get("packages") or []
    if not isinstance(packages, list):
        raise LiclogicError(f"{path}: \"packages\" must be a list")
    for p in packages:
        if not isinstance(p, dict):
            continue
        comp = _spdx_package(p, refs, known, extra)
        if p.get("SPDXID") in described and inv.project is None:
            inv.project = comp
        else:
            inv.components.append(comp)
    return inv


def _spdx_package(p: dict, refs: dict[str, str], known: Known,
                  extra: dict[str, str] | None) -> Component:
    name = str(p.get("name") or p.get("SPDXID") or "(unnamed)")
    concluded, declared = _s(p.get("licenseConcluded")), _s(p.get("licenseDeclared"))
    chosen = next((x for x in (concluded, declared)
                   if x and x.strip() not in ("NOASSERTION", "NONE")), None)
    comp = Component(name, _s(p.get("versionInfo")), [], "AND", _s(p.get("SPDXID")))
    if chosen is None:
        comp.note = ("no license (NONE)" if "NONE" in (concluded, declared)
                     else "no license declared (NOASSERTION)")
        return comp
    text = chosen
    for ref, ref_name in refs.items():  # LicenseRef-x → the name it extracts, when we read it
        if ref in text and ref_name:
            n = normalize(name=ref_name, known=known, extra=extra)
            if n.expression:
                text = text.replace(ref, f"({n.expression})")
    n = normalize(expression=text, known=known, extra=extra)
    comp.declared = [Normalized(chosen, n.expression, n.how)]
    return comp


def _s(v: object) -> str | None:
    return None if v is None else str(v)


# ------------------------------------------------------------------ CSV


def read_license_csv(path: Path, text: str, known: Known = frozenset(),
                     extra: dict[str, str] | None = None) -> Inventory:
    """A third-party license list: a header with Component (or Name) and License columns."""
    from liclogic.inputs.read import read_csv

    rows = read_csv(path, text)
    if not rows:
        raise LiclogicError(f"{path}: empty CSV")
    cols = {k.lower(): k for k in rows[0] if k}
    name_col = cols.get("component") or cols.get("name") or cols.get("package")
    lic_col = cols.get("license") or cols.get("licenses")
    if not name_col or not lic_col:
        raise LiclogicError(f"{path}: a license CSV needs Component and License columns",
                            hint=f"found columns: {', '.join(rows[0])}")
    inv = Inventory("license CSV", str(path))
    for r in rows:
        raw = (r.get(lic_col) or "").strip()
        declared = [] if not raw or raw.lower() in ("unknown", "noassertion") else [
            normalize(name=raw, known=known, extra=extra)]
        origin = r.get(cols.get("origin", ""), None) if cols.get("origin") else None
        inv.components.append(Component(str(r.get(name_col)), None, declared, "AND", origin,
                                        note=None if declared else
                                        f"no license declared ({raw or 'empty'})"))
    return inv
