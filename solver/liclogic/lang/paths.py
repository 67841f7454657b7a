"""Where the bundled grammar and spec library live (inside the wheel, or beside the package in a
source checkout), the spec files a library is made of, and the content key that names it in
the cache. Light on purpose: a cached answer needs only this, not the parser or the AST."""

from __future__ import annotations

import functools
import os
from collections.abc import Iterable
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent.parent  # solver/liclogic


def data_dir(name: str) -> Path:
    """grammar/ or specs/: inside an installed wheel (liclogic/_data/), else at the top of the
    source checkout (solver/liclogic/../../)."""
    packaged = PACKAGE_DIR / "_data" / name
    if packaged.is_dir():
        return packaged
    return PACKAGE_DIR.parent.parent / name


def grammar_path() -> Path:
    return data_dir("grammar") / "license.lark"


def specs_dir() -> Path:
    return data_dir("specs")


@functools.cache
def _display_bases(cwd: str) -> tuple[tuple[str, str], ...]:
    return (str(specs_dir().resolve()), "specs"), (str(Path(cwd).resolve()), "")


def display_path(path: str | Path) -> str:
    """A short, stable name for a spec file: relative to the library or the working directory."""
    p = _resolved_text(path)
    for base, prefix in _display_bases(os.getcwd()):
        rel = _relative(p, base)
        if rel is None:
            continue
        return f"{prefix}/{rel}" if prefix else rel
    return str(path)


def _relative(path: str, base: str) -> str | None:
    """``Path(path).relative_to(base).as_posix()`` for two resolved paths (None where it raises),
    on the strings: the library's every file is named on every run, for the cache key."""
    if path == base:
        return "."
    head = base if base.endswith("/") else base + "/"
    return path[len(head):] if path.startswith(head) else None


def _resolved_text(path: str | Path) -> str:
    """``str(Path(path).resolve())``, with each folder resolved once: a file that is not
    itself a symbolic link resolves to its resolved folder and its name (one lstat, not one
    per component of the path, for each of the library's files), on strings (no ``Path``)."""
    text = os.fspath(path)
    head, name = os.path.split(text)
    if not name or name in (".", "..") or os.path.islink(text):
        return str(Path(text).resolve())
    if not os.path.isabs(head):
        head = os.path.join(os.getcwd(), head)  # not normalised: ".." after a link is real
    return os.path.join(_real_dir(head), name)


@functools.lru_cache(maxsize=4096)
def _real_dir(directory: str) -> str:
    return os.path.realpath(directory)


def resolved(path: str | Path) -> Path:
    """``Path(path).resolve()``, with each folder resolved once (``_resolved_text``)."""
    return Path(_resolved_text(path))


def spec_files(root: Path) -> list[Path]:
    """Every .lic file under root; the prelude first so the vocabulary is read before use."""
    from liclogic.cache import matching_files

    base = str(root)
    files = [Path(base, *rel) for rel in matching_files(base, ".lic")]
    return sorted(files, key=lambda p: (p.name != "prelude.lic", str(p)))


def spec_paths(roots: Iterable[Path] | None, extra: Iterable[Path]
                ) -> tuple[list[Path], list[Path]]:
    """The bundled (or given) spec files, and the user's extra ones not among them."""
    base = [p for r in (roots if roots is not None else [specs_dir()]) for p in spec_files(r)]
    extra = list(extra)
    user: list[Path] = []
    if not extra:
        return base, user
    seen = {resolved(p) for p in base}
    for p in map(Path, extra):
        for f in (spec_files(p) if p.is_dir() else [p]):
            if resolved(f) not in seen:
                seen.add(resolved(f))
                user.append(f)
    return base, user


def library_key(extra: Iterable[Path] = ()) -> str | None:
    """The content hash that names the library the given specs make (None: no cache)."""
    from liclogic import cache

    base, user = spec_paths(None, extra)
    if any(not p.exists() for p in user) or cache.cache_dir() is None:
        return None
    # the display paths are part of the key: they are baked into spans and explanations
    return cache.digest(cache.library_key(base + user, grammar_path()),
                        [display_path(p) for p in base + user])


def portable_key(files: list[Path]) -> str:
    """The content hash of the library these spec files make wherever they are installed:
    each file's display name and content, the grammar's, the tool's own source (the key of
    the wheel's pre-built library, ``prebuilt``). With the cache off, every file is read."""
    from liclogic import cache

    shown = [display_path(p) for p in files]
    return cache.digest(cache.library_key(files, grammar_path(), names=shown), shown)
