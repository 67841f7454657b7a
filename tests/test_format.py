"""Formatter: parse(format(tree)) == tree, idempotence, comments kept, atomic writes."""

from __future__ import annotations

import os

import pytest
from liclogic.lang.format import format_file
from liclogic.lang.library import spec_files
from liclogic.lang.parse import parse_file, parse_text
from liclogic.lang.paths import specs_dir
from liclogic.lang.rewrite import rewrite

BUNDLED = spec_files(specs_dir())


@pytest.mark.parametrize("path", BUNDLED, ids=lambda p: p.name)
def test_roundtrip_and_idempotent_on_bundled_specs(path):
    tree = parse_file(path)
    text = format_file(tree)
    again = parse_text(text, str(path))
    assert again == tree
    assert format_file(again) == text


def test_bundled_specs_are_formatted(tmp_path):
    for path in BUNDLED:
        assert format_file(parse_file(path)) == path.read_text(encoding="utf-8"), path


def test_comments_survive_and_trailing_ones_move_above():
    src = ('# top\nlicense "X" {\n  kind software  # the kind\n  # grants\n'
           '  permit use cite "a"\n  # end\n}\n# eof\n')
    out = format_file(parse_text(src, "x"))
    for c in ("# top", "# the kind", "# grants", "# end", "# eof"):
        assert c in out
    assert out.index("# the kind") < out.index("kind software")


def test_long_conditions_wrap_and_read_back():
    values = ", ".join(f"v{i}" for i in range(5))
    src = ('license "X" { kind software forbid any when purpose in {military, weapons, drugs, '
           'critical_infrastructure, self_harm, fraud, disinformation, defamation, spam} '
           f'cite "§1" "{values}" }}')
    tree = parse_text(src, "x")
    out = format_file(tree)
    assert max(len(line) for line in out.splitlines()) <= 100
    assert parse_text(out, "x") == tree


def test_rewrite_replaces_content_and_keeps_mode(tmp_path):
    p = tmp_path / "a.lic"
    p.write_text("old")
    os.chmod(p, 0o640)
    rewrite(p, "new", "old")
    assert p.read_text() == "new"
    assert (p.stat().st_mode & 0o777) == 0o640
    assert [x.name for x in tmp_path.iterdir()] == ["a.lic"]  # no temporary left behind
