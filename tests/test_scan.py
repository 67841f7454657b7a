"""liclogic scan: SBOMs, CSVs, Python metadata and model cards against an outbound license."""

from __future__ import annotations

import json
from importlib import metadata

import pytest
from click.testing import CliRunner
from liclogic.audit.policy import policy_from
from liclogic.audit.scan import scan
from liclogic.cli.main import main
from liclogic.inputs.dispatch import read_inventory
from liclogic.inputs.pyenv import distribution_component
from liclogic.inputs.resolve import known_names

from .conftest import REALWORLD, write

KEYCLOAK = REALWORLD / "sbom" / "keycloak-10.0.2_bom.json.gz"


def run(*args):
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    assert "Traceback" not in result.output
    return result


@pytest.fixture(scope="module")
def keycloak(lib):
    inv = read_inventory(KEYCLOAK, known_names(lib))
    return scan(lib, inv, explain=False)  # explanations: test_scan_cli_json_and_exit_codes


def test_keycloak_lists_every_component_with_a_verdict_or_an_explicit_entry(keycloak):
    r = keycloak
    assert r.inventory.format == "CycloneDX 1.2" and len(r.entries) == 903
    assert r.outbound == "Apache-2.0" and "metadata" in r.outbound_source
    for e in r.entries:
        assert e.verdict.value in ("yes", "no", "depends", "unknown")
        if e.verdict.value == "unknown":  # never silent: say what is missing
            assert e.status in ("unrecognised", "no spec", "no license"), e
            assert e.reasons
        if e.status == "unrecognised":
            assert e.unrecognised and 'UNRECOGNISED("' in e.expression
    # a Maven SBOM: a list of licenses is the user's choice (Maven's POM rule)
    assert r.inventory.list_op == "OR"
    # far fewer distinct licenses than components, each solved once
    assert r.distinct_expressions < 60 and r.solver_calls < 40
    unrec = r.unrecognised()
    assert "Public Domain" in unrec and "lgpl" in unrec  # raw text kept
    assert sum(r.counts().values()) == 903


def test_keycloak_apache_components_are_yes_and_lgpl_is_not_a_conflict(keycloak):
    by = {(e.component.name, e.component.version): e for e in keycloak.entries}
    e = by[("com.fasterxml.jackson.core:jackson-core", "2.10.1")]
    assert e.verdict.value == "yes" and e.expression == "Apache-2.0"
    lgpl = [e for e in keycloak.entries if e.expression == "LGPL-2.1-or-later"]
    assert lgpl and all(e.verdict.value == "yes" for e in lgpl)  # shipped as-is: static_link


def test_scan_cli_json_and_exit_codes(tmp_path):
    r = run("scan", str(KEYCLOAK), "--json")
    d = json.loads(r.output)
    assert d["check"] == "scan" and d["summary"]["components"] == 903
    assert len(d["components"]) == 903
    for c in d["components"]:
        assert {"name", "version", "declared", "normalized", "verdict", "status",
                "reasons"} <= c.keys()
    assert r.exit_code == {"no": 1, "unknown": 4, "depends": 3, "yes": 0}[d["verdict"]]
    # against GPL-2.0-only the Apache-2.0 components conflict: exit 1
    r = run("scan", str(REALWORLD / "sbom" / "cern-lhc-vdm-editor-e564943_bom.json"),
            "--outbound", "GPL-2.0-only", "--json")
    d = json.loads(r.output)
    assert r.exit_code == 1 and d["summary"]["verdicts"]["no"] >= 1
    no = [c for c in d["components"] if c["verdict"] == "no"]
    assert any("Apache-2.0" in c["normalized"] and "§" in " ".join(c["reasons"]) for c in no)


def test_scan_text_output_lists_components(tmp_path):
    r = run("scan", str(REALWORLD / "sbom" / "laravel-7.12.0_bom.1.4.json"), "--outbound", "MIT")
    assert r.exit_code in (0, 4)
    assert "62 components" in r.output and "laravel:framework" in r.output


