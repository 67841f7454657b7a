"""``scan --annotate OUT``: the SBOM written back with the concluded licenses and liclogic's
reasons, through the libraries made for each format, in the input's own format, and checked
by the library after writing.

- CycloneDX (cyclonedx-python-lib): each component's (and service's, nested ones too)
  license becomes the normalized expression with ``acknowledgement: concluded``
  (CycloneDX 1.6 and later: an older document is written as 1.6), the licenses as the SBOM
  declared them in the property ``liclogic:declared`` (a CycloneDX license choice is
  either license objects or one expression, not both), and the verdict and reasons in
  ``liclogic:verdict`` / ``liclogic:reason``. The output is validated against the CycloneDX schema.
- SPDX 2.x (spdx-tools): each package's (or file's) ``licenseConcluded`` is the normalized
  expression, the verdict and reasons in ``licenseComments``; the writer validates.
- SPDX 3.0 JSON-LD (spdx-python-model): each package's ``hasConcludedLicense`` relationship
  (made when it had none) leads to a ``simplelicensing_LicenseExpression`` with the
  normalized expression, the verdict and reasons in that relationship's ``comment``; the
  bindings type-check every value set, and the output is read back through them.

A component without a recognised license keeps its licenses and gets the verdict and reason
only. The input is never overwritten unless OUT names it exactly (then atomically). A gzip
input (``.gz``, as scan reads it) is annotated like the plain one; OUT ending ``.gz`` is
written compressed.
"""

from __future__ import annotations

import json
import os
import warnings
from pathlib import Path
from typing import Any

from liclogic.audit.annotate_io import by_component, format_suffixes, reason, write_annotated
from liclogic.audit.scan import ScanResult
from liclogic.errors import LiclogicError
from liclogic.inputs.read import read_text

PREFIX = "liclogic:"


def annotate(result: ScanResult, source: Path, out: Path) -> int:
    """Write ``source`` annotated with ``result`` to ``out``; the number of components that
    got a concluded license."""
    _check_target(source, out)
    fmt = result.inventory.format
    if fmt.startswith("CycloneDX"):
        return _cyclonedx(result, source, out, xml=fmt.endswith("XML"))
    if fmt.startswith("SPDX-2"):
        return _spdx(result, source, out)
    if fmt.startswith("SPDX 3"):
        from liclogic.audit.annotate_spdx3 import annotate_spdx3

        return annotate_spdx3(result, source, out)
    raise LiclogicError(f"--annotate writes CycloneDX, SPDX 2.x and SPDX 3.0 documents, "
                        f"not {fmt}", hint="scan a CycloneDX or SPDX SBOM to annotate it")


def _check_target(source: Path, out: Path) -> None:
    """OUT may be the input only when named as the input: another name for the same file (a
    link, ../x) would overwrite it by surprise."""
    if os.path.normpath(out) == os.path.normpath(source):
        return
    if out.exists() and source.exists() and os.path.samefile(out, source):
        raise LiclogicError(f"--annotate {out} is the input file under another name",
                            hint=f"to replace the input, give --annotate {source} exactly")


# ------------------------------------------------------------------ CycloneDX


def _cyclonedx(result: ScanResult, source: Path, out: Path, xml: bool) -> int:
    with warnings.catch_warnings():  # the library's remarks on the document's own graph
        warnings.simplefilter("ignore")
        return _annotate_cyclonedx(result, source, out, xml)


