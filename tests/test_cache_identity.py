"""The file hashes behind the cache keys, remembered under the files' identity (path, size,
mtime, ctime, inode): a run whose files are unchanged reads none of them, any change is seen
(a restored mtime too: the ctime moves), a file changed within the racy window is always read,
and a remembered hash that is not one is a miss. Checked against the hash of the files' text
computed directly (``cache._read_digest``), the key's definition."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from liclogic import cache
from liclogic.lang.paths import display_path, resolved


@pytest.fixture
def cached(tmp_path, monkeypatch):
    monkeypatch.delenv("LICLOGIC_NO_CACHE", raising=False)
    monkeypatch.setenv("LICLOGIC_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr(cache, "_store", None)
    files = []
    for i in range(3):
        f = tmp_path / f"f{i}.lic"
        f.write_text(f"text {i}\n")
        files.append((f.name, f))
    return files


class Reader:
    def __init__(self) -> None:
        self.reads: list[Path] = []

    def __call__(self, f: Path) -> bytes:
        self.reads.append(f)
        return f.read_bytes()


def test_unchanged_files_are_not_read_again(cached, monkeypatch):
    monkeypatch.setattr(cache, "RACY_SECONDS", 0.0)
    first, second = Reader(), Reader()
    a = cache.files_digest("t", cached, first)
    b = cache.files_digest("t", cached, second)
    assert a == b == cache._read_digest(cached, Path.read_bytes)
    assert len(first.reads) == 3 and second.reads == []


def test_an_edit_is_seen_even_with_the_size_and_mtime_restored(cached, monkeypatch):
    monkeypatch.setattr(cache, "RACY_SECONDS", 0.0)
    before = cache.files_digest("t", cached, Reader())
    f = cached[1][1]
    st = os.stat(f)
    f.write_text("TEXT 1\n")  # same size
    os.utime(f, ns=(st.st_atime_ns, st.st_mtime_ns))  # the old mtime back
    assert os.stat(f).st_size == st.st_size and os.stat(f).st_mtime_ns == st.st_mtime_ns
    reader = Reader()
    after = cache.files_digest("t", cached, reader)
    assert after != before and after == cache._read_digest(cached, Path.read_bytes)
    assert len(reader.reads) == 3


def test_racy_files_are_read_every_time_and_not_remembered(cached):
    # just written: inside the default racy window
    readers = [Reader(), Reader()]
    digests = {cache.files_digest("t", cached, r) for r in readers}
    assert digests == {cache._read_digest(cached, Path.read_bytes)}
    assert all(len(r.reads) == 3 for r in readers)
    assert "FilesDigest" not in cache.store().info().by_type


def test_a_remembered_hash_that_is_not_one_is_a_miss(cached, monkeypatch):
    monkeypatch.setattr(cache, "RACY_SECONDS", 0.0)
    good = cache.files_digest("t", cached, Reader())
    db = cache.store()
    assert db._db is not None
    rows = db._db.execute("SELECT key FROM entries WHERE key LIKE 'identity:%'").fetchall()
    assert len(rows) == 1
    db.put_text(rows[0][0], "not a digest", cache.FILES_DIGEST)
    reader = Reader()
    assert cache.files_digest("t", cached, reader) == good and len(reader.reads) == 3


def test_without_the_cache_every_file_is_read(cached, monkeypatch):
    monkeypatch.setenv("LICLOGIC_NO_CACHE", "1")
    monkeypatch.setattr(cache, "_store", None)
    monkeypatch.setattr(cache, "RACY_SECONDS", 0.0)
    for _ in range(2):
        reader = Reader()
        assert cache.files_digest("t", cached, reader) == cache._read_digest(cached,
                                                                             Path.read_bytes)
        assert len(reader.reads) == 3


def test_resolved_is_path_resolve(tmp_path, monkeypatch):
    real = tmp_path / "real"
    real.mkdir()
    (real / "a.lic").write_text("x")
    (tmp_path / "link").symlink_to(real)
    (real / "b.lic").symlink_to(real / "a.lic")
    (real / "sub").mkdir()
    (tmp_path / "deep").symlink_to(real / "sub")
    monkeypatch.chdir(tmp_path)
    for p in ["link/a.lic", "link/b.lic", "real/a.lic", "link/../real/a.lic", "link",
              "deep/../a.lic", "deep/../../real/b.lic", "./link/a.lic", "a.lic",
              tmp_path / "link" / "a.lic", "missing.lic", "."]:
        assert resolved(p) == Path(p).resolve(), p
    assert display_path("link/a.lic") == "real/a.lic"
