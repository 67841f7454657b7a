"""Licensor declarations (``compat --declared KEY=VALUE``): what a work's notice states decides
verdicts the license text leaves open (EPL-2.0 Exhibit A, MPL-2.0 Exhibit B, "or any later
version", GPL-3.0 §14 proxies); an open one makes the answer depend on it, naming it."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from liclogic.cli.main import main


def run(*args: str):
    return CliRunner().invoke(main, ["compat", *args], env={"COLUMNS": "100"})


@pytest.mark.parametrize(("args", "code"), [
    # EPL-2.0 §3.2(a): GPL-2.0-or-later only where the initial Contributor attached Exhibit A
    ((), 3),
    (("--declared", "secondary_license=GPL-2.0-or-later"), 0),
    (("--declared", "secondary_license=none"), 1),
])
def test_the_epl_secondary_license(args, code):
    r = run("EPL-2.0", "GPL-2.0-or-later", *args)
    assert r.exit_code == code, r.output
    if code == 3:
        assert "secondary_license" in r.output and "Exhibit A" in r.output


def test_the_open_declaration_is_named_in_json():
    data = json.loads(run("EPL-2.0", "GPL-2.0-or-later", "--json").output)
    assert data["verdict"] == "depends"
    assert data["declaration"] == {"key": "secondary_license", "open": True,
                                   "without": "no", "with": {"GPL-2.0-or-later": "yes"}}


def test_mpl_exhibit_b_takes_away_the_secondary_licenses():
    assert run("MPL-2.0", "GPL-3.0-only").exit_code == 0  # MPL-2.0 §3.3
    r = run("MPL-2.0", "GPL-3.0-only", "--declared", "incompatible_with_secondary")
    assert r.exit_code == 1 and "MPL-2.0-no-copyleft-exception" in r.output


@pytest.mark.parametrize("key", ["or_later", "proxy"])
def test_a_later_version_declared(key):
    lid = "GPL-3.0-only" if key == "proxy" else "GPL-2.0-only"
    out = "GPL-3.0-or-later" if key == "proxy" else "GPL-3.0-only"
    assert run(lid, out).exit_code == 1  # the -only id states no later version
    r = run(lid, out, "--declared", key)
    assert r.exit_code == 0, r.output


def test_bad_declarations_are_errors():
    r = run("EPL-2.0", "MIT", "--declared", "secondary_licence=GPL-2.0-or-later")
    assert r.exit_code == 2 and "did you mean secondary_license" in r.output
    r = run("EPL-2.0", "MIT", "--declared", "secondary_license=MIT")
    assert r.exit_code == 2 and "takes" in r.output
