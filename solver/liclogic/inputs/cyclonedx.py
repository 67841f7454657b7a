"""CycloneDX SBOMs, JSON and XML, spec 1.2–1.7, read with cyclonedx-python-lib.

What decides licensing, per component (nested components and services too):
- ``licenses[]``: an entry marked ``acknowledgement: concluded`` (1.6+) is what an analyst
  concluded and wins over the ``declared`` ones; without it, every entry is read;
- ``evidence.licenses`` (1.5+), what an analysis found in the component, is read only when
  the component declares nothing, and said so;
- ``scope``: an ``optional`` or ``excluded`` component (a test or build tool) is not shipped,
  nor is a ``service`` the project calls; ``scan`` judges them as such and says so.

A *list* of licenses on one component does not say how they combine (CycloneDX
specification issue #349): a list written by the CycloneDX Maven plugin follows Maven's POM
rule ("if multiple licenses are listed, it is assumed that the user can select any of
them"), so it reads as OR; any other list reads as AND, the safe reading. A policy can say
otherwise (``license_list: and | or``).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from liclogic.errors import LiclogicError
from liclogic.inputs.inventory import Component, Inventory, Known, ref_lines
from liclogic.inputs.normalize import Normalized, normalize
from liclogic.inputs.read import refuse_doctype

CYCLONEDX_VERSIONS = ("1.2", "1.3", "1.4", "1.5", "1.6", "1.7")
SUPPORTED = "CycloneDX 1.2 to 1.7, JSON or XML"
# the component fields liclogic reads; the rest (hashes, references, …) is not handed to the
# library, which builds and sorts an object for every one of them (Keycloak: 0.74 → 0.52 s)
_FIELDS = frozenset({"type", "bom-ref", "group", "name", "version", "scope", "licenses",
                     "evidence", "components", "purl", "services"})
# a component's bom-ref or purl, in JSON or XML: where the SBOM lists it
_REFS = r'"(?:bom-ref|purl)"\s*:\s*"([^"\\]*)"|bom-ref="([^"]*)"|<purl>(?:<!\[CDATA\[)?([^<\]]*)'
_XMLNS = re.compile(r"^\{http://cyclonedx\.org/schema/bom/(\d+\.\d+)\}bom$")


def is_cyclonedx_xml(text: str) -> bool:
    return bool(re.search(r"<bom\b[^>]*\bxmlns=\"http://cyclonedx\.org/schema/bom/", text[:4096]))


def read_cyclonedx_json(path: Path, data: dict, text: str, known: Known = frozenset(),
                        extra: dict[str, str] | None = None, list_op: str | None = None
                        ) -> Inventory:
    version = str(data.get("specVersion", ""))
    _check_version(path, version, "JSON")
    if not isinstance(data.get("metadata", {}), dict):
        raise LiclogicError(f"{path}: \"metadata\" must be an object")
    for key in ("components", "services"):
        if not isinstance(data.get(key, []), list):
            raise LiclogicError(f"{path}: \"{key}\" must be a list")
    from cyclonedx.model.bom import Bom

    slim = {**data, "components": [_slim(c) for c in data.get("components") or []],
            "services": [_slim(s) for s in data.get("services") or []]}
    slim.pop("dependencies", None)  # not read; the library checks every reference in it
    bom = _deserialize(path, version, lambda: Bom.from_json(slim))  # type: ignore[attr-defined]
    return _inventory(path, bom, f"CycloneDX {version}", text, known, extra, list_op)


def read_cyclonedx_xml(path: Path, text: str, known: Known = frozenset(),
                       extra: dict[str, str] | None = None, list_op: str | None = None
                       ) -> Inventory:

    from cyclonedx.model.bom import Bom

    root = parse_xml(path, text)
    m = _XMLNS.match(root.tag)
    version = m.group(1) if m else ""
    _check_version(path, version, "XML")
    bom = _deserialize(path, version, lambda: Bom.from_xml(root))  # type: ignore[attr-defined]
    return _inventory(path, bom, f"CycloneDX {version} XML", text, known, extra, list_op)


def parse_xml(path: Path, text: str) -> Any:
    """An XML document's root, with no document type: entity declarations (the "billion
    laughs", external entities) are refused before anything is expanded."""
    from xml.etree import ElementTree

    refuse_doctype(path, text)
    try:
        return ElementTree.fromstring(text)
    except ElementTree.ParseError as exc:
        line, col = exc.position
        raise LiclogicError(f"{path}:{line}:{col + 1}: malformed XML ({exc})") from None


