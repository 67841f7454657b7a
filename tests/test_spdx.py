"""SPDX 2.2/2.3 in every serialisation (JSON, YAML, tag-value, RDF/XML, XML) with spdx-tools and
SPDX 3.0.1 JSON-LD with spdx-python-model, on real files (tests/data/sbom/spdx/PROVENANCE.md):
the same components whatever the serialisation, LicenseRef- read symbol by symbol, NOASSERTION /
NONE, dev and test dependencies not shipped, and errors that say what a document is."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from liclogic.audit.scan import scan
from liclogic.cli.main import main
from liclogic.inputs.dispatch import read_inventory
from liclogic.inputs.resolve import known_names

from .conftest import DATA, write

SPDX = DATA / "sbom" / "spdx"
# what the packages' own metadata declares (their PKG-INFO), as sbom4python wrote it
DECLARED = {"certifi": "MPL-2.0", "charset-normalizer": "MIT", "idna": "BSD-3-Clause",
            "urllib3": "MIT"}


def run(*args):
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    assert "Traceback" not in result.output
    return result


@pytest.mark.parametrize(("name", "fmt"), [
    ("sbom4python-requests.spdx.json", "SPDX-2.3 JSON"),
    ("sbom4python-requests.spdx.yaml", "SPDX-2.3 YAML"),
    ("sbom4python-requests.spdx", "SPDX-2.3 tag-value"),
    ("pyspdxtools-requests.spdx.rdf.xml", "SPDX-2.3 RDF/XML"),
    ("pyspdxtools-requests.spdx.xml", "SPDX-2.3 XML"),
    ("sbom4python-requests-3.0.1.spdx.jsonld", "SPDX 3.0 JSON-LD"),
])
def test_every_serialisation_reads_the_same_packages(lib, name, fmt):
    inv = read_inventory(SPDX / name, known_names(lib))
    assert inv.format == fmt
    assert {c.name: c.declared[0].expression for c in inv.components} == DECLARED
    assert all(c.basis == "concluded" for c in inv.components)
    assert inv.project is not None and inv.project.name == "requests"
    text = (SPDX / name).read_text().splitlines()
    for c in inv.components:  # each package points at the line of its id (SARIF locations)
        assert c.line is not None, c
        assert c.name in " ".join(text[c.line - 1:c.line + 2]) or "SPDXRef" in text[c.line - 1]
    r = scan(lib, inv)
    # Apache-2.0 is requests' own license; MPL-2.0's file-level copyleft lets certifi be
    # built in unmodified (static_link)
    assert r.outbound == "Apache-2.0" and r.counts()["yes"] == 4, r.to_json()


DOC = """SPDXVersion: SPDX-2.3
DataLicense: CC0-1.0
SPDXID: SPDXRef-DOCUMENT
DocumentName: refs
DocumentNamespace: https://example.org/refs
Creator: Tool: hand
Created: 2026-12-03T00:00:00Z

PackageName: app
SPDXID: SPDXRef-app
PackageDownloadLocation: NOASSERTION
FilesAnalyzed: false
PackageLicenseConcluded: Apache-2.0
PackageLicenseDeclared: Apache-2.0

PackageName: both
SPDXID: SPDXRef-both
PackageDownloadLocation: NOASSERTION
FilesAnalyzed: false
PackageLicenseConcluded: LicenseRef-foo AND LicenseRef-foo-2
PackageLicenseDeclared: NOASSERTION

PackageName: declared-only
SPDXID: SPDXRef-declared
PackageDownloadLocation: NOASSERTION
FilesAnalyzed: false
PackageLicenseConcluded: NOASSERTION
PackageLicenseDeclared: MIT AND BSD-3-Clause

PackageName: nothing
SPDXID: SPDXRef-nothing
PackageDownloadLocation: NOASSERTION
FilesAnalyzed: false
PackageLicenseConcluded: NOASSERTION
PackageLicenseDeclared: NOASSERTION

PackageName: none
SPDXID: SPDXRef-none
PackageDownloadLocation: NOASSERTION
FilesAnalyzed: false
PackageLicenseConcluded: NONE
PackageLicenseDeclared: NONE

PackageName: pytest
SPDXID: SPDXRef-pytest
PackageDownloadLocation: NOASSERTION
FilesAnalyzed: false
PackageLicenseConcluded: GPL-3.0-only

LicenseID: LicenseRef-foo
ExtractedText: <text>Permission is hereby granted, free of charge, ...</text>
LicenseName: MIT License

LicenseID: LicenseRef-foo-2
ExtractedText: <text>Licensed under the Apache License, Version 2.0 ...</text>
LicenseName: The Apache Software License, Version 2.0

