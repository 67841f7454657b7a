"""CycloneDX JSON and XML, 1.2-1.7, on real files (tests/data/sbom/cyclonedx/PROVENANCE.md):
scope, acknowledgement, evidence, services, and clear errors for what is not read."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from liclogic.audit.scan import scan
from liclogic.cli.main import main
from liclogic.inputs.dispatch import read_inventory
from liclogic.inputs.resolve import known_names

from .conftest import DATA, REALWORLD, write

CDX = DATA / "sbom" / "cyclonedx"
# what the packages' own metadata declares (pip show / their PKG-INFO)
DECLARED = {"boolean.py": "BSD-2-Clause", "click": "BSD-3-Clause",
            "license-expression": "Apache-2.0", "pip": "MIT", "setuptools": "MIT"}


def run(*args):
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    assert "Traceback" not in result.output
    return result


@pytest.mark.parametrize(("name", "fmt"), [
    ("cyclonedx-py-1.2.cdx.xml", "CycloneDX 1.2 XML"),
    ("cyclonedx-py-1.4.cdx.xml", "CycloneDX 1.4 XML"),
    ("cyclonedx-py-1.6.cdx.json", "CycloneDX 1.6"),
    ("cyclonedx-py-1.7.cdx.xml", "CycloneDX 1.7 XML"),
])
def test_every_version_json_and_xml_reads_the_same_components(lib, name, fmt):
    inv = read_inventory(CDX / name, known_names(lib))
    assert inv.format == fmt
    got = {c.name: c.declared[0].expression for c in inv.components}
    assert got == DECLARED
    assert inv.project is not None and inv.project.name == "liclogic"
    # every component points at the line that lists it (SARIF locations)
    text = (CDX / name).read_text().splitlines()
    for c in inv.components:
        assert c.line is not None and c.name in text[c.line - 1], c
    r = scan(lib, inv)
    assert r.outbound == "Apache-2.0" and r.counts()["yes"] == 5


def test_scope_excluded_and_optional_are_not_shipped_and_concluded_wins(lib):
    inv = read_inventory(CDX / "cyclonedx-py-1.6-scopes.cdx.json", known_names(lib))
    by = {c.name: c for c in inv.components}
    assert not by["pip"].shipped and not by["setuptools"].shipped and by["click"].shipped
    # an analyst's concluded license wins over the declared one
    assert by["boolean.py"].basis == "concluded"
    assert [d.expression for d in by["boolean.py"].declared] == ["GPL-3.0-only"]
    assert by["click"].basis == "declared"
    r = scan(lib, inv, "Apache-2.0")
    entries = {e.component.name: e for e in r.entries}
    assert entries["boolean.py"].verdict.value == "no"  # GPL-3.0-only into Apache-2.0
    for name in ("pip", "setuptools"):
        e = entries[name]
        assert e.status == "not shipped" and e.verdict.value == "yes"
        assert e.if_shipped is not None and "does not decide the distribution" in e.reasons[0]
    # a not-shipped GPL component: were it shipped it would be no, and the scan says so
    r = scan(lib, inv, "MIT")
    # against MIT, Apache-2.0 / MIT / BSD dependencies are fine; only the GPL one is not
    assert {e.component.name for e in r.entries if e.verdict.value == "no"} == {"boolean.py"}
    d = r.to_json()
    pip = next(c for c in d["components"] if c["name"] == "pip")
    assert pip["shipped"] is False and pip["scope"] == "excluded" and "if_shipped" in pip
    assert any("not shipped" in n for n in d["notes"])


def test_evidence_licenses_are_read_when_nothing_is_declared(lib):
    inv = read_inventory(CDX / "spec-valid-evidence-1.7.json", known_names(lib))
    by = {c.name: c for c in inv.components}
    findbugs = by["com.google.code.findbugs:findbugs-project"]
    assert findbugs.basis == "declared"  # it declares LGPL-3.0-or-later: evidence unused
    assert [d.expression for d in findbugs.declared] == ["LGPL-3.0-or-later"]
    example = by["com.example:example-project"]
    assert example.declared == [] and example.note == "no license declared"


def test_evidence_that_differs_from_the_declared_license_is_named(tmp_path, lib):
    """The spec's 1.7 example: findbugs declares LGPL-3.0-or-later, its evidence found
    Apache-2.0 and LGPL-2.1-only; the declared license is judged, the evidence is said."""
    path = CDX / "spec-valid-evidence-1.7.json"
    by = {c.name: c.evidence for c in read_inventory(path, known_names(lib)).components}
    assert by == {"com.google.code.findbugs:findbugs-project": ["Apache-2.0", "LGPL-2.1-only"],
                  "com.example:example-project": []}
    doc = json.loads(run("scan", str(path), "--outbound", "MIT", "--json").output)
    assert {c["name"]: c.get("evidence") for c in doc["components"]} == {
        "com.google.code.findbugs:findbugs-project": ["Apache-2.0", "LGPL-2.1-only"],
        "com.example:example-project": None}
    text = CliRunner(env={"COLUMNS": "100"}).invoke(
        main, ["scan", str(path), "--outbound", "MIT"]).output
    assert "LGPL-3.0-or-later (evidence found: Apache-2.0, LGPL-2.1-only)" in " ".join(
        text.split())
    # evidence that agrees with what is judged is not repeated
    agree = json.loads(path.read_text())
    agree["components"][0]["licenses"] = agree["components"][0]["evidence"]["licenses"]
    inv = read_inventory(write(tmp_path, "agree.json", json.dumps(agree)), known_names(lib))
    assert inv.components[0].evidence == []


def test_evidence_only_component(tmp_path, lib):
    doc = json.loads((CDX / "spec-valid-evidence-1.7.json").read_text())
    del doc["components"][0]["licenses"]
    inv = read_inventory(write(tmp_path, "e.json", json.dumps(doc)), known_names(lib))
    c = next(c for c in inv.components if c.name.endswith("findbugs-project"))
    assert c.basis == "evidence"
    assert [d.expression for d in c.declared] == ["Apache-2.0", "LGPL-2.1-only"]
    d = scan(lib, inv, "Apache-2.0").to_json()
    assert next(x for x in d["components"] if x["name"].endswith("findbugs-project"))[
        "basis"] == "evidence"


def test_services_are_listed_and_not_shipped(lib):
    inv = read_inventory(CDX / "spec-valid-service-1.7.json", known_names(lib))
    svc = next(c for c in inv.components if c.kind == "service")
    assert svc.name == "org.partner:Stock ticker service" and not svc.shipped
    r = scan(lib, inv, "Apache-2.0")
    e = next(e for e in r.entries if e.component.kind == "service")
    # "Partner license" is nobody's id: unrecognised, were it shipped; not shipped: yes
    assert e.status == "not shipped" and e.if_shipped is not None
    assert e.if_shipped.value == "unknown" and "service" in e.reasons[0]
    assert r.verdict.value == "yes"


@pytest.mark.parametrize(("text", "message"), [
    ('{"bomFormat": "CycloneDX", "specVersion": "1.1", "components": []}',
     "specVersion 1.1 is not supported"),
    ('<?xml version="1.0"?><bom xmlns="http://cyclonedx.org/schema/bom/1.1" version="1">'
     "<components/></bom>", "XML specVersion 1.1 is not supported"),
    ('<?xml version="1.0"?><!DOCTYPE bom [<!ENTITY a "aaaa">]><bom '
     'xmlns="http://cyclonedx.org/schema/bom/1.6">&a;</bom>', "document type declaration"),
    ('<?xml version="1.0"?><bom xmlns="http://cyclonedx.org/schema/bom/1.6"><components>',
     "malformed XML"),
    ('<?xml version="1.0"?><project><name>x</name></project>', "not a CycloneDX BOM"),
    ('{"bomFormat": "CycloneDX", "specVersion": "1.6", "components": [{"type": "nonsense", '
     '"name": "x"}]}', "not a valid CycloneDX 1.6 document"),
])
def test_unreadable_documents_say_what_they_are(tmp_path, text, message):
    p = write(tmp_path, "bom.xml" if text.startswith("<") else "bom.json", text)
    r = run("scan", str(p), "--outbound", "MIT")
    assert r.exit_code == 2 and message in r.output, r.output
    assert "malformed JSON" not in r.output


def test_concluded_entries_win_in_xml_1_7(lib):
    """The spec's own 1.7 example: declared ids and names beside a concluded expression."""
    inv = read_inventory(CDX / "spec-valid-license-declared-concluded-mix-1.7.xml",
                         known_names(lib))
    by = {c.name: c for c in inv.components}
    assert {n: ([d.raw for d in c.declared], c.basis) for n, c in by.items()} == {
        "com.example:situation-A": (["(MIT OR PostgreSQL OR Apache-2.0)"], "concluded"),
        "com.example:situation-B": (["(GPL-3.0-only AND LGPL-2.0-only)"], "concluded"),
        "com.example:situation-C": (["GPL-3.0-only"], "concluded"),
    }


