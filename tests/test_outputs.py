"""--format (json, markdown, csv, sarif), --output and --fail-on on whole commands: SARIF
validated against the OASIS SARIF 2.1.0 schema (tests/data/sarif), every JSON document carries
the tool, library and schema versions, outputs written atomically, exit codes per --fail-on."""

from __future__ import annotations

import csv
import io
import json
import os
import re

import click
import pytest
from click.testing import CliRunner
from liclogic.cli.formats import SCHEMA_VERSION
from liclogic.cli.main import main

from .conftest import DATA, REALWORLD, write

jsonschema = pytest.importorskip("jsonschema")
ROOT_EXAMPLES = REALWORLD.parent
SARIF = json.loads((DATA / "sarif" / "sarif-schema-2.1.0.json").read_text())
SBOMS = [DATA / "sbom" / "cyclonedx" / "cyclonedx-py-1.6-scopes.cdx.json",
         DATA / "sbom" / "spdx" / "sbom4python-requests.spdx",
         DATA / "sbom" / "scancode" / "scancode-32.5.0-pypi-packages.json.gz",
         REALWORLD / "sbom" / "laravel-7.12.0_bom.1.4.json"]


def run(*args: str):
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    assert "Traceback" not in result.output
    return result


def valid_sarif(text: str) -> dict:
    log = json.loads(text)
    jsonschema.Draft4Validator(SARIF).validate(log)
    return log


@pytest.mark.parametrize("sbom", SBOMS, ids=lambda p: p.name)
def test_scan_sarif_is_valid_with_a_result_per_component_at_its_line(sbom):
    r = run("scan", str(sbom), "--outbound", "Apache-2.0", "--format", "sarif")
    log = valid_sarif(r.output)
    data = json.loads(run("scan", str(sbom), "--outbound", "Apache-2.0", "--json").output)
    results = log["runs"][0]["results"]
    assert len(results) == len(data["components"])
    for res, comp in zip(results, data["components"], strict=True):
        assert res["level"] == {"no": "error", "yes": "none"}.get(comp["verdict"], "warning")
        assert comp["name"] in res["message"]["text"]
        region = res["locations"][0]["physicalLocation"].get("region")
        assert (region or {}).get("startLine") == comp.get("line")
    assert r.exit_code == {"yes": 0, "no": 1, "depends": 3, "unknown": 4}[data["verdict"]]


def test_scan_sarif_of_a_pyproject_points_at_the_dependency_line(tmp_path):
    """A direct dependency's result is at the line that declares it; one it brings in is at
    that same line (the line to change), a missing one too."""
    p = write(tmp_path, "pyproject.toml", '[project]\nname = "demo"\nlicense = "MIT"\n'
              "dependencies = [\n  'rich>=13',\n  \"not-a-real-package-xyz\",\n]\n")
    log = valid_sarif(run("scan", str(p), "--format", "sarif", "--fail-on", "no").output)
    at = {r["message"]["text"].split("@")[0].split(":")[0]:
          r["locations"][0]["physicalLocation"]["region"]["startLine"]
          for r in log["runs"][0]["results"]}
    assert at["rich"] == 5 and at["not-a-real-package-xyz"] == 6
    assert at["markdown-it-py"] == 5  # rich's own dependency, installed here


def test_check_sarif_locates_each_lint_finding(tmp_path):
    spec = write(tmp_path, "bad.lic", '''license "LicenseRef-Bad" {
  kind software
  permit use when licensee.monthly_active_users > 10 and licensee.monthly_active_users < 5 cite "a"
  permit distribute cite "b"
  forbid distribute cite "c"
}
''')
    data = json.loads(run("check", str(spec), "--json").output)
    assert data["findings"], data
    log = valid_sarif(run("check", str(spec), "--format", "sarif").output)
    results = log["runs"][0]["results"]
    assert [r["ruleId"] for r in results] == [f["code"] for f in data["findings"]]
    region = results[0]["locations"][0]["physicalLocation"]["region"]
    assert (region["startLine"], region["startColumn"]) == (data["findings"][0]["line"],
                                                            data["findings"][0]["column"])


