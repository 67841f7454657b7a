"""A content-addressed on-disk cache for the command line: the parsed library and the results
of queries and the per-license profiles, keyed by a hash of everything that determines them —
the tool's own source code, the grammar, the text of every spec file, the question, its context
and the solver settings. Editing any spec (or the tool) changes every key, so an entry is never
stale.

Location: $LICLOGIC_CACHE_DIR, else the platform's user cache folder (platformdirs:
$XDG_CACHE_HOME/liclogic or ~/.cache/liclogic on Linux, ~/Library/Caches/liclogic on macOS,
%LOCALAPPDATA%\\liclogic\\Cache on Windows). LICLOGIC_NO_CACHE=1 turns it off. Its size is
bounded ($LICLOGIC_CACHE_MAX_BYTES, default 256 MiB): past the bound the oldest entries go.
Any failure (read-only disk, a corrupt entry) just means no cache: it is an optimisation, never
a source of answers. ``liclogic cache info`` / ``clear`` show and empty it.

The cache is untrusted (docs/security.md): it holds inert data only — JSON, decoded by
``liclogic.codec`` against the type the reader expects, never a pickle — and every entry is an
envelope naming the schema, the key it answers and the SHA-256 of its payload, checked on
read: an entry that does not match, decode or validate is a miss, and is replaced. A
directory that is a symlink, is not owned by the current user, or is writable by group or
others (or sits in one another user could rename) is refused with a warning: no cache.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import os
import sqlite3
import stat
import sys
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from liclogic.version import __version__

SCHEMA = "2"  # 1 held pickles: its file (cache-1.sqlite) is never opened again


NO_CACHE_ENV = "LICLOGIC_NO_CACHE"
CACHE_DIR_ENV = "LICLOGIC_CACHE_DIR"
MAX_BYTES_ENV = "LICLOGIC_CACHE_MAX_BYTES"
DEFAULT_MAX_BYTES = 256 << 20


def cache_dir() -> Path | None:
    """Where the cache lives, or None when $LICLOGIC_NO_CACHE turns it off."""
    if os.environ.get(NO_CACHE_ENV):
        return None
    explicit = os.environ.get(CACHE_DIR_ENV)
    if explicit:
        return Path(explicit)
    import platformdirs  # only when no directory is given: it is the platform's convention

    return Path(platformdirs.user_cache_dir("liclogic", appauthor=False))


def max_bytes() -> int:
    """The cache's size bound: $LICLOGIC_CACHE_MAX_BYTES (K, M, G suffixes), else 256 MiB."""
    from liclogic.limits import size_from_env

    return size_from_env(MAX_BYTES_ENV, DEFAULT_MAX_BYTES)


def _warn(message: str) -> None:
    sys.stderr.write(f"liclogic: warning: {message}; running without the cache "
                     "(see docs/security.md)\n")


def checked_dir(directory: Path, report: Callable[[str], None] = _warn, create: bool = True
                ) -> Path | None:
    """The cache directory if it is safe to keep answers in (created 0700 when missing and
    ``create``), else None after ``report`` says why: it must be a real directory (not a
    symlink) owned by the current user and not writable by group or others, and every folder
    above it either not writable by others or sticky (as /tmp is), and owned by the user or
    root."""
    try:
        directory = Path(os.path.abspath(directory))
        if not os.path.lexists(directory):
            if not create:
                return None
            directory.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            os.mkdir(directory, 0o700)
        st = os.lstat(directory)
    except OSError as exc:
        report(f"cannot create the cache directory {directory} ({exc.strerror})")
        return None
    problem = _unsafe(st, own=True)
    if problem:
        report(f"the cache directory {directory} {problem}")
        return None
    for parent in directory.parents:
        try:
            pst = os.stat(parent)
        except OSError:
            return None
        problem = _unsafe(pst, own=False)
        if problem:
            report(f"the cache directory {directory} is inside {parent}, which {problem}")
            return None
    return directory


