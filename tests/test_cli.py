"""The command line: exit codes, the --json schema, and clear errors (never a traceback)."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from liclogic.cli.main import main

from .conftest import write


def run(*args):
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    assert "Traceback" not in result.output
    return result


def test_compat_json_schema_and_exit_codes():
    r = run("compat", "MIT", "GPL-3.0-only", "--json")
    assert r.exit_code == 0
    d = json.loads(r.output)
    assert {"check", "inbound", "outbound", "verdict", "because", "witnesses",
            "readings"} <= d.keys()
    assert (d["check"], d["inbound"], d["outbound"], d["verdict"]) == (
        "compat", "MIT", "GPL-3.0-only", "yes")
    for b in d["because"]:
        assert {"license", "clause", "cite", "at"} <= b.keys()
    assert run("compat", "Apache-2.0", "GPL-2.0-only").exit_code == 1
    assert run("compat", "MPL-2.0", "Apache-2.0").exit_code == 3


def test_osd_combine_list_matrix_json():
    d = json.loads(run("osd", "llama3.1", "--json").output)
    assert d["check"] == "osd" and d["license"] == "LicenseRef-Llama-3.1-Community"
    assert [c["number"] for c in d["criteria"]] == list(range(1, 11))
    for c in d["criteria"]:
        assert {"number", "title", "verdict", "because", "witnesses"} <= c.keys()
    d = json.loads(run("combine", "MIT", "Apache-2.0", "GPL-3.0-only", "--json").output)
    assert d["check"] == "combine" and "GPL-3.0-only" in d["outbound"]
    assert d["licenses"] == ["MIT", "Apache-2.0", "GPL-3.0-only"]
    listed = json.loads(run("list", "--json").output)
    rows = listed["licenses"]
    assert listed["check"] == "list" and listed["tool"]["name"] == "liclogic"
    assert {"id", "name", "kind", "aliases"} <= rows[0].keys() and len(rows) >= 15
    m = json.loads(run("matrix", "llama3.1", "gemma", "MIT", "--kind", "model", "--json").output)
    assert m["licenses"] == ["LicenseRef-Gemma-Terms-of-Use", "LicenseRef-Llama-3.1-Community"]
    assert m["check"] == "matrix"
    assert set(m["compat"]) == set(m["licenses"])
    for x in m["licenses"]:
        if m["compat"][x][x] == "no":
            # A no-derivatives license (MG-BY-ND) forbids distributing a modified work under
            # any license, its own included; the work itself still goes under its license.
            d = json.loads(run("compat", x, x, "--relation", "verbatim", "--json").output)
            assert d["verdict"] in ("yes", "depends"), x
        else:
            assert m["compat"][x][x] in ("yes", "depends"), x


def test_unknown_license_suggests_the_nearest_ids():
    r = run("compat", "MIT", "GPL-3.0-onyl")
    assert r.exit_code == 2
    assert "did you mean GPL-3.0-only" in r.output


def test_syntax_error_in_a_user_spec_is_located_with_a_caret(tmp_path):
    spec = write(tmp_path, "mine.lic", 'license "LicenseRef-Mine" {\n  kind software\n'
                                       '  permit use cite "a"\n  forbid sel cite "b"\n}\n')
    r = run("compat", "LicenseRef-Mine", "MIT", "--spec", str(spec))
    assert r.exit_code == 2
    assert "mine.lic:4:3: error: unknown act 'sel'" in r.output
    assert "^" in r.output and "did you mean sell" in r.output
    broken = write(tmp_path, "broken.lic", 'license "X" {\n  kind software\n  permit use when\n}\n')
    r = run("check", str(broken))
    assert r.exit_code == 2 and "broken.lic:4:1" in r.output


def test_json_errors_are_json():
    r = run("compat", "Nope-1.0", "MIT", "--json")
    assert r.exit_code == 2
    assert json.loads(r.output)["error"].startswith("unknown license id")


def test_bad_context_values_are_usage_errors():
    r = run("compat", "MIT", "GPL-3.0-only", "--relation", "statik_link")
    assert r.exit_code == 2 and "static_link" in r.output
    r = run("compat", "MIT", "GPL-3.0-only", "--licensee", "monthly_active_users=lots")
    assert r.exit_code == 2 and "whole number" in r.output
    r = run("osd", "MIT", "--reading", "strict-osd", "--no-reading", "strict-osd")
    assert r.exit_code == 2


def test_fmt_check_and_write(tmp_path):
    messy = 'license "LicenseRef-M" {kind software   permit   use cite "a"}\n'
    p = write(tmp_path, "m.lic", messy)
    assert run("fmt", "--check", str(p)).exit_code == 1
    assert json.loads(run("fmt", "--check", "--json", str(p)).output)["changed"] == [str(p)]
    assert p.read_text() == messy  # --check changes nothing
    assert run("fmt", "--write", str(p)).exit_code == 0
    assert run("fmt", "--check", str(p)).exit_code == 0
    assert 'permit use cite "a"' in p.read_text()


def test_fmt_refuses_a_file_with_errors_and_leaves_it_alone(tmp_path):
    p = write(tmp_path, "e.lic", 'license "X" { permit }\n')
    r = run("fmt", "--write", str(p))
    assert r.exit_code == 2
    assert p.read_text() == 'license "X" { permit }\n'


def test_check_bundled_specs_is_clean():
    from liclogic.lang.paths import specs_dir

    r = run("check", str(specs_dir()))
    assert r.exit_code == 0, r.output


@pytest.mark.parametrize("cmd", [["show", "Apache-2.0"], ["show", "llama2", "--json"]])
def test_show(cmd):
    r = run(*cmd)
    assert r.exit_code == 0 and "§" in r.output


def test_osd_over_several_licenses_agrees_with_each_alone():
    result = run("osd", "MIT", "SSPL-1.0", "kimi-k2", "--json")
    rows = {r["license"]: r for r in json.loads(result.output)["licenses"]}
    assert result.exit_code == 1  # "all open source?" SSPL-1.0 is not (OSI rejected it)
    for name, lic in (("MIT", "MIT"), ("SSPL-1.0", "SSPL-1.0"),
                      ("kimi-k2", "LicenseRef-Kimi-K2-Modified-MIT")):
        one = json.loads(run("osd", name, "--json").output)
        assert rows[lic]["verdict"] == one["verdict"]
        assert rows[lic]["criteria"] == {str(c["number"]): c["verdict"]
                                         for c in one["criteria"] if c["verdict"] != "yes"}
        assert rows[lic]["readings"] == sorted(k for k, r in one["readings"].items()
                                               if r["decisive"])
    assert rows["SSPL-1.0"]["verdict"] == "no" and rows["MIT"]["verdict"] == "yes"


def test_osd_needs_a_license_or_all():
    result = CliRunner().invoke(main, ["osd"])
    assert result.exit_code == 2 and "--all" in result.output
