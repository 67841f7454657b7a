"""ScanCode toolkit JSON on a real scan (tests/data/sbom/scancode/PROVENANCE.md): packages with
their declared licenses, files outside packages, ScanCode's own LicenseRef ids kept unknown."""

from __future__ import annotations

import gzip
import json

from liclogic.audit.scan import scan
from liclogic.inputs.dispatch import read_inventory
from liclogic.inputs.resolve import known_names

from .conftest import DATA, write

SCAN = DATA / "sbom" / "scancode" / "scancode-32.5.0-pypi-packages.json.gz"


def test_packages_and_their_declared_licenses(lib):
    inv = read_inventory(SCAN, known_names(lib))
    assert inv.format == "ScanCode 32.5.0 JSON"
    # what ScanCode concluded from each package's METADATA (certifi: MPL-2.0 per its PKG-INFO)
    assert {c.name: c.declared[0].expression for c in inv.components} == {
        "certifi": "MPL-2.0", "chardet": "LGPL-2.0-or-later",
        "idna": "BSD-3-Clause AND LicenseRef-scancode-unknown-license-reference"}
    assert all(c.ref and c.ref.startswith("pkg:pypi/") for c in inv.components)
    assert "inside the packages" in inv.notes[0]
    r = scan(lib, inv, "Apache-2.0")
    by = {e.component.name: e for e in r.entries}
    assert by["certifi"].verdict.value == "yes"
    # "a license is referred to, not identified": unknown, naming the id, never guessed
    assert by["idna"].status == "no spec"
    assert by["idna"].no_spec == ["LicenseRef-scancode-unknown-license-reference"]


def test_files_outside_packages_and_the_pre_32_layout(tmp_path, lib):
    data = json.loads(gzip.decompress(SCAN.read_bytes()))
    data["packages"] = []
    for f in data["files"]:
        f.pop("for_packages", None)
    inv = read_inventory(write(tmp_path, "s.json", json.dumps(data)), known_names(lib))
    files = {c.name: c.declared[0].expression for c in inv.components}
    assert files["certifi-2026.10.19.post1.dist-info/licenses/LICENSE"] == "MPL-2.0"
    assert files["chardet-5.2.0.dist-info/LICENSE"] == "LGPL-2.1-only"
    assert all(c.kind == "file" and c.basis == "detected" for c in inv.components)
    old = {"headers": [{"tool_name": "scancode-toolkit", "tool_version": "21.8.4"}],
           "files": [{"path": "a/COPYING", "type": "file",
                      "licenses": [{"key": "gpl-2.0", "spdx_license_key": "GPL-2.0-only"}]}]}
    (c,) = read_inventory(write(tmp_path, "o.json", json.dumps(old)), known_names(lib)).components
    assert c.declared[0].expression == "GPL-2.0-only"