def _unsafe(st: os.stat_result, own: bool) -> str | None:
    uid = os.geteuid()
    if own and stat.S_ISLNK(st.st_mode):
        return "is a symbolic link"
    if not stat.S_ISDIR(st.st_mode):
        return "is not a directory"
    if st.st_uid != uid and (own or st.st_uid != 0):
        return f"belongs to another user (uid {st.st_uid})"
    writable = st.st_mode & 0o022
    if writable and (own or not st.st_mode & stat.S_ISVTX):
        who = {0o022: "group and others", 0o020: "group", 0o002: "others"}[writable]
        return f"is writable by {who} (mode {stat.S_IMODE(st.st_mode):o})"
    return None


def _safe_file(path: Path) -> bool:
    """A database file the cache may open: missing (it is created 0600), or a regular file of
    the current user's that is not a symlink."""
    try:
        st = os.lstat(path)
    except FileNotFoundError:
        return True
    except OSError:
        return False
    return stat.S_ISREG(st.st_mode) and st.st_uid == os.geteuid()


@dataclass
class CacheInfo:
    """What ``liclogic cache info`` reports."""

    directory: str | None  # None: LICLOGIC_NO_CACHE is set
    database: str | None
    enabled: bool
    problem: str | None  # why it is off, in words
    entries: int = 0
    payload_bytes: int = 0
    file_bytes: int = 0
    max_bytes: int = DEFAULT_MAX_BYTES
    by_type: dict[str, int] = field(default_factory=dict)
    legacy_files: list[str] = field(default_factory=list)  # cache-1 (pickles): never opened