def _annotate_cyclonedx(result: ScanResult, source: Path, out: Path, xml: bool) -> int:
    from cyclonedx.model import Property
    from cyclonedx.model.bom import Bom
    from cyclonedx.model.license import LicenseAcknowledgement, LicenseExpression
    from cyclonedx.output import make_outputter
    from cyclonedx.schema import OutputFormat, SchemaVersion
    from cyclonedx.validation import make_schemabased_validator

    text = read_text(source)  # bounded; a .gz decompressed (bounded too)
    if xml:
        from liclogic.inputs.cyclonedx import parse_xml

        root = parse_xml(source, text)
        ns = root.tag[1:].split("}", 1)[0] if root.tag.startswith("{") else ""
        version = ns.rsplit("/", 1)[-1]
        bom = Bom.from_xml(root, ns)  # type: ignore[attr-defined]
    else:
        data = json.loads(text)
        version = str(data.get("specVersion", ""))
        bom = Bom.from_json(data)  # type: ignore[attr-defined]
    schema = SchemaVersion.from_version(version)
    if schema < SchemaVersion.V1_6:  # acknowledgement: concluded is CycloneDX 1.6
        schema = SchemaVersion.V1_6
    by = by_component(result)
    done = 0
    stack: list[Any] = [*bom.components, *bom.services]
    while stack:
        c = stack.pop()
        # nested components and services (a service has no purl, and services only)
        stack += list(getattr(c, "components", ())) + list(getattr(c, "services", ()))
        name = f"{c.group}:{c.name}" if c.group else str(c.name)
        purl = getattr(c, "purl", None)
        ref = (purl.to_string() if purl else None) or (c.bom_ref.value if c.bom_ref
                                                       else None)
        found = by.get((name, c.version, ref)) or by.get((name, c.version, str(purl)))
        if not found:
            continue
        e = found.pop(0) if len(found) > 1 else found[0]
        props = [p for p in c.properties if not p.name.startswith(PREFIX)]
        props.append(Property(name=f"{PREFIX}verdict", value=e.verdict.value))
        props.append(Property(name=f"{PREFIX}reason", value=reason(e, result.outbound)))
        if e.expression:
            if e.component.declared_text:
                props.append(Property(name=f"{PREFIX}declared",
                                      value=e.component.declared_text))
            c.licenses = [LicenseExpression(
                e.expression, acknowledgement=LicenseAcknowledgement.CONCLUDED)]
            done += 1
        c.properties = props
    form = OutputFormat.XML if xml else OutputFormat.JSON
    written = make_outputter(bom, form, schema).output_as_string(indent=2)
    error = _validate(make_schemabased_validator(form, schema), written, xml)
    if error is not None:
        raise LiclogicError(f"--annotate: the annotated SBOM is not valid CycloneDX "
                            f"{schema.to_version()}: {str(error)[:300]}")
    write_annotated(out, written)
    return done


# IRI syntax (externalReferences' urls, copied from the input, never written by liclogic) is
# checked by an Earley parser per URL: 155 s of Keycloak's 903 components (all else: 2 s)
_SLOW_FORMATS = ("iri", "iri-reference")


def _validate(validator: Any, text: str, xml: bool) -> Any:
    """The library's schema check; for JSON its own Draft 7 validator and schemas, with
    every format checked but IRI syntax. The first error, or None."""
    inner = None if xml else getattr(validator, "_validator", None)
    if inner is None:
        return validator.validate_str(text)
    from jsonschema import FormatChecker  # type: ignore[import-untyped]

    fast = FormatChecker([f for f in inner.format_checker.checkers if f not in _SLOW_FORMATS])
    return next(inner.evolve(format_checker=fast).iter_errors(json.loads(text)), None)


# ------------------------------------------------------------------ SPDX 2


def _spdx(result: ScanResult, source: Path, out: Path) -> int:
    from license_expression import get_spdx_licensing
    from spdx_tools.spdx.writer.write_anything import write_file

    if format_suffixes(out) != format_suffixes(source):
        raise LiclogicError(f"--annotate {out}: write the SPDX document in its own format "
                            f"(a name ending {''.join(format_suffixes(source))}, .gz or not)")
    doc = result.inventory.document  # as the reader parsed it (spdx-tools' Document)
    if doc is None:
        raise LiclogicError(f"{source}: the SPDX document was not kept by its reader")
    from spdx_tools.spdx.validation.document_validator import validate_full_spdx_document

    def problems() -> set[str]:
        return {m.validation_message for m in validate_full_spdx_document(doc)}

    before = problems()  # what the input already breaks is not the annotation's doing
    by = by_component(result)
    licensing = get_spdx_licensing()
    done = 0
    for el in [*doc.packages, *doc.files]:
        purl = next((r.locator for r in getattr(el, "external_references", [])
                     if r.reference_type == "purl"), None)
        found = by.get((str(el.name), getattr(el, "version", None), purl or el.spdx_id))
        if not found:
            continue
        e = found[0]
        el.license_comment = f"liclogic: {e.verdict.value} — {reason(e, result.outbound)}"
        if e.expression:
            el.license_concluded = licensing.parse(e.expression)
            done += 1
    new = sorted(problems() - before)
    if new:
        raise LiclogicError(f"--annotate: the annotated SPDX document is not valid: "
                            f"{new[0][:300]}" + (f" (and {len(new) - 1} more)" if new[1:] else ""))
    result.notes += [f"--annotate: the input itself is not valid SPDX (kept as it was): {m}"
                     for m in sorted(before)][:5]
    tmp = out.with_name(f".{out.name}.liclogic-tmp{''.join(format_suffixes(source))}")
    try:
        write_file(doc, str(tmp), validate=False)  # validated above, the input's faults aside
        write_annotated(out, tmp.read_text(encoding="utf-8"))
    finally:
        tmp.unlink(missing_ok=True)
    return done


__all__ = ["annotate", "reason"]
