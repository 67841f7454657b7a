"""Algebraic laws of compat, entailment and combine, on generated and bundled licenses.
The precise statements are in docs/testing.md; genuine exceptions are data
(tests/data/law_exceptions.yml) and tests/test_law_exceptions.py checks that list."""

from __future__ import annotations

import functools

import pytest
from hypothesis import event, given, settings
from hypothesis import strategies as st
from liclogic import strategies as lst
from liclogic.engine import evaluate as ev
from liclogic.lang import ast
from liclogic.lang.library import Library, bundled_library
from liclogic.queries.combine import combine
from liclogic.queries.compat import compat
from liclogic.queries.osd import osd
from liclogic.testing import Probe, entails

from . import oracle
from .conftest import examples
from .laws import RANK, copy_of, extended, relicensed_everywhere, same_behaviour

VOCAB = bundled_library().vocab
BUNDLED = bundled_library()
BUNDLED_IDS = sorted(i for i, m in BUNDLED.licenses.items() if m.kind != "exception")


def narrowing(vocab=VOCAB, ids=()) -> st.SearchStrategy[ast.Clause]:
    """Clauses that can only narrow a license: a forbid or a duty."""
    return lst.clauses(vocab, ids=ids, kinds=("forbid", "require"))


# ------------------------------------------------------------------ compat is reflexive


@settings(max_examples=examples(80))
@given(lst.license_sets(VOCAB, max_size=1, max_clauses=5), st.data())
def test_compat_is_reflexive_where_the_license_permits(specs, data):
    """compat(A, A) is exactly "A permits the distribution (and its own part)" over the
    context: yes when everywhere, depends when somewhere, no only when nowhere."""
    lib = specs.library()
    ctx = data.draw(st.one_of(st.none(), lst.contexts(VOCAB, licenses=specs.queryable())),
                    label="context")
    for lic in specs.queryable():
        if not oracle.feasible(lib, lic.id):
            continue
        got = compat(lib, lic.id, lic.id, ctx, explain=False).verdict
        assert got == oracle.permits_distribution(lib, lic.id, ctx), lic.id


@pytest.mark.parametrize("lid", BUNDLED_IDS)
def test_compat_is_reflexive_on_bundled_licenses(lid):
    got = compat(BUNDLED, lid, lid, explain=False).verdict
    assert got == oracle.permits_distribution(BUNDLED, lid)


# ------------------------------------------------------------------ entailment


@settings(max_examples=examples(150))
@given(lst.licenses(VOCAB, id="LicenseRef-A", max_clauses=4),
       st.lists(lst.clauses(VOCAB), max_size=2), st.lists(lst.clauses(VOCAB), max_size=2),
       st.lists(narrowing(), max_size=2), st.lists(narrowing(), max_size=2))
def test_entailment_is_reflexive_and_transitive(a, more_b, more_c, narrow_b, narrow_c):
    """B and C add clauses to A (a forbid or duty keeps entailment, anything else may not);
    if C ⊨ B and B ⊨ A then C ⊨ A."""
    b = extended(a, "LicenseRef-B", [*narrow_b, *more_b])
    c = extended(b, "LicenseRef-C", [*narrow_c, *more_c])
    lib = lst.Specs((a, b, c)).library()
    assert entails(lib, "LicenseRef-A", "LicenseRef-A")
    cb = bool(entails(lib, "LicenseRef-C", "LicenseRef-B"))
    ba = bool(entails(lib, "LicenseRef-B", "LicenseRef-A"))
    event(f"premises: C⊨B {cb}, B⊨A {ba}")
    if cb and ba:
        assert entails(lib, "LicenseRef-C", "LicenseRef-A")


@settings(max_examples=examples(120))
@given(lst.license_sets(VOCAB, max_size=1, max_clauses=5),
       st.lists(narrowing(ids=("LicenseRef-A",)), min_size=1, max_size=2), st.data())
def test_adding_a_forbid_or_a_duty_never_widens(specs, extra, data):
    """A + forbid / require ⊨ A: it permits no more, imposes every duty and term of A; and no
    compat verdict of A as the inbound license gets better."""
    (a,) = [t for t in specs.licenses if t.id == "LicenseRef-A"]
    narrower = extended(a, "LicenseRef-N", extra)
    specs = specs.replace(narrower)
    lib = specs.library()
    assert entails(lib, "LicenseRef-N", "LicenseRef-A")
    wide_lic, narrow_lic = lib.get("LicenseRef-A"), lib.get("LicenseRef-N")
    for s in data.draw(st.lists(lst.scenarios(VOCAB, licenses=[narrow_lic]), min_size=1,
                                max_size=3), label="scenarios"):
        assert ev.permitted(wide_lic, s) or not ev.permitted(narrow_lic, s)
        assert ev.duties(wide_lic, s) <= ev.duties(narrow_lic, s)
        assert ev.carried(wide_lic, s) <= ev.carried(narrow_lic, s)
    others = [m.id for m in specs.queryable() if m.id not in ("LicenseRef-A", "LicenseRef-N")]
    outbound = data.draw(st.sampled_from([*others, "MIT", "GPL-3.0-only"]), label="outbound")
    if outbound not in lib:
        return
    wide = compat(lib, "LicenseRef-A", outbound, explain=False).verdict
    narrow = compat(lib, "LicenseRef-N", outbound, explain=False).verdict
    assert RANK[narrow] <= RANK[wide], (wide, narrow)


