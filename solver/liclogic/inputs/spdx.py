"""SPDX 2.2 / 2.3 documents in every serialisation — JSON, YAML, tag-value, RDF/XML and XML —
read with spdx-tools (SPDX 3.0 JSON-LD is ``inputs.spdx3``).

What decides licensing, per package:
- ``licenseConcluded`` (what an analyst concluded) wins over ``licenseDeclared``;
  ``NOASSERTION`` and ``NONE`` are no license (said which);
- a ``LicenseRef-`` symbol is replaced, symbol by symbol (never by substring), by what its
  ``hasExtractedLicensingInfos`` entry's name reads as, when it reads as a license;
- a package that is only a ``DEV_``/``TEST_``/``BUILD_DEPENDENCY_OF``, a ``*_TOOL_OF``,
  ``TEST_OF``, ``OPTIONAL_`` or ``PROVIDED_DEPENDENCY_OF`` another is not shipped;
- the package the document ``DESCRIBES`` is the project. A document without packages (a
  file-level SBOM such as ``reuse spdx`` writes) lists its files as the components.

spdx-tools is strict on fields liclogic does not read; the one real SBOMs get wrong most
often, a three-part ``licenseListVersion`` (``3.28.0``; the spec says ``M.N``), is read as
``M.N`` before the library sees it.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from liclogic.errors import LiclogicError
from liclogic.inputs.inventory import Component, Inventory, Known, ref_lines
from liclogic.inputs.normalize import Normalized, normalize, substitute_symbols
from liclogic.inputs.read import refuse_doctype

SUPPORTED = "SPDX 2.2 and 2.3 (JSON, YAML, tag-value, RDF/XML, XML) and SPDX 3.0 JSON-LD"
# where each element's SPDXID is written, in every serialisation: the line of a component
_REFS = (r'(?m)"SPDXID"\s*:\s*"([^"]+)"|^\s*-?\s*SPDXID:\s*"?([^\s"]+)|<SPDXID>([^<]+)</SPDXID>'
         r'|rdf:about="[^"#]*#(SPDXRef-[^"]+)"')
_TAG_VALUE = re.compile(r"^\s*SPDXVersion:\s*SPDX-", re.MULTILINE)
_LIST_VERSION = re.compile(r"(?i)(licenseListVersion\W{1,4})(\d+\.\d+)\.\d+")
# the relationships that say a package is not part of what its target ships
_NOT_SHIPPED = {"DEV_DEPENDENCY_OF": "dev", "DEV_TOOL_OF": "dev", "TEST_DEPENDENCY_OF": "test",
                "TEST_TOOL_OF": "test", "TEST_OF": "test", "BUILD_DEPENDENCY_OF": "build",
                "BUILD_TOOL_OF": "build", "OPTIONAL_DEPENDENCY_OF": "optional",
                "OPTIONAL_COMPONENT_OF": "optional", "PROVIDED_DEPENDENCY_OF": "provided"}


def is_tag_value(text: str) -> bool:
    return bool(_TAG_VALUE.search(text[:8192]))


def is_spdx_xml(text: str) -> str | None:
    """"rdf" for SPDX RDF/XML, "xml" for spdx-tools' XML, None for anything else."""
    head = text[:8192]
    if "http://spdx.org/rdf/terms" in head and re.search(r"<rdf:RDF\b", head):
        return "rdf"
    if re.search(r"<(Document|SpdxDocument)\b", head) and "SPDX-2." in text[:65536]:
        return "xml"
    return None


def read_spdx_data(path: Path, data: dict, text: str, known: Known = frozenset(),
                   extra: dict[str, str] | None = None, form: str = "JSON") -> Inventory:
    """An SPDX 2.x document already parsed from JSON or YAML (through ``inputs.read``)."""
    _check_version(path, str(data.get("spdxVersion", "")))
    from spdx_tools.spdx.parser.jsonlikedict.json_like_dict_parser import JsonLikeDictParser

    info = data.get("creationInfo")
    if isinstance(info, dict) and isinstance(info.get("licenseListVersion"), str):
        data = {**data, "creationInfo": {**info, "licenseListVersion": _short_version(
            info["licenseListVersion"])}}
    doc = _parse(path, lambda: JsonLikeDictParser().parse(data))
    return _inventory(path, doc, f"{data.get('spdxVersion')} {form}", text, known, extra)


