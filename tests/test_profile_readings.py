"""The profile fast paths with several open readings. The depends rule
(``profile_samples.depends``) replays A's sample scenarios with each open reading held on, and
off, one at a time, not every combination, and the reading split (``profile.fast_split``)
fixes at most two readings; the per-reading report (``profile.split_report``) is built from
that. On generated license pairs whose clauses name at least two readings the context leaves
open: whenever the profiles answer, the full solver path gives the same verdict, the same
per-reading report and warnings, and, where the profiles split on readings, the same verdict
under each assignment of them. (One reading held at a time is what the report asks of a
verdict, ``ReadingSpace.report``; an explanation, which shows combinations of readings,
never takes the profiles: ``compat_pair`` uses them only with ``explain=False``.) The
explicit examples fail a depends rule that holds the readings only all at once, or each one
on but not off."""

from __future__ import annotations

import dataclasses

from hypothesis import HealthCheck, Phase, assume, event, example, given, settings
from hypothesis import strategies as st
from liclogic import strategies as lst
from liclogic.engine.context import COMPAT_RELATIONS, Context, compat_context
from liclogic.engine.encoding import encoding_for
from liclogic.engine.solve import DEFAULT_SETTINGS
from liclogic.errors import LiclogicError
from liclogic.lang import ast
from liclogic.lang.library import bundled_library
from liclogic.lang.parse import parse_text
from liclogic.lang.vocabulary import SAME_LICENSE
from liclogic.queries.compat import compat_pair
from liclogic.queries.profile import SPLIT_AFTER, fast_split, split_report

from .conftest import examples

FULL = dataclasses.replace(DEFAULT_SETTINGS, fast_paths=False)
VOCAB = bundled_library().vocab
READINGS = sorted(VOCAB.readings)
# the clause kinds with a condition, those that decide reach and copyleft most often first
KINDS = ("derivative", "require", "permit", "forbid", "relicense", "carries", "waive",
         "reserve")
RELATIONS = [None, ("dynamic_link",), ("modified",), ("fine_tune",), ("train", "output"),
             ("aggregate",), ("static_link", "dynamic_link"), ("distill",)]


def _add(tree: ast.License, clause: ast.Clause) -> ast.License:
    """The license with one more clause, unless it has that clause already."""
    plain = dataclasses.replace(clause, cite=None)
    if any(dataclasses.replace(c, cite=None) == plain for c in tree.clauses):
        return tree
    return lst.with_clause(tree, clause)


@st.composite
def reading_pairs(draw: st.DrawFn) -> tuple[lst.Specs, str, str, Context]:
    """Two generated licenses (the second may be based on the first), an ordered pair of
    them (maybe one license twice), then two or three readings, each put in the condition of
    one more clause of one of the pair (alone, negated, or with the clause's own condition;
    a derivative clause most often, over the context's relations half the time), and a
    context that fixes none of those readings (at most one other). Half the time the first
    of the pair grants everything and asks for copyleft, most often under one of the
    readings, maybe with a reach over the context's relations, and the second grants
    everything too: there the reading split and the depends rule have something to settle."""
    specs = draw(lst.license_sets(VOCAB, min_size=2, max_size=2, max_clauses=3,
                                  exception=False))
    relations = draw(st.sampled_from(RELATIONS))
    trees = {t.id: t for t in specs.licenses}
    ids = list(trees)
    a, b = draw(st.sampled_from(ids)), draw(st.sampled_from(ids))
    named = draw(st.lists(st.sampled_from(READINGS), min_size=2, max_size=3, unique=True))
    if draw(st.booleans()):
        refs = [ast.ReadingRef(r) for r in named]
        when = draw(st.sampled_from([None, *refs, ast.Not(refs[0]), ast.And(tuple(refs[:2])),
                                     ast.Or(tuple(refs[:2]))]))
        copyleft = ast.Require((ast.Duty(SAME_LICENSE),), None, when)
        trees[a] = _add(_add(trees[a], ast.Permit(None, None, None)), copyleft)
        if draw(st.booleans()):  # a reach in every scenario: the readings decide the rest
            trees[a] = _add(trees[a], ast.Derivative(relations or COMPAT_RELATIONS))
        if draw(st.booleans()):
            trees[b] = _add(trees[b], ast.Permit(None, None, None))
    for r in named:
        lid = draw(st.sampled_from(sorted({a, b})))
        kind = draw(st.sampled_from(("derivative", "derivative", *KINDS)))
        clause = draw(lst.clauses(VOCAB, ids=ids, kinds=(kind,)))
        if isinstance(clause, ast.Derivative) and draw(st.booleans()):
            ours = relations or COMPAT_RELATIONS
            clause = dataclasses.replace(clause, relations=tuple(draw(st.lists(
                st.sampled_from(ours), min_size=1, max_size=len(ours), unique=True))))
        ref: ast.Expr = ast.ReadingRef(r)
        shape = draw(st.integers(0, 3))
        when = (ref if shape == 0 or clause.when is None else ast.Not(ref) if shape == 1
                else ast.And((ref, clause.when)) if shape == 2 else ast.Or((ref, clause.when)))
        trees[lid] = _add(trees[lid], dataclasses.replace(clause, when=when))
    specs = lst.Specs(tuple(trees[i] for i in ids))
    others = [r for r in READINGS if r not in named]
    fixed = draw(st.one_of(st.just({}), st.builds(lambda r, v: {r: v}, st.sampled_from(others),
                                                  st.booleans())))
    return specs, a, b, Context(relations=relations, readings=fixed)


