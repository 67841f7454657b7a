"""liclogic new: the scaffolds parse, check clean and mean what they say (a based_on draft is
its parent until the writer adds to it; a --from draft keeps the source's clauses)."""

from __future__ import annotations

from click.testing import CliRunner
from liclogic.cli.main import main
from liclogic.lang.library import bundled_library
from liclogic.lang.parse import parse_text
from liclogic.lang.scaffold import scaffold
from liclogic.testing import assert_entails, library_with


def _run(*args):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def test_a_based_on_draft_is_its_parent_until_it_adds_to_it():
    text = scaffold("LicenseRef-Acme-1.0", based_on=bundled_library().get("MIT"))
    lib = library_with(text)
    draft = lib.get("LicenseRef-Acme-1.0")
    assert draft.parent == "MIT" and draft.kind == "software"
    assert_entails(lib, "LicenseRef-Acme-1.0", "MIT")
    assert_entails(lib, "MIT", "LicenseRef-Acme-1.0")
    assert "# expect osd yes" in text and "# extend Purpose" in text  # placeholders, hook


def test_a_from_draft_keeps_the_source_clauses():
    apache = bundled_library().get("Apache-2.0")
    text = scaffold("LicenseRef-Acme-2.0", start_from=apache)
    lib = library_with(text)
    draft = lib.get("LicenseRef-Acme-2.0")
    assert [c.clause for c in draft.clauses] == [c.clause for c in apache.clauses]


def test_an_empty_draft_parses_and_checks():
    text = scaffold("LicenseRef-Acme-3.0", kind="model")
    tree = parse_text(text)
    assert [type(i).__name__ for i in tree.items] == ["Vocabulary", "License"]
    assert library_with(text).get("LicenseRef-Acme-3.0").kind == "model"


def test_new_writes_a_file_once(tmp_path):
    out = tmp_path / "acme.lic"
    r = _run("new", "LicenseRef-Acme-1.0", "--based-on", "MIT", "-o", str(out))
    assert r.exit_code == 0 and out.exists()
    assert _run("check", str(out)).exit_code == 0
    before = out.read_text()
    r = _run("new", "LicenseRef-Acme-1.0", "-o", str(out))
    assert r.exit_code == 2 and "exists; nothing was written" in r.output
    assert out.read_text() == before


def test_new_refuses_a_bad_id_and_an_unknown_parent():
    r = _run("new", "Acme License")
    assert r.exit_code == 2 and "is not an SPDX id or LicenseRef-" in r.output
    r = _run("new", "LicenseRef-A", "--based-on", "MTI")
    assert r.exit_code == 2 and "MIT" in r.output