def read_spdx_text(path: Path, text: str, known: Known = frozenset(),
                   extra: dict[str, str] | None = None) -> Inventory:
    """An SPDX 2.x document in tag-value, RDF/XML or XML."""
    text = _LIST_VERSION.sub(r"\1\2", text)
    if is_tag_value(text):
        m = re.search(r"^\s*SPDXVersion:\s*(\S+)", text, re.MULTILINE)
        _check_version(path, m.group(1) if m else "")
        from spdx_tools.spdx.parser.tagvalue.parser import Parser

        # no parser tables written anywhere: ply reads the ones the package ships
        doc = _parse(path, lambda: Parser(write_tables=False, debug=False,
                                          errorlog=_Quiet()).parse(text))
        return _inventory(path, doc, f"{doc.creation_info.spdx_version} tag-value", text, known,
                          extra)
    form = is_spdx_xml(text)
    refuse_doctype(path, text)
    if form == "rdf":
        doc = _parse(path, lambda: _rdf(text))
        return _inventory(path, doc, f"{doc.creation_info.spdx_version} RDF/XML", text, known,
                          extra)
    doc = _parse(path, lambda: _xml(text))
    return _inventory(path, doc, f"{doc.creation_info.spdx_version} XML", text, known, extra)


class _Quiet:
    """ply's error log, silenced: its grammar warnings are the library's, not the input's."""

    def warning(self, *args: Any) -> None:
        return None

    error = debug = info = critical = warning


def _rdf(text: str) -> Any:
    from rdflib import Graph
    from spdx_tools.spdx.parser.rdf.rdf_parser import translate_graph_to_document

    return translate_graph_to_document(Graph().parse(data=text, format="xml"))


def _xml(text: str) -> Any:
    import xmltodict
    from spdx_tools.spdx.parser.error import SPDXParsingError
    from spdx_tools.spdx.parser.jsonlikedict.json_like_dict_parser import JsonLikeDictParser
    from spdx_tools.spdx.parser.xml.xml_parser import _fix_list_like_fields

    parsed = xmltodict.parse(text, disable_entities=True)
    doc = _fix_list_like_fields(parsed).get("Document")
    if not doc:
        raise SPDXParsingError(['no top-level "Document" element'])
    return JsonLikeDictParser().parse(doc)


def _short_version(v: str) -> str:
    m = re.fullmatch(r"(\d+\.\d+)\.\d+", v.strip())
    return m.group(1) if m else v


def _check_version(path: Path, version: str) -> None:
    if version not in ("SPDX-2.2", "SPDX-2.3"):
        raise LiclogicError(f"{path}: {version or 'an SPDX document without a version'} is "
                            "not supported", hint=f"liclogic reads {SUPPORTED}")


def _parse(path: Path, load: Any) -> Any:
    from spdx_tools.spdx.parser.error import SPDXParsingError

    try:
        return load()
    except SPDXParsingError as exc:
        messages = "; ".join(str(m) for m in exc.get_messages()[:3])
        raise LiclogicError(f"{path}: not a valid SPDX document: {messages[:400]}") from None
    except RecursionError:
        raise LiclogicError(f"{path}: nested too deeply") from None
    except LiclogicError:
        raise
    except Exception as exc:  # the XML, RDF and expression parsers raise many kinds
        raise LiclogicError(f"{path}: not a valid SPDX document "
                            f"({type(exc).__name__}: {str(exc)[:200]})") from None


