"""Worker processes for the many-license commands (matrix, osd --all): each has its own
library (Z3 objects do not cross processes) — the calling process's, sent as inert JSON, or
else loaded through the on-disk cache when it is on — and they share per-license profiles
through that cache. The calling process works too
(``shared``): with ``jobs`` processes in all, it starts ``jobs - 1`` and takes tasks itself
while they start up and load their library, which it has already."""

from __future__ import annotations

import multiprocessing
import os
import zlib
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from pathlib import Path
from typing import TypeVar

from liclogic.lang.library import Library

_worker: dict = {}


def _init(extra: list[str], shipped: tuple[bytes, str] | None = None) -> None:
    from liclogic.lang.library_store import library_from_json, load_library_cached

    lib = None
    if shipped is not None:  # the text is dropped once decoded: each license keeps its part
        lib = library_from_json(zlib.decompress(shipped[0]).decode("utf-8"), shipped[1])
    _worker["lib"] = lib or load_library_cached(extra=[Path(p) for p in extra])


def _shipped(lib: Library | None) -> tuple[bytes, str] | None:
    """The calling process's library as inert JSON (``library_store``), compressed (the pool
    keeps it, and so does each worker), with its cache key, for workers to decode instead of
    loading and parsing the spec files again (1.2 MB for the bundled library: about 70 ms to
    write, 80 ms to read back, where parsing takes 450 ms); None for a library that holds
    some of the licenses only (it loads the others when asked) or that is not storable as
    data: the workers load theirs."""
    if lib is None or lib.loader is not None:
        return None
    from liclogic import codec
    from liclogic.lang.library_store import library_to_json

    try:
        return zlib.compress(library_to_json(lib).encode("utf-8"), 1), lib.key
    except codec.CodecError:
        return None


def worker_library() -> Library:
    """The library of the current worker process."""
    return _worker["lib"]


def default_jobs() -> int:
    return max(1, min(os.cpu_count() or 1, 8))


def pool(jobs: int, extra_specs: list[str] | None = None, lib: Library | None = None
         ) -> ProcessPoolExecutor:
    """``jobs`` spawned workers, each with ``lib`` as this process has it (``_shipped``), or
    else the bundled library plus ``extra_specs``."""
    return ProcessPoolExecutor(max_workers=jobs, mp_context=multiprocessing.get_context("spawn"),
                               initializer=_init,
                               initargs=(list(extra_specs or []), _shipped(lib)))


T = TypeVar("T")
R = TypeVar("R")


def shared(workers: ProcessPoolExecutor, size: int, remote: Callable[[T], R],
           local: Callable[[T], R], tasks: list[T], ahead: int = 2) -> Iterator[R]:
    """Each task's result (in no set order), ``remote`` in the pool's ``size`` workers and
    ``local`` here: the pool is kept ``ahead`` tasks per worker busy from the front of the list, and
    this process takes tasks from the back whenever there is one left for it — so it is
    never idle while the workers start, and the last tasks are not left to one process."""
    pending = deque(tasks)
    size *= ahead
    running: set[Future[R]] = set()
    while pending or running:
        while pending and len(running) < size:
            running.add(workers.submit(remote, pending.popleft()))
        if pending:
            yield local(pending.pop())
        else:
            done, running = wait(running, return_when=FIRST_COMPLETED)
            yield from (f.result() for f in done)
        for f in [f for f in running if f.done()]:
            running.discard(f)
            yield f.result()
