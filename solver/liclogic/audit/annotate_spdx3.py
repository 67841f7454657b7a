"""``scan --annotate`` for SPDX 3.0 JSON-LD, through spdx-python-model (the SPDX project's
bindings of the 3.0.1 model, which inputs/spdx3.py reads with).

Each annotated package's ``hasConcludedLicense`` relationship (a new one, with the
package's own creationInfo, when it had none) leads to a new
``simplelicensing_LicenseExpression`` holding the normalized expression, and carries the
verdict and its reason in its ``comment``: the package's own comment is the author's and is
left as it was. The expression it led to before is dropped when nothing else in the document
refers to it (a collection's ``element`` list that named it names the new one instead), so
no orphan is left behind; one that another element still refers to stays. A collection that
lists relationships (its ``element``) lists a new relationship and its expression too. The
bindings type-check every value as it is set; the written document is read back through them
before it replaces OUT.
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
            created = rel is None
            if rel is None:
                rel = _new(objects, model.Relationship, f"{pid}-liclogic-concluded-rel", pkg)
                rel.from_ = pkg
                rel.relationshipType = model.RelationshipType.hasConcludedLicense
            expr = _new(objects, model.simplelicensing_LicenseExpression,
                        f"{pid}-liclogic-concluded", pkg)
            expr.simplelicensing_licenseExpression = e.expression
            replaced = [t for t in rel.to if not isinstance(t, str)]
            rel.to = [expr]
            _listed(objects, model, rel, expr, replaced, created)
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


def _listed(objects: Any, model: Any, rel: Any, expr: Any, replaced: list[Any],
            created: bool) -> None:
    """Each replaced element nothing but a collection's list refers to is dropped, and such a
    collection names ``expr`` in its place; a collection that names a replaced element that
    stays names ``expr`` beside it, and one that lists relationships lists a new ``rel`` and
    ``expr`` too."""
    collections = list(objects.foreach_type(model.ElementCollection))
    dropped = [old for old in replaced if not _referred(objects, old, collections)]
    for c in collections:
        names = list(c.element)
        if any(x in replaced for x in names):
            names = [expr if x in dropped else x for x in names]
        add = [rel] if created and any(isinstance(x, model.Relationship) for x in names) else []
        if add or any(x in replaced for x in names):
            add.append(expr)
        new = [*names, *(x for x in add if x not in names)]
        if new != list(c.element):
            c.element = new
    for old in dropped:
        objects.remove(old)


def _referred(objects: Any, target: Any, collections: list[Any]) -> bool:
    """Does any element of the document refer to ``target``, other than itself and the
    ``element`` lists of ``collections`` (which only say it belongs to them)?"""
    found, in_collection = False, False
    listing = {id(c) for c in collections}

    def visit(value: Any, path: list[str]) -> bool:
        """Each property value of the element walked from: only its own references (an
        element it refers to is not walked into; the loop reaches it on its own)."""
        nonlocal found
        if value is target and not (in_collection and path[1].endswith("/element")):
            found = True
        return path == ["."]

    for o in objects.foreach():
        if o is not target:
            in_collection = id(o) in listing
            o.walk(visit)
        if found:
            return True
    return False


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
