"""The profile fast paths and the verdict-only path (``compat_verdict``: relations settled one
by one, every reading at once) agree with the full solver path (they are constant folding, not
a second semantics). Default: a seeded sample of 150 pairs per context; `-m slow`: 500 more
under the CI profile, every pair of the library under HYPOTHESIS_PROFILE=extended (or
LICLOGIC_EXHAUSTIVE=1, about 15 minutes per test)."""

from __future__ import annotations

import collections
import dataclasses
import os
import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from liclogic import strategies as lst
from liclogic.engine.context import Context, compat_context
from liclogic.engine.encoding import encoding_for
from liclogic.engine.result import Verdict
from liclogic.engine.solve import DEFAULT_SETTINGS
from liclogic.errors import LiclogicError
from liclogic.lang.library import bundled_library
from liclogic.queries.compat import compat_pair, compat_verdict
from liclogic.queries.compat_cases import decide_all
from liclogic.queries.profile import fast_verdict

from .conftest import PROFILE, examples

FULL = dataclasses.replace(DEFAULT_SETTINGS, fast_paths=False)
CONTEXTS = [
    Context(),
    Context(relations=("dynamic_link",)),
    Context(relations=("fine_tune", "distill"), facts={"commercial": True}),
    Context(acts=("host",), relations=("modified",)),
    Context(readings={"linking-is-derivative": True}, relations=("dynamic_link", "aggregate")),
    # relations that do not contain the work (profile._fast: its part is never in the whole)
    Context(relations=("aggregate",)),
    Context(relations=("train", "output"), facts={"purpose": "research"}),
    # the throughput contexts (benchmarks/throughput.py) the reading split and the depends
    # rule settle most of
    Context(relations=("fine_tune",), facts={"purpose": "military"}),
    Context(relations=("modified",), acts=("host",)),
]
SAMPLE = 150
MORE = 500  # per context under the CI profile: with the default test, 650 distinct pairs
EXHAUSTIVE = bool(os.environ.get("LICLOGIC_EXHAUSTIVE")) or PROFILE == "extended"


def pairs(lib, exhaustive: bool, sample: int = SAMPLE, seed: int = 20261123):
    ids = sorted(i for i, m in lib.licenses.items() if m.kind != "exception" and " " not in i)
    everything = [(a, b) for a in ids for b in ids]
    if exhaustive or len(everything) <= sample:
        return everything
    return random.Random(seed).sample(everything, sample)


def check(lib, ctx, exhaustive, sample=SAMPLE, seed=20261123):
    enc = encoding_for(lib)
    differ, decided = [], collections.Counter()
    for a, b in pairs(lib, exhaustive, sample, seed):
        fast = fast_verdict(enc, lib.get(a), lib.get(b), ctx.validate(lib.vocab), DEFAULT_SETTINGS)
        if fast is None:
            continue  # the solver decides: nothing to compare
        decided[fast] += 1
        full = compat_pair(lib, a, b, ctx, FULL, explain=False).verdict
        if fast != full:
            differ.append((a, b, fast.value, full.value))
    assert differ == []
    return decided


@pytest.mark.parametrize("ctx", CONTEXTS, ids=lambda c: str(c.relations))
def test_fast_verdicts_equal_the_solver(lib, ctx):
    assert sum(check(lib, ctx, exhaustive=False).values()) > 0


def test_depends_is_settled_from_the_profiles(lib):
    """Depends comes from the profiles only through the reading split (yes with the reading
    that decides reach off, no with it on) or A's sample scenarios replayed: both are met in
    the library, and agree with the solver (``check``)."""
    assert check(lib, Context(relations=("dynamic_link",)), False)[Verdict.DEPENDS] > 0
    assert check(lib, Context(relations=("modified",)), False)[Verdict.DEPENDS] > 0


@pytest.mark.slow
@pytest.mark.parametrize("ctx", CONTEXTS, ids=lambda c: str(c.relations))
def test_fast_verdicts_equal_the_solver_on_more_pairs(lib, ctx):
    check(lib, ctx, EXHAUSTIVE, sample=MORE, seed=20261124)


def check_verdict_only(lib, ctx, exhaustive, sample=SAMPLE, seed=20261123):
    differ = []
    for a, b in pairs(lib, exhaustive, sample, seed):
        full = compat_pair(lib, a, b, ctx, FULL, explain=False).verdict
        for chosen in (DEFAULT_SETTINGS, FULL):
            v = compat_verdict(lib, a, b, ctx, chosen)
            if v != full:
                differ.append((a, b, chosen.fast_paths, v.value, full.value))
    assert differ == []


