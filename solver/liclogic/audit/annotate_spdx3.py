"""``scan --annotate`` for SPDX 3.0 JSON-LD, through spdx-python-model (the SPDX project's
bindings of the 3.0.1 model, which inputs/spdx3.py reads with).

Each annotated package's ``hasConcludedLicense`` relationship (a new one, with the
package's own creationInfo, when it had none) leads to a new
``simplelicensing_LicenseExpression`` holding the normalized expression, and carries the
verdict and its reason in its ``comment``: the package's own comment is the author's and is
left as it was. The bindings type-check every value as it is set; the written document is
read back through them before it replaces OUT.
"""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

from liclogic.audit.annotate_io import by_component, format_suffixes, reason, write_annotated
from liclogic.audit.scan import ScanResult
from liclogic.errors import LiclogicError
from liclogic.inputs.read import read_text


def annotate_spdx3(result: ScanResult, source: Path, out: Path) -> int:
    """Write ``source`` annotated with ``result`` to ``out``; how many packages got a
    concluded license."""
    import spdx_python_model

    if format_suffixes(out) != format_suffixes(source):
        raise LiclogicError(f"--annotate {out}: write the SPDX document in its own format "
                            f"(a name ending {''.join(format_suffixes(source))}, .gz or not)")
    model, objects = spdx_python_model.load_data(json.loads(read_text(source)))
    concluded = {_id(rel.from_): rel for rel in objects.foreach_type(model.Relationship)
                 if str(rel.relationshipType).endswith("/hasConcludedLicense")}
    by = by_component(result)
    done = 0
    for pkg in list(objects.foreach_type(model.software_Package)):
        pid = _id(pkg)
        found = by.get((str(pkg.name or pid), pkg.software_packageVersion,
                        pkg.software_packageUrl or pid))
        if not found:
            continue
        e = found[0]
        note = f"liclogic: {e.verdict.value} — {reason(e, result.outbound)}"
        rel = concluded.get(pid)
        if e.expression:
            if rel is None:
                rel = _new(objects, model.Relationship, f"{pid}-liclogic-concluded-rel", pkg)
                rel.from_ = pkg
                rel.relationshipType = model.RelationshipType.hasConcludedLicense
            expr = _new(objects, model.simplelicensing_LicenseExpression,
                        f"{pid}-liclogic-concluded", pkg)
            expr.simplelicensing_licenseExpression = e.expression
            rel.to = [expr]
            done += 1
        if rel is not None:
            rel.comment = note
        elif not pkg.comment:  # no license to conclude: the verdict beside the package
            pkg.comment = note
    buf = io.BytesIO()
    model.JSONLDSerializer().write(objects, buf, indent=2)
    text = buf.getvalue().decode("utf-8")
    try:
        spdx_python_model.load_data(json.loads(text))
    except Exception as exc:  # the bindings raise TypeError / ValueError for invalid data
        raise LiclogicError(f"--annotate: the annotated SPDX 3.0 document does not read "
                            f"back ({type(exc).__name__}: {str(exc)[:200]})") from None
    write_annotated(out, text)
    return done


def _id(obj: Any) -> str:
    return obj if isinstance(obj, str) else str(obj._id)


def _new(objects: Any, cls: Any, wanted: str, like: Any) -> Any:
    """A new element of ``cls`` with an id not in the document, created as ``like`` was."""
    ident, n = wanted, 1
    while objects.find_by_id(ident) is not None:
        n += 1
        ident = f"{wanted}-{n}"
    obj = cls()
    obj._id = ident
    obj.creationInfo = like.creationInfo
    objects.add(obj)
    return obj


__all__ = ["annotate_spdx3"]
