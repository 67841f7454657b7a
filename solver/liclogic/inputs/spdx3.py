"""SPDX 3.0 JSON-LD documents, read with spdx-python-model (the SPDX project's bindings of
the 3.0.1 model; spdx-tools reads SPDX 2 only).

Per package (software, AI and dataset packages alike): the license of its
``hasConcludedLicense`` relationship wins over ``hasDeclaredLicense``; a license is a
``simplelicensing_LicenseExpression`` (its ``LicenseRef-`` ids resolved through
``customIdToUri`` where that names a listed license) or an expanded-licensing object (a listed
or custom license, a conjunctive / disjunctive set, ``+``, ``WITH``); ``NoAssertionLicense``
and ``NoneLicense`` are no license. A package reached only through lifecycle-scoped
relationships of scope build, dev or test is not shipped. The SBOM's root element is the
project.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from liclogic.errors import LiclogicError
from liclogic.inputs.inventory import Component, Inventory, Known, ref_lines
from liclogic.inputs.normalize import Normalized, normalize

_REFS = r'"spdxId"\s*:\s*"([^"]+)"'
_NOT_SHIPPED = {"build": "build", "development": "dev", "test": "test"}
_MAX_DEPTH = 64  # expanded-licensing sets inside one another


def is_spdx3(data: dict) -> bool:
    ctx = data.get("@context")
    items = ctx if isinstance(ctx, list) else [ctx]
    return any(isinstance(c, str) and "spdx.org/rdf/3." in c for c in items)


def read_spdx3(path: Path, data: dict, text: str, known: Known = frozenset(),
               extra: dict[str, str] | None = None) -> Inventory:
    import spdx_python_model

    try:
        model, objects = spdx_python_model.load_data(data)
    except spdx_python_model.LoadError as exc:
        raise LiclogicError(f"{path}: {exc}", hint="liclogic reads SPDX 3.0.1 JSON-LD "
                            "(@context https://spdx.org/rdf/3.0.1/spdx-context.jsonld)") from None
    except RecursionError:
        raise LiclogicError(f"{path}: nested too deeply") from None
    except Exception as exc:  # the bindings raise TypeError / ValueError for invalid data
        raise LiclogicError(f"{path}: not a valid SPDX 3.0 document "
                            f"({type(exc).__name__}: {str(exc)[:200]})") from None
    licenses: dict[str, dict[str, Any]] = {}
    scopes: dict[str, set[str]] = {}
    for rel in objects.foreach_type(model.Relationship):
        kind = _enum_name(rel.relationshipType)
        source = _id(rel.from_)
        if kind in ("hasConcludedLicense", "hasDeclaredLicense"):
            for target in rel.to:
                licenses.setdefault(source, {}).setdefault(kind, target)
        elif kind == "dependsOn" or isinstance(rel, model.LifecycleScopedRelationship):
            scope = _enum_name(getattr(rel, "scope", None)) if isinstance(
                rel, model.LifecycleScopedRelationship) else ""
            for target in rel.to:
                scopes.setdefault(_id(target), set()).add(_NOT_SHIPPED.get(scope, "shipped"))
    roots = {_id(r) for sbom in objects.foreach_type(model.software_Sbom)
             for r in sbom.rootElement}
    inv = Inventory("SPDX 3.0 JSON-LD", str(path), list_op="AND")
    lines = ref_lines(text, _REFS)
    for pkg in objects.foreach_type(model.software_Package):
        pid = _id(pkg)
        comp = _component(model, pkg, licenses.get(pid, {}), known, extra)
        comp.line = lines.get(pid)
        found = scopes.get(pid, set())
        if found and "shipped" not in found:
            comp.scope = sorted(found)[0]
        if pid in roots and inv.project is None:
            inv.project = comp
        else:
            inv.components.append(comp)
    return inv


def _id(obj: Any) -> str:
    return obj if isinstance(obj, str) else str(obj._id)


def _enum_name(value: Any) -> str:
    return str(value or "").rsplit("/", 1)[-1]


def _component(model: Any, pkg: Any, lic: dict[str, Any], known: Known,
               extra: dict[str, str] | None) -> Component:
    kind = ("model" if isinstance(pkg, model.ai_AIPackage) else
            "data" if isinstance(pkg, model.dataset_DatasetPackage) else "library")
    comp = Component(str(pkg.name or _id(pkg)), pkg.software_packageVersion, [], "AND",
                     pkg.software_packageUrl or _id(pkg), kind)
    text = getattr(pkg, "software_copyrightText", None)
    if isinstance(text, str) and text.strip() not in ("", "NOASSERTION", "NONE"):
        comp.copyright = text.strip()
    comp.attribution = [t.strip() for t in getattr(pkg, "software_attributionText", None) or []
                        if isinstance(t, str) and t.strip()]
    nones = []
    for key, basis in (("hasConcludedLicense", "concluded"), ("hasDeclaredLicense", "declared")):
        if key not in lic:
            continue
        expr = _expression(model, lic[key])
        if expr in ("NOASSERTION", "NONE"):
            nones.append(expr)
            continue
        comp.basis = basis
        comp.declared = [normalize(expression=expr, known=known, extra=extra) if expr
                         else Normalized(_id(lic[key]), None, "unrecognised")]
        return comp
    comp.note = "no license (NONE)" if "NONE" in nones else "no license declared (NOASSERTION)"
    return comp


def _expression(model: Any, lic: Any, depth: int = 0) -> str | None:
    """An SPDX 3 license object as an SPDX expression; None when it cannot be one."""
    if depth > _MAX_DEPTH:
        return None
    if isinstance(lic, str):  # an IRI: a named individual or a listed license
        name = lic.rsplit("/", 1)[-1]
        return {"NoAssertionLicense": "NOASSERTION", "NoneLicense": "NONE"}.get(name, name)
    if isinstance(lic, model.simplelicensing_LicenseExpression):
        text = str(lic.simplelicensing_licenseExpression or "")
        for item in lic.simplelicensing_customIdToUri:  # LicenseRef-x → a listed license's IRI
            uri = str(item.value or "")
            if "spdx.org/licenses/" in uri and item.key:
                from liclogic.inputs.normalize import substitute_symbols

                text = substitute_symbols(text, {str(item.key): uri.rsplit("/", 1)[-1]})
        return text or None
    if isinstance(lic, model.expandedlicensing_ListedLicense):
        return _expression(model, _id(lic))
    if isinstance(lic, model.expandedlicensing_CustomLicense):
        return str(lic.name) if lic.name else None
    if isinstance(lic, model.expandedlicensing_OrLaterOperator):
        inner = _expression(model, lic.expandedlicensing_subjectLicense, depth + 1)
        return f"{inner}+" if inner else None
    if isinstance(lic, model.expandedlicensing_WithAdditionOperator):
        inner = _expression(model, lic.expandedlicensing_subjectExtendableLicense, depth + 1)
        addition = lic.expandedlicensing_subjectAddition
        add = _id(addition).rsplit("/", 1)[-1] if isinstance(addition, str) else str(
            getattr(addition, "expandedlicensing_additionId", None) or addition.name or "")
        return f"{inner} WITH {add}" if inner and add else None
    sets = {model.expandedlicensing_ConjunctiveLicenseSet: " AND ",
            model.expandedlicensing_DisjunctiveLicenseSet: " OR "}
    for cls, op in sets.items():
        if isinstance(lic, cls):
            parts = [_expression(model, x, depth + 1) for x in lic.expandedlicensing_member]
            if not parts or any(p is None for p in parts):
                return None
            return "(" + op.join(p for p in parts if p) + ")"
    return None
