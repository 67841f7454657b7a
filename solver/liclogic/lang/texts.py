"""Where a license's text is: a file the user names, the texts bundled with liclogic
(``texts/ID.txt``, provenance in texts/PROVENANCE.md), or ScanCode's licensedcode-data package
(an optional extra: about 2,300 texts with SPDX keys). Texts are untrusted input: read
through ``liclogic.limits`` (regular files, bounded in size)."""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from liclogic.lang.paths import data_dir
from liclogic.limits import read_text

_FRONT_MATTER = re.compile(r"\A---\n(.*?)\n---\n?", re.DOTALL)
_KEY = re.compile(r"^(spdx_license_key|key):\s*(\S+)\s*$", re.MULTILINE)
_OTHER_KEYS = re.compile(r"^other_spdx_license_keys:\n((?:\s+-\s*\S+\n?)+)", re.MULTILINE)


@dataclass(frozen=True)
class LicenseText:
    license: str
    text: str
    origin: str  # where it was found: a path, or "licensedcode-data: mit.LICENSE"


def texts_dir() -> Path:
    return data_dir("texts")


def bundled_text_path(license_id: str) -> Path | None:
    p = texts_dir() / f"{license_id}.txt"
    return p if p.is_file() else None


@functools.cache
def _licensedcode_index() -> dict[str, Path]:
    """SPDX key (lower case) → the package's .LICENSE file; {} when it is not installed."""
    try:
        from importlib.metadata import PackageNotFoundError, distribution

        folder = Path(str(distribution("licensedcode-data").locate_file(
            "licensedcode/data/licenses")))
    except (ImportError, PackageNotFoundError):
        return {}
    index: dict[str, Path] = {}
    if not folder.is_dir():
        return index
    for f in sorted(folder.glob("*.LICENSE")):
        try:
            head = f.read_text(encoding="utf-8", errors="replace")[:16000]
        except OSError:
            continue
        m = _FRONT_MATTER.match(head)
        if not m:
            continue
        keys = [v for k, v in _KEY.findall(m.group(1)) if k == "spdx_license_key"]
        other = _OTHER_KEYS.search(m.group(1))
        if other:
            keys += re.findall(r"-\s*(\S+)", other.group(1))
        for k in keys:
            index.setdefault(k.lower(), f)
        index.setdefault(f"licenseref-scancode-{f.stem}".lower(), f)
    return index


def licensedcode_text(license_id: str) -> LicenseText | None:
    path = _licensedcode_index().get(license_id.lower())
    if path is None:
        return None
    raw = read_text(path)
    m = _FRONT_MATTER.match(raw)
    return LicenseText(license_id, raw[m.end():] if m else raw,
                       f"licensedcode-data: {path.name}")


def find_text(license_id: str, given: Mapping[str, Path] | None = None,
              use_licensedcode: bool = True) -> LicenseText | None:
    """The text of ``license_id``: ``given[id]`` (or ``given["*"]``, one file for every
    license), then the bundled text, then licensedcode-data. None: no text at hand."""
    given = given or {}
    path = given.get(license_id) or given.get("*") or bundled_text_path(license_id)
    if path is not None:
        return LicenseText(license_id, read_text(path), str(path))
    return licensedcode_text(license_id) if use_licensedcode else None
