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
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from liclogic.errors import LiclogicError
from liclogic.inputs.inventory import Component, Inventory, Known, ref_lines
from liclogic.inputs.normalize import Normalized, normalize
from liclogic.inputs.read import refuse_doctype

CYCLONEDX_VERSIONS = ("1.2", "1.3", "1.4", "1.5", "1.6", "1.7")
SUPPORTED = "CycloneDX 1.2 to 1.7, JSON or XML"
# a component's bom-ref or purl, in JSON or XML: where the SBOM lists it (a pattern for
# each form: the JSON one alone scans a document 3x faster)
_JSON_REFS = r'"(?:bom-ref|purl)"\s*:\s*"([^"\\]*)"'
_XML_REFS = r'bom-ref="([^"]*)"|<purl>(?:<!\[CDATA\[)?([^<\]]*)'
_XMLNS = re.compile(r"^\{(http://cyclonedx\.org/schema/bom/(\d+\.\d+))\}bom$")
_TEXT_FIELDS = ("bom-ref", "group", "name", "version", "purl", "copyright")


@dataclass
class _Entry:
    """One component or service of the document, in its order. The document's header and
    every license, type and scope are read by the library; a whole ``Component`` object is
    not built, as the library gives each a dozen sorted sets (Keycloak's 903 components:
    0.6 s, and the order of their licenses lost)."""
    fields: dict[str, str | None]  # bom-ref, group, name, version, purl, copyright
    type: str
    scope: str | None
    licenses: list[Any]  # cyclonedx.model.license objects, in the document's order
    evidence: list[Any]  # evidence.licenses
    service: bool = False
    children: list[_Entry] = field(default_factory=list)


def is_cyclonedx_xml(text: str) -> bool:
    return bool(re.search(r"<bom\b[^>]*\bxmlns=\"http://cyclonedx\.org/schema/bom/", text[:4096]))


def read_cyclonedx_json(path: Path, data: dict, text: str, known: Known = frozenset(),
                        extra: dict[str, str] | None = None, list_op: str | None = None
                        ) -> Inventory:
    version = str(data.get("specVersion", ""))
    _check_version(path, version, "JSON")
    metadata = data.get("metadata", {})
    if not isinstance(metadata, dict):
        raise LiclogicError(f"{path}: \"metadata\" must be an object")
    for key in ("components", "services"):
        if not isinstance(data.get(key, []), list):
            raise LiclogicError(f"{path}: \"{key}\" must be a list")
    from cyclonedx.model.bom import Bom

    # the header; "dependencies" is not read (the library checks every reference in it)
    head = {k: v for k, v in data.items() if k not in ("components", "services",
                                                       "dependencies")}
    bom = _deserialize(path, version, lambda: Bom.from_json(head))  # type: ignore[attr-defined]
    project = metadata.get("component")
    top, proj = _deserialize(path, version, lambda: (
        _json_entries(data.get("components"), False) + _json_entries(data.get("services"), True),
        _json_entries([project], False)[0] if isinstance(project, dict) else None))
    return _inventory(path, bom, top, proj, f"CycloneDX {version}", text, known, extra, list_op)


def read_cyclonedx_xml(path: Path, text: str, known: Known = frozenset(),
                       extra: dict[str, str] | None = None, list_op: str | None = None
                       ) -> Inventory:
    from xml.etree.ElementTree import Element

    from cyclonedx.model.bom import Bom

    root = parse_xml(path, text)
    m = _XMLNS.match(root.tag)
    ns, version = m.groups() if m else ("", "")
    _check_version(path, version, "XML")
    head = Element(root.tag, root.attrib)
    head.extend(x for x in root if _local(x.tag, ns) not in ("components", "services",
                                                             "dependencies"))
    bom = _deserialize(path, version,
                       lambda: Bom.from_xml(head, ns))  # type: ignore[attr-defined]
    project = root.find(f"{{{ns}}}metadata/{{{ns}}}component")
    top, proj = _deserialize(path, version, lambda: (
        _xml_entries(root.find(f"{{{ns}}}components"), ns, False)
        + _xml_entries(root.find(f"{{{ns}}}services"), ns, True),
        _xml_entries([project], ns, False)[0] if project is not None else None))
    return _inventory(path, bom, top, proj, f"CycloneDX {version} XML", text, known, extra,
                      list_op)


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