Relationship: SPDXRef-DOCUMENT DESCRIBES SPDXRef-app
Relationship: SPDXRef-pytest TEST_DEPENDENCY_OF SPDXRef-app
"""


def test_license_refs_are_read_symbol_by_symbol_and_noassertion_is_no_license(tmp_path, lib):
    inv = read_inventory(write(tmp_path, "refs.spdx", DOC), known_names(lib))
    by = {c.name: c for c in inv.components}
    assert inv.project is not None and inv.project.name == "app"
    # LicenseRef-foo inside LicenseRef-foo-2 is not replaced (it once gave "(MIT)-2")
    both = by["both"].declared[0]
    assert both.expression == "MIT AND Apache-2.0", both
    assert "LicenseRef-foo-2 ('The Apache Software License, Version 2.0') read as Apache-2.0" \
        in both.how
    assert by["declared-only"].basis == "declared"
    assert by["declared-only"].declared[0].expression == "MIT AND BSD-3-Clause"
    assert by["nothing"].declared == [] and "NOASSERTION" in by["nothing"].note
    assert by["none"].note == "no license (NONE)"
    assert not by["pytest"].shipped and by["pytest"].scope == "test"
    r = scan(lib, inv)
    e = {x.component.name: x for x in r.entries}
    assert e["both"].verdict.value == "yes" and e["nothing"].status == "no license"
    # GPL-3.0-only into Apache-2.0 would be no; a test dependency is not shipped
    assert e["pytest"].status == "not shipped" and e["pytest"].if_shipped.value == "no"
    assert r.verdict.value == "unknown"  # the two packages without a license


def test_the_same_document_as_json_through_the_library(tmp_path, lib):
    from spdx_tools.spdx.parser.tagvalue.parser import Parser
    from spdx_tools.spdx.writer.json.json_writer import write_document_to_file

    doc = Parser().parse(DOC)
    out = tmp_path / "refs.spdx.json"
    write_document_to_file(doc, str(out), validate=False)
    inv = read_inventory(out, known_names(lib))
    by = {c.name: c for c in inv.components}
    assert by["both"].declared[0].expression == "MIT AND Apache-2.0"
    assert by["pytest"].scope == "test" and inv.format == "SPDX-2.3 JSON"


def test_spdx3_none_license_and_expanded_sets(tmp_path, lib):
    doc = json.loads((SPDX / "sbom4python-requests-3.0.1.spdx.jsonld").read_text())
    graph = doc["@graph"]
    for el in graph:  # idna's concluded license: a disjunctive set; urllib3's: NoneLicense
        if el["type"] == "simplelicensing_LicenseExpression" and "idna-licenseConcluded" in \
                el["spdxId"]:
            el.clear()
            el.update({"type": "expandedlicensing_DisjunctiveLicenseSet",
                       "spdxId": "https://example.org/idna-set",
                       "creationInfo": "_:CreationInfo0",
                       "expandedlicensing_member": ["http://spdx.org/licenses/MIT",
                                                    "http://spdx.org/licenses/0BSD"]})
        if el["type"] == "Relationship" and el["spdxId"].endswith("idna-licenseConcluded-rel"):
            el["to"] = ["https://example.org/idna-set"]
        if el["type"] == "Relationship" and "urllib3-license" in el["spdxId"]:
            el["to"] = ["https://spdx.org/rdf/3.0.1/terms/Expanded"
                        "Licensing/NoneLicense"]
    inv = read_inventory(write(tmp_path, "d.spdx.jsonld", json.dumps(doc)), known_names(lib))
    by = {c.name: c for c in inv.components}
    assert by["idna"].declared[0].expression == "MIT OR 0BSD"
    assert by["urllib3"].declared == [] and by["urllib3"].note == "no license (NONE)"


@pytest.mark.parametrize(("name", "text", "message"), [
    ("old.spdx", "SPDXVersion: SPDX-1.2\nDataLicense: CC0-1.0\n", "SPDX-1.2 is not supported"),
    ("d.spdx.json", '{"spdxVersion": "SPDX-2.3", "SPDXID": "SPDXRef-DOCUMENT"}',
     "not a valid SPDX document"),
    ("d.rdf.xml", '<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aa">]><rdf:RDF xmlns:rdf='
     '"http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:spdx="http://spdx.org/rdf/terms#">'
     "&a;</rdf:RDF>", "document type declaration"),
    ("d.yaml", "name: not an sbom\n", "a YAML document that is not an SPDX document"),
    ("hooks.yaml", "- id: x\n  entry: y\n", "a YAML document that is not an SPDX document"),
    ("d.yaml", "a: [\n", "not valid YAML"),
    # a license text, or a binary file, is said to be what it is, not "invalid YAML"
    ("LICENSE", "MIT License\n\nPermission is hereby granted, free of charge, to any person "
     "obtaining a copy\nof this software, to deal in the Software subject to the following "
     "conditions:\n\n  The above copyright notice: included.\n",
     "a text document that is neither JSON nor XML"),
    ("LICENSE.txt", "just words\n", "a text document that is neither JSON nor XML"),
    ("blob.bin", "hello\x00\x01\x02", "a binary file"),
    ("d.jsonld", '{"@context": "https://spdx.org/rdf/3.0.0/spdx-context.jsonld", "@graph": []}',
     "Unknown context URL"),
])
def test_unreadable_documents_say_what_they_are(tmp_path, name, text, message):
    r = run("scan", str(write(tmp_path, name, text)), "--outbound", "MIT")
    assert r.exit_code == 2 and message in r.output, r.output
    assert "malformed JSON" not in r.output
    if name != "d.spdx.json" and "DOCTYPE" not in text:  # and what is supported
        assert "hint: liclogic reads" in r.output, r.output
