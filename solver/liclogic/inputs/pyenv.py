"""Python packages → inventory components, from installed metadata (importlib.metadata).

A package's license is read from, in order: ``License-Expression`` (PEP 639, an SPDX
expression), the ``License`` field when it is a short name rather than a whole license text,
and the ``License ::`` trove classifiers (several classifiers read as AND: the metadata does
not say they are alternatives). ``read_environment`` lists every installed distribution;
``read_project`` the dependencies a pyproject.toml declares, with their own dependencies
followed through the installed metadata. A dependency that is not installed is listed with
the note "not installed", never dropped.
"""

from __future__ import annotations

import re
import tomllib
from importlib import metadata
from pathlib import Path
from typing import Any

from liclogic.errors import LiclogicError
from liclogic.inputs.inventory import Component, Inventory, Known
from liclogic.inputs.normalize import Normalized, normalize


def canonical_name(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def distribution_component(dist: metadata.Distribution, known: Known = frozenset(),
                           extra: dict[str, str] | None = None) -> Component:
    md: Any = dist.metadata  # an email.message.Message: .get, .get_all
    name = md.get("Name") or "(unnamed)"
    comp = Component(name, md.get("Version"), [], "AND", f"pkg:pypi/{canonical_name(name)}")
    comp.attribution = notice_files(dist)
    expr = (md.get("License-Expression") or "").strip()
    if expr:
        n = normalize(expression=expr, known=known, extra=extra)
        comp.declared = [n]
        return comp
    field = (md.get("License") or "").strip()
    if field and "\n" not in field and len(field) <= 120 and field.upper() != "UNKNOWN":
        n = normalize(name=field, known=known, extra=extra)
        if n.recognised:
            comp.declared = [n]
            return comp
    classifiers = [c for c in md.get_all("Classifier") or [] if c.startswith("License ::")]
    for c in classifiers:
        short = c.split("::")[-1].strip()
        if short in ("OSI Approved", "Other/Proprietary License"):
            continue
        n = normalize(name=short, known=known, extra=extra)
        comp.declared.append(Normalized(c, n.expression, n.how))
    if comp.declared:
        return comp
    if field and field.upper() != "UNKNOWN":
        first = field.splitlines()[0].strip()[:120]
        comp.declared = [normalize(name=first, known=known, extra=extra)]
        return comp
    comp.note = "no license in the package metadata"
    return comp


NOTICE_BYTES = 256 << 10  # one package's NOTICE file, at most
_NOTICE_NAME = re.compile(r"(?i)^notice(\.[a-z]+)?$")


def notice_files(dist: metadata.Distribution) -> list[str]:
    """The package's NOTICE files (Apache-2.0 §4(d)) among its license files: the metadata's
    ``License-File`` entries (PEP 639: under ``licenses/`` in the .dist-info; older
    setuptools: beside METADATA), each at most ``NOTICE_BYTES``, as text."""
    md: Any = dist.metadata
    out: list[str] = []
    for entry in md.get_all("License-File") or []:
        if not _NOTICE_NAME.match(Path(str(entry)).name):
            continue
        text = _bounded(dist, (f"licenses/{entry}", str(entry)))
        if text:
            out.append(text)
    return out


def _bounded(dist: metadata.Distribution, names: tuple[str, ...]) -> str | None:
    """The first of these .dist-info files that exists, read only when within NOTICE_BYTES
    (sized before reading: the environment is not trusted)."""
    base = getattr(dist, "_path", None)  # PathDistribution's .dist-info directory
    if not isinstance(base, Path):
        return None
    for name in names:
        f = base / name
        try:
            if ".." in Path(name).parts or not f.is_file():
                continue
            if f.stat().st_size > NOTICE_BYTES:
                return None
            return f.read_text(encoding="utf-8", errors="replace").strip() or None
        except OSError:
            return None
    return None


def read_environment(known: Known = frozenset(), extra: dict[str, str] | None = None
                     ) -> Inventory:
    """Every distribution installed in the running interpreter's environment."""
    inv = Inventory("python environment", "importlib.metadata")
    seen: set[str] = set()
    for dist in sorted(metadata.distributions(), key=lambda d: _name(d).lower()):
        key = canonical_name(_name(dist))
        if key and key not in seen:
            seen.add(key)
            inv.components.append(distribution_component(dist, known, extra))
    return inv


def read_project(path: Path, known: Known = frozenset(), extra: dict[str, str] | None = None
                 ) -> Inventory:
    """The dependencies of a pyproject.toml project, closed over installed metadata."""
    from liclogic.inputs.read import checked_data, read_text

    text = read_text(path)
    try:
        data = checked_data(tomllib.loads(text), str(path))
    except (tomllib.TOMLDecodeError, ValueError) as exc:
        raise LiclogicError(f"{path}: not valid TOML: {exc}") from None
    except RecursionError:
        raise LiclogicError(f"{path}: nested too deeply") from None
    project = data.get("project")
    if not isinstance(project, dict):
        raise LiclogicError(f"{path}: no [project] table",
                            hint="liclogic reads PEP 621 project metadata")
    inv = Inventory("python project", str(path))
    lic = project.get("license")
    lic_text = lic if isinstance(lic, str) else (lic or {}).get("text") \
        if isinstance(lic, dict) else None
    own = [normalize(expression=lic_text, known=known, extra=extra)] if lic_text else []
    inv.project = Component(str(project.get("name", path.parent.name)),
                            _s(project.get("version")), own)
    direct = [r for r in project.get("dependencies") or [] if isinstance(r, str)]
    lines = _requirement_lines(text, direct)
    # each requirement with the line of the direct dependency that brings it in
    todo: list[tuple[str, int | None]] = [(r, lines.get(r)) for r in direct]
    seen: set[str] = set()
    while todo:
        req, line = todo.pop(0)
        name = _requirement_name(req)
        if not name or canonical_name(name) in seen:
            continue
        seen.add(canonical_name(name))
        try:
            dist = metadata.distribution(name)
        except metadata.PackageNotFoundError:
            inv.components.append(Component(name, None, [], note="not installed: its license "
                                             "cannot be read", line=line))
            continue
        comp = distribution_component(dist, known, extra)
        comp.line = line
        inv.components.append(comp)
        todo += [(r, line) for r in dist.requires or [] if _applies(r)]
    return inv


def _requirement_lines(text: str, requirements: list[str]) -> dict[str, int]:
    """The line (1-based) of each requirement string in the pyproject text, where it is
    written as a TOML string literal (double or single quotes)."""
    out: dict[str, int] = {}
    for req in requirements:
        for quoted in (f'"{req}"', f"'{req}'"):
            at = text.find(quoted)
            if at >= 0:
                out[req] = text.count("\n", 0, at) + 1
                break
    return out


def _name(dist: metadata.Distribution) -> str:
    md: Any = dist.metadata
    return str(md.get("Name") or "")


def _s(v: object) -> str | None:
    return None if v is None else str(v)


def _requirement_name(req: str) -> str | None:
    m = re.match(r"\s*([A-Za-z0-9][A-Za-z0-9._-]*)", req)
    return m.group(1) if m else None


def _applies(req: str) -> bool:
    """A requirement of an installed package that applies here (markers evaluated; extras
    are not requested)."""
    if ";" not in req:
        return True
    try:
        from packaging.requirements import Requirement
    except ImportError:  # pragma: no cover - packaging ships with pip environments
        return "extra" not in req.split(";", 1)[1]
    try:
        r = Requirement(req)
    except Exception:
        return False
    return r.marker is None or r.marker.evaluate({"extra": ""})
