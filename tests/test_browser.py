"""The HTML reports in a real browser (headless Chromium from the system packages, driven by
Selenium through the system chromedriver; nothing downloaded): what a person sees — the
heatmap's cells in their verdict's colour, a click on a cell showing the deciding clause, the
scan table filtered by verdict and sorted by a column. Screenshots go to the test's tmp_path.
.ci/run installs chromium and chromium-driver; elsewhere, without them, the tests skip and
say why."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from liclogic.cli.html.page import COLOURS
from liclogic.cli.main import main

from tests.chromium import NO_BROWSER

ROOT = Path(__file__).resolve().parent.parent
KEYCLOAK = ROOT / "examples" / "realworld" / "sbom" / "keycloak-10.0.2_bom.json.gz"

pytestmark = pytest.mark.skipif(NO_BROWSER is not None, reason=NO_BROWSER or "")


def _rgb(hex_colour: str) -> str:
    r, g, b = (int(hex_colour[i:i + 2], 16) for i in (1, 3, 5))
    return f"rgba({r}, {g}, {b}, 1)"  # as Chromium reports a computed colour


def _run(*args: str) -> str:
    r = CliRunner().invoke(main, list(args), catch_exceptions=False)
    assert r.exit_code in (0, 1, 3, 4), r.output
    return r.output


def _open(browser: Any, page: Path) -> None:
    """Load ``page`` and wait until it is parsed to its end (its footer) and loaded."""
    from selenium.webdriver.support.ui import WebDriverWait

    browser.get(page.as_uri())
    WebDriverWait(browser, 20).until(lambda d: d.execute_script(
        "return document.readyState === 'complete' && !!document.querySelector('footer')"))


def test_heatmap_cells_show_their_verdict_and_open_the_deciding_clause(browser, tmp_path):
    from selenium.webdriver.common.by import By

    page = tmp_path / "matrix.html"
    page.write_text(_run("matrix", "MIT", "GPL-3.0-only", "Apache-2.0", "--format", "html"))
    table = json.loads(_run("matrix", "MIT", "GPL-3.0-only", "Apache-2.0", "--json"))["compat"]
    _open(browser, page)
    cells = browser.find_elements(By.CSS_SELECTOR, "#heatmap td[data-verdict]")
    assert len(cells) == 9
    for td in cells:
        a, b, v = (td.get_attribute(x) for x in ("data-inbound", "data-outbound",
                                                  "data-verdict"))
        assert v == table[a][b]
        assert td.value_of_css_property("background-color") == _rgb(COLOURS[v])
    # no explanation is shown until a cell is chosen; then the deciding clause is
    explained = browser.find_elements(By.CSS_SELECTOR, ".explain > section[data-inbound]")
    assert explained and not any(s.is_displayed() for s in explained)
    cell = browser.find_element(
        By.CSS_SELECTOR, 'td[data-inbound="GPL-3.0-only"][data-outbound="MIT"] a')
    cell.click()
    shown = [s for s in explained if s.is_displayed()]
    assert len(shown) == 1 and "GPL-3.0-only → MIT" in shown[0].text
    assert "GPL-3.0-only §5(c)" in shown[0].text  # the FSF's reason: the copyleft of §5(c)
    browser.save_screenshot(str(tmp_path / "matrix.png"))


def test_scan_table_filters_by_verdict_and_sorts(browser, tmp_path):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    page = tmp_path / "scan.html"
    page.write_text(_run("scan", str(KEYCLOAK), "--format", "html"))
    doc = json.loads(_run("scan", str(KEYCLOAK), "--json"))
    _open(browser, page)
    rows = browser.find_elements(By.CSS_SELECTOR, "#components tbody tr")
    assert len(rows) == len(doc["components"])
    want = sum(1 for c in doc["components"] if c["verdict"] == "no")
    Select(browser.find_element(By.ID, "verdict-filter")).select_by_visible_text("no")
    browser.execute_script(
        "document.getElementById('verdict-filter').dispatchEvent(new Event('input'))")
    visible = browser.execute_script(
        "return Array.from(document.querySelectorAll('#components tbody tr'))"
        ".filter(tr => !tr.hidden).length")
    assert visible == want > 0
    assert browser.find_element(By.ID, "shown-count").text == str(want)
    browser.save_screenshot(str(tmp_path / "scan-no.png"))
    # a click on the component header sorts by it: each name before the next, by the
    # browser's own collation; a second click the other way
    in_order = ("const n = Array.from(document.querySelectorAll('#components tbody tr'))"
                ".filter(tr => !tr.hidden).map(tr => tr.cells[0].textContent.trim());"
                "return n.every((x, i) => i === 0 "
                "|| n[i - 1].localeCompare(x) * arguments[0] <= 0);")
    header = browser.find_element(By.CSS_SELECTOR, "#components thead th")
    header.click()
    assert browser.execute_script(in_order, 1)
    header.click()
    assert browser.execute_script(in_order, -1)


def test_lineage_graph_arrows_open_their_reasons(browser, tmp_path):
    from selenium.webdriver.common.by import By

    tree = ROOT / "examples" / "realworld" / "hf_models" / \
        "hf_model_tree_mistral-small-24b-base-2501.csv"
    page = tmp_path / "lineage.html"
    page.write_text(_run("lineage", str(tree), "--format", "html"))
    doc = json.loads(_run("lineage", str(tree), "--json"))
    _open(browser, page)
    boxes = browser.find_elements(By.CSS_SELECTOR, "svg a.node rect")
    assert len(boxes) == doc["summary"]["models"]
    link = next(x for x in doc["links"] if x["verdict"] == "yes")
    arrow = browser.find_element(
        By.CSS_SELECTOR, f'svg a.edge[data-target="{link["child"]}"]')
    browser.execute_script("arguments[0].dispatchEvent(new MouseEvent('click', "
                           "{bubbles: true}))", arrow)
    shown = browser.execute_script(
        "return Array.from(document.querySelectorAll('.explain > section[id]'))"
        ".filter(s => getComputedStyle(s).display !== 'none').map(s => s.textContent)")
    assert len(shown) == 1 and link["reasons"][0] in " ".join(shown[0].split())
    browser.save_screenshot(str(tmp_path / "lineage.png"))
