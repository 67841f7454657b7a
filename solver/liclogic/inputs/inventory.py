"""Real inputs → an inventory of components with their declared licenses.

Readers: CycloneDX JSON (spec 1.2–1.6), SPDX 2.x JSON, a third-party license CSV
(``Component,Origin,License``), the installed Python environment or a Python project
(solver/pyenv.py) and a Hugging Face model card (solver/modelcard.py). ``read_inventory``
picks the reader from the content, and every malformed input is a ``LiclogicError`` with the
file and what is wrong, never a traceback.

A component may declare several licenses. In SPDX and in CycloneDX ``expression`` fields the
operators say how they combine. A CycloneDX *list* of licenses does not (CycloneDX
specification issue #349): a list written by the CycloneDX Maven plugin follows Maven's POM
rule ("if multiple licenses are listed, it is assumed that the user can select any of them"),
so it reads as OR; any other list reads as AND, which is the safe reading. A policy file can
say otherwise (``license_list: and | or``).
"""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from liclogic.errors import LiclogicError
from liclogic.inputs.normalize import Normalized, normalize

CYCLONEDX_VERSIONS = ("1.2", "1.3", "1.4", "1.5", "1.6")


@dataclass
class Component:
    name: str
    version: str | None
    declared: list[Normalized]  # one entry per license the input lists
    op: str = "AND"  # how several declarations combine
    ref: str | None = None  # purl or bom-ref
    kind: str = "library"
    note: str | None = None  # e.g. "no license declared", "not installed"

    @property
    def declared_text(self) -> str:
        return "; ".join(d.raw for d in self.declared)

    @property
    def label(self) -> str:
        return f"{self.name}@{self.version}" if self.version else self.name


@dataclass
class Inventory:
    format: str  # "CycloneDX 1.2", "SPDX-2.3", "python environment", …
    source: str
    components: list[Component] = field(default_factory=list)
    project: Component | None = None  # the thing the inventory describes, when it says
    list_op: str = "AND"
    notes: list[str] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)


Known = frozenset[str]


# ------------------------------------------------------------------ detection


def read_inventory(path: Path, known: Known = frozenset(), extra: dict[str, str] | None = None,
                   list_op: str | None = None) -> Inventory:
    """Read PATH, whatever it is: an SBOM, a license CSV, a model card, a Python project."""
    with unexpected_shape(path):
        return _read_inventory(path, known, extra, list_op)


class unexpected_shape:
    """Input whose structure is not what its format says (a list where an object belongs, …)
    is an input error naming the file, never a traceback."""

    def __init__(self, path: Path | str) -> None:
        self.path = path

    def __enter__(self) -> None:
        return None

    def __exit__(self, kind, exc, tb) -> bool:
        if exc is not None and isinstance(exc, AttributeError | TypeError | KeyError |
                                          ValueError | IndexError):
            raise LiclogicError(f"{self.path}: unexpected content for its format "
                                f"({type(exc).__name__}: {exc})") from None
        return False


def _read_inventory(path: Path, known: Known, extra: dict[str, str] | None,
                    list_op: str | None) -> Inventory:
    if not path.exists():
        raise LiclogicError(f"no such file or directory: {path}")
    if path.is_dir():
        for name in ("README.md", "pyproject.toml"):
            if (path / name).is_file():
                return _read_inventory(path / name, known, extra, list_op)
        raise LiclogicError(f"{path} is a directory without README.md (a model card) or "
                            "pyproject.toml (a Python project)",
                            hint="give an SBOM file, a model card or a pyproject.toml")
    if path.name == "pyproject.toml":
        from liclogic.inputs.pyenv import read_project

        return read_project(path, known, extra)
    if path.suffix.lower() in (".md", ".markdown"):
        from liclogic.inputs.modelcard import read_card_inventory

        return read_card_inventory(path, known, extra)
    text = _read_text(path)
    if path.suffix.lower() == ".gz":  # a compressed SBOM: read what it holds
        path = path.with_suffix("")
    if path.suffix.lower() == ".csv":
        return read_license_csv(path, text, known, extra)
    data = _load_json(path, text)
    if isinstance(data, dict) and data.get("bomFormat") == "CycloneDX":
        return read_cyclonedx(path, data, known, extra, list_op)
    if isinstance(data, dict) and str(data.get("spdxVersion", "")).startswith("SPDX-"):
        return read_spdx(path, data, known, extra)
    raise LiclogicError(f"{path}: not a CycloneDX or SPDX JSON document",
                        hint="CycloneDX has \"bomFormat\": \"CycloneDX\"; SPDX has "
                             "\"spdxVersion\": \"SPDX-2.3\"")


def _read_text(path: Path) -> str:
    try:
        if path.suffix.lower() == ".gz":
            import gzip

            try:
                return gzip.decompress(path.read_bytes()).decode("utf-8-sig")
            except (OSError, EOFError) as exc:
                raise LiclogicError(f"{path}: not a gzip file ({exc})") from None
        return path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise LiclogicError(f"{path}: not UTF-8 text ({exc.reason} at byte {exc.start})"
                            ) from None
    except OSError as exc:
        raise LiclogicError(f"cannot read {path}: {exc.strerror}") from None


def _load_json(path: Path, text: str) -> Any:
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise LiclogicError(f"{path}: malformed JSON at line {exc.lineno}, column "
                            f"{exc.colno}: {exc.msg}") from None


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
    rows = list(csv.DictReader(text.splitlines()))
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