def test_a_concluded_license_names_the_declared_ones_it_replaces(lib):
    """Declared vs concluded stays visible: the declared entries (the spec's 1.7 example, as
    the XML writes them) beside the concluded license judged, in the JSON and the text."""
    path = CDX / "spec-valid-license-declared-concluded-mix-1.7.xml"
    by = {c.name: c.replaced for c in read_inventory(path, known_names(lib)).components}
    assert by == {"com.example:situation-A": ["MIT", "PostgreSQL", "Apache Software License"],
                  "com.example:situation-B": ["MIT OR (GPL-3.0 OR GPL-2.0)"],
                  "com.example:situation-C": ["GPL-3.0-or-later OR GPL-2.0"]}
    doc = json.loads(run("scan", str(path), "--outbound", "MIT", "--json").output)
    got = {c["name"]: c.get("declared_replaced") for c in doc["components"]}
    assert got == by
    text = CliRunner(env={"COLUMNS": "100"}).invoke(
        main, ["scan", str(CDX / "cyclonedx-py-1.6-scopes.cdx.json"), "--outbound", "MIT"]).output
    assert "boolean.py@5.0  GPL-3.0-only  (concluded; declared: BSD-2-Clause)" in text
    assert "click@8.5.1  BSD-3-Clause\n" in text  # nothing concluded: nothing said


def test_expression_detailed_of_1_7_is_read(lib):
    inv = read_inventory(CDX / "spec-valid-license-expression-with-licensing-1.7.xml",
                         known_names(lib))
    (c,) = inv.components
    assert c.name == "com.acme:cryptographic-provider"
    assert [d.raw for d in c.declared] == ["LicenseRef-AcmeCommercialLicense"]


def test_components_and_their_licenses_keep_the_documents_order(lib):
    """The library keeps components and licenses in sorted sets; the inventory keeps the
    order the SBOM's author wrote (Keycloak: 903 components, several with two licenses)."""
    import gzip

    path = REALWORLD / "sbom" / "keycloak-10.0.2_bom.json.gz"
    doc = json.loads(gzip.decompress(path.read_bytes()))
    inv = read_inventory(path, known_names(lib))
    written = [[x["license"].get("id") or x["license"].get("name") for x in c.get("licenses", [])]
               for c in doc["components"]]
    assert [[d.raw for d in c.declared] for c in inv.components] == written
    assert sum(len(w) > 1 for w in written) >= 10  # the order is tested, not assumed