def json_converter(head: dict[str, Any], key: str) -> Any:
    """For ``read.load_json``: a CycloneDX document's top-level components and services,
    each read into an ``_Entry`` as it is parsed (the rest of it is dropped at once). An
    element that cannot be read stays as it is: ``read_cyclonedx_json`` reports it, in the
    document's order, as it reports any invalid component."""
    if head.get("bomFormat") != "CycloneDX" or key not in ("components", "services"):
        return None
    reader = _JsonReader()
    service = key == "services"

    def one(c: Any) -> Any:
        try:
            return reader.entry(c, service)
        except Exception:  # the reader says what is wrong with it, in order
            return c

    return one


def _json_entries(items: Any, service: bool) -> list[_Entry]:
    return _JsonReader().entries(items, service)


class _JsonReader:
    """Components and services of a JSON document → ``_Entry``, each distinct license
    object built once (the library's deserialiser costs ~0.1 ms an object, and an SBOM
    repeats a few dozen of them)."""

    def __init__(self) -> None:
        self.read: dict[str, Any] = {}

    def license_of(self, x: Any) -> Any:
        key = repr(x)  # C-fast; the same object written in another key order is read again
        hit = self.read.get(key)
        if hit is None:
            import warnings

            from cyclonedx.model.license import DisjunctiveLicense, LicenseExpression

            with warnings.catch_warnings():  # deprecations of the document's own fields
                warnings.simplefilter("ignore")
                hit = self.read[key] = (
                    DisjunctiveLicense.from_json(x["license"])  # type: ignore[attr-defined]
                    if "license" in x
                    else LicenseExpression.from_json(x))  # type: ignore[attr-defined]
        return hit

    def licenses(self, entries: Any) -> list[Any]:
        return [self.license_of(x) for x in _list(entries, "license")]

    def entries(self, items: Any, service: bool) -> list[_Entry]:
        return [self.entry(c, service) for c in items or ()]

    def entry(self, c: Any, service: bool) -> _Entry:
        if isinstance(c, _Entry):  # read as the document was parsed (json_converter)
            return c
        if not isinstance(c, dict):
            raise ValueError(f"a component is not a JSON object: {str(c)[:60]}")
        evidence = c.get("evidence")
        entry = _entry({k: c.get(k) for k in _TEXT_FIELDS}, c.get("type"), c.get("scope"),
                       self.licenses(c.get("licenses")),
                       self.licenses(evidence.get("licenses")) if isinstance(evidence, dict)
                       else [], service)
        kids = c.get("services") if service else c.get("components")
        if kids:
            entry.children = self.entries(kids, service)
        return entry


def _xml_entries(parent: Any, ns: str, service: bool) -> list[_Entry]:
    from cyclonedx.model.license import (
        DisjunctiveLicense,
        LicenseAcknowledgement,
        LicenseExpression,
    )

    def licenses(el: Any) -> list[Any]:
        out: list[Any] = []
        for x in list(el) if el is not None else ():
            tag = _local(x.tag, ns)
            if tag == "license":
                out.append(DisjunctiveLicense.from_xml(x, ns))  # type: ignore[attr-defined]
            elif tag == "expression":
                out.append(LicenseExpression.from_xml(x, ns))  # type: ignore[attr-defined]
            elif tag == "expression-detailed":  # 1.7: the expression and its basis are read
                ack = x.get("acknowledgement")
                out.append(LicenseExpression(
                    x.get("expression") or "",
                    acknowledgement=LicenseAcknowledgement(ack) if ack else None))
            else:
                raise ValueError(f"unexpected <{tag}> in <licenses>")
        return out

    out = []
    for el in list(parent) if parent is not None else ():
        if _local(el.tag, ns) != ("service" if service else "component"):
            continue
        fields = {k: el.findtext(f"{{{ns}}}{k}") for k in _TEXT_FIELDS}
        fields["bom-ref"] = el.get("bom-ref")
        entry = _entry(fields, el.get("type"), el.findtext(f"{{{ns}}}scope"),
                       licenses(el.find(f"{{{ns}}}licenses")),
                       licenses(el.find(f"{{{ns}}}evidence/{{{ns}}}licenses")), service)
        entry.children = (_xml_entries(el.find(f"{{{ns}}}services"), ns, True) if service
                          else _xml_entries(el.find(f"{{{ns}}}components"), ns, False))
        out.append(entry)
    return out


def _entry(fields: dict[str, Any], kind: Any, scope: Any, licenses: list[Any],
           evidence: list[Any], service: bool) -> _Entry:
    """Type and scope through the library's enumerations (an unknown one is an invalid
    document); the names as text."""
    for k, v in fields.items():
        if v is not None and not isinstance(v, str):
            raise ValueError(f"{k} must be a string, not {type(v).__name__}")
    if not service and not fields.get("name"):
        raise ValueError("a component without a name")
    kind = "service" if service else _enum("type", kind or "library")
    return _Entry({k: v.strip() if v else None for k, v in fields.items()}, kind,
                  _enum("scope", scope.strip()) if isinstance(scope, str) else None,
                  licenses, evidence, service)


