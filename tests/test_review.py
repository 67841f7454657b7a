"""liclogic review: the license-review report, on Kimi K2 (MIT plus one duty above a
threshold; OSD 5 depends on strict-osd — DESIGN.md §4) and on the ModelGo drafts (December
2025 no longer counts distilled models as derivatives — the texts in ../shared/licenses/
modelgo-mg, v2-2025-07 §1 vs v2-2025-12 §1)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from liclogic.cli.main import main
from liclogic.cli.review_report import render_html, render_markdown
from liclogic.lang.library import bundled_library
from liclogic.queries.review import review

KIMI = "LicenseRef-Kimi-K2-Modified-MIT"
EXAMPLES = Path(__file__).parent.parent / "docs" / "examples"
NEAR = ["MIT", "Apache-2.0", "X11", "BSD-2-Clause", "LicenseRef-Llama-3.1-Community"]


@pytest.fixture(scope="module")
def kimi():
    lib = bundled_library()
    return review(lib, KIMI, candidates=NEAR, most_used=("MIT", "Apache-2.0", "GPL-3.0-only")), lib


def test_kimi_is_mit_plus_one_duty_above_a_threshold(kimi):
    r, lib = kimi
    assert r.neighbours.equivalent == []
    assert "MIT" in r.neighbours.stricter_than  # whoever follows Kimi K2 follows MIT
    text = render_markdown(r, lib)
    # the Kimi K2 LICENSE: "commercial products or services that have more than 100 million
    # monthly active users, or more than 20 million US dollars (or equivalent in other
    # currencies) in monthly revenue, you shall prominently display "Kimi K2""
    assert ("is MIT plus one duty: to prominently display “Kimi K2” when commercial and "
            "either at more than 100,000,000 monthly active users or at more than 20,000,000 "
            "USD of monthly revenue (modification clause)") in text
    assert "{text}" not in text and "{license}" not in text


def _outside_code(text: str) -> str:
    """The report without its `code`, quotes and URLs: what a reader reads as prose."""
    text = re.sub(r"`[^`]*`|“[^”]*”|\(`[^)]*\)|https?://\S+", "", text)
    return re.sub(r"LicenseRef-\S+", "", text)


def test_kimi_osd_5_depends_on_strict_osd(kimi):
    r, lib = kimi
    c5 = r.osd.extra["criteria"][4]
    assert c5["verdict"] == "depends"
    text = render_markdown(r, lib)
    label = lib.vocab.readings["strict-osd"].label  # the reading by its label, then its name
    assert ("OSD criterion 5 (No Discrimination Against Persons or Groups): depends; no under "
            f"the reading that {label} (`strict-osd`), yes without it") in text
    assert "with it, no; without it, yes" in text
    # the witness in words: the threshold of the license text, one dollar apart
    assert "with 20,000,000 USD of monthly revenue versus 20,000,001 USD of monthly revenue " \
        "the license decides differently" in text


@pytest.mark.parametrize("name", ["review-kimi-k2.md", "review-mg0-2025-12.md",
                                  "review-mg-by-2025-12.md"])
def test_the_examples_speak_in_words_not_machine_names(name):
    """Prose never shows a vocabulary name (an underscore, key=value, a DSL call): people read
    labels; names stay in code spans and citations."""
    prose = _outside_code((EXAMPLES / name).read_text())
    assert not re.findall(r"\b[a-z]+_[a-z_]+\b", prose)
    assert not re.findall(r"\b[a-z_.]+=\S", prose)
    assert not re.findall(r"\b[a-z_]+\(\"", prose)
    # licenses are named as compat and show name them ('Kimi K2'), not by LicenseRef ids
    assert "LicenseRef-" not in prose


def test_compat_both_ways(kimi):
    r, _ = kimi
    assert r.compat_into["GPL-3.0-only"].value == "yes"  # the FSF: Expat into GPLv3
    assert r.compat_from["GPL-3.0-only"].value == "no"  # copyleft code into a permissive work


def test_html_is_the_markdown_rendered(kimi):
    r, lib = kimi
    page = render_html(render_markdown(r, lib), "Kimi")
    assert "<table>" in page and "<h2>In short</h2>" in page


@pytest.mark.slow
def test_modelgo_december_no_longer_counts_distillation():
    lib = bundled_library()
    r = review(lib, "LicenseRef-ModelGo-MG-BY-2.0", "LicenseRef-ModelGo-MG-BY-2.0-May2025",
               candidates=["LicenseRef-ModelGo-MG0-2.0", "LicenseRef-ModelGo-MG-BY-2.0-May2025"],
               most_used=("MIT", "GPL-2.0-only", "Apache-2.0"))
    assert r.change is not None and set(r.change.reach) == {"distill", "train_on_outputs"}
    text = render_markdown(r, lib)
    # MG-BY v2 2025-12 §1 dropped distillation from "Derivative Model" (v2-2025-07 §1 had it)
    assert "the new text no longer counts a model distilled from it and a model trained on " \
        "its outputs as a derivative of the licensed model" in text
    assert "into GPL-2.0-only, for a model distilled from it: no → yes" in text
    assert "The OSD: nothing" in text


def test_review_command_writes_both_formats(tmp_path):
    md, page = tmp_path / "r.md", tmp_path / "r.html"
    r = CliRunner().invoke(main, ["review", "LicenseRef-ModelGo-MG0-2.0", "-o", str(md),
                                  "--html", str(page)], catch_exceptions=False)
    assert r.exit_code == 0  # the OSD verdict: yes
    assert md.read_text().startswith("# License review: ")
    assert page.read_text().startswith("<!doctype html>")


def test_review_html_of_a_hostile_draft_runs_nothing(tmp_path):
    """A draft under review is untrusted: its name, its quotes and its id end up in the page.
    Raw HTML must come out as text and the page must forbid scripts (a CSP with no
    script-src), so a draft cannot run code in the reviewer's browser."""
    draft = tmp_path / "draft.lic"
    draft.write_text(
        'license "LicenseRef-Hostile" {\n'
        '  name "<script>alert(1)</script> License"\n'
        '  kind software\n'
        '  permit use, reproduce, distribute\n'
        '    cite "§1 <img src=x onerror=alert(2)>" "You may <b onclick=alert(3)>copy</b> it"\n'
        '}\n')
    page = tmp_path / "r.html"
    r = CliRunner().invoke(main, ["review", str(draft), "--html", str(page)],
                           catch_exceptions=False)
    assert r.exit_code in (0, 1, 3, 4), r.output
    text = page.read_text()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text  # the name is there, as text
    for live in ("<script", "<img", "<b onclick"):
        assert live not in text
    assert "default-src 'none'" in text and "script-src" not in text


def test_most_used_is_what_its_two_sources_say():
    """MOST_USED, derived again: choosealicense.com's listed licenses (hidden: false), then the
    licenses at least 10 components of the bundled real SBOMs declare, most declared first."""
    from collections import Counter
    from pathlib import Path

    from license_expression import get_spdx_licensing
    from liclogic.inputs.dispatch import read_inventory
    from liclogic.queries.review import MOST_USED

    root = Path(__file__).resolve().parent.parent
    lib = bundled_library()
    shown = (root / "tests" / "data" / "choosealicense" / "shown.txt").read_text().split()
    derived = [lib.canonical(x) for x in shown]
    spdx = get_spdx_licensing()
    declared: Counter[str] = Counter()
    for path in sorted((root / "examples" / "realworld" / "sbom").iterdir()):
        for c in read_inventory(path).components:
            for d in c.declared:
                if d.expression:
                    declared.update({s.key for s in spdx.license_symbols(
                        spdx.parse(d.expression), decompose=True)})
    derived += [k for k, n in declared.most_common() if n >= 10 and k in lib
                and lib.get(k).kind != "exception" and lib.canonical(k) not in derived]
    assert list(MOST_USED) == derived
