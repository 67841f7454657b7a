"""Expectations in specs (``expect …``): parsed and checked, run by ``liclogic test``, and —
for the bundled library — collected here, one test per expectation."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from liclogic.cli.main import main
from liclogic.errors import SpecErrors
from liclogic.lang.library import bundled_library
from liclogic.queries.expect import run_expectation
from liclogic.testing import library_with

from .conftest import write

# Kimi K2 is the MIT License plus a display duty for the largest commercial users: OSD 5
# depends on the strict-osd reading (DESIGN.md §4), and MIT's terms go into GPL-3.0 (FSF).
KIMI_TEST = """
license "LicenseRef-Kimi-Test" {
  kind model
  based_on "LicenseRef-Kimi-K2-Modified-MIT"
  expect compat "GPL-3.0-only" yes source "FSF: the Expat license is GPL-compatible"
  expect compat from "MIT" yes
  expect osd depends criterion 5 source "DESIGN.md §4: the Kimi K2 debate"
  expect osd no criterion 5 with strict-osd
  expect osd yes criterion 5 without strict-osd
  expect permits use yes
  expect permits distribute when licensee.monthly_active_users > 700_000_000 yes
}
"""


def _run(*args):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def test_expectations_hold_against_their_sources(tmp_path):
    r = _run("test", str(write(tmp_path, "kimi.lic", KIMI_TEST)))
    assert r.exit_code == 0, r.output
    assert "7 passed, 0 failed" in r.output


def test_a_failed_expectation_exits_1_with_the_explanation(tmp_path):
    wrong = KIMI_TEST.replace('expect compat "GPL-3.0-only" yes', 'expect compat "GPL-3.0-only" no')
    r = _run("test", str(write(tmp_path, "kimi.lic", wrong)))
    assert r.exit_code == 1
    assert 'kimi.lic:5: FAIL expect compat "GPL-3.0-only" no' in r.output
    assert "got yes" in r.output and "because" in r.output  # the answer's clauses
    assert "6 passed, 1 failed" in r.output


def test_json_lists_every_expectation(tmp_path):
    r = _run("test", "--json", str(write(tmp_path, "kimi.lic", KIMI_TEST)))
    data = json.loads(r.output)
    assert data["passed"] == 7 and data["failed"] == 0
    assert {e["expected"] for e in data["expectations"]} == {"yes", "depends", "no"}


def test_permits_distinguishes_all_some_and_none():
    lib = library_with("""
    license "LicenseRef-T" {
      kind software
      permit use, distribute cite "§1" "you may"
      forbid distribute when licensee.monthly_active_users > 1_000 cite "§2" "unless big"
      expect permits use yes
      expect permits distribute depends
      expect permits distribute when licensee.monthly_active_users > 5_000 no
      expect permits distribute when licensee.monthly_active_users <= 1_000 yes
      expect permits modify no
    }""")
    lic = lib.get("LicenseRef-T")
    for e in lic.tree.expectations:
        o = run_expectation(lib, lic, e)
        assert o.passed, (o.text, o.got)


def test_expectations_are_checked_like_clauses(tmp_path):
    bad = """
    license "LicenseRef-T" {
      kind software
      permit use cite "§1" "x"
      expect compat "GPL-3.0-onyl" yes
      expect permits sel when licensee.monthly_active_user > 3 no
      expect osd yes criterion 11 with strict-os
    }"""
    with pytest.raises(SpecErrors) as exc:
        library_with(bad)
    text = exc.value.render()
    for part in ("unknown license 'GPL-3.0-onyl'", "did you mean GPL-3.0-only",
                 "unknown act 'sel'", "unknown field 'licensee.monthly_active_user'",
                 "criterion 11 does not exist", "unknown reading 'strict-os'"):
        assert part in text, text


def test_the_documented_example_holds(tmp_path):
    from pathlib import Path

    doc = (Path(__file__).parent.parent / "docs" / "dsl.md").read_text()
    block = doc.split("# A draft: Kimi K2's terms")[1].split("```")[0]
    r = _run("test", str(write(tmp_path, "kimi-draft.lic", "#" + block)))
    assert r.exit_code == 0, r.output
    assert "5 passed, 0 failed" in r.output


# ---------------------------------------------------------------- the bundled library's

def _bundled():
    lib = bundled_library()
    return [(lic.id, n) for lic in lib.licenses.values()
            for n, _ in enumerate(lic.tree.expectations)]


BUNDLED = _bundled() or [pytest.param(None, None, marks=pytest.mark.skip("none written yet"))]


@pytest.mark.parametrize(("license_id", "n"), BUNDLED)
def test_bundled_expectation(license_id, n):
    lib = bundled_library()
    lic = lib.get(license_id)
    o = run_expectation(lib, lic, lic.tree.expectations[n])
    assert o.passed, f"{o.where}: {o.text} (source: {o.expect.source}): got {o.got.value}\n" \
                     + o.explain()


def test_the_pytest_plugin_collects_a_spec_file_s_expectations(tmp_path):
    import subprocess
    import sys

    write(tmp_path, "kimi.lic", KIMI_TEST.replace(
        'expect compat from "MIT" yes', 'expect compat from "MIT" no source "wrong on purpose"'))
    r = subprocess.run([sys.executable, "-m", "pytest", "-p", "liclogic.testing.pytest_plugin",
                        "-p", "no:cacheprovider", "-o", "addopts=", "-q", str(tmp_path)],
                       capture_output=True, text=True, cwd=tmp_path, timeout=300)
    assert r.returncode == 1, r.stdout + r.stderr
    assert "1 failed, 6 passed" in r.stdout
    assert 'expect compat from "MIT" no (source: wrong on purpose)' in r.stdout
    assert "got yes" in r.stdout