def _inventory(path: Path, doc: Any, fmt: str, text: str, known: Known,
               extra: dict[str, str] | None) -> Inventory:
    refs = {e.license_id: e.license_name for e in doc.extracted_licensing_info
            if e.license_id and isinstance(e.license_name, str) and e.license_name}
    described: set[str] = set()
    scopes: dict[str, set[str]] = {}
    for rel in doc.relationships:
        kind = rel.relationship_type.name
        target = str(rel.related_spdx_element_id)
        if kind == "DESCRIBES":
            described.add(target)
        elif kind == "DESCRIBED_BY":
            described.add(rel.spdx_element_id)
        scopes.setdefault(rel.spdx_element_id if kind != "DESCRIBES" else target,
                          set()).add(_NOT_SHIPPED.get(kind, "shipped"))
    inv = Inventory(fmt, str(path), list_op="AND", document=doc)
    lines = ref_lines(text, _REFS)
    elements = list(doc.packages) or list(doc.files)
    if not doc.packages and doc.files:
        inv.notes.append("a document without packages: its files are the components")
    for el in elements:
        comp = _component(el, refs, known, extra)
        comp.line = lines.get(el.spdx_id)
        found = scopes.get(el.spdx_id, set())
        if found and "shipped" not in found:
            comp.scope = sorted(found)[0]
        if el.spdx_id in described and inv.project is None and doc.packages:
            inv.project = comp
        else:
            inv.components.append(comp)
    skipped = [c for c in inv.components if not c.shipped]
    if skipped:
        inv.notes.append(f"{len(skipped)} package(s) only a dev, test, build, optional or "
                         "provided dependency: judged as not distributed")
    return inv


def _component(el: Any, refs: dict[str, str], known: Known,
               extra: dict[str, str] | None) -> Component:
    from spdx_tools.spdx.model import SpdxNoAssertion, SpdxNone

    concluded = el.license_concluded
    declared = getattr(el, "license_declared", None)
    if declared is None and getattr(el, "license_info_in_file", None):
        infos = [x for x in el.license_info_in_file if not isinstance(x, SpdxNoAssertion |
                                                                      SpdxNone)]
        declared = " AND ".join(str(x) for x in infos) or None
    purl = next((r.locator for r in getattr(el, "external_references", [])
                 if r.reference_type == "purl"), None)
    version = getattr(el, "version", None)
    kind = "file" if not hasattr(el, "license_declared") else "library"
    comp = Component(str(el.name), version, [], "AND", purl or el.spdx_id, kind)
    text = getattr(el, "copyright_text", None)
    if isinstance(text, str) and text.strip():  # NOASSERTION / NONE: not stated
        comp.copyright = text.strip()
    comp.attribution = _texts(getattr(el, "attribution_texts", None))
    chosen, basis = None, None
    for value, name in ((concluded, "concluded"), (declared, "declared")):
        if value is not None and not isinstance(value, SpdxNoAssertion | SpdxNone):
            chosen, basis = str(value), name
            break
    if chosen is None:
        nones = [v for v in (concluded, declared) if isinstance(v, SpdxNone)]
        comp.note = "no license (NONE)" if nones else "no license declared (NOASSERTION)"
        return comp
    comp.basis = basis
    comp.declared = [_normalized(chosen, refs, known, extra)]
    return comp


def _normalized(text: str, refs: dict[str, str], known: Known,
                extra: dict[str, str] | None) -> Normalized:
    """``text`` with each LicenseRef- of the document replaced by what its name reads as."""
    read: dict[str, str] = {}
    for ref, name in refs.items():
        if re.search(rf"(?<![\w.+-]){re.escape(ref)}(?![\w.+-])", text):
            n = normalize(name=name, known=known, extra=extra)
            if n.expression:
                read[ref] = n.expression
    if not read:
        return normalize(expression=text, known=known, extra=extra)
    n = normalize(expression=substitute_symbols(text, read), known=known, extra=extra)
    how = ", ".join(f"{r} ({refs[r]!r}) read as {e}" for r, e in sorted(read.items()))
    return Normalized(text, n.expression, f"{n.how}; {how}")


def _texts(values: Any) -> list[str]:
    """SPDX attribution texts (NOTICE file contents, acknowledgements), as given."""
    return [t.strip() for t in values or [] if isinstance(t, str) and t.strip()]