def _check_version(path: Path, version: str, form: str) -> None:
    if version not in CYCLONEDX_VERSIONS:
        raise LiclogicError(
            f"{path}: CycloneDX {form} specVersion {version or '(missing)'} is not supported",
            hint=f"liclogic reads {SUPPORTED}; convert the SBOM with the CycloneDX CLI "
                 "(cyclonedx convert --output-version v1_7)")


def _deserialize(path: Path, version: str, load: Any) -> Any:
    import warnings

    try:
        with warnings.catch_warnings():  # deprecations of the document's own fields
            warnings.simplefilter("ignore")
            return load()
    except RecursionError:
        raise LiclogicError(f"{path}: nested too deeply") from None
    except Exception as exc:  # the library raises many kinds for invalid documents
        raise LiclogicError(f"{path}: not a valid CycloneDX {version} document "
                            f"({type(exc).__name__}: {str(exc)[:200]})") from None


def _slim(c: Any) -> Any:
    if not isinstance(c, dict):
        raise LiclogicError(f"a component is not a JSON object: {str(c)[:60]}")
    out = {k: v for k, v in c.items() if k in _FIELDS}
    for key in ("components", "services"):
        if isinstance(out.get(key), list):
            out[key] = [_slim(x) for x in out[key]]
    return out


def _inventory(path: Path, bom: Any, fmt: str, text: str, known: Known,
               extra: dict[str, str] | None, list_op: str | None) -> Inventory:
    tools = _tool_names(bom.metadata.tools)
    default_op = "OR" if any("maven" in t.lower() for t in tools) else "AND"
    op = (list_op or default_op).upper()
    inv = Inventory(fmt, str(path), list_op=op)
    inv.notes.append(
        f"a list of several licenses on one component reads as {op}"
        + (" (Maven's POM rule: the user may select any of them)" if op == "OR"
           and not list_op else " (policy)" if list_op else " (the safe reading)"))
    if bom.metadata.component is not None:
        inv.project = _component(bom.metadata.component, known, extra, op)
    lines = ref_lines(text, _REFS)
    stack: list[tuple[Any, bool]] = [(c, False) for c in bom.components]
    stack += [(s, True) for s in bom.services]
    while stack:
        c, service = stack.pop(0)
        comp = _component(c, known, extra, op, service)
        bom_ref = str(c.bom_ref.value) if c.bom_ref and c.bom_ref.value else None
        comp.line = lines.get(bom_ref or "") or lines.get(comp.ref or "")
        inv.components.append(comp)
        nested = [(x, True) for x in c.services] if service else [(x, False)
                                                                     for x in c.components]
        stack[0:0] = nested
    skipped = [c for c in inv.components if not c.shipped]
    if skipped:
        inv.notes.append(f"{len(skipped)} component(s) not shipped (scope optional or "
                         "excluded, or a service): judged as not distributed")
    return inv


def _tool_names(tools: Any) -> list[str]:
    names = [str(t.name or "") for t in getattr(tools, "tools", ())]
    names += [str(c.name or "") for c in getattr(tools, "components", ())]
    names += [str(s.name or "") for s in getattr(tools, "services", ())]
    return names


def _component(c: Any, known: Known, extra: dict[str, str] | None, op: str,
               service: bool = False) -> Component:
    from cyclonedx.model.license import LicenseAcknowledgement

    name = f"{c.group}:{c.name}" if c.group else str(c.name)
    licenses = list(c.licenses)
    concluded = [x for x in licenses if x.acknowledgement == LicenseAcknowledgement.CONCLUDED]
    basis = "concluded" if concluded else "declared" if licenses else None
    chosen = concluded or licenses
    evidence = getattr(c, "evidence", None)
    if not chosen and evidence is not None and list(evidence.licenses):
        chosen, basis = list(evidence.licenses), "evidence"
    declared = [_normalized(x, known, extra) for x in chosen]
    scope = "service" if service else (c.scope.value if getattr(c, "scope", None) else None)
    note = None if declared else "no license declared"
    ref = str(c.purl) if getattr(c, "purl", None) else (str(c.bom_ref.value)
                                                       if c.bom_ref and c.bom_ref.value else None)
    kind = "service" if service else str(c.type.value if c.type else "library")
    return Component(name, c.version, declared, op, ref, kind, note, scope=scope, basis=basis)


def _normalized(lic: Any, known: Known, extra: dict[str, str] | None) -> Normalized:
    from cyclonedx.model.license import LicenseExpression

    if isinstance(lic, LicenseExpression):
        return normalize(expression=str(lic.value), known=known, extra=extra)
    return normalize(id=lic.id, name=lic.name, url=str(lic.url) if lic.url else None,
                     known=known, extra=extra)
