"""Apache-2.0 §4(d): a NOTICE file's attribution notices travel with the work. The duty is
the license text's own (quoted and checked against the bundled text), and `liclogic notice`
carries the NOTICE contents the input has (SPDX attributionText, a Python package's NOTICE
license file), verbatim, or says they are not in it."""

from __future__ import annotations

import json
import re
from importlib import metadata

from liclogic.audit.notice import NO_NOTICE_FILE, notice_for_inventory, notice_for_licenses, render
from liclogic.inputs.dispatch import read_inventory
from liclogic.inputs.pyenv import NOTICE_BYTES, distribution_component
from liclogic.inputs.resolve import known_names
from liclogic.lang.texts import bundled_text_path

from .conftest import write

# Apache Commons Lang's NOTICE.txt (commons-lang3 3.14.0), a real NOTICE file
COMMONS_NOTICE = """Apache Commons Lang
Copyright 2001-2023 The Apache Software Foundation

This product includes software developed at
The Apache Software Foundation (https://www.apache.org/)."""


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("“", '"').replace("”", '"')).strip()


def test_the_duty_is_section_4d_for_apache_and_ecl(lib):
    for lic, cite in (("Apache-2.0", "§4(d)"), ("ECL-2.0", "§4")):
        notice = notice_for_licenses(lib, [lic])
        (d,) = [d for d in notice.sections[0].duties if d["duty"] == "notice_file"]
        assert d["when"] is None  # any redistribution
        (b,) = d["because"]
        assert b["cite"] == cite
        assert _norm(b["quote"]) in _norm(bundled_text_path(lic).read_text())
    # MIT's text has no NOTICE-file clause: no such duty
    assert all(d["duty"] != "notice_file" for d in
               notice_for_licenses(lib, ["MIT"]).sections[0].duties)


def _spdx(tmp_path, attribution):
    doc = {
        "spdxVersion": "SPDX-2.3", "dataLicense": "CC0-1.0", "SPDXID": "SPDXRef-DOCUMENT",
        "name": "app", "documentNamespace": "https://example.com/app-1",
        "creationInfo": {"created": "2026-01-01T00:00:00Z", "creators": ["Tool: test"]},
        "packages": [{
            "SPDXID": "SPDXRef-app", "name": "app", "versionInfo": "1",
            "downloadLocation": "NOASSERTION", "filesAnalyzed": False,
            "licenseConcluded": "MIT", "licenseDeclared": "MIT", "copyrightText": "NONE"}, {
            "SPDXID": "SPDXRef-lang3", "name": "commons-lang3", "versionInfo": "3.14.0",
            "downloadLocation": "NOASSERTION", "filesAnalyzed": False,
            "licenseConcluded": "Apache-2.0", "licenseDeclared": "Apache-2.0",
            "copyrightText": "Copyright 2001-2023 The Apache Software Foundation",
            **({"attributionTexts": attribution} if attribution else {})}],
        "relationships": [
            {"spdxElementId": "SPDXRef-DOCUMENT", "relationshipType": "DESCRIBES",
             "relatedSpdxElement": "SPDXRef-app"},
            {"spdxElementId": "SPDXRef-app", "relationshipType": "CONTAINS",
             "relatedSpdxElement": "SPDXRef-lang3"}]}
    return write(tmp_path, "app.spdx.json", json.dumps(doc))


def test_spdx_attribution_text_is_carried_verbatim(lib, tmp_path):
    inv = read_inventory(_spdx(tmp_path, [COMMONS_NOTICE]), known_names(lib))
    notice = notice_for_inventory(lib, inv, "MIT")
    (s,) = notice.sections
    assert s.attribution == [COMMONS_NOTICE]
    text = render(notice)
    for line in COMMONS_NOTICE.splitlines():
        assert line.strip() in text
    assert "[Apache-2.0 §4(d)]" in text
    md = render(notice, markdown=True)
    assert "This product includes software developed at" in md
    assert notice.to_json()["sections"][0]["notice_file"] == [COMMONS_NOTICE]


def test_without_attribution_text_the_notice_says_so(lib, tmp_path):
    inv = read_inventory(_spdx(tmp_path, None), known_names(lib))
    notice = notice_for_inventory(lib, inv, "MIT")
    assert NO_NOTICE_FILE in render(notice)
    assert notice.to_json()["sections"][0]["notice_file"] is None


def _dist(tmp_path, notice_text: str, entry: str = "NOTICE"):
    info = tmp_path / "demo-1.0.dist-info"
    (info / "licenses").mkdir(parents=True)
    (info / "METADATA").write_text(
        "Metadata-Version: 2.4\nName: demo\nVersion: 1.0\nLicense-Expression: Apache-2.0\n"
        f"License-File: LICENSE\nLicense-File: {entry}\n", encoding="utf-8")
    (info / "licenses" / "LICENSE").write_text("Apache License 2.0 ...", encoding="utf-8")
    (info / "licenses" / entry).write_text(notice_text, encoding="utf-8")
    return metadata.PathDistribution(info)


def test_python_package_notice_file_is_read(lib, tmp_path):
    comp = distribution_component(_dist(tmp_path, COMMONS_NOTICE + "\n"), known_names(lib))
    assert comp.attribution == [COMMONS_NOTICE]  # the LICENSE file is not a NOTICE


def test_python_package_notice_file_is_bounded(lib, tmp_path):
    big = "x" * (NOTICE_BYTES + 1)
    comp = distribution_component(_dist(tmp_path, big), known_names(lib))
    assert comp.attribution == []
    # an entry that climbs out of the .dist-info directory is not followed
    comp = distribution_component(_dist(tmp_path / "b", "y", "../NOTICE"), known_names(lib))
    assert comp.attribution == []
