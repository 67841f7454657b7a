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


def test_the_shipped_grammar_tables_are_in_sync_with_the_grammar():
    """grammar_tables.json was built from grammar/license.lark as it is, by the Lark installed
    (regenerate it with ``python -m liclogic.lang.grammar_tables`` after editing the grammar;
    Lark numbers its states differently from run to run, so the test below compares what the
    tables do, not their bytes)."""
    import json

    import lark
    from liclogic.lang import grammar_tables
    from liclogic.lang.paths import grammar_path

    shipped = json.loads(grammar_tables.TABLES.read_text(encoding="utf-8"))
    if shipped["lark"] != lark.__version__:
        pytest.skip(f"tables built with Lark {shipped['lark']}; {lark.__version__} installed "
                    "builds its own (kept in the checked cache)")
    grammar = grammar_path().read_text(encoding="utf-8")
    assert shipped["grammar"] == grammar_tables._digest(grammar), \
        "grammar/license.lark changed: run python -m liclogic.lang.grammar_tables"
    assert shipped["keywords"] == grammar_tables.build(grammar)["keywords"]


BAD_INPUTS = ['license "X" { kind software permit }', 'license "X" { permit any when }',
              'vocabulary "v" { field a: }', 'license "X" { kind software permit any cite 1 }',
              'license "X" {', '}', 'license "X" { require notice(x) }']


def test_a_parser_from_the_tables_parses_as_one_built_from_the_grammar():
    from lark import Lark
    from lark.exceptions import UnexpectedInput
    from liclogic.lang import grammar_tables
    from liclogic.lang.paths import grammar_path, spec_files, specs_dir

    grammar = grammar_path().read_text(encoding="utf-8")
    built = Lark(grammar, **grammar_tables.OPTIONS)
    loaded = grammar_tables.lark_from(grammar_tables.load(grammar), propagate_positions=True)
    for f in spec_files(specs_dir()):
        text = f.read_text(encoding="utf-8")
        assert loaded.parse(text) == built.parse(text), f
    for text in BAD_INPUTS:  # the same errors, at the same place, expecting the same tokens
        errors = []
        for parser in (built, loaded):
            with pytest.raises(UnexpectedInput) as info:
                parser.parse(text)
            e = info.value
            errors.append((type(e), e.line, e.column, sorted(getattr(e, "expected", ()) or ())))
        assert errors[0] == errors[1], text


def test_no_transformer_method_is_named_after_a_terminal():
    """The parse-tree transformer keeps tokens as they are without looking each one up
    (``visit_tokens=False``): sound only while no method of it is named after a terminal,
    which Lark would otherwise call on every such token."""
    from liclogic.lang.parse import _ToAst, spec_parser

    terminals = {t.name for t in spec_parser()._lark.terminals}
    assert len(terminals) > 20
    assert [n for n in terminals if hasattr(_ToAst("x"), n)] == []