# ------------------------------------------------------------------ based_on


@settings(max_examples=examples(40))
@given(lst.license_sets(VOCAB, max_size=2, max_clauses=5, exception=False), st.data())
def test_based_on_with_nothing_added_behaves_as_its_parent(specs, data):
    parent = data.draw(st.sampled_from(specs.ids), label="parent")
    specs = specs.replace(copy_of(parent))
    lib = specs.library()
    if oracle.feasible(lib, parent):
        assert same_behaviour(lib, parent, "LicenseRef-Copy") == []
    probe = Probe(lib, lib.get("LicenseRef-Copy"))
    s = data.draw(lst.scenarios(VOCAB, licenses=specs.models()), label="s")
    assert probe.disagreements(s) == {}
    assert entails(lib, parent, "LicenseRef-Copy") and entails(lib, "LicenseRef-Copy", parent)
    for other in specs.ids:
        if other in (parent, "LicenseRef-Copy"):
            continue  # identity: see law_exceptions.yml, based-on-behaves-as-parent
        assert (compat(lib, "LicenseRef-Copy", other, explain=False).verdict
                == compat(lib, parent, other, explain=False).verdict), other
    mine = [c["verdict"] for c in osd(lib, "LicenseRef-Copy", explain=False).extra["criteria"]]
    theirs = [c["verdict"] for c in osd(lib, parent, explain=False).extra["criteria"]]
    assert mine == theirs


@functools.cache
def copies() -> Library:
    """The bundled library with a copy (`based_on`, nothing added) of every bundled license."""
    trees = tuple(copy_of(p, f"LicenseRef-Copy-of-{p}", BUNDLED.get(p).kind) for p in BUNDLED_IDS)
    return lst.Specs(trees, bundled=True).library()


@settings(max_examples=examples(25))
@given(st.sampled_from(BUNDLED_IDS))
def test_a_copy_of_a_bundled_license_behaves_as_it(parent):
    lib, copy = copies(), f"LicenseRef-Copy-of-{parent}"
    if oracle.feasible(lib, parent):
        assert same_behaviour(lib, parent, copy) == []
    mine = [c["verdict"] for c in osd(lib, copy, explain=False).extra["criteria"]]
    theirs = [c["verdict"] for c in osd(lib, parent, explain=False).extra["criteria"]]
    assert mine == theirs
    for out in ("MIT", "Apache-2.0", "GPL-3.0-only"):
        if out != parent:
            assert (compat(lib, copy, out, explain=False).verdict
                    == compat(lib, parent, out, explain=False).verdict), out


# ------------------------------------------------------------------ combine


@settings(max_examples=examples(25))
@given(lst.license_sets(VOCAB, min_size=2, max_size=3, max_clauses=4, exception=False),
       st.data())
def test_combine_is_symmetric_and_ignores_order_and_duplicates(specs, data):
    lib = specs.library()
    inputs = data.draw(st.lists(st.sampled_from(specs.ids), min_size=1, max_size=3,
                                unique=True), label="inputs")
    shuffled = data.draw(st.permutations(inputs), label="shuffled")
    doubled = [*shuffled, inputs[0].lower(), *inputs]

    def answer(names):
        r = combine(lib, names, explain=False)
        return r.verdict, r.extra["outbound"], r.extra["outbound_depends"]

    first = answer(inputs)
    assert answer(shuffled) == first
    assert answer(doubled) == first
    if len(inputs) == 1 and compat(lib, inputs[0], inputs[0], explain=False).verdict == "yes":
        assert inputs[0] in first[1]  # a license that permits its distribution carries itself


# ------------------------------------------------------------------ relicensing is one step


def relicense_pairs() -> list[tuple[str, str]]:
    """(A, B) where A's relicense clauses let its work go under B in every default scenario."""
    named = {(a, BUNDLED.canonical(t)) for a in BUNDLED_IDS
             for c in BUNDLED.get(a).of(ast.Relicense) for t in c.clause.targets}
    return sorted((a, b) for a, b in named if a != b and b in BUNDLED_IDS
                  and relicensed_everywhere(BUNDLED, a, b))


RELICENSE_PAIRS = relicense_pairs()


@settings(max_examples=examples(60))
@given(st.sampled_from(RELICENSE_PAIRS), st.sampled_from(BUNDLED_IDS))
def test_relicensing_carries_compatibility_along(pair, c):
    """If A's work may be relicensed to B and compat(B, C) is yes, compat(A, C) is yes —
    except across two relicensing steps (law_exceptions.yml)."""
    a, b = pair
    if c in pair or compat(BUNDLED, b, c, explain=False).verdict != "yes":
        return
    got = compat(BUNDLED, a, c, explain=False).verdict
    if relicensed_everywhere(BUNDLED, b, c):
        event("second step is relicensing too")
        return  # two relicensing steps: test_law_exceptions.py
    assert got == "yes", (a, b, c)
