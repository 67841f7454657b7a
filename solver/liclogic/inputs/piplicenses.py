"""pip-licenses JSON output: ``--format=json`` (``Name``, ``Version``, ``License``, with
``--from=all`` also ``License-Expression``, ``License-Metadata``, ``License-Classifier``)
and ``--format=json-license-finder`` (``name``, ``version``, ``licenses``).

Per package, the most precise field that reads as licenses wins: ``License-Expression``
(PEP 639), then the metadata's ``License`` field, then the trove classifiers (``LGPL`` in the
metadata says no version; the classifier ``LGPLv2+`` does); ``UNKNOWN`` is no license.
Several classifiers (pip-licenses joins them with "; ") are read as AND, the safe reading: a
package that lists two licenses does not say the user may choose.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from liclogic.inputs.inventory import Component, Inventory, Known
from liclogic.inputs.normalize import Normalized, normalize

_FIELDS = ("License-Expression", "License-Metadata", "License", "License-Classifier")


def is_pip_licenses(data: Any) -> bool:
    if not isinstance(data, list) or not data or not all(isinstance(x, dict) for x in data):
        return False
    first = data[0]
    return ("Name" in first and any(f in first for f in _FIELDS)) or (
        "name" in first and isinstance(first.get("licenses"), list))


def read_pip_licenses(path: Path, data: list[dict[str, Any]], known: Known = frozenset(),
                      extra: dict[str, str] | None = None) -> Inventory:
    finder = "Name" not in data[0]
    inv = Inventory("pip-licenses JSON" + (" (license-finder)" if finder else ""), str(path))
    for row in data:
        name = str(row.get("name" if finder else "Name") or "(unnamed)")
        version = row.get("version" if finder else "Version")
        fields = ([[str(x) for x in row.get("licenses") or []]] if finder else
                  [[x.strip() for x in str(row[f]).split("; ")] for f in _FIELDS
                   if _given(row.get(f))])
        readings = [[_read(r, known, extra) for r in raws if _given(r)] for raws in fields]
        # the first field that reads as licenses, else the first given (listed unrecognised)
        declared = next((d for d in readings if d and all(n.recognised for n in d)),
                        readings[0] if readings else [])
        inv.components.append(Component(
            name, str(version) if version else None, declared, "AND", f"pkg:pypi/{name}",
            note=None if declared else "no license declared (UNKNOWN)"))
    return inv


def _given(value: Any) -> bool:
    return isinstance(value, str) and value.strip() not in ("", "UNKNOWN")


def _read(raw: str, known: Known, extra: dict[str, str] | None) -> Normalized:
    n = normalize(expression=raw, known=known, extra=extra)
    if n.recognised:
        return n
    # a trove classifier without its prefix ("Apache Software License")
    c = normalize(name=f"License :: OSI Approved :: {raw}", known=known, extra=extra)
    return Normalized(raw, c.expression, c.how) if c.recognised else n
