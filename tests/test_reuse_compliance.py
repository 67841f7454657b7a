"""The project carries its own LICENSE and every file's licensing (REUSE.toml, LICENSES/):
`reuse lint` passes, as the REUSE tool itself checks it."""

from __future__ import annotations

import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_reuse_lint_passes():
    r = subprocess.run([sys.executable, "-m", "reuse", "--root", str(ROOT), "lint"],
                       capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stdout[-3000:] + r.stderr[-2000:]
    assert "compliant with version" in r.stdout


def test_the_license_file_is_the_declared_license():
    declared = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["license"]
    assert declared == "Apache-2.0"
    text = (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert "Apache License" in text and "Version 2.0, January 2004" in text
    assert text == (ROOT / "LICENSES" / f"{declared}.txt").read_text(encoding="utf-8")
