"""The public hypothesis strategies (liclogic.strategies): what they generate is valid, says
something, shrinks to small licenses printed as DSL, and expressions read back as built."""

from __future__ import annotations

from collections import Counter

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from liclogic import strategies as lst
from liclogic.engine import evaluate as ev
from liclogic.lang import ast, clause_kinds
from liclogic.lang.check import check_license
from liclogic.lang.expression import alternatives, parse_expression
from liclogic.lang.library import bundled_library

from .conftest import examples

VOCAB = bundled_library().vocab


@settings(max_examples=examples(100))
@given(lst.license_sets(VOCAB, bundled_ids=("MIT", "GPL-3.0-only")))
def test_generated_licenses_type_check_and_resolve(specs):
    for tree in specs.licenses:
        assert check_license(tree, VOCAB) == [], tree.id
    lib = specs.library()
    assert {m.id for m in specs.models()} <= set(lib.licenses)


def features(tree: ast.License) -> set[str]:
    out = {type(c).__name__.lower() for c in tree.clauses}
    if tree.based_on:
        out.add("based_on")
    for c in tree.clauses:
        if isinstance(c, ast.Require) and any(d.kind == "same_license" for d in c.duties):
            out.add("copyleft")
        if ast.choices(c):
            out.add("choice")
            if any(o.when is not None for d in ast.choices(c) for o in d.options):
                out.add("option_condition")
        for node in (n for e in clause_kinds.conditions(c) for n in ast.walk_expr(e)):
            if isinstance(node, ast.Compare) and isinstance(node.value, ast.IntLit):
                out.add("threshold")
            elif isinstance(node, ast.Compare | ast.Member) and node.field.path == "purpose":
                out.add("purpose")
            elif isinstance(node, ast.Compare | ast.Member) and node.field.path == "outbound":
                out.add("outbound")
            elif isinstance(node, ast.ReadingRef):
                out.add("reading")
    return out


def test_generated_licenses_say_something():
    seen: Counter[str] = Counter()
    count = [0, 0]

    @settings(max_examples=300, derandomize=True, database=None)
    @given(lst.license_sets(VOCAB))
    def draw(specs):
        count[0] += 1
        count[1] += bool(specs.composites)
        for tree in specs.licenses:
            seen.update(features(tree))

    draw()
    for feature in ("permit", "forbid", "require", "derivative", "carries", "accepts",
                    "relicense", "waive", "based_on", "copyleft", "threshold", "purpose",
                    "outbound", "reading", "choice", "option_condition"):
        assert seen[feature] >= count[0] // 20, (feature, seen)
    assert count[1] >= count[0] // 5  # composites L WITH E


def test_a_failing_property_shrinks_to_a_small_license_printed_as_dsl():
    @settings(max_examples=200, derandomize=True, database=None)
    @given(lst.license_sets(VOCAB, max_size=1, exception=False))
    def no_license_forbids_anything(specs):
        assert not any(isinstance(c, ast.Forbid) for c in specs.licenses[0].clauses)

    with pytest.raises(AssertionError) as info:
        no_license_forbids_anything()
    report = "\n".join(getattr(info.value, "__notes__", []))
    assert 'license "LicenseRef-A" {\n  kind software\n\n  forbid any cite "§1"\n}' in report


def test_scenarios_sit_at_the_thresholds_a_license_names():
    tree = ast.License("LicenseRef-T", lst.cited([
        ast.Meta("kind", ("software",)),
        ast.Forbid(None, when=ast.Compare(ast.FieldRef("licensee.monthly_active_users"), ">",
                                          ast.IntLit(700_000_000)))]))
    users: set[int] = set()

    @settings(max_examples=200, derandomize=True, database=None)
    @given(lst.scenarios(VOCAB, licenses=[tree], fixed={"act": "distribute"}))
    def draw(s):
        assert s["act"] == "distribute"
        users.add(s["licensee.monthly_active_users"])

    draw()
    assert {700_000_000, 700_000_001} <= users
    shown = lst.scenario_text(ev.default_scenario(VOCAB, licensee__monthly_active_users=7))
    assert shown == "Scenario(act=use, relation=verbatim, licensee.monthly_active_users=7)"


@settings(max_examples=examples(100))
@given(lst.expression_trees(bundled_library()).flatmap(
    lambda e: st.tuples(st.just(e), lst.spell(bundled_library(), e))))
def test_spdx_expressions_read_back_as_the_tree_they_spell(case):
    tree, text = case
    lib = bundled_library()
    parsed = parse_expression(lib, text)
    assert {frozenset(a) for a in alternatives(parsed.expression)} == \
        {frozenset(a) for a in alternatives(tree)}
    again = parse_expression(lib, parsed.text)
    assert alternatives(again.expression) == alternatives(parsed.expression)


@settings(max_examples=examples(40))
@given(lst.exceptions(VOCAB, id="LicenseRef-X-exception"), st.data())
def test_spdx_expressions_with_exceptions_compose(exc, data):
    lib = lst.Specs((exc,), bundled=True).library()
    text = data.draw(lst.spdx_expressions(lib), label="expression")
    parsed = parse_expression(lib, text)
    for alt in alternatives(parsed.expression):
        assert all(i in lib.licenses for i in alt)


@settings(max_examples=examples(100))
@given(lst.contexts(VOCAB))
def test_contexts_are_valid(ctx):
    assert ctx.validate(VOCAB) is ctx
