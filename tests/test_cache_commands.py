"""The cache's place, its size bound and `liclogic cache info|clear`: the platform's user cache
folder (the XDG base-directory convention on Linux), the oldest entries evicted past the bound,
and `clear` removing entries only from a directory the cache itself would use."""

from __future__ import annotations

import json
import os
import sys

import pytest
from click.testing import CliRunner
from liclogic import cache
from liclogic.cli.main import main


def run(*args: str) -> tuple[int, str]:
    r = CliRunner().invoke(main, list(args), catch_exceptions=False)
    return r.exit_code, r.output


@pytest.fixture
def cache_at(tmp_path, monkeypatch):
    monkeypatch.delenv("LICLOGIC_NO_CACHE", raising=False)
    monkeypatch.setenv("LICLOGIC_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr(cache, "_store", None)
    return tmp_path / "cache"


@pytest.mark.skipif(sys.platform != "linux", reason="the XDG convention is Linux's")
def test_the_location_follows_the_xdg_convention(tmp_path, monkeypatch):
    monkeypatch.delenv("LICLOGIC_NO_CACHE", raising=False)
    monkeypatch.delenv("LICLOGIC_CACHE_DIR", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert cache.cache_dir() == tmp_path / "xdg" / "liclogic"
    monkeypatch.delenv("XDG_CACHE_HOME")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert cache.cache_dir() == tmp_path / "home" / ".cache" / "liclogic"
    monkeypatch.setenv("LICLOGIC_CACHE_DIR", str(tmp_path / "mine"))
    assert cache.cache_dir() == tmp_path / "mine"
    monkeypatch.setenv("LICLOGIC_NO_CACHE", "1")
    assert cache.cache_dir() is None


def test_the_cache_stays_within_its_bound_and_keeps_the_newest(cache_at, monkeypatch):
    monkeypatch.setenv("LICLOGIC_CACHE_MAX_BYTES", "64K")
    store = cache.Store(cache_at)
    for n in range(300):
        store.put_text(f"key-{n}", "x" * 2000 + str(n), "Test")
    info = store.info()
    assert 0 < info.entries < 300
    assert info.payload_bytes <= 64 << 10
    assert os.path.getsize(cache_at / "cache-2.sqlite") <= (64 << 10) + 16 * 4096
    assert store.get_text("key-299", "Test") is not None  # the newest stay
    assert store.get_text("key-0", "Test") is None  # the oldest went first


def test_an_entry_larger_than_a_quarter_of_the_bound_is_not_kept(cache_at, monkeypatch):
    monkeypatch.setenv("LICLOGIC_CACHE_MAX_BYTES", "64K")
    store = cache.Store(cache_at)
    store.put_text("small", "x" * 100, "Test")
    store.put_text("big", "x" * (20 << 10), "Test")
    assert store.get_text("big", "Test") is None and store.get_text("small", "Test")


def test_a_bound_that_is_not_a_size_is_an_error(cache_at, monkeypatch):
    monkeypatch.setenv("LICLOGIC_CACHE_MAX_BYTES", "lots")
    code, out = run("cache", "info")
    assert code == 2 and "LICLOGIC_CACHE_MAX_BYTES='lots' is not a size" in out


def test_info_and_clear(cache_at):
    code, out = run("cache", "info")
    assert code == 0 and "does not exist yet" in out and not cache_at.exists()  # not created
    assert run("compat", "MIT", "Apache-2.0")[0] == 0
    cache.store()._db.close()  # the next commands open their own
    cache._store = None
    legacy = cache_at / "cache-1.sqlite"
    legacy.write_bytes(b"old pickles")
    code, out = run("cache", "info", "--json")
    found = json.loads(out)
    assert code == 0 and found["enabled"] and found["entries"] >= 2
    assert found["by_type"]["CheckResult"] >= 1 and found["legacy_files"] == [str(legacy)]
    code, out = run("cache", "clear")
    assert code == 0 and f"removed {found['entries']} entries" in out
    assert not legacy.exists()
    assert json.loads(run("cache", "info", "--json")[1])["entries"] == 0


def test_clear_touches_nothing_in_a_directory_the_cache_refuses(cache_at):
    store = cache.Store(cache_at)
    store.put_text("k", "v", "Test")
    os.chmod(cache_at, 0o777)
    try:
        code, out = run("cache", "clear")
    finally:
        os.chmod(cache_at, 0o700)
    assert code == 2 and "writable by group and others" in out and "nothing removed" in out
    assert cache.Store(cache_at).get_text("k", "Test") == "v"


def test_clear_with_the_cache_off_says_so(monkeypatch):
    monkeypatch.setenv("LICLOGIC_NO_CACHE", "1")
    assert run("cache", "clear") == (0, "nothing to clear: LICLOGIC_NO_CACHE is set\n")


def test_info_names_every_kind_it_stores_in_words(cache_at):
    """`cache info` says what is stored as people name it ('matrices', 'spec-file digests'),
    not by the Python type that decodes it."""
    assert run("matrix", "MIT", "0BSD")[0] == 0
    assert run("osd", "MIT", "0BSD")[0] in (0, 1, 3)
    cache.store()._db.close()
    cache._store = None
    code, out = run("cache", "info")
    kinds = out.split("(", 1)[1].split(")", 1)[0]
    assert code == 0 and "matrices" in kinds and "spec-file digests" in kinds
    words = set(kinds.replace(",", " ").split())
    assert not words & {"tuple", "list", "FilesDigest", "CheckResult", "Profile", "Library"}
