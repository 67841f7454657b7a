"""SBOM readers: CycloneDX JSON (spec 1.2–1.6), SPDX 2.x JSON, and a third-party license CSV
(``Component,Origin,License``).

A component may declare several licenses. In SPDX and in CycloneDX ``expression`` fields the
operators say how they combine. A CycloneDX *list* of licenses does not (CycloneDX
specification issue #349): a list written by the CycloneDX Maven plugin follows Maven's POM
rule ("if multiple licenses are listed, it is assumed that the user can select any of them"),
so it reads as OR; any other list reads as AND, which is the safe reading. A policy file can
say otherwise (``license_list: and | or``).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from liclogic.errors import LiclogicError
from liclogic.inputs.inventory import Component, Inventory, Known
from liclogic.inputs.normalize import Normalized, normalize

CYCLONEDX_VERSIONS = ("1.2", "1.3", "1.4", "1.5", "1.6")


# ------------------------------------------------------------------ CycloneDX


def read_cyclonedx(path: Path, data: dict, known: Known = frozenset(),
                   extra: dict[str, str] | None = None, list_op: str | None = None
                   ) -> Inventory:
    version = str(data.get("specVersion", ""))
    if version not in CYCLONEDX_VERSIONS:
        raise LiclogicError(
            f"{path}: CycloneDX specVersion {version or '(missing)'} is not supported",
            hint="liclogic reads CycloneDX JSON 1.2 to 1.6; convert the SBOM with the "
                 "CycloneDX CLI (cyclonedx convert --output-version v1_6)")
    meta = data.get("metadata") or {}
    if not isinstance(meta, dict):
        raise LiclogicError(f"{path}: \"metadata\" must be an object")
    tools = _tool_names(meta.get("tools"))
    default_op = "OR" if any("maven" in t.lower() for t in tools) else "AND"
    op = (list_op or default_op).upper()
    inv = Inventory(f"CycloneDX {version}", str(path), list_op=op)
    inv.notes.append(
        f"a list of several licenses on one component reads as {op}"
        + (" (Maven's POM rule: the user may select any of them)" if op == "OR"
           and not list_op else " (policy)" if list_op else " (the safe reading)"))
    project = meta.get("component")
    if isinstance(project, dict):
        inv.project = _cdx_component(project, known, extra, op)
    comps = data.get("components", [])
    if not isinstance(comps, list):
        raise LiclogicError(f"{path}: \"components\" must be a list")
    stack = list(comps)
    while stack:
        c = stack.pop(0)
        if not isinstance(c, dict):
            raise LiclogicError(f"{path}: a component is not a JSON object: {str(c)[:60]}")
        inv.components.append(_cdx_component(c, known, extra, op))
        stack[0:0] = c.get("components") or []
    return inv


def _tool_names(tools: Any) -> list[str]:
    if isinstance(tools, list):
        return [str(t.get("name", "")) for t in tools if isinstance(t, dict)]
    if isinstance(tools, dict):  # 1.5+: {"components": [...], "services": [...]}
        return [str(t.get("name", "")) for k in ("components", "services")
                for t in tools.get(k) or [] if isinstance(t, dict)]
    return []


def _cdx_component(c: dict, known: Known, extra: dict[str, str] | None, op: str) -> Component:
    name = str(c.get("name") or c.get("bom-ref") or "(unnamed)")
    group = c.get("group")
    if group:
        name = f"{group}:{name}"
    declared: list[Normalized] = []
    for entry in c.get("licenses") or []:
        if not isinstance(entry, dict):
            continue
        if "expression" in entry:
            declared.append(normalize(expression=str(entry["expression"]), known=known,
                                      extra=extra))
        elif isinstance(entry.get("license"), dict):
            lic = entry["license"]
            declared.append(normalize(id=_s(lic.get("id")), name=_s(lic.get("name")),
                                      url=_s(lic.get("url")), known=known, extra=extra))
    note = None if declared else "no license declared"
    return Component(name, _s(c.get("version")), declared, op, _s(c.get("purl") or
                                                                  c.get("bom-ref")),
                     str(c.get("type") or "library"), note)


def _s(v: Any) -> str | None:
    return None if v is None else str(v)


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
