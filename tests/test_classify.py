"""``liclogic classify``: categories follow from the clauses (the same license changes category
when its clauses change), every reason cites the clauses that decide it, exceptions narrow the
license they patch. Agreement with ScanCode and Google: tests/test_agreement.py."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from liclogic.cli.main import main
from liclogic.lang.library import load_library
from liclogic.queries import categories as cat
from liclogic.queries.classify import classify

from .agreement_categories import classified
from .conftest import write

BASE = """license "LicenseRef-Test" {
  name "Test"
  kind software
  derivative modified, patch, static_link, embed cite "§0" "derived works"
%s
}
"""


def spec(body: str) -> str:
    """The test license with these clauses, each cited (every clause must be)."""
    lines = [ln if " cite " in ln else f'{ln} cite "§1" "a test clause"'
             for ln in body.split("\n")]
    return BASE % "\n".join(f"  {ln.strip()}" for ln in lines)

# Each spec body and the category its clauses make; the license id stays the same.
CASES = [
    ('permit any', "permissive"),  # asks nothing, but keeps its copyright: a license
    ('permit any\n  disclaims copyright', "public-domain"),  # a dedication
    ('permit any\n  disclaims copyright\n  require notice when act == distribute', "permissive"),
    ('permit any\n  require notice when act in {distribute, sell}', "permissive"),
    ('permit any\n  require notice, same_license when act in {distribute, sell}',
     "strong-copyleft"),
    ('permit any\n  require same_license when act in {distribute, sell} and relation == modified'
     ' and form == source\n  require source_available when act in {distribute, sell} and'
     ' form != source', "weak-copyleft-file"),
    ('permit any\n  require same_license when act in {distribute, sell} and relation in'
     ' {verbatim, modified}', "weak-copyleft-library"),
    ('permit any\n  require source_available when act == host and relation != verbatim',
     "network-copyleft"),
    ('permit any\n  forbid any when commercial', "non-commercial"),
    ('permit any\n  forbid use when purpose == military', "use-restricted"),
    ('permit any\n  forbid use, host when production_use', "source-available"),
    ('permit use, reproduce, distribute', "source-available"),  # no modified versions
    ('permit use', "proprietary-free"),
]


@pytest.mark.parametrize(("body", "category"), CASES)
def test_the_category_follows_from_the_clauses(tmp_path, body, category):
    lib = load_library(extra=[write(tmp_path, "t.lic", spec(body))])
    got = classify(lib, "LicenseRef-Test")
    assert got.category == category, (got.rule, {n: a.holds for n, a in got.answers.items()})


def test_every_bundled_license_has_a_category_and_cited_reasons(lib):
    for lid in sorted(i for i in lib.licenses if " WITH " not in i):
        got = classified(lib, lid)
        assert got.category in cat.CATEGORIES, lid
        for reason in got.reasons:
            assert reason.holds is not None, (lid, reason.name)
            if reason.holds:  # a yes rests on clauses of the license (or of its base)
                assert reason.clauses, (lid, reason.name)
                assert all(c.section for c in reason.clauses), (lid, reason.name)
        for flag in got.flags:
            assert flag.clauses, (lid, flag.name)


def test_a_no_cites_the_clauses_that_rule_it_out(lib):
    nc = classified(lib, "CC-BY-NC-4.0")
    commercial = nc.answers["grants_commercial_use"]
    assert commercial.holds is False
    assert any("NonCommercial" in (c.quote or "") for c in commercial.clauses)


@pytest.mark.parametrize(("name", "expected"), [
    ("Classpath-exception-2.0", "weak-copyleft-library"),
    ("GPL-2.0-only WITH Classpath-exception-2.0", "weak-copyleft-library"),
    ("GCC-exception-3.1", "weak-copyleft-library"),
    ("LLVM-exception", "permissive"),
])
def test_an_exception_is_classified_with_the_license_it_patches(lib, name, expected):
    got = classify(lib, name)
    assert got.category == expected
    assert got.via and " WITH " in got.via


def test_public_domain_needs_a_dedication_in_the_text(lib):
    """CC0's waiver, the Unlicense's and PDDL's dedications are public domain, cited; 0BSD
    and MIT-0 ask nothing too, but keep their copyright: permissive (Google's unencumbered
    still covers them, by the pack's no-conditions rule over ``any_duty``)."""
    from liclogic.queries.policy_packs import load_pack

    for lid, section in (("CC0-1.0", "§2"), ("Unlicense", "¶3"), ("PDDL-1.0", "§3.1")):
        got = classified(lib, lid)
        assert got.category == "public-domain", lid
        dedication = got.answers["dedication"]
        assert dedication.witness is None  # a declaration, of no scenario in particular
        assert [c.section for c in dedication.clauses] == [section]
    for lid in ("0BSD", "MIT-0", "WTFPL"):
        got = classified(lib, lid)
        assert got.category == "permissive" and got.answers["dedication"].holds is False
        assert not got.answers["any_duty"].holds
        rule = load_pack("google").decide(got)
        assert rule is not None and rule.outcome == "unencumbered", lid
    assert load_pack("google").decide(classified(lib, "MIT")).outcome == "notice"


def test_flags(lib):
    assert {a.name for a in classified(lib, "Apache-2.0").flags} >= {
        "patent_grant", "patent_retaliation", "attribution"}
    assert "advertising_clause" in {a.name for a in classified(lib, "BSD-4-Clause").flags}
    assert "threshold" in {a.name for a in classified(lib, "LicenseRef-Llama-2-Community").flags}
    assert "threshold" not in {a.name for a in classified(lib, "MIT").flags}


def test_cli_json_and_text():
    r = CliRunner().invoke(main, ["classify", "MIT", "AGPL-3.0-only", "--json"])
    assert r.exit_code == 0, r.output
    doc = json.loads(r.output)
    assert doc["check"] == "classify" and doc["tool"]["name"] == "liclogic"
    data = doc["licenses"]
    assert [d["category"] for d in data] == ["permissive", "network-copyleft"]
    assert data[1]["reasons"][0]["clauses"][0]["section"] == "§13"
    r = CliRunner().invoke(main, ["classify", "CC-BY-NC-4.0"])
    assert "non-commercial" in r.output and "does not grant commercial use" in r.output


def test_cli_errors():
    r = CliRunner().invoke(main, ["classify"])
    assert r.exit_code == 2 and "--all" in r.output
    r = CliRunner().invoke(main, ["classify", "MIT OR Apache-2.0"])
    assert r.exit_code == 2 and "one license" in r.output


def test_docs_example_is_what_the_command_prints():
    from pathlib import Path

    doc = (Path(__file__).parents[1] / "docs" / "categories.md").read_text(encoding="utf-8")
    block = doc.split("```\n$ liclogic ", 1)[1].split("```", 1)[0]
    command, expected = block.split("\n", 1)
    r = CliRunner().invoke(main, command.split(), env={"COLUMNS": "100"})
    assert r.exit_code == 0
    assert r.output == expected


def test_encumbers_separates_a_copyleft_that_only_keeps_its_own_terms(lib):
    """The SSLeay clause and the OFL keep their terms on their own code, ask no source and
    reach nothing linked with them; CC BY-SA (adaptations) and the LGPL (source) do more.
    Google's pack reads the first as notice ("without endangering or encumbering our source
    code"), the others as restricted."""
    from liclogic.queries.policy_packs import load_pack

    google = load_pack("google")
    for lid, encumbers, outcome in (("OpenSSL", False, "notice"), ("OFL-1.1", False, "notice"),
                                    ("CC-BY-SA-4.0", True, "restricted"),
                                    ("LGPL-2.1-only", True, "restricted"),
                                    ("MPL-2.0", True, "reciprocal")):
        got = classified(lib, lid)
        assert got.answers["encumbers"].holds is encumbers, lid
        rule = google.decide(got)
        assert rule is not None and rule.outcome == outcome, (lid, rule)
    assert classified(lib, "LGPL-2.1-only").answers["encumbers"].clauses
