"""``liclogic serve``'s pages in a real browser (the system Chromium, the ``browser`` fixture
of conftest.py; skipped, saying why, where there is none), against a server on loopback:
the explorer shows the verdict and the deciding clause the API gives; a license page
highlights a cited span and hovering it shows the clause; the playground shows a diagnostic
at the line ``check`` names for a broken spec. Screenshots go to the test's tmp_path."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from typing import Any

import pytest

from tests.chromium import NO_BROWSER

pytestmark = pytest.mark.skipif(NO_BROWSER is not None, reason=NO_BROWSER or "")
pytest.importorskip("uvicorn")
pytest.importorskip("selenium")


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    import uvicorn
    from liclogic.cli.serve.app import create_app
    from liclogic.lang.library import load_library

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    app = create_app(load_library(), allowed_hosts=["127.0.0.1", "localhost"])
    srv = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    until = time.monotonic() + 60
    while not srv.started:
        assert time.monotonic() < until, "the server did not start"
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        srv.should_exit = True
        thread.join(10)


def _open(browser: Any, url: str) -> None:
    from selenium.webdriver.support.ui import WebDriverWait

    browser.get(url)
    WebDriverWait(browser, 60).until(lambda d: d.execute_script(
        "return document.readyState === 'complete' && !!document.querySelector('footer')"))


def test_explorer_shows_the_verdict_and_the_deciding_clause(browser, server, tmp_path):
    import httpx
    from selenium.webdriver.common.by import By

    want = httpx.get(f"{server}/api/compat", params={"inbound": "Apache-2.0",
                                                     "outbound": "GPL-2.0-only"}).json()
    _open(browser, f"{server}/")
    browser.find_element(By.NAME, "inbound").send_keys("Apache-2.0")
    browser.find_element(By.NAME, "outbound").send_keys("GPL-2.0-only")
    browser.find_element(By.CSS_SELECTOR, "#compat-form button").click()
    from selenium.webdriver.support.ui import WebDriverWait

    WebDriverWait(browser, 120).until(lambda d: d.find_elements(By.ID, "answer"))
    answer = browser.find_element(By.ID, "answer")
    assert answer.get_attribute("data-verdict") == want["verdict"] == "no"
    badge = answer.find_element(By.CSS_SELECTOR, ".summary .verdict")
    assert "no" in badge.text
    deciding = [li.text for li in answer.find_elements(By.CSS_SELECTOR, "ul.because li")]
    first = want["because"][0]
    assert any(f"{first['license']} {first['cite']}" in t for t in deciding), deciding
    assert "Apache-2.0 §3" in answer.text  # the patent-termination clause decides it
    browser.save_screenshot(str(tmp_path / "explorer.png"))


def test_license_page_highlights_a_cited_span_and_shows_its_clause(browser, server,
                                                                    tmp_path):
    import httpx
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.by import By

    show = httpx.get(f"{server}/api/show", params={"license": "MIT"}).json()
    quotes = [e["quote"] for items in show["clauses"].values() for e in items if e["quote"]]
    _open(browser, f"{server}/license/MIT")
    marks = browser.find_elements(By.CSS_SELECTOR, "#text mark.cited")
    assert marks, "no cited span highlighted"
    background = marks[0].value_of_css_property("background-color")
    assert background not in ("rgba(0, 0, 0, 0)", "transparent")
    # the first words of a quote are inside a highlighted span
    shown = " ".join(" ".join(m.text.split()) for m in marks)
    assert any(" ".join(q.split()[:4]) in shown for q in quotes), (shown[:300], quotes)
    tip = marks[0].find_element(By.CSS_SELECTOR, ".tip")
    assert not tip.is_displayed()
    ActionChains(browser).move_to_element(marks[0]).perform()
    assert tip.is_displayed()
    assert any(c["clause"] in tip.text for items in show["clauses"].values() for c in items)
    browser.save_screenshot(str(tmp_path / "license-mit.png"))


BROKEN = ('license "LicenseRef-Broken" {\n  name "Broken"\n  kind software\n'
          '  permit use cite "1" "use"\n  frobnicate\n}\n')


def test_playground_shows_a_diagnostic_at_the_line_check_names(browser, server, tmp_path):
    import httpx
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    want = httpx.post(f"{server}/api/playground", json={"spec": BROKEN}).json()
    line = want["spec"]["errors"][0]["line"]
    assert line == 5
    _open(browser, f"{server}/playground")
    WebDriverWait(browser, 120).until(
        lambda d: d.find_elements(By.CSS_SELECTOR, "#diagnostics li"))
    editor = browser.find_element(By.ID, "spec")
    browser.execute_script("arguments[0].value = arguments[1];"
                           "arguments[0].dispatchEvent(new Event('input'));", editor, BROKEN)
    WebDriverWait(browser, 120).until(
        lambda d: d.find_elements(By.CSS_SELECTOR, "#diagnostics li[data-line='5']"))
    item = browser.find_element(By.CSS_SELECTOR, "#diagnostics li[data-line='5']")
    assert "playground.lic:5:" in item.text and "frobnicate" in item.text
    marked = browser.find_elements(By.CSS_SELECTOR, "#gutter span.bad")
    assert [m.get_attribute("data-line") for m in marked] == ["5"]
    browser.save_screenshot(str(tmp_path / "playground.png"))
    # fixed, the diagnostic goes and the answers come
    browser.execute_script("arguments[0].value = arguments[1];"
                           "arguments[0].dispatchEvent(new Event('input'));", editor,
                           BROKEN.replace("  frobnicate\n", ""))
    WebDriverWait(browser, 180).until(
        lambda d: d.find_elements(By.CSS_SELECTOR, "#answers [data-check='compat']"))
    assert not browser.find_elements(By.CSS_SELECTOR, "#gutter span.bad")
