"""The reports committed in docs/examples/ and the commands that make them, in one table: the
README's pictures (matrix, scan, lineage, workflow, combine, audit) and the three license
reviews. tests/test_report_examples.py renders each again and compares; after a change that
moves a verdict, a reason or the library's hash, regenerate them all with

    python -m tests.report_examples

Each command runs in process against the bundled library, from the repository's root (the
inputs are named relative to it, so no machine's path ends up in a page).
"""

from __future__ import annotations

import os
import re
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).parent.parent
EXAMPLES = ROOT / "docs" / "examples"

TOUR = ["MIT", "Apache-2.0", "BSD-3-Clause", "LGPL-2.1-only", "GPL-2.0-only", "GPL-3.0-only",
        "AGPL-3.0-only", "MPL-2.0", "llama3.1", "CC-BY-NC-4.0"]


@dataclass(frozen=True)
class Report:
    """One committed report: the files it makes and the command line, in which ``{NAME}``
    stands for the path a file named NAME is written to (printed output goes to ``stdout``)."""
    files: tuple[str, ...]
    argv: tuple[str, ...]
    stdout: str | None = None  # the file the command's printed output is


REPORTS = [
    Report(("matrix-tour.html",), ("matrix", *TOUR, "--format", "html"), "matrix-tour.html"),
    Report(("scan-keycloak.html",),
           ("scan", "examples/realworld/sbom/keycloak-10.0.2_bom.json.gz", "--outbound",
            "Apache-2.0", "--format", "html"), "scan-keycloak.html"),
    Report(("lineage-mistral-small.html",),
           ("lineage", "examples/realworld/hf_models/hf_model_tree_mistral-small-24b-base-2501.csv",
            "--format", "html"), "lineage-mistral-small.html"),
    Report(("workflow-modelgo-case3.html",),
           ("workflow", "examples/modelgo/case3.yaml", "--format", "html"),
           "workflow-modelgo-case3.html"),
    Report(("combine-mit-apache-gpl2.html",),
           ("combine", "MIT", "Apache-2.0", "GPL-2.0-only", "--format", "html"),
           "combine-mit-apache-gpl2.html"),
    Report(("audit-mot.html",),
           ("audit", "examples/realworld/hf_models/lfai_mot_models.jsonl.gz", "--jobs", "1",
            "--out", "{audit-out}", "--format", "html"), "audit-mot.html"),
    Report(("review-kimi-k2.md", "review-kimi-k2.html"),
           ("review", "LicenseRef-Kimi-K2-Modified-MIT", "-o", "{review-kimi-k2.md}",
            "--html", "{review-kimi-k2.html}")),
    Report(("review-mg0-2025-12.md", "review-mg0-2025-12.html"),
           ("review", "LicenseRef-ModelGo-MG0-2.0", "--previous",
            "LicenseRef-ModelGo-MG0-2.0-May2025", "-o", "{review-mg0-2025-12.md}",
            "--html", "{review-mg0-2025-12.html}")),
    Report(("review-mg-by-2025-12.md", "review-mg-by-2025-12.html"),
           ("review", "LicenseRef-ModelGo-MG-BY-2.0", "--previous",
            "LicenseRef-ModelGo-MG-BY-2.0-May2025", "-o", "{review-mg-by-2025-12.md}",
            "--html", "{review-mg-by-2025-12.html}")),
]

# what differs from run to run: a scan's time and solver calls (the cache's work)
_RUN_FIGURES = re.compile(r"\(\d[\d,]* solver calls?, [\d.]+ s\)")


def comparable(text: str) -> str:
    """A report with its run-dependent figures blanked."""
    return _RUN_FIGURES.sub("(… solver calls, … s)", text)


def render(report: Report, folder: Path) -> dict[str, str]:
    """Run the report's command; its files' text by name. The exit code is the verdict's
    (a scan with a conflict exits 1), so only a crash counts as a failure here."""
    from click.testing import CliRunner
    from liclogic.cli.main import main

    argv = [re.sub(r"\{([^}]+)\}", lambda m: str(folder / m[1]), a) for a in report.argv]
    here = Path.cwd()
    os.chdir(ROOT)  # inputs are named relative to the repository, as the README shows them
    try:
        result = CliRunner().invoke(main, argv, catch_exceptions=False)
    finally:
        os.chdir(here)
    if result.exit_code not in (0, 1, 3, 4):
        raise RuntimeError(f"liclogic {' '.join(report.argv)}: exit {result.exit_code}\n"
                           f"{result.output}")
    out = {}
    for name in report.files:
        out[name] = (result.stdout if name == report.stdout
                     else (folder / name).read_text(encoding="utf-8"))
    return out


def regenerate() -> None:
    os.environ.setdefault("LICLOGIC_NO_CACHE", "1")  # as the tests run: nothing from a cache
    for report in REPORTS:
        with tempfile.TemporaryDirectory() as tmp:
            for name, text in render(report, Path(tmp)).items():
                (EXAMPLES / name).write_text(text, encoding="utf-8")
                print(f"wrote docs/examples/{name}", file=sys.stderr)


if __name__ == "__main__":
    regenerate()
