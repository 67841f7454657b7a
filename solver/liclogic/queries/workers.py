"""Worker processes for the many-license commands (matrix, osd --all): each has its own
library (Z3 objects do not cross processes). With the on-disk cache on, a worker loads it
through the cache, so workers share parsed specs and per-license profiles; with it off, the
parent hands its library over as the cache's inert JSON (``library_store.library_to_json``,
decoded against its types, never a pickle), so no worker parses every spec again."""

from __future__ import annotations

import contextlib
import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from liclogic.lang.library import Library

_worker: dict = {}


def _init(extra: list[str], stored: str | None = None) -> None:
    from liclogic.lang.library_store import library_from_json, load_library_cached

    lib = library_from_json(stored, "") if stored is not None else None
    _worker["lib"] = lib or load_library_cached(extra=[Path(p) for p in extra])


def worker_library() -> Library:
    """The library of the current worker process."""
    return _worker["lib"]


def default_jobs() -> int:
    return max(1, min(os.cpu_count() or 1, 8))


def _handed_over(lib: Library | None) -> str | None:
    """The parent's library as JSON for the workers, when they would otherwise parse the
    specs (no cache: the library has no key) and it is storable as data."""
    from liclogic import codec
    from liclogic.lang.library_store import library_to_json

    if lib is None or lib.key:
        return None
    with contextlib.suppress(codec.CodecError):
        return library_to_json(lib)
    return None


def pool(jobs: int, extra_specs: list[str] | None = None, lib: Library | None = None
         ) -> ProcessPoolExecutor:
    """``jobs`` spawned workers, each with the bundled library plus ``extra_specs`` (``lib``:
    that library, already loaded here)."""
    return ProcessPoolExecutor(max_workers=jobs, mp_context=multiprocessing.get_context("spawn"),
                               initializer=_init,
                               initargs=(list(extra_specs or []), _handed_over(lib)))
