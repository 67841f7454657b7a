"""parse(format(tree)) == tree and format is idempotent, on generated syntax trees (any
names, strings with quotes and backslashes, comments, long conditions) and on generated
well-typed licenses. Every bundled spec: tests/test_format.py."""

from __future__ import annotations

from hypothesis import given, settings
from liclogic import strategies as lst
from liclogic.lang import ast
from liclogic.lang.format import format_file
from liclogic.lang.library import bundled_library
from liclogic.lang.parse import parse_text

from .conftest import examples

VOCAB = bundled_library().vocab


def comments(f: ast.SpecFile) -> list[str]:
    """Every comment of a file in order (comments take no part in tree equality)."""
    out: list[str] = []
    for block in f.items:
        out += block.comments
        for item in block.items:
            out += item.comments
        out += block.closing_comments
    return out + list(f.trailing_comments)


def roundtrip(tree: ast.SpecFile) -> None:
    text = format_file(tree)
    again = parse_text(text, tree.path)
    assert again == tree, text
    assert format_file(again) == text
    assert comments(again) == comments(tree), text


@settings(max_examples=examples(300))
@given(lst.spec_files())
def test_roundtrip_and_idempotent_on_generated_syntax(tree):
    roundtrip(tree)


@settings(max_examples=examples(200))
@given(lst.license_sets(VOCAB, bundled_ids=("MIT",)))
def test_roundtrip_and_idempotent_on_generated_licenses(specs):
    roundtrip(ast.SpecFile("<generated>", specs.licenses))