@pytest.mark.parametrize(("name", "text", "message"), [
    ("bad.json", '{"bomFormat": "CycloneDX", ', "malformed JSON at line 1"),
    ("old.json", '{"bomFormat": "CycloneDX", "specVersion": "1.1", "components": []}',
     "specVersion 1.1 is not supported"),
    ("other.json", '{"hello": 1}', "neither CycloneDX nor SPDX"),
    ("README.md", "# A model\nno metadata here\n", "no YAML front matter"),
    ("comp.json", '{"bomFormat": "CycloneDX", "specVersion": "1.4", "components": {}}',
     "\"components\" must be a list"),
])
def test_bad_inputs_give_clear_errors(tmp_path, name, text, message):
    p = write(tmp_path, name, text)
    r = run("scan", str(p), "--outbound", "MIT")
    assert r.exit_code == 2 and message in r.output and "error:" in r.output


def test_unknown_outbound_and_missing_file_are_errors(tmp_path):
    r = run("scan", str(KEYCLOAK), "--outbound", "Apache-9.9")
    assert r.exit_code == 2 and "unknown license id" in r.output
    r = run("scan", str(tmp_path / "nope.json"), "--outbound", "MIT")
    assert r.exit_code == 2 and "no such file" in r.output
    r = run("scan", "--outbound", "MIT")
    assert r.exit_code == 2


def test_unknown_license_strings_are_marked_entries(tmp_path, lib):
    bom = {"bomFormat": "CycloneDX", "specVersion": "1.6", "components": [
        {"name": "a", "version": "1", "licenses": [{"license": {"name": "Totally Custom"}}]},
        {"name": "b", "version": "2", "licenses": [{"expression": "MIT OR Frobnicate-1.0"}]},
        {"name": "c", "version": "3"},
        {"name": "d", "version": "4", "licenses": [{"license": {"id": "EUPL-1.2"}}]},
    ]}
    p = write(tmp_path, "bom.json", json.dumps(bom))
    d = json.loads(run("scan", str(p), "--outbound", "Apache-2.0", "--json").output)
    by = {c["name"]: c for c in d["components"]}
    assert by["a"]["status"] == "unrecognised" and by["a"]["unrecognised"] == ["Totally Custom"]
    assert by["b"]["verdict"] == "yes" and by["b"]["chosen"] == "MIT"  # the choice that works
    assert by["c"]["status"] == "no license" and by["c"]["verdict"] == "unknown"
    assert by["d"]["status"] == "no spec" or by["d"]["verdict"] != "unknown"
    assert d["summary"]["unrecognised"] == {"Totally Custom": 1, "Frobnicate-1.0": 1}


def test_cyclonedx_versions_and_nested_components(tmp_path, lib):
    for v in ("1.2", "1.3", "1.4", "1.5", "1.6"):
        bom = {"bomFormat": "CycloneDX", "specVersion": v, "metadata": {
            "tools": {"components": [{"name": "cdxgen"}]},
            "component": {"name": "app", "licenses": [{"license": {"id": "MIT"}}]}},
            "components": [{"name": "outer", "licenses": [{"license": {"id": "MIT"}}],
                            "components": [{"name": "inner", "licenses": [
                                {"license": {"id": "BSD-3-Clause"}},
                                {"license": {"id": "MIT"}}]}]}]}
        inv = read_inventory(write(tmp_path, f"b{v}.json", json.dumps(bom)), known_names(lib))
        assert [c.name for c in inv.components] == ["outer", "inner"]
        assert inv.list_op == "AND"  # not Maven: a list is read the safe way
        r = scan(lib, inv)
        assert r.outbound == "MIT" and r.counts()["yes"] == 2


def test_license_csv_and_policy(tmp_path, lib):
    inv = read_inventory(REALWORLD / "sbom" / "datadog-operator_LICENSE-3rdparty.csv",
                         known_names(lib))
    assert len(inv.components) == 168
    r = scan(lib, inv, "Apache-2.0")
    assert sum(1 for e in r.entries if e.status == "no license") == 4  # the 4 "Unknown" rows
    pol = policy_from({"deny": ["MPL-2.0"], "allow": ["BSD-2-Clause"],
                       "components": {"github.com/x": {"verdict": "yes", "reason": "ok'd"}},
                       "context": {"relation": "dynamic_link", "form": "object"}}, lib)
    r2 = scan(lib, inv, "Apache-2.0", pol)
    mpl = [e for e in r2.entries if e.expression == "MPL-2.0"]
    assert mpl and all(e.verdict.value == "no" and "denied by policy" in e.reasons[0]
                       for e in mpl)
    assert r2.context["relation"] == ["dynamic_link"] and r2.context["form"] == "object"


