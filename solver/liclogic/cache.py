"""A content-addressed on-disk cache for the command line: the parsed library and the results
of queries and the per-license profiles, keyed by a hash of everything that determines them —
the tool's own source code, the grammar, the text of every spec file, the question, its context
and the solver settings. Editing any spec (or the tool) changes every key, so an entry is never
stale.

Location: $LICLOGIC_CACHE_DIR, else $XDG_CACHE_HOME/liclogic, else ~/.cache/liclogic.
LICLOGIC_NO_CACHE=1 turns it off. Any failure (read-only disk, a corrupt entry) just means no
cache: it is an optimisation, never a source of answers.
"""

from __future__ import annotations

import functools
import hashlib
import os
import pickle
import sqlite3
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from liclogic.version import __version__

SCHEMA = "1"


def cache_dir() -> Path | None:
    if os.environ.get("LICLOGIC_NO_CACHE"):
        return None
    explicit = os.environ.get("LICLOGIC_CACHE_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "liclogic"


class Store:
    """Key → pickled value, in one SQLite file (safe for concurrent processes)."""

    def __init__(self, directory: Path | None) -> None:
        self._db: sqlite3.Connection | None = None
        if directory is None:
            return
        try:
            directory.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(directory / f"cache-{SCHEMA}.sqlite", timeout=5)
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("CREATE TABLE IF NOT EXISTS entries (key TEXT PRIMARY KEY, "
                             "value BLOB NOT NULL)")
        except (OSError, sqlite3.Error):
            self._db = None

    def get(self, key: str) -> Any | None:
        if self._db is None:
            return None
        try:
            row = self._db.execute("SELECT value FROM entries WHERE key = ?", (key,)).fetchone()
            return pickle.loads(row[0]) if row else None
        except Exception:  # a corrupt or foreign entry is a miss, never an error
            return None

    def put(self, key: str, value: Any) -> None:
        if self._db is None:
            return
        try:
            blob = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
            with self._db:
                self._db.execute("INSERT OR REPLACE INTO entries VALUES (?, ?)", (key, blob))
        except (sqlite3.Error, pickle.PicklingError, TypeError, AttributeError):
            pass


_store: Store | None = None


def store() -> Store:
    global _store
    if _store is None:
        _store = Store(cache_dir())
    return _store


@functools.cache
def code_version() -> str:
    """A hash of the package's own source: a development checkout that changes how answers are
    computed never reads answers an older version cached (the version number alone would)."""
    h = hashlib.sha256(__version__.encode())
    package = Path(__file__).resolve().parent
    for f in sorted(package.rglob("*.py")):
        rel = f.relative_to(package).as_posix()
        if rel.startswith(_NOT_IN_ANSWERS):
            continue
        h.update(rel.encode())
        h.update(f.read_bytes())
    return h.hexdigest()


# The test helpers never compute an answer the cache keeps: editing them invalidates nothing.
_NOT_IN_ANSWERS = ("strategies/", "testing/")


def digest(*parts: Any) -> str:
    h = hashlib.sha256()
    for p in (SCHEMA, code_version(), *parts):
        h.update(repr(p).encode())
        h.update(b"\0")
    return h.hexdigest()


def library_key(files: Iterable[Path], grammar: Path) -> str:
    """The hash of the grammar and of every spec file's name and content."""
    h = hashlib.sha256(grammar.read_bytes())
    for f in files:
        h.update(str(f).encode())
        h.update(b"\0")
        h.update(f.read_bytes())
        h.update(b"\0")
    return digest("library", h.hexdigest())
