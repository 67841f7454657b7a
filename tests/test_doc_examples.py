"""Every `$ liclogic …` example pasted into README.md and docs/*.md is run, and what the page
shows must be what the command prints: each part between elisions (a line `...` or `…`, or
`…` within a line) appears in the output, in order, whitespace aside (the page wraps at 100
columns). Each runs as a process of its own, as a reader would run it (a witness's example
values come from the solver, whose choices follow what it was asked before). An example
naming the Keycloak SBOM runs on tests/data/sbom's copy."""

from __future__ import annotations

import gzip
import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
ELISION = re.compile(r"^\s*(?:\.\.\.|…)\s*$|\s…(?=\s|$)|\s\.\.\.(?=\s|$)", re.M)
SBOMS = Path(__file__).parent / "data" / "sbom"


def examples() -> list[tuple[str, int, str, str]]:
    """(page, line, command, shown output) for every fenced block that starts with $."""
    out = []
    for page in PAGES:
        lines = page.read_text(encoding="utf-8").splitlines()
        i = 0
        while i < len(lines):
            if lines[i].startswith("```") and i + 1 < len(lines) and \
                    lines[i + 1].startswith("$ liclogic "):
                end = next(j for j in range(i + 1, len(lines)) if lines[j].startswith("```"))
                out.append((page.name, i + 2, lines[i + 1][2:], "\n".join(lines[i + 2:end])))
                i = end
            i += 1
    return out


def _flat(text: str) -> str:
    return " ".join(text.split())


def parts(shown: str) -> list[str]:
    return [p for p in (_flat(x) for x in ELISION.split(shown) if x and x.strip()
                        not in ("...", "…")) if p]


EXAMPLES = examples()


def test_the_pages_have_examples():
    assert len(EXAMPLES) >= 8, EXAMPLES


@pytest.mark.parametrize(("page", "line", "command", "shown"), EXAMPLES,
                         ids=[f"{p}:{n}" for p, n, _, _ in EXAMPLES])
def test_example_prints_what_the_page_shows(page, line, command, shown, tmp_path):
    args = shlex.split(command)[1:]
    cwd = ROOT
    for a in args:
        if a.endswith("_bom.json") and (SBOMS / f"{a}.gz").exists():
            (tmp_path / a).write_bytes(gzip.decompress((SBOMS / f"{a}.gz").read_bytes()))
            cwd = tmp_path  # the page names the file as given
    run = subprocess.run([sys.executable, "-m", "liclogic",
                          *args], cwd=cwd, capture_output=True, text=True, timeout=300,
                         env={**os.environ, "COLUMNS": "100", "LICLOGIC_NO_CACHE": "1"})
    printed = _flat(run.stdout)
    at = 0
    for part in parts(shown):
        found = printed.find(part, at)
        assert found >= 0, (f"{page}:{line}: `{command}` does not print\n  {part}\n"
                            f"after position {at} of:\n{run.stdout}{run.stderr}")
        at = found + len(part)