def test_every_json_document_names_the_tool_library_and_schema():
    for args in (["compat", "MIT", "GPL-3.0-only"], ["osd", "MIT"], ["show", "MIT"],
                 ["scan", str(SBOMS[1])], ["matrix", "MIT", "BSD-3-Clause"]):
        d = json.loads(run(*args, "--json").output)
        assert d["tool"]["name"] == "liclogic" and d["tool"]["schema"] == SCHEMA_VERSION
        assert len(d["tool"]["library"]) == 16 and d["tool"]["version"]


# the commands without --format / --output, and why
NO_FORMAT = {
    "lsp": "speaks the language-server protocol on stdio",
    "serve": "a web server",
    "cache clear": "prints one line, no document",
    "new": "writes a spec file: -o names it",
    "review": "a Markdown report: -o names its file, --html its HTML view",
}


def leaf_commands(group=main, prefix=""):
    ctx = click.Context(group)
    for name in group.list_commands(ctx):
        cmd = group.get_command(ctx, name)
        if isinstance(cmd, click.Group):
            yield from leaf_commands(cmd, f"{prefix}{name} ")
        else:
            yield f"{prefix}{name}", cmd


def test_every_command_has_format_and_output():
    found = dict(leaf_commands())
    assert len(found) > 20 and set(NO_FORMAT) <= set(found)
    lacking = [name for name, cmd in found.items() if name not in NO_FORMAT
               and not {"--format", "--output", "-o"} <= {o for p in cmd.params
                                                          for o in getattr(p, "opts", ())}]
    assert not lacking


@pytest.mark.parametrize("args", [
    ["terms", "MIT"], ["explain-term", "distribute"], ["cache", "info"],
    ["test", str(DATA.parent.parent / "specs" / "software" / "MIT.lic")],
    ["coverage", "MIT"],
    ["obligations", str(DATA / "model_repos" / "llama31-complete")]])
def test_format_json_and_output_on_the_other_commands(tmp_path, args):
    out = tmp_path / "out.json"
    r = run(*args, "--format", "json", "--output", str(out))
    assert r.exit_code in (0, 1) and not r.output.strip(), r.output
    doc = json.loads(out.read_text())
    if isinstance(doc, dict):  # a JSON array (explain-term's) has no room for them
        assert doc["tool"]["name"] == "liclogic" and doc["tool"]["schema"] == SCHEMA_VERSION
    assert json.loads(run(*args, "--json").output) == doc  # --json: the short form


def test_markdown_for_a_pull_request_comment():
    md = run("compat", "Apache-2.0", "GPL-2.0-only", "--format", "markdown").output
    assert md.startswith("### ❌ Apache-2.0 → GPL-2.0-only: **NO**")
    assert "**Apache-2.0 §3**" in md and "> any patent licenses granted" in md
    md = run("scan", str(SBOMS[0]), "--outbound", "Apache-2.0", "--format", "markdown").output
    assert "| boolean.py@5.0 |" in md and "❌ no (ok)" in md  # the concluded GPL-3.0-only


def test_markdown_duties_and_show_are_in_words():
    """Duties as the text output words them, with their clauses (they were the duty names:
    '- license_copy'); show's Markdown has its sections (it was '###  MIT: ****' and Python
    dicts)."""
    md = run("compat", "MIT", "Apache-2.0", "--format", "markdown").output
    duties = md.split("**Duties**\n\n", 1)[1].split("\n\n", 1)[0].splitlines()
    assert "- give recipients a copy of the Apache-2.0 text (Apache-2.0 §4(a))" in duties
    assert "- state that the work was changed — for a modified version (Apache-2.0 §4(b))" \
        in duties
    assert not any(re.fullmatch(r"- [a-z_]+", d) for d in duties), duties
    show = run("show", "MIT", "--format", "markdown").output
    assert show.startswith("### MIT — MIT License (software)\n")
    assert "**The work itself**" in show and "**Duties**" in show and "{'" not in show
    assert "- grants: use, copy, modify, distribute, sublicense, sell and host (MIT ¶1)" in show
    assert "  > The above copyright notice and this permission notice shall be included" in show
    wf = run("workflow", str(ROOT_EXAMPLES / "modelgo" / "case1a.yaml"), "--format",
             "markdown").output  # a workflow's duties: from which works, by which clauses
    assert "- keep the copyright and attribution notices — from StackExchange (CC-BY-SA-4.0)" \
        in wf


