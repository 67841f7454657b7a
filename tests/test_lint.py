"""lint: clauses that never apply, shadowed permits, dead duties; the bundled library is clean."""

from __future__ import annotations

from liclogic.lang.library import load_library
from liclogic.queries.lint import lint_library

from .conftest import write


def test_bundled_library_is_clean(lib):
    assert lint_library(lib) == []


def test_findings(tmp_path):
    spec = write(tmp_path, "bad.lic", '''license "LicenseRef-Bad" {
  kind software
  permit use when licensee.monthly_active_users > 10 and licensee.monthly_active_users < 5 cite "a"
  permit distribute cite "b"
  forbid distribute cite "c"
  require notice when act == distribute cite "d"
  relicense "No-Such-License" cite "e"
}
''')
    lib = load_library(extra=[spec])
    codes = sorted(d.code for d in lint_library(lib, ["LicenseRef-Bad"]))
    assert codes == ["L001", "L002", "L003", "L004"]