def test_policy_file_errors_and_cli(tmp_path):
    p = write(tmp_path, "policy.yaml", "outbound: MIT\nallw: [MIT]\n")
    r = run("scan", str(REALWORLD / "sbom" / "laravel-7.12.0_bom.1.4.json"), "--policy", str(p))
    assert r.exit_code == 2 and "unknown policy key 'allw'" in r.output and "allow" in r.output
    p = write(tmp_path, "policy.yaml", "context: {relation: dynamic_lnk}\n")
    r = run("scan", str(REALWORLD / "sbom" / "laravel-7.12.0_bom.1.4.json"), "--policy", str(p),
            "--outbound", "MIT")
    assert r.exit_code == 2 and "dynamic_link" in r.output
    p = write(tmp_path, "policy.yaml", "outbound: GPL-3.0-only\nprefer: [MIT]\n"
                                       "licenses: {'BSD-like': BSD-3-Clause}\n")
    r = run("scan", str(REALWORLD / "sbom" / "laravel-7.12.0_bom.1.4.json"), "--policy", str(p),
            "--json")
    d = json.loads(r.output)
    assert d["outbound"] == "GPL-3.0-only" and d["policy"].endswith("policy.yaml")


def test_python_metadata(lib):
    known = known_names(lib)
    c = distribution_component(metadata.distribution("click"), known)
    assert c.declared and c.declared[0].expression == "BSD-3-Clause"
    c = distribution_component(metadata.distribution("z3-solver"), known)
    assert c.name == "z3-solver" and (c.declared or c.note)


def test_python_project_and_environment(tmp_path, lib):
    p = write(tmp_path, "pyproject.toml", '[project]\nname = "demo"\nlicense = "MIT"\n'
              'dependencies = ["click>=8", "not-a-real-package-xyz"]\n')
    inv = read_inventory(p, known_names(lib))
    names = [c.name.lower() for c in inv.components]
    assert "click" in names and "not-a-real-package-xyz" in names
    missing = next(c for c in inv.components if c.name == "not-a-real-package-xyz")
    assert missing.note and "not installed" in missing.note
    r = scan(lib, inv)
    assert r.outbound == "MIT"
    d = json.loads(run("scan", "--python-env", "--outbound", "Apache-2.0", "--json").output)
    assert d["format"] == "python environment" and d["summary"]["components"] > 10


def test_model_card(tmp_path, lib):
    card = write(tmp_path, "README.md", "---\nlicense: llama2\nbase_model: meta-llama/"
                 "Llama-2-7b-hf\n---\n# my model\n")
    d = json.loads(run("scan", str(card), "--outbound", "Apache-2.0", "--json").output)
    assert d["components"][0]["normalized"] == "LicenseRef-Llama-2-Community"
    assert d["components"][0]["verdict"] == "no"
    assert any("base_model" in n for n in d["notes"])
    card = write(tmp_path, "README.md", "---\nlicense: other\nlicense_name: my-license\n---\n")
    d = json.loads(run("scan", str(card), "--outbound", "MIT", "--json").output)
    assert d["components"][0]["status"] == "unrecognised"
    card = write(tmp_path, "README.md", "---\n- just\n- a list\n---\n")
    r = run("scan", str(card), "--outbound", "MIT")
    assert r.exit_code == 2 and "not a YAML mapping" in r.output


def test_go_module_lists_read_as_and(lib):
    inv = read_inventory(REALWORLD / "sbom" / "proton-bridge-v1.8.0_bom.json.gz", known_names(lib))
    assert inv.list_op == "AND" and len(inv.components) == 201
    r = scan(lib, inv, "GPL-3.0-or-later")
    both = [e for e in r.entries if e.component.declared_text == "BSD-3-Clause; MIT"]
    assert both and both[0].expression == "BSD-3-Clause AND MIT"


def test_odd_shapes_are_input_errors(tmp_path):
    p = write(tmp_path, "b.json", '{"bomFormat": "CycloneDX", "specVersion": "1.5", '
                                  '"metadata": [1], "components": []}')
    r = run("scan", str(p), "--outbound", "MIT")
    assert r.exit_code == 2 and "metadata" in r.output
    pol = write(tmp_path, "p.yaml", "context: {licensee: [1]}\n")
    r = run("scan", str(REALWORLD / "sbom" / "laravel-7.12.0_bom.1.4.json"), "--outbound", "MIT",
            "--policy", str(pol))
    assert r.exit_code == 2 and "unexpected content" in r.output
