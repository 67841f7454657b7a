"""scan carries the licensor declarations an SBOM states (issue 15): EPL-2.0's Secondary
License designation (§3.2(a), Exhibit A) has no SPDX id of its own; SPDX writes a designated
work as ``EPL-2.0 OR GPL-2.0-or-later`` (the Eclipse Foundation's own recommendation), which
the scan reads through the OR, and a component under plain ``EPL-2.0`` depends on the
declaration, as ``compat EPL-2.0 GPL-2.0-only`` does, instead of a bare no."""

from __future__ import annotations

import json

from click.testing import CliRunner
from liclogic.cli.main import main

from .conftest import write


def test_an_sbom_states_the_secondary_license_or_the_answer_depends_on_it(tmp_path):
    bom = {"bomFormat": "CycloneDX", "specVersion": "1.6", "components": [
        {"name": "plain", "version": "1", "licenses": [{"license": {"id": "EPL-2.0"}}]},
        {"name": "designated", "version": "1", "licenses": [
            {"expression": "EPL-2.0 OR GPL-2.0-or-later WITH Classpath-exception-2.0"}]},
        {"name": "mpl-exhibit-b", "version": "1", "licenses": [
            {"license": {"id": "MPL-2.0-no-copyleft-exception"}}]},
    ]}
    p = write(tmp_path, "bom.json", json.dumps(bom))
    r = CliRunner().invoke(main, ["scan", str(p), "--outbound", "GPL-2.0-only", "--json"])
    by = {c["name"]: c for c in json.loads(r.output)["components"]}
    assert by["plain"]["verdict"] == "depends"
    reason = " ".join(by["plain"]["reasons"])
    assert "Exhibit A" in reason and "EPL-2.0 §3.2(a)" in reason
    assert "An SBOM states it as EPL-2.0 OR GPL-2.0-or-later" in reason
    assert by["designated"]["verdict"] == "yes"
    assert by["designated"]["chosen"] == "GPL-2.0-or-later WITH Classpath-exception-2.0"
    # MPL-2.0 Exhibit B has its SPDX id: "Incompatible With Secondary Licenses" (§1.5, §3.3)
    assert by["mpl-exhibit-b"]["verdict"] == "no"


def test_a_declaration_that_changes_nothing_leaves_the_verdict(tmp_path):
    bom = {"bomFormat": "CycloneDX", "specVersion": "1.6", "components": [
        {"name": "plain", "version": "1", "licenses": [{"license": {"id": "EPL-2.0"}}]}]}
    p = write(tmp_path, "bom.json", json.dumps(bom))
    r = CliRunner().invoke(main, ["scan", str(p), "--outbound", "EPL-2.0", "--json"])
    assert json.loads(r.output)["components"][0]["verdict"] == "yes"