def test_csv_rows():
    rows = list(csv.DictReader(io.StringIO(run("scan", str(SBOMS[1]), "--format",
                                               "csv").output)))
    assert {r["name"]: r["verdict"] for r in rows} == {
        "certifi": "yes", "charset-normalizer": "yes", "idna": "yes", "urllib3": "yes"}
    rows = list(csv.reader(io.StringIO(run("matrix", "MIT", "GPL-2.0-only", "--format",
                                           "csv").output)))
    assert ["GPL-2.0-only", "MIT", "no"] in rows and ["MIT", "GPL-2.0-only", "yes"] in rows


def test_fail_on_chooses_which_verdicts_fail():
    assert run("compat", "MPL-2.0", "Apache-2.0").exit_code == 3  # depends
    assert run("compat", "MPL-2.0", "Apache-2.0", "--fail-on", "no").exit_code == 0
    assert run("compat", "GPL-3.0-only", "Apache-2.0", "--fail-on", "no").exit_code == 1
    assert run("compat", "MPL-2.0", "Apache-2.0", "--fail-on", "depends").exit_code == 3
    # usage errors are not verdicts
    assert run("compat", "NOPE-1", "MIT", "--fail-on", "no").exit_code == 2


def test_matrix_exits_by_its_worst_verdict():
    assert run("matrix", "MIT", "BSD-3-Clause").exit_code == 0
    assert run("matrix", "MIT", "GPL-2.0-only").exit_code == 1


def test_output_file_is_written_atomically_and_keeps_its_mode(tmp_path):
    out = tmp_path / "report.sarif"
    r = run("scan", str(SBOMS[1]), "--format", "sarif", "--output", str(out))
    assert r.output == "" and r.exit_code == 0
    valid_sarif(out.read_text())
    os.chmod(out, 0o640)
    run("scan", str(SBOMS[1]), "--format", "markdown", "-o", str(out))
    assert out.read_text().startswith("### ✅") and (out.stat().st_mode & 0o777) == 0o640
    assert [p.name for p in tmp_path.iterdir()] == ["report.sarif"]  # no temporary left
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    r = run("compat", "MIT", "MIT", "--output", str(fifo))
    assert r.exit_code == 2 and "not a regular file" in r.output


def test_formats_a_command_does_not_have_are_usage_errors():
    r = run("compat", "MIT", "MIT", "--format", "sarif")
    assert r.exit_code == 2 and "'sarif' is not one of" in r.output
    r = run("compat", "MIT", "MIT", "--json", "--format", "markdown")
    assert r.exit_code == 2 and "exclude each other" in r.output


def test_a_valid_spdx_id_without_a_spec_is_unsupported_not_a_typo():
    r = run("compat", "CPL-1.0", "MIT")
    assert r.exit_code == 5 and "CPL-1.0 is an SPDX license id" in r.output
    assert "did you mean" not in r.output
    d = json.loads(run("compat", "CPL-1.0", "MIT", "--json").output)
    assert d["verdict"] == "unsupported" and d["license"] == "CPL-1.0"
    assert run("compat", "CPL-1.0", "MIT", "--fail-on", "no").exit_code == 0
    r = run("compat", "NOPE-1.0", "MIT")
    assert r.exit_code == 2 and "did you mean" in r.output


def test_classify_csv_is_its_json_in_rows(tmp_path):
    out = tmp_path / "categories.csv"
    run("classify", "MIT", "GPL-3.0-only", "--format", "csv", "--output", str(out))
    rows = list(csv.DictReader(out.open()))
    doc = json.loads(run("classify", "MIT", "GPL-3.0-only", "--json").output)
    assert [(r["license"], r["category"], r["flags"].split(";") if r["flags"] else [])
            for r in rows] == [(d["license"], d["category"], d["flags"]) for d in doc["licenses"]]
