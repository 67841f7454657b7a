"""The wheel's pre-built library (lang/prebuilt.py): built from the bundled specs it is the
library parsing them gives — every license's clauses, and the answers — and it is used only
when its key matches the installed specs and code: a stale, corrupt or foreign file, or a
user's own specs, and the specs are parsed as without it. (The wheel build itself:
hatch_build.py, run by `pip wheel .`.)"""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from liclogic import cache
from liclogic.cli.main import main
from liclogic.lang import library_store, prebuilt
from liclogic.lang.library import load_paths
from liclogic.lang.paths import spec_paths
from liclogic.queries.compat import compat

from .conftest import write


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    path = tmp_path_factory.mktemp("wheel") / "library.json"
    library_store.write_prebuilt(path)
    return path


@pytest.fixture
def shipped(built, monkeypatch):
    """The package as a wheel has it: the pre-built library beside it; nothing cached."""
    monkeypatch.setattr(prebuilt, "PREBUILT", built)
    monkeypatch.setenv("LICLOGIC_NO_CACHE", "1")
    monkeypatch.setattr(cache, "_store", None)
    return built


def parsed_library():
    return load_paths(*spec_paths(None, ()))


def from_prebuilt(lib) -> bool:
    """Loaded from JSON: each license still undecoded until first used."""
    return all("_stored" in m.__dict__ for m in lib.licenses.values())


def test_the_prebuilt_library_is_the_parsed_one(shipped):
    lib = library_store.load_library_cached()
    assert from_prebuilt(lib)
    ref = parsed_library()
    assert lib.vocab == ref.vocab
    assert set(lib.licenses) == set(ref.licenses)
    for lid, m in ref.licenses.items():
        got = lib.licenses[lid]
        assert (got.path, got.parent, got.kind) == (m.path, m.parent, m.kind), lid
        assert got.tree == m.tree, lid
        assert [(c.origin, c.clause) for c in got.clauses] == \
            [(c.origin, c.clause) for c in m.clauses], lid
    for a, b in [("MIT", "GPL-3.0-only"), ("Apache-2.0", "GPL-2.0-only"),
                 ("LGPL-2.1-only", "Apache-2.0"), ("Llama-3.1", "MIT")]:
        # the scenarios are Z3's models, which may differ with what the process solved
        # before (CI saw another outbound license in Llama-3.1 → MIT's witness): the rest is
        # the same document
        assert _no_scenarios(compat(lib, a, b).to_json()) == \
            _no_scenarios(compat(ref, a, b).to_json()), (a, b)


def _no_scenarios(doc: object) -> object:
    if isinstance(doc, dict):
        return {k: _no_scenarios(v) for k, v in doc.items()
                if k not in ("scenario", "versus", "witnesses")}
    if isinstance(doc, list):
        return [_no_scenarios(v) for v in doc]
    return doc


def test_the_command_line_answers_from_it_as_from_the_specs(shipped, monkeypatch):
    args = ["compat", "CC-BY-SA-4.0", "GPL-3.0-only", "--json"]
    with_it = CliRunner().invoke(main, args)
    monkeypatch.setattr(prebuilt, "PREBUILT", shipped.with_name("none.json"))
    without = CliRunner().invoke(main, args)
    assert (with_it.exit_code, with_it.output) == (without.exit_code, without.output)
    assert json.loads(with_it.output)["verdict"] == "yes"


def test_a_prebuilt_library_of_other_specs_or_code_is_not_used(shipped, monkeypatch):
    # as if a spec or the tool had been edited since the wheel was built
    monkeypatch.setattr(library_store, "portable_key", lambda files: "0" * 64)
    lib = library_store.load_library_cached()
    assert not from_prebuilt(lib)
    assert lib.get("MIT").id == "MIT"


@pytest.mark.parametrize("content", ["", "not json", "[]", '{"key": "x"}', "\udcff"])
def test_a_corrupt_prebuilt_library_is_ignored(shipped, tmp_path, monkeypatch, content):
    bad = tmp_path / "library.json"
    bad.write_text(content, encoding="utf-8", errors="surrogateescape")
    monkeypatch.setattr(prebuilt, "PREBUILT", bad)
    lib = library_store.load_library_cached()
    assert not from_prebuilt(lib)
    assert "MIT" in lib.licenses


def test_a_oversized_prebuilt_library_is_not_read(shipped, monkeypatch):
    monkeypatch.setattr(prebuilt, "MAX_PREBUILT_BYTES", 1000)
    assert prebuilt.prebuilt_text() is None
    assert not from_prebuilt(library_store.load_library_cached())


def test_a_users_own_specs_are_parsed_with_the_library(shipped, tmp_path):
    spec = write(tmp_path, "mine.lic", 'license "LicenseRef-Mine" {\n  kind software\n'
                 '  permit any cite "1"\n}\n')
    lib = library_store.load_library_cached(extra=[spec])
    assert not from_prebuilt(lib)
    assert "LicenseRef-Mine" in lib.licenses


def test_with_the_cache_on_it_goes_by_the_cache_key(shipped, tmp_path, monkeypatch):
    monkeypatch.delenv("LICLOGIC_NO_CACHE")
    monkeypatch.setenv("LICLOGIC_CACHE_DIR", str(tmp_path / "cache"))
    from liclogic.lang.paths import library_key

    key = library_key()
    lib = library_store.load_library_cached(key=key)
    assert from_prebuilt(lib) and lib.key == key
    # served from the wheel's file, not copied into the cache
    assert cache.store().get_text(key, library_store.STORED_LIBRARY) is None