_ENUMS: dict[tuple[str, str], str] = {}  # (type / scope, as written) → the library's value


def _enum(what: str, value: Any) -> str:
    """A component's type or scope read through the library's enumeration (a value it does
    not know is an invalid document), each distinct one once."""
    hit = _ENUMS.get((what, value)) if type(value) is str else None
    if hit is None:
        from cyclonedx.model.component import ComponentScope, ComponentType

        hit = str((ComponentType if what == "type" else ComponentScope)(value).value)
        if type(value) is str:
            _ENUMS[(what, value)] = hit
    return hit


def _list(value: Any, what: str) -> list[dict]:
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(x, dict) for x in value):
        raise ValueError(f"licenses must be a list of {what} or expression objects")
    return value


def _local(tag: str, ns: str) -> str:
    return tag.removeprefix(f"{{{ns}}}")


def _inventory(path: Path, bom: Any, top: list[_Entry], project: _Entry | None, fmt: str,
               text: str, known: Known, extra: dict[str, str] | None, list_op: str | None
               ) -> Inventory:
    tools = _tool_names(bom.metadata.tools)
    default_op = "OR" if any("maven" in t.lower() for t in tools) else "AND"
    op = (list_op or default_op).upper()
    inv = Inventory(fmt, str(path), list_op=op)
    inv.notes.append(
        f"a list of several licenses on one component reads as {op}"
        + (" (Maven's POM rule: the user may select any of them)" if op == "OR"
           and not list_op else " (policy)" if list_op else " (the safe reading)"))
    read: dict[int, Normalized] = {}  # by license object: JSON shares them (_JsonReader)
    if project is not None:
        inv.project = _component(project, known, extra, op, read)
    lines = ref_lines(text, _XML_REFS if fmt.endswith("XML") else _JSON_REFS)
    stack = top[::-1]  # the document's order (pre-order), popped from the end: linear
    while stack:
        entry = stack.pop()
        comp = _component(entry, known, extra, op, read)
        comp.line = lines.get(entry.fields["bom-ref"] or "") or lines.get(comp.ref or "")
        inv.components.append(comp)
        stack += entry.children[::-1]
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


def _component(e: _Entry, known: Known, extra: dict[str, str] | None, op: str,
               read: dict[int, Normalized]) -> Component:
    from cyclonedx.model.license import LicenseAcknowledgement

    f = e.fields
    name = f"{f['group']}:{f['name']}" if f["group"] else str(f["name"])
    concluded = [x for x in e.licenses
                 if x.acknowledgement == LicenseAcknowledgement.CONCLUDED]
    basis = "concluded" if concluded else "declared" if e.licenses else None
    chosen = concluded or e.licenses
    if not chosen and e.evidence:
        chosen, basis = e.evidence, "evidence"
    declared = []
    for x in chosen:
        n = read.get(id(x))
        if n is None:
            n = read[id(x)] = _normalized(x, known, extra)
        declared.append(n)
    scope = "service" if e.service else e.scope
    note = None if declared else "no license declared"
    replaced = [_raw(x) for x in e.licenses if concluded and x not in concluded]
    found = [_raw(x) for x in e.evidence] if basis != "evidence" else []
    if set(found) == {_raw(x) for x in chosen}:
        found = []  # the evidence agrees: nothing to say
    return Component(name, f["version"], declared, op, f["purl"] or f["bom-ref"], e.type, note,
                     scope=scope, basis=basis, copyright=f.get("copyright"),
                     replaced=[r for r in replaced if r], evidence=[x for x in found if x])


def _raw(lic: Any) -> str:
    """A license entry as the SBOM writes it: its expression, id or name."""
    from cyclonedx.model.license import LicenseExpression

    if isinstance(lic, LicenseExpression):
        return str(lic.value)
    return str(lic.id or lic.name or "")


def _normalized(lic: Any, known: Known, extra: dict[str, str] | None) -> Normalized:
    from cyclonedx.model.license import LicenseExpression

    if isinstance(lic, LicenseExpression):
        return normalize(expression=str(lic.value), known=known, extra=extra)
    return normalize(id=lic.id, name=lic.name, url=str(lic.url) if lic.url else None,
                     known=known, extra=extra)
