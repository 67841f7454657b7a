"""Shared fixtures and the hypothesis profiles (explicit and reproducible: derandomized, no
deadline, no example database). Choose one with HYPOTHESIS_PROFILE=ci|dev|extended; CI uses
ci. Property suites size themselves with ``examples(n)``: n in ci, 25·n in extended."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings
from liclogic.lang.library import bundled_library

PROFILE = os.environ.get("HYPOTHESIS_PROFILE", "ci")
SCALE = {"ci": 1.0, "dev": 0.1, "extended": 25.0}

settings.register_profile(
    "ci", max_examples=200, deadline=None, derandomize=True, print_blob=True, database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                           HealthCheck.filter_too_much],
)
settings.register_profile("dev", parent=settings.get_profile("ci"), max_examples=50)
settings.register_profile("extended", parent=settings.get_profile("ci"), max_examples=5_000)
settings.load_profile(PROFILE)

DATA = Path(__file__).parent / "data"
ROOT = Path(__file__).parent.parent
REALWORLD = Path(__file__).parent.parent / "examples" / "realworld"  # real SBOMs, model metadata

# Tests exercise the real work; tests/test_cache.py turns the cache on in a temporary folder.
os.environ.setdefault("LICLOGIC_NO_CACHE", "1")


def examples(ci: int) -> int:
    """The number of examples a property runs: ``ci`` under the CI profile, scaled under the
    others (dev: a tenth, extended: 25 times)."""
    return max(10, round(ci * SCALE.get(PROFILE, 1.0)))


@pytest.fixture(scope="module")
def browser():
    """Headless system Chromium through the system chromedriver (tests/chromium.py), one per
    test module; skipped, saying why, where there is none."""
    from tests.chromium import CHROMIUM, DRIVER, NO_BROWSER

    if NO_BROWSER is not None:
        pytest.skip(NO_BROWSER)
    webdriver = pytest.importorskip("selenium.webdriver")
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--window-size=1400,1000"):
        options.add_argument(arg)
    driver = webdriver.Chrome(service=Service(str(DRIVER)), options=options)
    driver.set_page_load_timeout(30)
    try:
        yield driver
    finally:
        driver.quit()


@pytest.fixture(scope="session")
def lib():
    return bundled_library()


def write(tmp_path: Path, name: str, text: str) -> Path:
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return p
