"""The system Chromium and chromedriver the browser tests drive (tests/test_browser.py,
tests/test_serve_browser.py; the ``browser`` fixture is in conftest.py). Nothing is
downloaded: .ci/run installs chromium and chromium-driver; without them the tests skip and
say why."""

from __future__ import annotations

import shutil

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
DRIVER = shutil.which("chromedriver")
NO_BROWSER = None if CHROMIUM and DRIVER else (
    "no system Chromium and chromedriver (apt-get install chromium chromium-driver; "
    ".ci/run does)")
