"""liclogic obligations: the duties of the verdict (from the specs' clauses) looked for in model
repository folders (tests/data/model_repos, PROVENANCE.md there): what each Llama 3.1 clause
asks (§1.b.i the copy, "Built with Llama", the "Llama" prefix; §1.b.iii the notice; the AUP
passed on), found or reported missing with its clause; the duties equal compat's."""

from __future__ import annotations

import json
import shutil

import pytest
from click.testing import CliRunner
from liclogic.audit.obligations import check_repo
from liclogic.cli.main import main

from .conftest import DATA

REPOS = DATA / "model_repos"


def by_duty(result):
    return {c.duty: c for c in result.checks}


def test_complete_llama_repo(lib):
    r = check_repo(lib, REPOS / "llama31-complete")
    got = {d: c.status for d, c in by_duty(r).items()}
    assert {d: s for d, s in got.items() if s != "not checked"} == {
        "license_copy": "fulfilled", 'display("Built with Llama")': "fulfilled",
        'name_prefix("Llama")': "fulfilled", "notice": "fulfilled",
        "pass_through": "fulfilled"}
    assert r.missing == [] and r.verdict in ("yes", "depends")
    assert by_duty(r)["notice"].evidence == "NOTICE:1"
    assert by_duty(r)['display("Built with Llama")'].evidence.startswith("README.md:")


def test_gaps_are_reported_with_their_clause(lib):
    r = check_repo(lib, REPOS / "llama31-gaps")
    missing = {c.duty: c for c in r.missing}
    assert set(missing) == {'display("Built with Llama")', 'name_prefix("Llama")', "notice",
                            "pass_through"}
    cites = {d: {(b["license"], b["cite"]) for b in c.because} for d, c in missing.items()}
    llama = "LicenseRef-Llama-3.1-Community"
    assert cites['name_prefix("Llama")'] == {(llama, "§1.b.i")}
    assert cites["notice"] == {(llama, "§1.b.iii")}
    assert "at the beginning of any such AI model name" in \
        missing['name_prefix("Llama")'].because[0]["quote"]
    assert "ExampleChat-8B" in missing['name_prefix("Llama")'].evidence
    assert by_duty(r)["license_copy"].status == "fulfilled"


def test_duties_are_compats(lib):
    """The duties checked are those compat lists for the same question (an outside path:
    the CLI's compat --json), none left out, none added."""
    r = CliRunner().invoke(main, ["compat", "llama3.1", "llama3.1", "--relation", "fine_tune",
                                  "--json"], catch_exceptions=False)
    compat = {d["duty"] for d in json.loads(r.output)["duties"]}
    assert set(by_duty(check_repo(lib, REPOS / "llama31-complete"))) == compat


def test_license_text_must_be_the_licenses(lib, tmp_path):
    """A LICENSE that is another license's text (MIT where Apache-2.0 is declared), or half
    of it, is not the copy the license asks for."""
    repo = tmp_path / "r"
    shutil.copytree(REPOS / "apache-finetune", repo)
    shutil.copy(REPOS / "mit-from-llama" / "LICENSE", repo / "LICENSE")
    c = by_duty(check_repo(lib, repo))["license_copy"]
    assert c.status == "missing" and "is not the text of Apache-2.0" in c.evidence
    text = (REPOS / "apache-finetune" / "LICENSE").read_text(encoding="utf-8")
    (repo / "LICENSE").write_text(text[: len(text) // 3], encoding="utf-8")
    assert by_duty(check_repo(lib, repo))["license_copy"].status == "missing"
    (repo / "LICENSE").unlink()
    c = by_duty(check_repo(lib, repo))["license_copy"]
    assert c.status == "missing" and "no license file" in c.evidence


def test_notice_and_copyright_lines(lib, tmp_path):
    """Apache's LICENSE mentions copyright notices and has a template "Copyright [yyyy]": not
    a notice; a NOTICE file, or a real copyright line, is."""
    assert by_duty(check_repo(lib, REPOS / "apache-finetune"))["notice"].status == "missing"
    repo = tmp_path / "r"
    shutil.copytree(REPOS / "apache-finetune", repo)
    (repo / "NOTICE").write_text("Example Instruct\nCopyright 2026 Example Org\n")
    assert by_duty(check_repo(lib, repo))["notice"].evidence == "NOTICE"
    openrail = by_duty(check_repo(lib, REPOS / "openrail-finetune"))
    assert openrail["notice"].status == "fulfilled"
    # OpenRAIL's use restrictions are in its text (Attachment A): the copy passes them on
    assert openrail["pass_through"].status == "fulfilled"
    assert "in the license text" in openrail["pass_through"].evidence


def test_relicensed_llama_is_no(lib):
    r = check_repo(lib, REPOS / "mit-from-llama", base_license="llama3.1")
    assert r.verdict == "no" and "§1.b.i" in r.reason
    own = check_repo(lib, REPOS / "mit-from-llama")
    assert own.verdict == "yes" and any("--base-license" in n for n in own.notes)


@pytest.mark.parametrize(("args", "code", "text"), [
    (["llama31-complete"], 0, "every duty that files can show is fulfilled"),
    (["llama31-gaps"], 1, "4 missing"),
    (["mit-from-llama", "--base-license", "llama3.1"], 1, "the verdict is no"),
])
def test_cli(args, code, text):
    r = CliRunner().invoke(main, ["obligations", str(REPOS / args[0]), *args[1:]],
                           catch_exceptions=False)
    assert r.exit_code == code, r.output
    assert text in " ".join(r.output.split())


def test_bad_input_is_a_clear_error(tmp_path):
    r = CliRunner().invoke(main, ["obligations", str(tmp_path / "none")])
    assert r.exit_code == 2 and "not a folder" in r.output and "Traceback" not in r.output
    r = CliRunner().invoke(main, ["obligations", str(tmp_path)])
    assert r.exit_code == 2 and "no model card (README.md)" in r.output
    (tmp_path / "README.md").write_text("no front matter\n")
    r = CliRunner().invoke(main, ["obligations", str(tmp_path)])
    assert r.exit_code == 2 and "no YAML front matter" in r.output
    (tmp_path / "README.md").write_text("---\nbase_model: x/y\n---\n")
    r = CliRunner().invoke(main, ["obligations", str(tmp_path), "--json"])
    assert r.exit_code == 1 and json.loads(r.output)["checks"][0]["status"] == "missing"