class Store:
    """Key → an envelope and a JSON payload, in one SQLite file (safe for concurrent
    processes); ``get`` and ``put`` name the stored type (``liclogic.codec``). Within
    ``max_bytes``: past it the oldest entries go first (their pages reused)."""

    def __init__(self, directory: Path | None, create: bool = True,
                 report: Callable[[str], None] = _warn) -> None:
        self._db: sqlite3.Connection | None = None
        self.directory = directory
        self.database: Path | None = None
        self.problem: str | None = None
        self.max_bytes = max_bytes()

        def refuse(message: str) -> None:
            self.problem = message
            report(message)

        if directory is None:
            self.problem = f"{NO_CACHE_ENV} is set"
            return
        safe = checked_dir(directory, refuse, create)
        if safe is None:
            if self.problem is None:
                self.problem = f"{directory} does not exist yet"
            return
        db = self.database = safe / f"cache-{SCHEMA}.sqlite"
        files = [db, *(db.with_name(db.name + s) for s in ("-wal", "-shm", "-journal"))]
        if not all(_safe_file(f) for f in files):
            refuse(f"{db} (or its journal) is a symbolic link or belongs to another user")
            return
        if not create and not db.exists():
            self.problem = f"{db} does not exist yet"
            return
        try:
            if not db.exists():
                os.close(os.open(db, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW,
                                 0o600))
            self._db = sqlite3.connect(db, timeout=5)
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("CREATE TABLE IF NOT EXISTS entries (key TEXT PRIMARY KEY, "
                             "value TEXT NOT NULL)")
        except (OSError, sqlite3.Error) as exc:
            self.problem = f"{db} cannot be opened ({exc})"
            self._db = None

    @property
    def enabled(self) -> bool:
        return self._db is not None

    def get(self, key: str, tp: Any) -> Any | None:
        """The value stored under ``key``, decoded as ``tp``; None for a miss — no entry, or
        one that does not answer this key, does not match its hash or does not decode."""
        text = self.get_text(key, _type_name(tp))
        if text is None:
            return None
        from liclogic import codec  # only here: a cached answer's text needs no decoder

        try:
            return codec.loads(text, tp)
        except codec.CodecError:
            return None

    def put(self, key: str, value: Any, tp: Any) -> None:
        from liclogic import codec

        try:
            payload = codec.dumps(value, tp)
        except (codec.CodecError, TypeError, ValueError):
            return
        self.put_text(key, payload, _type_name(tp))

    def get_text(self, key: str, kind: str) -> str | None:
        if self._db is None:
            return None
        try:
            row = self._db.execute("SELECT value FROM entries WHERE key = ?", (key,)).fetchone()
        except sqlite3.Error:
            return None
        if row is None or not isinstance(row[0], str):
            return None
        head, sep, payload = row[0].partition("\n")
        try:
            envelope = json.loads(head)
        except ValueError:
            return None
        if not sep or envelope != {"schema": SCHEMA, "key": key, "type": kind,
                                   "sha256": _sha256(payload)}:
            return None  # another key's entry, another type, or a payload changed since
        return payload

    def put_text(self, key: str, payload: str, kind: str) -> None:
        if self._db is None:
            return
        envelope = json.dumps({"schema": SCHEMA, "key": key, "type": kind,
                               "sha256": _sha256(payload)})
        value = f"{envelope}\n{payload}"
        if len(value) > self.max_bytes // 4:
            return  # an entry that would push out a quarter of the cache is not worth keeping
        try:
            with self._db:
                self._db.execute("INSERT OR REPLACE INTO entries VALUES (?, ?)", (key, value))
                self._evict()
        except sqlite3.Error:
            pass

    def _used_bytes(self) -> int:
        assert self._db is not None
        pages, free, size = (self._db.execute(f"PRAGMA {p}").fetchone()[0]
                             for p in ("page_count", "freelist_count", "page_size"))
        return int((pages - free) * size)

    def _evict(self) -> None:
        """Past the bound, the oldest entries (a replaced entry counts as new) go until the
        cache is at three quarters of it, so the next writes do not each evict."""
        assert self._db is not None
        if self._used_bytes() <= self.max_bytes:
            return
        target = self.max_bytes * 3 // 4
        while self._used_bytes() > target:
            gone = self._db.execute(
                "DELETE FROM entries WHERE rowid IN (SELECT rowid FROM entries ORDER BY rowid "
                "LIMIT max(1, (SELECT COUNT(*) FROM entries) / 8))").rowcount
            if gone == 0:
                return

    def info(self) -> CacheInfo:
        out = CacheInfo(str(self.directory) if self.directory else None,
                        str(self.database) if self.database else None, self.enabled,
                        self.problem, max_bytes=self.max_bytes,
                        legacy_files=[str(p) for p in self._legacy()])
        if self._db is None or self.database is None:
            return out
        try:
            rows = self._db.execute(
                "SELECT CASE WHEN json_valid(head) THEN json_extract(head, '$.type') END, "
                "COUNT(*), SUM(length(CAST(value AS BLOB))) FROM (SELECT value, substr(value, "
                "1, instr(value, char(10)) - 1) AS head FROM entries) GROUP BY 1").fetchall()
            out.file_bytes = sum(os.lstat(f).st_size for f in
                                 (self.database, self.database.with_name(
                                     self.database.name + "-wal")) if f.exists())
        except (sqlite3.Error, OSError):
            return out
        for kind, count, size in rows:
            name = kind if isinstance(kind, str) else "unreadable"
            out.by_type[name] = out.by_type.get(name, 0) + count
            out.entries += count
            out.payload_bytes += size or 0
        return out

    def clear(self) -> int:
        """Remove every entry (and the old format's files, which are never opened); the
        number of entries removed."""
        for old in self._legacy():
            old.unlink(missing_ok=True)
        if self._db is None:
            return 0
        with self._db:
            gone = self._db.execute("DELETE FROM entries").rowcount
        self._db.execute("VACUUM")  # give the space back
        return int(gone)

    def _legacy(self) -> list[Path]:
        """cache-1 files (they held pickles) of this user's, never symlinks."""
        if self.database is None:  # off, refused, or not there
            return []
        return [p for p in sorted(self.database.parent.glob("cache-1.sqlite*"))
                if p.is_file() and not p.is_symlink() and p.lstat().st_uid == os.geteuid()]


def _sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def _type_name(tp: Any) -> str:
    return getattr(tp, "__qualname__", None) or repr(tp)


_store: Store | None = None


def store() -> Store:
    global _store
    if _store is None:
        _store = Store(cache_dir())
    return _store


def close_store() -> None:  # SQLite folds its write-ahead log back in as it closes
    global _store
    if _store is not None and _store._db is not None:
        _store._db.close()
    _store = None


@functools.cache
def code_version() -> str:
    """A hash of the package's own source: a development checkout that changes how answers are
    computed never reads answers an older version cached (the version number alone would)."""
    package = str(Path(__file__).resolve().parent)
    files = []
    for parts in matching_files(package, ".py"):
        rel = "/".join(parts)
        if not rel.startswith(_NOT_IN_ANSWERS):
            files.append((rel, os.path.join(package, *parts)))
    return files_digest("code " + __version__, files, lambda f: Path(f).read_bytes())