@pytest.mark.parametrize("ctx", CONTEXTS, ids=lambda c: str(c.relations))
def test_verdict_only_path_equals_the_solver(lib, ctx):
    check_verdict_only(lib, ctx, exhaustive=False)


@pytest.mark.slow
@pytest.mark.parametrize("ctx", CONTEXTS, ids=lambda c: str(c.relations))
def test_verdict_only_path_equals_the_solver_on_more_pairs(lib, ctx):
    check_verdict_only(lib, ctx, EXHAUSTIVE, sample=MORE, seed=20261124)


def check_reports(lib, ctx, sample, seed=20261207):
    """compat_pair(..., explain=False) on the fast paths (profiles, a uniform report when the
    verdict is yes or no over every reading assignment) gives the verdict, the per-reading
    report and the warnings the full solver path gives, reading by reading."""
    differ = []
    for a, b in pairs(lib, False, sample, seed):
        fast = compat_pair(lib, a, b, ctx, DEFAULT_SETTINGS, explain=False)
        full = compat_pair(lib, a, b, ctx, FULL, explain=False)
        if (fast.verdict, fast.readings, fast.warnings) != \
                (full.verdict, full.readings, full.warnings):
            differ.append((a, b, fast.verdict.value, full.verdict.value))
    assert differ == []


@pytest.mark.parametrize("ctx", CONTEXTS, ids=lambda c: str(c.relations))
def test_fast_reports_equal_the_solver(lib, ctx):
    check_reports(lib, ctx, sample=60)


VOCAB = bundled_library().vocab


@settings(max_examples=examples(100))
@given(lst.license_sets(VOCAB, max_size=3, max_clauses=6), st.data())
def test_fast_reports_equal_the_solver_on_generated_licenses(specs, data):
    """On licenses drawn from the strategies (which defeat the rules more often than the
    library's), in drawn contexts: the fast paths give the verdict, the per-reading report
    and the warnings the full solver path gives."""
    lib = specs.library()
    ids = [m.id for m in specs.queryable()]
    a, b = data.draw(st.sampled_from(ids)), data.draw(st.sampled_from(ids))
    ctx = data.draw(st.one_of(st.none(), st.sampled_from(CONTEXTS),
                              lst.contexts(VOCAB, licenses=specs.queryable())))
    try:
        full = compat_pair(lib, a, b, ctx, FULL, explain=False)
    except LiclogicError:
        return  # the context admits no scenario: no verdict to compare
    fast = compat_pair(lib, a, b, ctx, DEFAULT_SETTINGS, explain=False)
    assert (fast.verdict, fast.readings, fast.warnings) == \
        (full.verdict, full.readings, full.warnings)
    assert compat_verdict(lib, a, b, ctx, DEFAULT_SETTINGS) == full.verdict


def check_explained(lib, ctx, sample, seed=20261208):
    """decide_all(..., explain=True) on the fast paths (a uniform report, no solver call per
    reading, when the verdict is yes or no over every reading assignment) gives the verdict,
    the per-reading report, the warnings and the cases to explain (their readings, verdicts,
    scope) the full solver path gives. (The explained answer built on them is compared byte
    for byte, as whole processes, by benchmarks/compat_guard.py: in one process a witness
    may depend on the questions asked before it.)"""
    enc = encoding_for(lib)
    differ, seen = [], collections.Counter()
    context = compat_context(ctx, lib.vocab)
    for a, b in pairs(lib, False, sample, seed):
        la, lb = lib.get(a), lib.get(b)
        got = []
        for chosen in (FULL, DEFAULT_SETTINGS):
            try:
                d = decide_all(enc, la, lb, context, chosen, True)
            except LiclogicError:
                break  # the context admits no scenario
            got.append((d.verdict, d.readings, d.warnings,
                        [(c.readings, c.verdict, c.scope.status) for c in d.cases]))
        if got:
            seen[got[0][0]] += 1
            if got[0] != got[1]:
                differ.append((a, b, got[1][0].value, got[0][0].value))
    assert differ == []
    return seen


@pytest.mark.parametrize("ctx", CONTEXTS, ids=lambda c: str(c.relations))
def test_fast_explained_cases_equal_the_solver(lib, ctx):
    seen = check_explained(lib, ctx, sample=40)
    assert seen[Verdict.YES] + seen[Verdict.NO] > 0  # the uniform report was exercised
