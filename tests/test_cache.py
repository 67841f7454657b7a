"""The on-disk cache: a second run is answered from it, and editing a spec changes the verdict
on the next run (keys cover every spec's content: an entry is never stale)."""

from __future__ import annotations

import json

from click.testing import CliRunner
from liclogic import cache
from liclogic.cli.main import main

from .conftest import write

SPEC = '''license "LicenseRef-Cached" {{
  kind software
  permit any cite "1"
{extra}
}}
'''


def run(*args):
    r = CliRunner().invoke(main, list(args), catch_exceptions=False)
    return r.exit_code, json.loads(r.output) if r.output.startswith("{") else r.output


def use_cache(tmp_path, monkeypatch):
    """A fresh cache directory for this test, and the spec the tests edit."""
    monkeypatch.delenv("LICLOGIC_NO_CACHE", raising=False)
    monkeypatch.setenv("LICLOGIC_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr(cache, "_store", None)
    return write(tmp_path, "cached.lic", SPEC.format(extra=""))


def edit_spec(tmp_path, monkeypatch):
    """Undo the test's patches (the cache stays on) and make the spec forbid commercial
    distribution, which MIT allows: every answer about it changes."""
    monkeypatch.undo()
    monkeypatch.delenv("LICLOGIC_NO_CACHE", raising=False)
    monkeypatch.setenv("LICLOGIC_CACHE_DIR", str(tmp_path / "cache"))
    write(tmp_path, "cached.lic",
          SPEC.format(extra='  forbid distribute when commercial cite "2"'))


def test_cache_answers_repeats_and_never_goes_stale(tmp_path, monkeypatch):
    spec = use_cache(tmp_path, monkeypatch)
    args = ("compat", "LicenseRef-Cached", "MIT", "--spec", str(spec), "--json")
    code, first = run(*args)
    assert code == 0 and first["verdict"] == "yes"
    entries = cache.store()._db.execute("SELECT COUNT(*) FROM entries").fetchone()[0]
    assert entries >= 2  # the library and the answer

    def boom(*a, **k):
        raise AssertionError("recomputed")

    import liclogic.queries.compat as compat_module
    monkeypatch.setattr(compat_module, "compat", boom)
    assert run(*args)[1] == first  # answered from the cache
    edit_spec(tmp_path, monkeypatch)
    code, after = run(*args)
    assert (code, after["verdict"]) == (1, "no")  # the edit is seen at once: MIT would grant more


def test_cached_profiles_follow_spec_edits(tmp_path, monkeypatch):
    """Per-license profiles (the fast paths' facts) are cached too: the matrix reads them back
    on the next run, and an edit to the spec is seen at once."""
    spec = use_cache(tmp_path, monkeypatch)
    args = ("matrix", "LicenseRef-Cached", "MIT", "--spec", str(spec), "--json")
    _code, first = run(*args)
    assert first["compat"]["LicenseRef-Cached"]["MIT"] == "yes"
    keys = cache.store()._db.execute("SELECT COUNT(*) FROM entries").fetchone()[0]
    assert keys >= 4  # the library and profiles of both licenses
    assert run(*args)[1] == first
    write(tmp_path, "cached.lic",
          SPEC.format(extra='  forbid distribute when commercial cite "2"'))
    _code, after = run(*args)
    assert after["compat"]["LicenseRef-Cached"]["MIT"] == "no"


def test_printed_answers_are_cached_per_terminal_and_follow_spec_edits(tmp_path, monkeypatch):
    spec = use_cache(tmp_path, monkeypatch)
    args = ("compat", "LicenseRef-Cached", "MIT", "--spec", str(spec))
    code, first = run(*args)
    assert code == 0 and "YES" in first

    import liclogic.cli.report

    renders = []
    real = liclogic.cli.report.render_result
    monkeypatch.setattr(liclogic.cli.report, "render_result",
                        lambda *a: renders.append(1) or real(*a))
    assert run(*args) == (0, first)  # the printed text, from the cache
    assert renders == []
    monkeypatch.setenv("COLUMNS", "60")  # another terminal width: rendered anew
    assert run(*args)[0] == 0 and renders == [1]
    edit_spec(tmp_path, monkeypatch)
    code, after = run(*args)
    assert code == 1 and "NO" in after and after != first
