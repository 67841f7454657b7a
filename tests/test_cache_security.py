"""The cache and the temp directory are untrusted (docs/security.md): a pickle planted in
either is never run, a tampered or misplaced entry never changes a verdict, and a cache
directory another user could write is refused."""

from __future__ import annotations

import json
import os
import pickle
import sqlite3
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from liclogic import cache
from liclogic.engine.result import CheckResult, Verdict

SPEC_TEXT = 'license "LicenseRef-Plain" {\n  kind software\n  permit any cite "1"\n}\n'


class Payload:
    """Unpickling this writes the marker file: proof that a pickle was loaded."""

    def __init__(self, marker: Path) -> None:
        self.marker = str(marker)

    def __reduce__(self):
        return (exec, (f"open({self.marker!r}, 'w').write('pwned')",))


def liclogic(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    base = {k: v for k, v in os.environ.items() if k != "LICLOGIC_NO_CACHE"}
    return subprocess.run([sys.executable, "-m", "liclogic", *args], capture_output=True,
                          text=True, env={**base, **env}, timeout=120)


def lark_cache_names(tmpdir: Path) -> list[Path]:
    """Where Lark's ``cache=True`` looks, for the two parsers liclogic used to build with it
    (Lark's own formula: lark/lark.py)."""
    import getpass
    import hashlib

    from lark import __version__
    from liclogic.lang.paths import grammar_path

    grammar = grammar_path().read_text(encoding="utf-8")
    names = []
    for options in ("parserlalrlexercontextualcacheTrue",
                    "parserlalrlexercontextualpropagate_positionsTruecacheTrue"):
        sha = hashlib.sha256((grammar + options + __version__ + str(sys.version_info[:2]))
                             .encode()).hexdigest()
        names.append(tmpdir / (f".lark_cache_{getpass.getuser()}_{sha}_"
                               f"{sys.version_info[0]}_{sys.version_info[1]}.tmp"))
    return names


def plant_lark_payload(tmpdir: Path, marker: Path) -> None:
    for name in lark_cache_names(tmpdir):
        with open(name, "wb") as fh:
            fh.write(b"0" * 64 + b"\n")
            pickle.dump(Payload(marker), fh)


def test_the_planted_lark_cache_is_where_lark_looks(tmp_path, monkeypatch):
    """The test below is not vacuous: Lark itself, asked to cache, runs the planted file."""
    import tempfile

    from lark import Lark
    from liclogic.lang.paths import grammar_path

    marker = tmp_path / "ran"
    plant_lark_payload(tmp_path, marker)
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    Lark(grammar_path().read_text(encoding="utf-8"), parser="lalr", lexer="contextual",
         cache=True)
    assert marker.exists()


def test_a_pickle_planted_in_tmpdir_is_never_loaded(tmp_path):
    marker = tmp_path / "ran"
    tmpdir = tmp_path / "tmp"
    tmpdir.mkdir()
    plant_lark_payload(tmpdir, marker)
    spec = tmp_path / "plain.lic"
    spec.write_text(SPEC_TEXT, encoding="utf-8")
    before = sorted(os.listdir(tmpdir))
    r = liclogic("compat", "LicenseRef-Plain", "MIT", "--spec", str(spec), "--json",
                 env={"TMPDIR": str(tmpdir), "LICLOGIC_CACHE_DIR": str(tmp_path / "cache")})
    assert json.loads(r.stdout)["verdict"] == "yes", r.stderr
    assert not marker.exists()
    assert sorted(os.listdir(tmpdir)) == before  # nothing written to the temp dir either


def entries(db: Path) -> dict[str, str]:
    with sqlite3.connect(db) as con:
        return dict(con.execute("SELECT key, value FROM entries"))


def rewrite(db: Path, values: dict[str, object]) -> None:
    with sqlite3.connect(db) as con:
        con.executemany("UPDATE entries SET value = ? WHERE key = ?",
                        [(v, k) for k, v in values.items()])


def test_a_pickle_planted_in_the_cache_is_never_loaded_nor_believed(tmp_path):
    """Every entry of a warm cache is replaced by a pickle that would run code (and the old
    pickle cache file is planted too): the answer is recomputed, right, and nothing ran."""
    marker = tmp_path / "ran"
    env = {"LICLOGIC_CACHE_DIR": str(tmp_path / "cache")}
    args = ("compat", "AGPL-3.0-only", "MIT", "--json")
    first = liclogic(*args, env=env)
    assert json.loads(first.stdout)["verdict"] == "no"
    db = tmp_path / "cache" / f"cache-{cache.SCHEMA}.sqlite"
    keys = list(entries(db))
    assert keys
    rewrite(db, {k: pickle.dumps(Payload(marker)) for k in keys})
    old = tmp_path / "cache" / "cache-1.sqlite"  # what liclogic used to unpickle
    with sqlite3.connect(old) as con:
        con.execute("CREATE TABLE entries (key TEXT PRIMARY KEY, value BLOB NOT NULL)")
        con.executemany("INSERT INTO entries VALUES (?, ?)",
                        [(k, pickle.dumps(Payload(marker))) for k in keys])
    again = liclogic(*args, env=env)
    assert again.returncode == 1 and json.loads(again.stdout)["verdict"] == "no"
    assert not marker.exists()
    assert all(v.split("\n", 1)[0].startswith('{"schema"') for v in entries(db).values())


def test_a_tampered_or_misplaced_entry_never_changes_a_verdict(tmp_path):
    env = {"LICLOGIC_CACHE_DIR": str(tmp_path / "cache")}
    yes = ("compat", "MIT", "GPL-3.0-only", "--json")
    no = ("compat", "AGPL-3.0-only", "MIT", "--json")
    assert liclogic(*yes, env=env).returncode == 0
    db = tmp_path / "cache" / f"cache-{cache.SCHEMA}.sqlite"
    yes_entries = entries(db)
    assert liclogic(*no, env=env).returncode == 1
    no_keys = [k for k in entries(db) if k not in yes_entries]
    # 1. the answer's payload edited to say yes (its hash no longer matches)
    forged = {}
    for k in no_keys:
        head, _, payload = entries(db)[k].partition("\n")
        forged[k] = head + "\n" + payload.replace('"no"', '"yes"')
    rewrite(db, forged)
    r = liclogic(*no, env=env)
    assert (r.returncode, json.loads(r.stdout)["verdict"]) == (1, "no")
    # 2. the yes answer's entry copied under the no question's keys (it answers another key)
    yes_answer = next(v for v in yes_entries.values() if '"CheckResult"' in v.split("\n")[0])
    rewrite(db, dict.fromkeys(entries(db).keys() - yes_entries.keys(), yes_answer))
    r = liclogic(*no, env=env)
    assert (r.returncode, json.loads(r.stdout)["verdict"]) == (1, "no")


def test_store_checks_the_envelope(tmp_path):
    s = cache.Store(tmp_path / "c")
    result = CheckResult("compat", Verdict.YES, "fine")
    s.put("k", result, CheckResult)
    assert s.get("k", CheckResult) == result
    assert s.get("k", tuple[str, int]) is None  # another type
    assert s.get("other", CheckResult) is None
    text = s._db.execute("SELECT value FROM entries").fetchone()[0]
    head, _, payload = text.partition("\n")
    for bad in (payload, head + "\n" + payload + " ", "garbage", head + "\n[1, 2"):
        with s._db:
            s._db.execute("UPDATE entries SET value = ?", (bad,))
        assert s.get("k", CheckResult) is None


def no_cache_used(tmp_path: Path, directory: Path, capsys) -> str:
    cache_store = cache.Store(directory)
    assert not cache_store.enabled
    return capsys.readouterr().err


def test_a_new_cache_directory_is_private(tmp_path):
    s = cache.Store(tmp_path / "fresh")
    assert s.enabled
    assert stat.S_IMODE(os.stat(tmp_path / "fresh").st_mode) == 0o700
    db = tmp_path / "fresh" / f"cache-{cache.SCHEMA}.sqlite"
    assert stat.S_IMODE(os.stat(db).st_mode) == 0o600


def test_a_cache_directory_others_can_write_is_refused(tmp_path, capsys):
    d = tmp_path / "shared"
    d.mkdir()
    os.chmod(d, 0o777)
    assert "writable by group and others" in no_cache_used(tmp_path, d, capsys)
    os.chmod(d, 0o775)
    assert "writable by group" in no_cache_used(tmp_path, d, capsys)
    assert not list(d.iterdir())


def test_a_cache_inside_a_folder_others_can_write_is_refused(tmp_path, capsys):
    parent = tmp_path / "open"
    parent.mkdir()
    os.chmod(parent, 0o777)
    (parent / "c").mkdir(mode=0o700)
    assert "which is writable" in no_cache_used(tmp_path, parent / "c", capsys)
    os.chmod(parent, 0o1777)  # sticky, as /tmp: others cannot rename what is ours
    assert cache.Store(parent / "c").enabled


def test_symlinked_cache_directories_and_files_are_refused(tmp_path, capsys):
    real = tmp_path / "real"
    real.mkdir(mode=0o700)
    (tmp_path / "link").symlink_to(real)
    assert "symbolic link" in no_cache_used(tmp_path, tmp_path / "link", capsys)
    d = tmp_path / "d"
    d.mkdir(mode=0o700)
    (d / f"cache-{cache.SCHEMA}.sqlite").symlink_to(tmp_path / "elsewhere.sqlite")
    assert "symbolic link" in no_cache_used(tmp_path, d, capsys)
    assert not (tmp_path / "elsewhere.sqlite").exists()


@pytest.mark.skipif(os.geteuid() != 0, reason="needs root to give a folder to another user")
def test_a_cache_directory_of_another_user_is_refused(tmp_path, capsys):
    d = tmp_path / "theirs"
    d.mkdir(mode=0o700)
    os.chown(d, 65534, 65534)
    assert "belongs to another user" in no_cache_used(tmp_path, d, capsys)


def test_the_refused_cache_still_answers(tmp_path):
    d = tmp_path / "shared"
    d.mkdir()
    os.chmod(d, 0o777)
    r = liclogic("compat", "MIT", "GPL-3.0-only", "--json", env={"LICLOGIC_CACHE_DIR": str(d)})
    assert r.returncode == 0 and json.loads(r.stdout)["verdict"] == "yes"
    assert "warning" in r.stderr and "cache" in r.stderr
    assert not list(d.iterdir())


def test_the_library_reads_back_from_its_json_as_it_was(lib):
    from liclogic.lang.library_store import library_from_json, library_to_json

    lib.key = lib.key or "k"
    back = library_from_json(library_to_json(lib), lib.key)
    assert back is not None and back.vocab == lib.vocab and back._lookup == lib._lookup
    assert back.licenses == lib.licenses  # every license decoded, clause by clause
    assert [c.origin for c in back.get("LicenseRef-Kimi-K2-Modified-MIT").clauses] == \
        [c.origin for c in lib.get("LicenseRef-Kimi-K2-Modified-MIT").clauses]
    assert library_from_json(library_to_json(lib), "another key") is None
    assert library_from_json('["_StoredLibrary"]', lib.key) is None


def test_a_cached_library_whose_head_misplaces_a_license_is_not_read(lib):
    """The head says where each license's text lies after it: an offset past the end (a
    truncated entry, an edited head) is a miss, never a slice of something else."""
    import json as json_

    from liclogic.lang.library_store import library_from_json, library_to_json

    lib.key = lib.key or "k"
    text = library_to_json(lib)
    head, _, texts = text.partition("\n")
    assert "\n" not in texts  # one line of head, then the licenses' JSON texts
    assert library_from_json(head + "\n" + texts[:-1], lib.key) is None  # truncated
    data = json_.loads(head)
    licenses = data[4]
    first = next(iter(licenses))
    licenses[first][3] = licenses[first][2] - 1  # ends before it starts
    assert library_from_json(json_.dumps(data) + "\n" + texts, lib.key) is None
    licenses[first][2:] = [-1, 5]
    assert library_from_json(json_.dumps(data) + "\n" + texts, lib.key) is None
    licenses[first][2:] = ["0", 5]  # not an offset
    assert library_from_json(json_.dumps(data) + "\n" + texts, lib.key) is None


def test_a_damaged_license_in_the_cached_library_is_an_error_not_an_answer(lib):
    from liclogic.errors import LiclogicError
    from liclogic.lang.library_store import library_from_json, library_to_json

    lib.key = lib.key or "k"
    back = library_from_json(library_to_json(lib), lib.key)
    back.licenses["MIT"].__dict__["_stored"] = '["_StoredLicense", 1, 2]'
    with pytest.raises(LiclogicError, match="cached library is damaged"):
        _ = back.get("MIT").clauses


def test_grammar_tables_that_do_not_match_are_built_once_and_kept_as_json(tmp_path,
                                                                         monkeypatch):
    """With the shipped tables out of date (another Lark, an edited grammar) the parser is
    built from the grammar and its tables kept, as JSON, in the checked cache."""
    from liclogic.lang import grammar_tables
    from liclogic.lang.paths import grammar_path

    monkeypatch.delenv("LICLOGIC_NO_CACHE", raising=False)
    monkeypatch.setenv("LICLOGIC_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr(cache, "_store", None)
    monkeypatch.setattr(grammar_tables, "TABLES", tmp_path / "missing.json")
    grammar = grammar_path().read_text(encoding="utf-8")
    built = grammar_tables.load(grammar)
    monkeypatch.setattr(grammar_tables, "build", lambda g: pytest.fail("built twice"))
    again = grammar_tables.load(grammar)
    assert again["grammar"] == built["grammar"]
    parser = grammar_tables.lark_from(again, propagate_positions=True)
    assert parser.parse('license "X" { kind software permit any cite "1" }')
