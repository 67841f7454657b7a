"""The reports committed in docs/examples/ (issue 16's acceptance: the README tour's matrix,
the Keycloak SBOM, the Mistral fine-tune tree, a ModelGo case; the combine, the audit and the
three license reviews) are what their commands (tests/report_examples.py) make from today's
library, carry no machine's paths, and the README's screenshots exist."""

from __future__ import annotations

import re

import pytest

from .report_examples import EXAMPLES, REPORTS, ROOT, comparable, render


@pytest.mark.parametrize("name", [name for r in REPORTS for name in r.files
                                  if name.endswith(".html")])
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
@pytest.mark.parametrize("report", REPORTS, ids=lambda r: r.files[0])
def test_a_committed_report_is_what_its_command_makes_today(report, tmp_path):
    """Each committed report equals its command's output now, run figures aside: a change
    that moves a verdict, a reason or the library's hash makes it stale, and this fails."""
    fresh = render(report, tmp_path)
    for name, text in fresh.items():
        committed = (EXAMPLES / name).read_text(encoding="utf-8")
        assert comparable(committed) == comparable(text), (
            f"docs/examples/{name} is stale: regenerate with python -m tests.report_examples")


def test_every_committed_report_has_its_command():
    made = {name for r in REPORTS for name in r.files}
    assert made == {p.name for p in EXAMPLES.iterdir() if p.suffix in (".html", ".md")}
