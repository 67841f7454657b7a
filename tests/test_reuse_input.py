"""REUSE projects as scan inputs (inputs/reuse_project.py), read with the REUSE tool's own
library. The real fixture is this repository (REUSE.toml, LICENSES/, `reuse lint` passes:
tests/test_reuse_compliance.py); a small project with .reuse/dep5 and file headers is made
here, written to the REUSE specification's formats."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

from click.testing import CliRunner
from liclogic.cli.main import main
from liclogic.inputs.dispatch import read_inventory
from liclogic.inputs.resolve import known_names

ROOT = Path(__file__).resolve().parent.parent
# written in two parts, so that REUSE does not read this file's own text as its tags
TAG, COPYRIGHT = "SPDX-" "License-Identifier:", "SPDX-" "FileCopyrightText:"


def run(*args):
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    assert "Traceback" not in result.output
    return result


def test_this_repository_read_through_its_reuse_toml(lib):
    inv = read_inventory(ROOT / "REUSE.toml", known_names(lib))
    assert inv.format == "REUSE project (REUSE.toml)"
    by = {c.name: c for c in inv.components}
    # what REUSE.toml says, file by file: the project's own, and the third-party data
    assert [d.expression for d in by["solver/liclogic/cli/main.py"].declared] == ["Apache-2.0"]
    assert [d.expression for d in by["tests/data/osadl/PROVENANCE.md"].declared] == [
        "CC-BY-4.0"]
    assert [d.raw for d in by["examples/realworld/hf_models/lfai_mot_models.jsonl.gz"]
            .declared] == ["MIT"]
    # every annotation's paths are found with its license
    toml = tomllib.loads((ROOT / "REUSE.toml").read_text())
    used = {a["SPDX-License-Identifier"] for a in toml["annotations"]}
    assert used == {d.raw for c in inv.components for d in c.declared}
    assert all(c.kind == "file" and c.declared for c in inv.components)


def test_scan_of_the_repository_names_what_has_no_spec(lib):
    r = run("scan", str(ROOT / "REUSE.toml"), "--outbound", "Apache-2.0", "--json")
    d = json.loads(r.output)
    assert r.exit_code == 4  # the three copies of upstream-unstated data: unknown, not yes
    unknown = {c["name"] for c in d["components"] if c["verdict"] == "unknown"}
    assert unknown == {"examples/realworld/hf_models/hf_model_tree_mistral-small-24b-base-2501"
                       ".csv", "tests/data/fsf/fsf-gpl-compat-by-spdx.json",
                       "tests/data/spdx/spdx_licenses.json"}
    assert d["summary"]["verdicts"]["no"] == 0


def _dep5_project(tmp_path: Path) -> Path:
    (tmp_path / ".reuse").mkdir()
    (tmp_path / ".reuse" / "dep5").write_text(
        "Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/\n"
        "Upstream-Name: demo\n\n"
        "Files: assets/*\nCopyright: 2024 Jane Doe\nLicense: CC-BY-4.0\n", encoding="utf-8")
    (tmp_path / "assets").mkdir()
    (tmp_path / "assets" / "logo.svg").write_text("<svg/>\n", encoding="utf-8")
    (tmp_path / "main.py").write_text(
        f"# {COPYRIGHT} 2024 Jane Doe\n# {TAG} GPL-3.0-only\nprint('hi')\n", encoding="utf-8")
    (tmp_path / "vendored.c").write_text(
        f"/* {COPYRIGHT} 2020 Someone */\n/* {TAG} MIT OR Apache-2.0 */\n", encoding="utf-8")
    (tmp_path / "notes.txt").write_text("no header\n", encoding="utf-8")
    return tmp_path / ".reuse" / "dep5"


def test_dep5_and_headers(tmp_path, lib):
    inv = read_inventory(_dep5_project(tmp_path), known_names(lib))
    assert inv.format == "REUSE project (.reuse/dep5)"
    got = {c.name: [d.raw for d in c.declared] for c in inv.components}
    assert got["assets/logo.svg"] == ["CC-BY-4.0"]
    assert got["main.py"] == ["GPL-3.0-only"]
    assert got["vendored.c"] == ["MIT OR Apache-2.0"]
    assert got["notes.txt"] == []
    notes = next(c for c in inv.components if c.name == "notes.txt")
    assert notes.note == "no licensing information"


def test_dep5_project_scanned_against_mit(tmp_path):
    r = run("scan", str(_dep5_project(tmp_path)), "--outbound", "MIT", "--json")
    by = {c["name"]: c["verdict"] for c in json.loads(r.output)["components"]}
    assert by["main.py"] == "no"  # GPL-3.0-only code cannot go into an MIT work
    assert by["vendored.c"] == "yes"  # MIT OR Apache-2.0: MIT is chosen
    assert by["notes.txt"] == "unknown"
    assert r.exit_code == 1


def test_a_broken_reuse_toml_is_a_clear_error(tmp_path):
    (tmp_path / "REUSE.toml").write_text("version = 1\n[[annotations]\n", encoding="utf-8")
    r = run("scan", str(tmp_path / "REUSE.toml"), "--outbound", "MIT")
    assert r.exit_code == 2 and "not a readable REUSE project" in r.output
