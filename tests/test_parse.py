"""Parser: source → AST with spans and comments; syntax errors with a location and a hint."""

from __future__ import annotations

import pytest
from liclogic.errors import SpecError
from liclogic.lang import ast
from liclogic.lang.parse import parse_expr, parse_text

SPEC = '''
# header comment
license "X" {
  name "Example"  kind software
  aliases "x", "Ex"
  # grant
  permit use, distribute on verbatim, modified
    when licensee.monthly_active_users <= 700_000_000 and not commercial
    cite "§1" "a phrase"
  forbid any when purpose in {military, weapons} unless reading(strict-osd) cite "§2"
  require display("X Inside"), notice when derivative cite "§3"
  accepts {} cite "§4"
  relicense "GPL-3.0-only" on modified cite "§5"
  derivative static_link when reading(linking-is-derivative) cite "§6"
  carries patent_retaliation cite "§7"
}
'''


def test_parses_every_clause_kind_with_spans():
    f = parse_text(SPEC, "x.lic")
    lic = f.items[0]
    assert isinstance(lic, ast.License) and lic.id == "X"
    kinds = [type(c).__name__ for c in lic.clauses]
    assert kinds == ["Permit", "Forbid", "Require", "Accepts", "Relicense", "Derivative",
                     "Carries"]
    permit = lic.clauses[0]
    assert permit.acts == ("use", "distribute")
    assert permit.relations == ("verbatim", "modified")
    assert permit.span.line == 7 and permit.span.column == 3
    assert permit.cite == ast.Cite("§1", "a phrase")
    assert permit.comments == ("# grant",)
    assert lic.comments == ("# header comment",)
    cmp = permit.when.operands[0]
    assert cmp == ast.Compare(ast.FieldRef("licensee.monthly_active_users"), "<=",
                              ast.IntLit(700_000_000))
    assert lic.clauses[2].duties == (ast.Duty("display", "X Inside"), ast.Duty("notice"))


def test_precedence_not_and_or():
    e = parse_expr("not commercial and product or purpose == research")
    assert isinstance(e, ast.Or)
    assert isinstance(e.operands[0], ast.And)
    assert isinstance(e.operands[0].operands[0], ast.Not)


def test_keywords_are_not_names_but_fields_named_like_meta_keys_parse():
    # `name` is a metadata key in a license body but an ordinary name inside a condition
    e = parse_expr("licensee.kind == company")
    assert isinstance(e, ast.Compare)


@pytest.mark.parametrize(("text", "line", "col", "hint"), [
    ('license "X" {\n  permits use cite "a"\n}', 2, 3, "permit"),
    ('license "X" {\n  permit use "§1"\n}', 2, 14, "cite"),
    ('license "X" {\n  permit use cite “§1”\n}', 2, 19, "straight double quotes"),
    ('license "X" {\n  permit use cite "a"\n', 2, 22, "not closed"),
])
def test_syntax_errors_have_location_and_hint(text, line, col, hint):
    with pytest.raises(SpecError) as info:
        parse_text(text, "bad.lic")
    err = info.value
    assert (err.span.line, err.span.column) == (line, col)
    assert hint in (err.hint or "")
    rendered = err.render()
    assert rendered.startswith(f"bad.lic:{line}:{col}: error:")
    assert "^" in rendered  # the caret under the offending token


def test_strings_with_hash_are_not_comments():
    f = parse_text('license "X" { kind software permit use cite "# not a comment" }', "x")
    assert f.items[0].clauses[0].cite.section == "# not a comment"
    assert f.items[0].clauses[0].comments == ()