def matching_files(root: str, suffix: str) -> list[tuple[str, ...]]:
    """The parts of each path ``sorted(Path(root).rglob("*" + suffix))`` gives, in its order
    (no descent into links), by os.scandir: no ``Path`` per entry (listed on every run)."""
    out: list[tuple[str, ...]] = []
    pending: list[tuple[str, tuple[str, ...]]] = [(root, ())]
    while pending:
        folder, rel = pending.pop()
        try:
            with os.scandir(folder) as it:
                entries = list(it)
        except OSError:  # as rglob: a folder it cannot list is skipped
            continue
        for e in entries:
            if e.name.endswith(suffix):
                out.append((*rel, e.name))
            with contextlib.suppress(OSError):
                if e.is_dir() and not e.is_symlink():
                    pending.append((e.path, (*rel, e.name)))
    return sorted(out)


# The test helpers never compute an answer the cache keeps: editing them invalidates nothing.
_NOT_IN_ANSWERS = ("strategies/", "testing/")


def digest(*parts: Any) -> str:
    h = hashlib.sha256()
    for p in (SCHEMA, code_version(), *parts):
        h.update(repr(p).encode())
        h.update(b"\0")
    return h.hexdigest()


def library_key(files: Iterable[Path], grammar: Path, names: list[str] | None = None) -> str:
    """The hash of the grammar and of every spec file's name and content (each read with the
    bounds of ``liclogic.limits``: a spec that cannot be read is an error here too).
    ``names``: the names to hash instead of the paths (a key that holds wherever the files
    are: the pre-built library's)."""
    from liclogic.limits import MAX_SPEC_BYTES_ENV, max_spec_bytes, read_bytes

    bound = max_spec_bytes()
    files = list(files)
    shown = names if names is not None else [str(f) for f in files]
    named = [("grammar", grammar), *zip(shown, files, strict=True)]
    label = f"library bound={bound}" + (" named" if names is not None else "")
    return digest("library", files_digest(
        label, named, lambda f: read_bytes(f, bound, MAX_SPEC_BYTES_ENV)))


# A file changed less than this long ago may change again within its timestamp's resolution
# without its identity changing ("racy", as git calls it): its content is hashed, not trusted.
RACY_SECONDS = 2.0
FILES_DIGEST = "FilesDigest"


def files_digest(label: str, files: Sequence[tuple[str, Any]],
                 read: Callable[[Any], bytes]) -> str:
    """SHA-256 over each file's name and content, remembered in the cache under the files'
    identity (path, size, modification and change times in ns, inode, device): a run whose
    files are as the last one saw them reads none of them. A file changed within
    ``RACY_SECONDS`` of now is read and the result not remembered. Without the cache (or when
    a file cannot be stat'ed) every file is read, as before."""
    import time

    ident = hashlib.sha256(f"{SCHEMA}\0{label}".encode())
    newest = 0
    try:
        for name, f in files:
            st = os.stat(f)
            newest = max(newest, st.st_mtime_ns, st.st_ctime_ns)
            ident.update(repr((name, os.path.abspath(f), st.st_size, st.st_mtime_ns,
                               st.st_ctime_ns, st.st_ino, st.st_dev)).encode())
    except OSError:
        return _read_digest(files, read)  # the reader raises the error a missing file makes
    key = "identity:" + ident.hexdigest()
    settled = time.time_ns() - newest > RACY_SECONDS * 1e9
    db = store() if settled else None
    if db is not None and db.enabled:
        hit = db.get_text(key, FILES_DIGEST)
        if hit is not None and len(hit) == 64 and all(c in "0123456789abcdef" for c in hit):
            return hit
    out = _read_digest(files, read)
    if db is not None:
        db.put_text(key, out, FILES_DIGEST)
    return out


def _read_digest(files: Sequence[tuple[str, Any]], read: Callable[[Any], bytes]) -> str:
    h = hashlib.sha256()
    for name, f in files:
        h.update(name.encode())
        h.update(b"\0")
        h.update(read(f))
        h.update(b"\0")
    return h.hexdigest()
