"""liclogic notice: the attribution file the duties call for, checked against the license
texts' own duty clauses and the SBOM's own copyright data (never invented)."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from liclogic.audit.notice import NOT_STATED, notice_for_inventory, notice_for_licenses, render
from liclogic.audit.scan import NOT_SHIPPED, scan
from liclogic.cli.main import main
from liclogic.engine.result import Verdict
from liclogic.inputs.dispatch import read_inventory
from liclogic.inputs.resolve import known_names
from liclogic.lang.texts import bundled_text_path

from .conftest import REALWORLD, write

KEYCLOAK = REALWORLD / "sbom" / "keycloak-10.0.2_bom.json.gz"
# the MIT text's own duty (texts/MIT.txt, ¶2), the clause the notice must cite for MIT
MIT_DUTY = "The above copyright notice and this permission notice shall be included"


def run(*args):
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    assert "Traceback" not in result.output
    return result


@pytest.fixture(scope="module")
def keycloak(lib):
    inv = read_inventory(KEYCLOAK, known_names(lib))
    return inv, notice_for_inventory(lib, inv)


def test_keycloak_notice_has_each_text_once_and_a_section_per_owing_component(lib, keycloak):
    inv, notice = keycloak
    text = render(notice)
    apache = bundled_text_path("Apache-2.0").read_text()
    assert text.count(apache.strip()) == 1  # the whole Apache-2.0 text, exactly once
    assert text.count("TERMS AND CONDITIONS FOR USE, REPRODUCTION, AND DISTRIBUTION") == 1
    # one section per shipped component with a yes whose license asks for attribution
    result = scan(lib, inv, explain=False)
    yes = [e.component.label for e in result.entries if e.status != NOT_SHIPPED
           and e.verdict in (Verdict.YES, Verdict.DEPENDS) and e.expression]
    names = [s.name for s in notice.sections]
    assert len(names) == len(set(names))
    assert set(names) | set(notice.no_duties) == set(yes)
    for s in notice.sections:
        assert f"== {s.name}\n" in text
        # Keycloak's SBOM states no copyright: said, never made up
        assert s.copyright is None
    assert text.count(f"Copyright: {NOT_STATED}") == len(notice.sections)
    # components without a license are listed, not dropped, and the notice is incomplete
    assert notice.not_covered and not notice.complete


def test_mit_notice_cites_paragraph_2_and_carries_its_text(lib):
    mit = bundled_text_path("MIT").read_text()
    assert MIT_DUTY in " ".join(mit.split())  # the outside source: the license's own words
    notice = notice_for_licenses(lib, ["MIT"])
    (section,) = notice.sections
    kinds = {d["duty"] for d in section.duties}
    assert kinds == {"notice", "license_copy"}
    for d in section.duties:
        assert any(MIT_DUTY in b["quote"] and b["cite"] == "¶2" for b in d["because"])
    text = render(notice)
    assert text.count(mit.strip()) == 1 and "[MIT ¶2]" in text
    assert notice.complete


def test_apache_notice_has_its_text_and_the_state_changes_note(lib):
    notice = notice_for_licenses(lib, ["Apache-2.0"])
    duties = {d["duty"]: d for d in notice.sections[0].duties}
    assert {"license_copy", "notice", "state_changes"} <= set(duties)
    assert duties["license_copy"]["because"][0]["cite"] == "§4(a)"
    assert duties["state_changes"]["because"][0]["cite"] == "§4(b)"


def test_llama_notice_says_built_with_llama(lib):
    notice = notice_for_licenses(lib, ["LicenseRef-Llama-3.1-Community"])
    text = render(notice, markdown=True)
    assert "Built with Llama" in text and "§1.b.i" in text
    assert "## LicenseRef-Llama-3.1-Community" in text and "```text" in text


def test_sbom_copyright_lines_are_copied_verbatim(lib, tmp_path):
    doc = {"bomFormat": "CycloneDX", "specVersion": "1.6", "version": 1,
           "metadata": {"component": {"type": "application", "name": "app",
                                      "licenses": [{"license": {"id": "Apache-2.0"}}]}},
           "components": [
               {"type": "library", "name": "a", "version": "1",
                "copyright": "Copyright (c) 2019 Ada Lovelace",
                "licenses": [{"license": {"id": "MIT"}}]},
               {"type": "library", "name": "b", "version": "2",
                "licenses": [{"license": {"id": "BSD-3-Clause"}}]},
               {"type": "library", "name": "t", "version": "3", "scope": "excluded",
                "licenses": [{"license": {"id": "MIT"}}]}]}
    path = write(tmp_path, "bom.json", json.dumps(doc))
    notice = notice_for_inventory(lib, read_inventory(path, known_names(lib)))
    got = {s.name: s.copyright for s in notice.sections}
    assert got == {"a@1": "Copyright (c) 2019 Ada Lovelace", "b@2": None}  # t: not shipped
    text = render(notice)
    assert "Copyright: Copyright (c) 2019 Ada Lovelace" in text
    assert f"Copyright: {NOT_STATED}" in text


def test_cli_missing_text_is_said_and_exits_non_zero(tmp_path):
    out = tmp_path / "NOTICE"
    r = run("notice", "-l", "LicenseRef-Falcon-180B-TII-1.0", "--output", str(out))
    assert r.exit_code == 1
    assert "no text at hand for LicenseRef-Falcon-180B-TII-1.0" in r.output
    assert "is not at hand" in out.read_text()
    r = run("notice", "-l", "MIT", "--format", "json")
    assert r.exit_code == 0 and json.loads(r.output)["complete"] is True
    r = run("notice")
    assert r.exit_code == 2 and "give a PATH" in r.output
