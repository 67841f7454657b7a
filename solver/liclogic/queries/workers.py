"""Worker processes for the many-license commands (matrix, osd --all): each loads its own
library (Z3 objects do not cross processes), through the on-disk cache when it is on, so
workers share parsed specs and per-license profiles."""

from __future__ import annotations

import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from liclogic.lang.library import Library

_worker: dict = {}


def _init(extra: list[str]) -> None:
    from liclogic.lang.library_store import load_library_cached

    _worker["lib"] = load_library_cached(extra=[Path(p) for p in extra])


def worker_library() -> Library:
    """The library of the current worker process."""
    return _worker["lib"]


def default_jobs() -> int:
    return max(1, min(os.cpu_count() or 1, 8))


def pool(jobs: int, extra_specs: list[str] | None = None) -> ProcessPoolExecutor:
    """``jobs`` spawned workers, each with the bundled library plus ``extra_specs``."""
    return ProcessPoolExecutor(max_workers=jobs, mp_context=multiprocessing.get_context("spawn"),
                               initializer=_init, initargs=(list(extra_specs or []),))