# A reading decides A's copyleft, not its reach (so the split does not take it), and B names
# another: depends over every assignment, but no with the first on and yes with it off, so the
# depends rule must hold each reading either way (held only over every assignment at once it
# would give depends under each, where the solver says no / yes)
DECIDES_COPYLEFT = lst.Specs(tuple(i for i in parse_text('''
license "LicenseRef-A" {
  kind software
  permit any cite "§1"
  derivative modified, static_link cite "§2"
  require same_license when reading(linking-is-derivative) cite "§3"
}
license "LicenseRef-B" {
  kind software
  permit any cite "§1"
  require notice when reading(training-is-derivative) cite "§2"
}
''', "<generated>").items if isinstance(i, ast.License)))

# copyleft under two readings at once: depends with either on, yes with either off
BOTH_DECIDE_COPYLEFT = lst.Specs(tuple(i for i in parse_text('''
license "LicenseRef-A" {
  kind software
  permit any cite "§1"
  derivative modified, static_link cite "§2"
  require same_license when reading(linking-is-derivative) and reading(training-is-derivative)
    cite "§3"
}
license "LicenseRef-B" {
  kind software
  permit any cite "§1"
}
''', "<generated>").items if isinstance(i, ast.License)))


def full_verdict(lib, a, b, ctx):
    return compat_pair(lib, a, b, ctx, FULL, explain=False)


@settings(max_examples=examples(60), derandomize=True, database=None, deadline=None,
          phases=[Phase.explicit, Phase.generate, Phase.shrink], print_blob=True,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much,
                                 HealthCheck.data_too_large])
@given(reading_pairs())
@example((DECIDES_COPYLEFT, "LicenseRef-A", "LicenseRef-B", Context()))
@example((DECIDES_COPYLEFT, "LicenseRef-A", "LicenseRef-B", Context(relations=("modified",))))
@example((BOTH_DECIDE_COPYLEFT, "LicenseRef-A", "LicenseRef-B", Context()))
def test_profiles_with_open_readings_agree_with_the_solver(drawn):
    specs, a_id, b_id, ctx = drawn
    try:
        lib = specs.library()
        ctx = compat_context(ctx, lib.vocab)
    except LiclogicError:
        assume(False)  # a generated pair that does not build (a clause written twice)
        return
    a, b = lib.get(a_id), lib.get(b_id)
    assert len((a.readings | b.readings) - set(ctx.readings)) >= 2
    enc = encoding_for(lib)
    # as a long-running process (or after ``warm``): the profiles may split on readings
    lib.derived["fast_questions"] = SPLIT_AFTER
    fast = fast_split(enc, a, b, ctx, DEFAULT_SETTINGS)
    event("profiles: " + ("solver decides" if fast is None else
                          f"{fast.verdict.value}, split on {len(fast.readings)}"))
    if fast is None:
        return  # the solver decides: nothing to compare
    try:
        full = full_verdict(lib, a_id, b_id, ctx)
    except LiclogicError:
        return  # the context admits no scenario: no verdict to compare
    readings, warnings = split_report(enc, a.readings | b.readings, ctx.readings, fast)
    assert (fast.verdict, readings, warnings) == (full.verdict, full.readings, full.warnings)
    for bits, verdict in fast.table.items():
        part = dataclasses.replace(ctx, readings={**ctx.readings,
                                                  **dict(zip(fast.readings, bits, strict=True))})
        assert verdict == full_verdict(lib, a_id, b_id, part).verdict, (fast.readings, bits)
