"""OSI practice beyond the OSD's text (queries/osd_practice.py): CC0-1.0's express patent
non-grant kept it from OSI approval (withdrawn from review, 2012), so ``osd CC0-1.0`` depends
on the named reading; no OSI-approved library license withholds patent rights."""

from __future__ import annotations

import json

from click.testing import CliRunner
from liclogic.cli.main import main
from liclogic.queries.osd_practice import OSI_PATENT, patents_withheld

from .conftest import DATA


def run(*args: str):
    return CliRunner().invoke(main, ["osd", *args], env={"COLUMNS": "100"})


def test_cc0_depends_on_the_reading_and_names_its_clause():
    r = run("CC0-1.0")
    assert r.exit_code == 3, r.output
    assert OSI_PATENT in r.output and "CC0-1.0 §4(a)" in r.output
    assert run("CC0-1.0", "--no-reading", OSI_PATENT).exit_code == 0
    assert run("CC0-1.0", "--reading", OSI_PATENT).exit_code == 1
    data = json.loads(run("CC0-1.0", "--json").output)
    assert data["verdict"] == "depends"


def test_no_osi_approved_license_withholds_patents(lib):
    spdx = json.loads((DATA / "spdx" / "spdx_licenses.json").read_text())["licenses"]
    approved = [i for i, info in spdx.items() if info["osi_approved"] and i in lib.licenses]
    assert len(approved) > 40
    assert [i for i in approved if patents_withheld(lib, i).holds] == []


def test_a_license_silent_on_patents_is_not_touched():
    assert run("MIT").exit_code == 0
