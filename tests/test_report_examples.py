"""The HTML reports committed in docs/examples/ (issue 16's acceptance: the README tour's matrix,
the Keycloak SBOM, the Mistral fine-tune tree, a ModelGo case) are what the commands make from
today's library, carry no machine's paths, and the README's screenshots exist."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from liclogic.cli.main import main

ROOT = Path(__file__).parent.parent
EXAMPLES = ROOT / "docs" / "examples"
REPORTS = ["matrix-tour.html", "scan-keycloak.html", "lineage-mistral-small.html",
           "workflow-modelgo-case3.html", "combine-mit-apache-gpl2.html", "audit-mot.html"]


@pytest.mark.parametrize("name", REPORTS)
def test_a_committed_report_is_self_contained_and_names_no_local_path(name):
    page = (EXAMPLES / name).read_text(encoding="utf-8")
    assert page.lstrip().lower().startswith("<!doctype html")
    assert not re.search(r"(?:src|href)=\"https?://", page)  # no network
    assert not re.search(r"/(?:work|tmp|home|root)/", page)


def test_readme_screenshots_exist():
    shots = re.findall(r"\]\((docs/screenshots/[^)]+\.png)\)", (ROOT / "README.md").read_text())
    assert len(shots) >= 3
    for s in shots:
        assert (ROOT / s).stat().st_size > 10_000


@pytest.mark.slow
def test_the_committed_matrix_is_todays_matrix():
    """Every cell of the committed heatmap equals `matrix --json` for its licenses now: a
    library change that moves a verdict makes the example stale, and this fails."""
    page = (EXAMPLES / "matrix-tour.html").read_text(encoding="utf-8")
    cells = {(m[1], m[2]): m[0] for m in re.findall(
        r'data-verdict="(\w+)" data-inbound="([^"]+)" data-outbound="([^"]+)"', page)}
    licenses = sorted({a for a, _ in cells})
    assert len(cells) == len(licenses) ** 2 == 100
    out = CliRunner().invoke(main, ["matrix", *licenses, "--json"])
    fresh = json.loads(out.output)["compat"]
    assert {(a, b): fresh[a][b] for a, b in cells} == cells
