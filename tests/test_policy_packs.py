"""Policy packs (``--policy asf|google|osi-fsf``): rules over derived categories that name the
deciding rule and say they are policy, not law; the packs' agreement with the organisations'
own lists is in tests/test_agreement.py."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from liclogic.cli.main import main
from liclogic.lang.library import load_library
from liclogic.queries import categories as cat
from liclogic.queries.policy_packs import load_pack, pack_names, policy_answer

from .conftest import REALWORLD, write
from .test_classify import spec


def run(*args: str):
    return CliRunner().invoke(main, list(args), env={"COLUMNS": "100"})


def test_the_law_stays_depends_and_the_asf_says_category_x():
    law = run("compat", "LGPL-2.1-only", "Apache-2.0")
    assert law.exit_code == 3
    pol = run("compat", "LGPL-2.1-only", "Apache-2.0", "--policy", "asf")
    assert pol.exit_code == 1, pol.output
    assert "Category X" in pol.output and "a policy, not the law" in pol.output
    assert "Rule copyleft-reaches-the-product" in pol.output
    assert "LGPL-2.1-only §6" in pol.output  # the clause behind the rule
    assert "The law" in pol.output and "DEPENDS" in pol.output


@pytest.mark.parametrize(("form", "code"), [("object", 0), ("source", 1), (None, 3)])
def test_category_b_only_in_binary_form(form, code):
    args = ["compat", "MPL-2.0", "Apache-2.0", "--policy", "asf"]
    r = run(*args, *(["--form", form] if form else []))
    assert r.exit_code == code, r.output
    assert "Category B" in r.output


@pytest.mark.parametrize(("form", "labelled"), [("object", True), ("source", False)])
def test_category_b_asks_the_inclusion_labelled(form, labelled):
    """The ASF's words: Category B software "may be included in binary form within an Apache
    product if the inclusion is appropriately labeled"; a no asks nothing."""
    r = run("compat", "MPL-2.0", "Apache-2.0", "--policy", "asf", "--form", form, "--json")
    conditions = json.loads(r.output)["licenses"][0]["conditions"]
    assert bool(conditions) is labelled
    if labelled:
        assert "appropriately labeled" in conditions[0]["quote"]
        assert "label the inclusion" in conditions[0]["what"]
    text = run("compat", "MPL-2.0", "Apache-2.0", "--policy", "asf", "--form", form)
    assert ("on condition: label the inclusion" in text.output) is labelled


def test_category_a_asks_for_the_attribution_terms(lib):
    a = policy_answer(lib, load_pack("asf"), "BSD-3-Clause")
    assert a.outcome.name == "A"
    assert [c.quote.split(",")[0] for c in a.conditions] == [
        "Many of these licenses have specific attribution terms that need to be adhered to"]
    assert not policy_answer(lib, load_pack("asf"), "GPL-3.0-only").conditions  # X


def test_json_keeps_policy_and_law_apart():
    r = run("combine", "MIT", "GPL-3.0-only", "--policy", "google", "--json")
    data = json.loads(r.output)
    assert data["note"] == "a policy, not the law" and data["verdict"] == "no"
    by = {a["license"]: a for a in data["licenses"]}
    assert by["MIT"]["outcome"] == "notice"
    assert by["GPL-3.0-only"]["outcome"] == "restricted" and by["GPL-3.0-only"]["evidence"]
    assert data["law"]["verdict"] == "yes"  # the law: both can go out under GPL-3.0
    assert r.exit_code == 1


def test_unknown_pack_is_an_error_with_the_nearest_name():
    r = run("compat", "MIT", "Apache-2.0", "--policy", "asff")
    assert r.exit_code == 2 and "did you mean asf" in r.output


def test_scan_takes_a_pack():
    r = run("scan", str(REALWORLD / "sbom" / "laravel-7.12.0_bom.1.4.json"), "--outbound",
            "Apache-2.0", "--policy", "osi-fsf", "--json")
    assert r.exit_code == 0, r.output
    data = json.loads(r.output)
    assert data["policy"]["verdict"] == "yes"
    assert set(data["policy"]["licenses"]) == {"Apache-2.0", "BSD-3-Clause", "MIT"}


@pytest.mark.parametrize("name", pack_names())
def test_every_pack_is_well_formed(lib, name):
    pack = load_pack(name)
    assert pack.source and pack.expected and pack.expected_source
    for rule in pack.rules:
        assert rule.outcome in pack.outcomes, rule.id
        assert set(rule.category) <= set(cat.CATEGORIES) | {"other"}, rule.id
        assert all(p.removeprefix("not:") in cat.BY_NAME for p in rule.properties), rule.id
        assert set(rule.flags) <= set(cat.FLAGS), rule.id
    for outcome, ids in pack.expected.items():
        assert outcome in pack.outcomes
        for lid in ids:  # every expectation names a library license (or L WITH E)
            assert lid in lib or " WITH " in lid, lid


@pytest.mark.parametrize(("body", "asf", "google"), [
    ("permit any", "A", "unencumbered"),
    ("permit any\n  require notice when act in {distribute, sell}", "A", "notice"),
    ("permit any\n  forbid any when commercial", "X", "forbidden"),
    ("permit any\n  require same_license, notice when act in {distribute, sell}", "X",
     "restricted"),
])
def test_the_outcome_follows_from_the_clauses(tmp_path, body, asf, google):
    lib = load_library(extra=[write(tmp_path, "t.lic", spec(body))])
    assert policy_answer(lib, load_pack("asf"), "LicenseRef-Test").outcome.name == asf
    assert policy_answer(lib, load_pack("google"), "LicenseRef-Test").outcome.name == google


def test_docs_example_is_what_the_command_prints():
    from pathlib import Path

    doc = (Path(__file__).parents[1] / "docs" / "policies.md").read_text(encoding="utf-8")
    block = doc.split("```\n$ liclogic ", 1)[1].split("...\n```", 1)[0]
    command, expected = block.split("\n", 1)
    r = run(*command.split())
    assert r.output.startswith(expected)
