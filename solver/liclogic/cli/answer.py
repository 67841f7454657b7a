"""Answers through the on-disk cache, and printing them.

A command builds one ``Answers`` for the spec files it was given: the library's cache key is
hashed once (it reads every spec file), and a question asked before is answered from the
cache without loading the library, the parser or the solver — its printed text too, per
terminal, so a repeated question does not even load the renderer. Errors are never cached.
"""

from __future__ import annotations

import contextlib
import functools
import gc
import json
import os
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from liclogic.cli.exit_status import decided

if TYPE_CHECKING:  # annotations only: a cached answer loads neither
    from rich.console import Console

    from liclogic.engine.result import CheckResult
    from liclogic.lang.library import Library


WHOLE_PROCESS = False  # set by cli.main.run: this process ends when the command does


@contextlib.contextmanager
def one_question() -> Iterator[None]:
    """Python's cyclic garbage collector off while one question is answered, and back on
    (if it was) after: the lazy imports, the library's decoding and the encoding make
    long-lived objects that it would scan again and again (~30 collections, ~7 ms of a new
    question's), and a question leaves next to no cyclic garbage — none holding a solver
    term, so the solver's state (and so each witness) never depends on when the collector
    runs (tests/test_gc_question). In a process that ends with the command
    (``WHOLE_PROCESS``), what is alive then is left out of the collector's scans, the one at
    exit included (``gc.freeze``), and the cache's file is closed at exit as before (its
    connection is among what is no longer collected)."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was and WHOLE_PROCESS:
            import atexit

            from liclogic.cache import close_store

            atexit.register(close_store)
            gc.freeze()
        if was:
            gc.enable()


def console(err: bool = False) -> Console:
    return _console_class()(stderr=err, highlight=False, soft_wrap=False)


@functools.cache
def _console_class() -> type[Console]:
    from rich.console import Console

    class Quiet(Console):
        """rich's console, except that a reader gone away (``| head``) is a BrokenPipeError
        for ``cli.main.run`` to end quietly with exit 0, not rich's own exit 1 (a "no")."""

        def on_broken_pipe(self) -> None:
            self.quiet = True
            raise BrokenPipeError

    return Quiet


def emit_json(data: Any) -> None:
    """Print a JSON document, or, when the output layer renders it (``--format``,
    ``--output``: cli/output), hand it over as it is, so a large document (a scan of 100,000
    components) is not encoded, parsed back and encoded again."""
    ctx = click.get_current_context(silent=True)
    sink = ctx.meta.get(JSON_SINK) if ctx is not None else None
    if sink is not None and not sink:
        sink.append(data)
        return
    from liclogic.cli import jsonwrite

    click.echo(jsonwrite.dumps(data), nl=False)


JSON_SINK = "liclogic.json-sink"  # click context meta: the output layer's list, when it renders


def print_result(result: CheckResult, as_json: bool, verbose: bool = False) -> int:
    """Print a result (text or JSON); its exit code."""
    if as_json:
        emit_json(result.to_json())
    else:
        decided(result.verdict.exit_code)
        plain = plain_text(result, verbose)
        if plain is not None:
            sys.stdout.write(plain)
        else:
            from liclogic.cli.report import render_result

            render_result(console(), result, verbose)
    return result.verdict.exit_code


def plain_text(result: CheckResult, verbose: bool) -> str | None:
    """A compat answer's text as rich would print it, where rich would print it plainly (to
    a pipe or a file), rendered without rich (``report_plain``); None otherwise: rich."""
    if result.check != "compat" or verbose:
        return None
    from liclogic.cli.report_plain import Unusual, plain_console

    out = plain_console()
    if out is None:
        return None
    from liclogic.cli.report import render_result

    try:
        render_result(out, result, verbose)
    except Unusual:
        return None
    return out.text()


_UNSET = object()


