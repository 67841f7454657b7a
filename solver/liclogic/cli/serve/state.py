"""What the server keeps between requests, and how each request is kept from changing it.

- One library (the bundled specs plus the ``--spec`` files given when the server started),
  loaded once. A question may add to it — ``A WITH E`` composes a license into
  ``lib.licenses`` (``Library.compose``), and ``combine`` takes every license of the library
  as an outbound candidate — so every question runs inside ``unchanged(lib)``: the licenses,
  the lookup table and the derived tables a question added are taken out again, and the next
  question sees the library the command line would load.
- One solver lock: Z3 contexts are not thread-safe, and the engine's encoding (per library)
  holds solvers; questions are answered one at a time, waiting for the lock at most as long
  as their own time limit.
- An answer cache in memory (least recently used out first): answers are deterministic for
  one library, so a settled answer (no ``unknown`` in it) is kept; nothing is written to
  disk (the server turns the on-disk cache off).
- The playground never touches this library: it builds a private one per request
  (``playground``).
"""

from __future__ import annotations

import json
import logging
import threading
import traceback
from collections import OrderedDict
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from liclogic.cli.serve.questions import Endpoint, parse_params, question_key
from liclogic.errors import InternalError, LiclogicError
from liclogic.limits import DEFAULT_TIMEOUT_MS, DeadlineExceeded

if TYPE_CHECKING:
    from liclogic.lang.library import Library

LOG = logging.getLogger("liclogic.serve")

# what the encoding keeps is keyed by license id and content (profiles, compiled clauses):
# a license composed again is the same license, so it stays; every other derived table (the
# resolver's, the known names) may list the composite and is rebuilt
KEPT_DERIVED = frozenset({"encoding"})


@contextmanager
def unchanged(lib: Library) -> Iterator[None]:
    """Run a question on ``lib`` and leave ``lib`` as it was: what it added to the licenses
    and the lookup table (composed ``WITH`` licenses) is removed afterwards."""
    licenses, lookup = dict(lib.licenses), dict(lib._lookup)
    try:
        yield
    finally:
        if lib.licenses.keys() != licenses.keys() or lib._lookup != lookup:
            lib.licenses.clear()
            lib.licenses.update(licenses)
            lib._lookup.clear()
            lib._lookup.update(lookup)
            for name in [k for k in lib.derived if k not in KEPT_DERIVED]:
                del lib.derived[name]


class AnswerCache:
    """Settled answers by question, at most ``size`` of them (least recently used out)."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._items: OrderedDict[Any, tuple[int, Any]] = OrderedDict()
        self._lock = threading.Lock()
        self.hits = self.misses = 0

    def get(self, key: Any) -> tuple[int, Any] | None:
        with self._lock:
            found = self._items.get(key)
            if found is None:
                self.misses += 1
                return None
            self._items.move_to_end(key)
            self.hits += 1
            return found

    def put(self, key: Any, value: tuple[int, Any]) -> None:
        if self.size <= 0:
            return
        with self._lock:
            self._items[key] = value
            self._items.move_to_end(key)
            while len(self._items) > self.size:
                self._items.popitem(last=False)

    def __len__(self) -> int:
        return len(self._items)


@dataclass
class Server:
    """The library, the solver lock and the answer cache one application shares."""

    lib: Library
    max_timeout_ms: int = DEFAULT_TIMEOUT_MS
    cache: AnswerCache = field(default_factory=lambda: AnswerCache(4096))
    solver: threading.Lock = field(default_factory=threading.Lock)
    extra_specs: tuple[Path, ...] = ()  # the --spec files the library was loaded with

    def cached(self, endpoint: Endpoint, items: Sequence[tuple[str, str]],
               body: bytes | None) -> tuple[int, bytes] | None:
        """The answer when it is at hand without solving (cached, or a parameter error);
        cheap enough for the event loop, so a warm answer never waits for a thread."""
        try:
            params = parse_params(endpoint, items, self.max_timeout_ms)
        except LiclogicError as exc:
            return 2, dump(exc.to_json(), 2)
        return self.cache.get(question_key(endpoint, params, body))

    def ask(self, endpoint: Endpoint, items: Sequence[tuple[str, str]],
            body: bytes | None) -> tuple[int, bytes]:
        """(exit code, the JSON document's bytes) for one question; from the cache when it
        was answered before."""
        try:
            params = parse_params(endpoint, items, self.max_timeout_ms)
        except LiclogicError as exc:
            return 2, dump(exc.to_json(), 2)
        key = question_key(endpoint, params, body)
        hit = self.cache.get(key)
        if hit is not None:
            return hit
        code, doc, settled = self.solve(lambda lib: endpoint.run(lib, params, body),
                                        params["timeout"])
        out = (code, dump(doc, code))
        if settled:
            self.cache.put(key, out)
        return out

    def solve(self, work: Any, timeout_ms: int) -> tuple[int, Any, bool]:
        """Run ``work(lib)`` under the solver lock (waiting at most ``timeout_ms``), the library
        left unchanged; the command line's error documents for what it raises."""
        from liclogic.cli.answer import settled
        from liclogic.cli.options import error_answer

        if not self.solver.acquire(timeout=timeout_ms / 1000):
            return 4, {"verdict": "unknown", "summary": f"unknown: the time limit "
                       f"({timeout_ms:,} ms) ran out while waiting for the solver"}, False
        try:
            with unchanged(self.lib):
                code, doc = work(self.lib)
            return code, doc, settled(doc)
        except (LiclogicError, DeadlineExceeded) as exc:
            code, doc = error_answer(exc, timeout_ms)
            return code, doc, False
        except (InternalError, Exception) as exc:  # a bug: said so, the traceback logged
            LOG.error("internal error: %s\n%s", exc, traceback.format_exc())
            return 70, {"error": f"internal error: {exc}", "hint": None}, False
        finally:
            self.solver.release()


def dump(doc: Any, code: int = 0) -> bytes:
    """The document as ``--json`` prints it, compact: an answer with the tool's versions, a
    usage error's document (exit 2) as it is."""
    from liclogic.cli.output import with_versions

    return json.dumps(doc if code == 2 else with_versions(doc),
                      ensure_ascii=False).encode("utf-8")
