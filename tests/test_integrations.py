"""The CI integrations run as CI runs them: every hook of .pre-commit-hooks.yaml is executed
with the files its pattern selects, and the bash steps of action.yml are executed with the
environment GitHub gives them (inputs, GITHUB_OUTPUT, GITHUB_STEP_SUMMARY)."""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from .conftest import DATA

ROOT = Path(__file__).resolve().parent.parent
HOOKS = {h["id"]: h for h in yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())}
ACTION = yaml.safe_load((ROOT / "action.yml").read_text())
ENV = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
       "LICLOGIC_NO_CACHE": "1"}
GOOD = 'license "LicenseRef-Good" {\n  name "Good"\n  kind software\n\n  permit use cite "§1"\n}\n'


def hook(hook_id: str, folder: Path) -> subprocess.CompletedProcess[str]:
    """Run a hook as pre-commit does: its entry, its args, then the files it matches."""
    h = HOOKS[hook_id]
    files = sorted(str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file()
                   and re.search(h["files"], str(p.relative_to(folder))))
    assert files, f"{hook_id} matches no file"
    cmd = shlex.split(h["entry"]) + h.get("args", []) + (files if h.get(
        "pass_filenames", True) else [])
    assert h["language"] == "python" and shutil.which(cmd[0], path=ENV["PATH"])
    return subprocess.run(cmd, cwd=folder, env=ENV, capture_output=True, text=True,
                          timeout=120)


def test_check_and_fmt_hooks_pass_good_specs_and_fail_bad_ones(tmp_path):
    (tmp_path / "good.lic").write_text(GOOD)
    assert hook("liclogic-check", tmp_path).returncode == 0
    assert hook("liclogic-fmt", tmp_path).returncode == 0, hook("liclogic-fmt", tmp_path)
    (tmp_path / "messy.lic").write_text(GOOD.replace("LicenseRef-Good", "LicenseRef-Messy")
                                        .replace("  kind", "     kind"))
    r = hook("liclogic-fmt", tmp_path)
    assert r.returncode == 1 and "would reformat messy.lic" in r.stderr
    (tmp_path / "broken.lic").write_text('license "LicenseRef-Broken" {\n  permit fly\n}\n')
    r = hook("liclogic-check", tmp_path)
    assert r.returncode == 2 and "broken.lic:2" in r.stderr and "Traceback" not in r.stderr


def test_scan_hook_on_a_project(tmp_path):
    # a project whose dependencies are installed here (this test's own environment)
    (tmp_path / "pyproject.toml").write_text(
        '[project]\nname = "demo"\nversion = "1"\nlicense = "Apache-2.0"\n'
        'dependencies = ["click>=8", "PyYAML", "not-installed-anywhere==1"]\n')
    r = hook("liclogic-scan", tmp_path)
    # the missing dependency is unknown, which --fail-on no lets pass
    assert r.returncode == 0, r.stdout + r.stderr
    assert "not-installed-anywhere" in r.stdout and "UNKNOWN" in r.stdout
    (tmp_path / "pyproject.toml").write_text(
        '[project]\nname = "demo"\nversion = "1"\nlicense = "MIT"\n'
        'dependencies = ["pytest"]\n')  # MIT is fine: pytest is MIT too
    assert hook("liclogic-scan", tmp_path).returncode == 0


def _substitute(text: str, inputs: dict[str, str], outputs: dict[str, str]) -> str:
    def value(m: re.Match[str]) -> str:
        expr = m.group(1).strip()
        if expr.startswith("inputs."):
            return inputs[expr.removeprefix("inputs.")]
        if expr == "github.action_path":
            return str(ROOT)
        if expr.startswith("steps.scan.outputs."):
            return outputs[expr.removeprefix("steps.scan.outputs.")]
        raise AssertionError(f"unexpected expression {expr}")

    return re.sub(r"\$\{\{(.*?)\}\}", value, text)


def run_action(workdir: Path, **given: str) -> tuple[dict[str, str], list[int]]:
    """The action's bash steps, in order, as the runner runs them (the install step aside:
    liclogic is installed here already; its command is checked)."""
    inputs = {k: str(v.get("default", "")) for k, v in ACTION["inputs"].items()} | given
    outputs: dict[str, str] = {}
    codes = []
    out_file, summary = workdir / "gh_output", workdir / "gh_summary"
    for step in ACTION["runs"]["steps"]:
        if "run" not in step:
            assert step["uses"].split("@")[0] in ("actions/setup-python",
                                                  "github/codeql-action/upload-sarif")
            continue
        env = {k: _substitute(str(v), inputs, outputs) for k, v in step.get("env", {}).items()}
        assert "${{" not in step["run"], "inputs reach scripts through env only"
        if step["name"] == "Install liclogic":
            assert step["run"] == 'python -m pip install --quiet "$LICLOGIC_SOURCE"'
            assert env["LICLOGIC_SOURCE"] == str(ROOT)
            continue
        r = subprocess.run(["bash", "-e", "-c", step["run"]], cwd=workdir, timeout=300,
                           env={**ENV, **env, "GITHUB_OUTPUT": str(out_file),
                                "GITHUB_STEP_SUMMARY": str(summary)})
        codes.append(r.returncode)
        if out_file.exists():
            outputs.update(line.split("=", 1) for line in out_file.read_text().splitlines())
    return outputs, codes


def test_action_scans_writes_sarif_and_a_summary_and_fails_per_fail_on(tmp_path):
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads((DATA / "sarif" / "sarif-schema-2.1.0.json").read_text())
    sbom = DATA / "sbom" / "cyclonedx" / "cyclonedx-py-1.6-scopes.cdx.json"
    outputs, codes = run_action(tmp_path, path=str(sbom), outbound="Apache-2.0")
    # boolean.py's concluded GPL-3.0-only is a no: the job fails, after the report is written
    assert outputs["exit-code"] == "1" and codes == [0, 1]
    log = json.loads((tmp_path / "liclogic.sarif").read_text())
    jsonschema.Draft4Validator(schema).validate(log)
    assert any(r["level"] == "error" and "boolean.py" in r["message"]["text"]
               for r in log["runs"][0]["results"])
    assert "### ❌ liclogic scan" in (tmp_path / "gh_summary").read_text()
    # against MIT only the GPL component is a no; with --fail-on unknown the no still fails
    # but a depends or unknown alone would not
    outputs, codes = run_action(tmp_path, path=str(DATA / "sbom" / "spdx" /
                                                   "sbom4python-requests.spdx"),
                                **{"fail-on": "no depends"})
    assert outputs["exit-code"] == "0" and codes == [0, 0]
