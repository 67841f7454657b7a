"""Robustness: mutated and random spec text (and license expressions) only ever yield the
project's own errors (``LiclogicError``; spec errors with a location), never another
exception, and each input finishes within a time bound. Inputs that still parse must also
format and read back the same."""

from __future__ import annotations

import contextlib
import signal
from collections.abc import Iterator

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st
from liclogic import strategies as lst
from liclogic.cli.main import main
from liclogic.engine.solve import SolverSettings
from liclogic.errors import LiclogicError, SpecError, SpecErrors
from liclogic.lang.expression import parse_expression
from liclogic.lang.format import format_file
from liclogic.lang.library import build_library, bundled_library, spec_files
from liclogic.lang.parse import parse_text
from liclogic.lang.paths import specs_dir
from liclogic.queries.lint import lint_library
from liclogic.testing.asserts import vocabulary_files

from .conftest import examples

SECONDS = 10  # per input: parse, check, build, lint with a 2 s solver budget
TEXTS = {p.name: p.read_text(encoding="utf-8") for p in spec_files(specs_dir())}
PRELUDE = TEXTS.pop("prelude.lic")
LICENSE_TEXTS = sorted(t for n, t in TEXTS.items() if not n.startswith("vocabulary"))
MIT = TEXTS["MIT.lic"]
FAST = SolverSettings(timeout_ms=2_000)


class Hang(Exception):
    pass


@contextlib.contextmanager
def bounded(seconds: int = SECONDS) -> Iterator[None]:
    """Fail an input that takes longer than ``seconds`` (SIGALRM; no hypothesis deadline)."""

    def on_alarm(signum, frame):
        raise Hang(f"input took longer than {seconds} s")

    old = signal.signal(signal.SIGALRM, on_alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)


def located(err: LiclogicError) -> None:
    """Spec errors point at a place in the text, and every error renders."""
    assert err.render()
    parts = err.errors if isinstance(err, SpecErrors) else [err]
    for e in parts:
        assert isinstance(e, SpecError), e
        assert e.span is not None and e.span.line >= 1 and e.span.column >= 1, e.render()


def pipeline(text: str, *, as_prelude: bool = False) -> None:
    """Parse, format round trip, type-check and resolve, lint: LiclogicError only."""
    name = "fuzz-prelude.lic" if as_prelude else "fuzz.lic"
    with bounded():
        try:
            tree = parse_text(text, name)
            out = format_file(tree)
            assert parse_text(out, name) == tree
            assert format_file(parse_text(out, name)) == out
            vocab = list(vocabulary_files())  # the bundled prelude and vocabulary blocks
            files = [tree, *vocab[1:], parse_text(MIT, "MIT.lic")] if as_prelude \
                else [*vocab, tree]
            lib = build_library(files)
            mine = [i.id for i in tree.items if hasattr(i, "clauses")]
            lint_library(lib, [i for i in mine if i in lib.licenses], FAST)
        except LiclogicError as err:
            located(err)


@settings(max_examples=examples(300))
@given(lst.mutated_texts(LICENSE_TEXTS))
def test_mutated_specs_fail_cleanly(text):
    pipeline(text)


@settings(max_examples=examples(80))
@given(lst.mutated_texts([PRELUDE], max_mutations=2))
def test_mutated_prelude_fails_cleanly(text):
    pipeline(text, as_prelude=True)


@settings(max_examples=examples(200))
@given(lst.random_texts())
def test_random_text_fails_cleanly(text):
    pipeline(text)


@settings(max_examples=examples(12))
@given(lst.mutated_texts(LICENSE_TEXTS))
def test_cli_check_on_mutated_specs_never_shows_a_traceback(tmp_path_factory, text):
    path = tmp_path_factory.mktemp("fuzz") / "fuzz.lic"
    path.write_text(text, encoding="utf-8")
    with bounded():
        r = CliRunner().invoke(main, ["check", str(path)], catch_exceptions=False)
    assert r.exit_code in (0, 1, 2), r.output
    assert "Traceback" not in r.output


EXPRESSIONS = ["MIT", "GPL-2.0-or-later AND (MIT OR Apache-2.0)", "GPL-2.0+ OR llama3.1",
               "MPL-2.0 AND BSD-3-Clause"]


@settings(max_examples=examples(200))
@given(st.one_of(lst.mutated_texts(EXPRESSIONS, max_mutations=3), st.text(max_size=40)))
def test_license_expressions_fail_cleanly(text):
    lib = bundled_library()
    with bounded():
        try:
            parsed = parse_expression(lib, text)
        except LiclogicError as err:
            assert err.render()
            return
    assert all(lib.find(i) is not None for i in parsed.text.replace("(", " ").replace(
        ")", " ").split() if i not in ("AND", "OR", "WITH"))


@pytest.mark.parametrize("text", ["", "\n", "license", 'license "X" {', "}" * 3, "\x00",
                                  '"unterminated', "vocabulary \"v\" { enum E { } }"])
def test_edge_texts(text):
    pipeline(text)