class Answers:
    """The cache as one command sees it, for the library the bundled specs and ``specs`` make."""

    def __init__(self, specs: tuple[Path, ...], reaches: tuple[str, ...] | None = None) -> None:
        self.specs = specs
        self.reaches = reaches  # the licenses the command's one question names, when it has one
        self._key: object = _UNSET

    @property
    def library_key(self) -> str | None:
        """The library's content key (None: no cache), hashed once per command."""
        if self._key is _UNSET:
            from liclogic.lang.paths import library_key

            self._key = library_key(self.specs)
        return self._key  # type: ignore[return-value]

    def library(self) -> Library:
        from liclogic.lang.library_store import load_library_cached

        ctx = click.get_current_context(silent=True)  # the command's deadline (options)
        deadline = ctx.meta.get("liclogic.deadline") if ctx is not None else None
        return load_library_cached(extra=self.specs, key=self.library_key, deadline=deadline,
                                   reaches=self.reaches)

    def _answer_key(self, question: tuple[Any, ...]) -> str | None:
        if self.library_key is None:
            return None
        from liclogic.cache import digest

        return digest(self.library_key, *question)

    def answer(self, question: tuple[Any, ...], compute: Callable[[Library], Any],
               kind: Any = None) -> Any:
        """The answer to ``question`` (exactly as asked), from the cache or ``compute(lib)``;
        ``kind`` is its type (default ``CheckResult``), which the cached data must decode as.
        On a hit nothing else is loaded: a cached question was a valid one. An answer that
        is not settled (``unknown`` anywhere: a timeout, the deadline) is never kept."""
        key = self._answer_key(question)
        if key is None:
            return compute(self.library())
        from liclogic.cache import store

        if kind is None:
            from liclogic.engine.result import CheckResult

            kind = CheckResult
        hit = store().get(key, kind)
        if hit is not None:
            return hit
        result = compute(self.library())
        if settled(result):
            store().put(key, result, kind)
        return result

    def print(self, question: tuple[Any, ...], compute: Callable[[Library], CheckResult],
             as_json: bool, verbose: bool = False) -> int:
        """``print_result(answer(...))``, with the printed text cached as well (per terminal;
        ``verbose``: the DSL and machine names too)."""
        key = None if as_json else self._answer_key(question)
        if key is None:
            return print_result(self.answer(question, compute), as_json, verbose)
        from liclogic.cache import digest, store

        text_key = digest(key, "text", _terminal(), verbose)
        hit = _printed(store().get_text(text_key, "PrintedText"))
        if hit is not None:
            decided(hit[1])
            sys.stdout.write(hit[0])
            sys.stdout.flush()
            return hit[1]
        result = self.answer(question, compute)
        text = plain_text(result, verbose)
        if text is None:
            from liclogic.cli.report import render_result

            out = console()
            with out.capture() as captured:
                render_result(out, result, verbose)
            text = captured.get()
        decided(result.verdict.exit_code)
        sys.stdout.write(text)
        if settled(result):
            store().put_text(text_key, json.dumps([text, result.verdict.exit_code]),
                             "PrintedText")
        return result.verdict.exit_code


def _printed(payload: str | None) -> tuple[str, int] | None:
    """A cached answer's text and exit code (checked by hand: the hot path of a repeated
    question loads no decoder); None for anything else."""
    if payload is None:
        return None
    try:
        data = json.loads(payload)
    except ValueError:
        return None
    if isinstance(data, list) and len(data) == 2 and isinstance(data[0], str) and \
            type(data[1]) is int and data[1] in (0, 1, 3, 4):
        return data[0], data[1]
    return None


def settled(answer: Any) -> bool:
    """No ``unknown`` in it: a verdict that timed out may be settled by the next run."""
    if hasattr(answer, "to_json"):
        answer = answer.to_json()
    stack = [answer]
    while stack:
        x = stack.pop()
        if x == "unknown":
            return False
        if isinstance(x, dict):
            stack.extend(x.values())
        elif isinstance(x, list | tuple):
            stack.extend(x)
    return True


def _terminal() -> tuple[Any, ...]:
    """What printed text depends on besides the answer: whether stdout is a terminal, its
    width, and the environment variables rich reads for width and colour."""
    return (sys.stdout.isatty(), _columns(),
            *(os.environ.get(k) for k in ("COLUMNS", "TERM", "COLORTERM", "NO_COLOR",
                                          "FORCE_COLOR", "TTY_COMPATIBLE", "TTY_INTERACTIVE")))


def _columns(fallback: int = 80) -> int:
    """``shutil.get_terminal_size((80, 24)).columns``, without importing shutil (and the
    compression modules it loads) on a cached answer's path: $COLUMNS when it is a positive
    number, else the width of the terminal on stdout, else ``fallback``."""
    try:
        columns = int(os.environ["COLUMNS"])
    except (KeyError, ValueError):
        columns = 0
    if columns <= 0:
        try:
            columns = os.get_terminal_size(sys.__stdout__.fileno()).columns  # type: ignore[union-attr]
        except (AttributeError, ValueError, OSError):
            columns = fallback
        columns = columns or fallback
    return columns
