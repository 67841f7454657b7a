"""ScanCode toolkit JSON results (``scancode -lp --json-pp``), versions 21 to 32.

Components: the ``packages`` ScanCode found (each with its
``declared_license_expression_spdx``), and every file with a license detection that belongs
to no package (``detected_license_expression_spdx``; before ScanCode 32, the
``spdx_license_key`` of each of its ``licenses``). A file inside a package is the package's
part: its detections are counted in a note, the package's declared license decides.
ScanCode's ``LicenseRef-scancode-*`` ids are kept as they are: the library has no spec for
``LicenseRef-scancode-unknown-license-reference`` ("a license is referred to, not
identified"), so a component with one is *unknown*, never guessed.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from liclogic.inputs.inventory import Component, Inventory, Known, ref_lines
from liclogic.inputs.normalize import normalize

_REFS = r'"(?:purl|path)"\s*:\s*"([^"\\]*)"'


def is_scancode(data: Any) -> bool:
    headers = data.get("headers") if isinstance(data, dict) else None
    return isinstance(headers, list) and any(
        isinstance(h, dict) and h.get("tool_name") == "scancode-toolkit" for h in headers)


def read_scancode(path: Path, data: dict[str, Any], text: str, known: Known = frozenset(),
                  extra: dict[str, str] | None = None) -> Inventory:
    version = next(str(h.get("tool_version")) for h in data["headers"]
                   if isinstance(h, dict) and h.get("tool_name") == "scancode-toolkit")
    inv = Inventory(f"ScanCode {version} JSON", str(path))
    lines = ref_lines(text, _REFS)
    for p in data.get("packages") or []:
        expr = p.get("declared_license_expression_spdx") or p.get(
            "other_license_expression_spdx")
        name = "/".join(x for x in (p.get("namespace"), p.get("name")) if x) or "(unnamed)"
        comp = Component(name, p.get("version"), [], "AND", p.get("purl"), "library")
        if expr:
            comp.declared, comp.basis = [normalize(expression=expr, known=known,
                                                   extra=extra)], "declared"
        else:
            comp.note = "no declared license detected"
        comp.line = lines.get(p.get("purl") or "")
        inv.components.append(comp)
    inside = 0
    for f in data.get("files") or []:
        if not isinstance(f, dict) or f.get("type", "file") != "file":
            continue
        expr = f.get("detected_license_expression_spdx") or " AND ".join(
            str(x["spdx_license_key"]) for x in f.get("licenses") or []
            if isinstance(x, dict) and x.get("spdx_license_key"))
        if not expr:
            continue
        if f.get("for_packages"):
            inside += 1
            continue
        comp = Component(str(f.get("path")), None, [normalize(expression=expr, known=known,
                                                               extra=extra)],
                         "AND", str(f.get("path")), "file", basis="detected")
        comp.line = lines.get(str(f.get("path")))
        inv.components.append(comp)
    if inside:
        inv.notes.append(f"{inside} file(s) with license detections inside the packages found: "
                         "each package's declared license decides for them")
    return inv
