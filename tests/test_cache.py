"""The on-disk cache: a second run is answered from it, and editing a spec changes the verdict
on the next run (keys cover every spec's content: an entry is never stale)."""

from __future__ import annotations

import json

from click.testing import CliRunner

from solver import cache
from solver.cli import main

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


def test_cache_answers_repeats_and_never_goes_stale(tmp_path, monkeypatch):
    monkeypatch.delenv("LICLOGIC_NO_CACHE", raising=False)
    monkeypatch.setenv("LICLOGIC_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr(cache, "_store", None)
    spec = write(tmp_path, "cached.lic", SPEC.format(extra=""))
    args = ("compat", "LicenseRef-Cached", "MIT", "--spec", str(spec), "--json")
    code, first = run(*args)
    assert code == 0 and first["verdict"] == "yes"
    entries = cache.store()._db.execute("SELECT COUNT(*) FROM entries").fetchone()[0]
    assert entries >= 2  # the library and the answer

    def boom(*a, **k):
        raise AssertionError("recomputed")

    import solver.queries.compat as compat_module
    monkeypatch.setattr(compat_module, "compat", boom)
    assert run(*args)[1] == first  # answered from the cache
    monkeypatch.undo()
    monkeypatch.delenv("LICLOGIC_NO_CACHE", raising=False)
    monkeypatch.setenv("LICLOGIC_CACHE_DIR", str(tmp_path / "cache"))
    write(tmp_path, "cached.lic",
          SPEC.format(extra='  forbid distribute when commercial cite "2"'))
    code, after = run(*args)
    assert (code, after["verdict"]) == (1, "no")  # the edit is seen at once: MIT would grant more
