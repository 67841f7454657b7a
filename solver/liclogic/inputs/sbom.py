"""A third-party license CSV (``Component,Origin,License``); CycloneDX is read in
``inputs.cyclonedx``, SPDX in ``inputs.spdx`` and ``inputs.spdx3``."""

from __future__ import annotations

from pathlib import Path

from liclogic.errors import LiclogicError
from liclogic.inputs.inventory import Component, Inventory, Known
from liclogic.inputs.normalize import normalize

# ------------------------------------------------------------------ CSV


def read_license_csv(path: Path, text: str, known: Known = frozenset(),
                     extra: dict[str, str] | None = None) -> Inventory:
    """A third-party license list: a header with Component (or Name) and License columns."""
    from liclogic.inputs.read import read_csv

    rows = read_csv(path, text)
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
