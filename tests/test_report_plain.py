"""The plain console (``cli.report_plain``) prints what rich prints where rich prints plain
text: its escape, markup reading and wrapping against rich's own on drawn text, and whole
compat answers rendered both ways at several widths."""

from __future__ import annotations

import io
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from liclogic.cli import report_plain
from liclogic.cli.answer import plain_text
from liclogic.cli.report import render_result
from liclogic.cli.report_plain import PlainConsole, Unusual, escape, markup, plain_console, wrap
from liclogic.engine.context import Context
from liclogic.queries.compat import compat
from rich.console import Console
from rich.markup import escape as rich_escape
from rich.text import Text

from .conftest import examples

# text as the answers hold it: words, punctuation, brackets, backslashes, wide characters
PIECES = st.sampled_from(["a", "word", "GPL-3.0-only", " ", "  ", "\n", "[", "]", "[bold]",
                          "\\", "\\[", "[/]", "§4(a)", "“", "”", "—", "→", "中文", "é",
                          "x=1", ":", "https://example.org/x", "-", "(", ")", "…", "😀"])
TEXT = st.lists(PIECES, max_size=40).map("".join)
TAGS = st.sampled_from(["bold", "dim", "italic", "cyan", "yellow", "bold green"])


def rich_console(width: int) -> Console:
    return Console(file=io.StringIO(), width=width, color_system=None, highlight=False,
                   soft_wrap=False)


@settings(max_examples=examples(300))
@given(TEXT)
def test_escape_is_riches(text):
    assert escape(text) == rich_escape(text)


@settings(max_examples=examples(300))
@given(st.lists(st.one_of(TEXT.map(escape), TAGS.map(lambda t: f"[{t}]"),
                          st.just("[/]")), max_size=12).map("".join))
def test_markup_reads_as_rich_reads_it(text):
    try:
        ours = markup(text)
    except Unusual:
        return
    assert ours == Text.from_markup(text).plain


@settings(max_examples=examples(300))
@given(TEXT, st.integers(min_value=20, max_value=120))
def test_wrapping_is_riches(text, width):
    try:
        ours = wrap(report_plain.literal(text), width)
    except Unusual:
        return
    theirs = Text(text).wrap(rich_console(width), width, overflow="fold")
    assert ours == [line.plain for line in theirs]


@settings(max_examples=examples(200))
@given(st.lists(st.one_of(TEXT.map(escape), TAGS.map(lambda t: f"[{t}]"), st.just("[/]")),
                max_size=12).map("".join), st.integers(min_value=30, max_value=120),
       st.integers(min_value=0, max_value=6), st.integers(min_value=0, max_value=8))
def test_printed_lines_are_riches(text, width, indent, hang):
    from liclogic.cli.report import say

    plain = PlainConsole(width)
    try:
        plain.print(text)
        plain.print()
        say(plain, text, indent, hang)
    except Unusual:
        return
    rich = rich_console(width)
    rich.print(text)
    rich.print()
    say(rich, text, indent, hang)
    assert plain.text() == rich.file.getvalue()  # type: ignore[attr-defined]


QUESTIONS = [("MIT", "GPL-3.0-only", None), ("GPL-3.0-only", "MIT", None),
             ("Apache-2.0", "GPL-2.0-only", None), ("LGPL-2.1-only", "Apache-2.0", None),
             ("LGPL-2.1-only", "Apache-2.0", Context(relations=("dynamic_link",))),
             ("GPL-2.0", "MIT", None),  # a deprecated id: a warning
             ("MIT OR GPL-3.0-only", "Apache-2.0", None),
             ("GPL-2.0-only WITH Classpath-exception-2.0", "MIT", None),
             ("CC-BY-NC-4.0", "MIT", None), ("EPL-2.0", "GPL-2.0-only", None),
             ("LicenseRef-Llama-3.1-Community", "Apache-2.0",
              Context(relations=("fine_tune",))),
             ("LicenseRef-BigScience-OpenRAIL-M", "Apache-2.0",
              Context(facts={"purpose": "military"})),
             ("GPL-2.0-only", "Apache-2.0", Context(readings={"linking-is-derivative": True})),
             ("MPL-2.0", "GPL-3.0-only", None), ("CC-BY-SA-4.0", "GPL-3.0-only", None)]


@pytest.mark.parametrize("width", [40, 80, 132])
def test_compat_answers_print_as_rich_prints_them(lib, width):
    unusual = 0
    for a, b, ctx in QUESTIONS:
        result = compat(lib, a, b, ctx)
        plain = PlainConsole(width)
        try:
            render_result(plain, result)
        except Unusual:
            unusual += 1
            continue
        rich = rich_console(width)
        render_result(rich, result)
        assert plain.text() == rich.file.getvalue(), (a, b)  # type: ignore[attr-defined]
    assert unusual < len(QUESTIONS) // 2  # the plain console is what prints most answers


def test_the_plain_console_only_where_rich_prints_plainly(monkeypatch, lib):
    monkeypatch.delenv("FORCE_COLOR", raising=False)
    monkeypatch.delenv("TTY_COMPATIBLE", raising=False)
    monkeypatch.setenv("COLUMNS", "97")
    monkeypatch.setattr(sys, "stdout", io.StringIO())
    out = plain_console()
    assert out is not None and out.width == 97 == Console().width
    result = compat(lib, "MIT", "GPL-3.0-only")
    assert plain_text(result, verbose=False) is not None
    assert plain_text(result, verbose=True) is None  # verbose: rich
    for env in ("FORCE_COLOR", "TTY_COMPATIBLE"):
        monkeypatch.setenv(env, "1")
        assert plain_console() is None
        monkeypatch.delenv(env)

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    monkeypatch.setattr(sys, "stdout", Terminal())
    assert plain_console() is None
