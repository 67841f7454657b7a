"""Differential testing on generated licenses: the Z3 encoding against the reference evaluator.

- per scenario: permitted, granted, reach, duties, carried terms, terms and complies, for
  generated licenses, licenses based on them, and composites ``L WITH E`` (waive, relicense
  base, outbound conditions included);
- the compat and scope formulas on generated pairs;
- whole verdicts: compat and entailment from the solver against exhaustive enumeration on the
  evaluator (tests/oracle.py).

CI runs ``examples(2000)`` examples of the first; ``HYPOTHESIS_PROFILE=extended`` 50,000.
"""

from __future__ import annotations

import z3
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from liclogic import strategies as lst
from liclogic.engine import evaluate as ev
from liclogic.engine.compile import compat_formula, compile_license, scope_formula, with_own_parts
from liclogic.engine.encoding import encoding_for
from liclogic.engine.settings import SolverSettings
from liclogic.lang.library import bundled_library
from liclogic.queries.compat import compat, compat_verdict
from liclogic.testing import Probe, entails

from . import oracle
from .conftest import examples

VOCAB = bundled_library().vocab
BUNDLED_PARENTS = ("MIT", "GPL-3.0-only", "LicenseRef-Llama-3.1-Community")


def agree(specs: lst.Specs, data: st.DataObject, max_scenarios: int = 2) -> None:
    """Every generated license (and composite) at a few scenarios drawn for all of them."""
    lib = specs.library()
    models = specs.models()
    draw = lst.scenarios(VOCAB, licenses=models, outbounds=lst.outbound_candidates(lib, models))
    scenarios = data.draw(st.lists(draw, min_size=1, max_size=max_scenarios), label="scenarios")
    for lic in models:
        probe = Probe(lib, lic)
        for s in scenarios:
            assert probe.disagreements(s) == {}, f"{lic.id} at {lst.scenario_text(s)}"


@settings(max_examples=examples(2000))
@given(lst.license_sets(VOCAB, max_size=2, max_clauses=5), st.data())
def test_encoding_agrees_with_evaluator(specs, data):
    agree(specs, data)


@settings(max_examples=examples(50))
@given(lst.license_sets(VOCAB, max_size=2, bundled_ids=BUNDLED_PARENTS), st.data())
def test_encoding_agrees_on_licenses_based_on_bundled_ones(specs, data):
    agree(specs, data, max_scenarios=3)


def _pair_formulas(lib, a, b):
    enc = encoding_for(lib)
    sv = enc.scenario("diffc")
    ca, ca_self, ca_src = with_own_parts(enc, a, sv)
    cb = compile_license(enc, b, sv)
    t = enc.scenario("difft")
    ta, tb = compile_license(enc, a, t), compile_license(enc, b, t)
    defs = [*enc.own_ties(sv), *[d for c in (ca, ca_self, ca_src, cb, ta, tb)
                                for d in c.defs.values()]]
    return sv, t, defs, (ca, ca_self, ca_src, cb), scope_formula(enc, ta, tb)


@settings(max_examples=examples(300))
@given(lst.license_sets(VOCAB, min_size=2, max_size=2), st.data())
def test_compat_and_scope_formulas_agree(specs, data):
    lib = specs.library()
    models = specs.models()
    a = data.draw(st.sampled_from(models), label="inbound")
    b = data.draw(st.sampled_from(models), label="outbound")
    sv, t, defs, compiled, scope = _pair_formulas(lib, a, b)
    enc = encoding_for(lib)
    s = data.draw(lst.scenarios(VOCAB, licenses=[a, b]), label="s")
    s = ev.Scenario(s.values, b.id, s.performed, s.readings)
    down = data.draw(lst.scenarios(VOCAB, licenses=[a, b]), label="t")
    down = ev.Scenario(down.values, None, frozenset(), s.readings)
    solver = z3.Solver()
    solver.add(*defs, *sv.pin(s), *t.pin(down))
    assert solver.check() == z3.sat
    m = solver.model()
    for ok in (False, True):
        got = z3.is_true(m.eval(compat_formula(enc, *compiled, ok), model_completion=True))
        assert got == ev.compat_holds(a, b, s, ok, VOCAB, lib.canonical), ok
    assert z3.is_true(m.eval(scope, model_completion=True)) == ev.exceeds(a, b, down, VOCAB)


@settings(max_examples=examples(100))
@given(lst.license_sets(VOCAB, min_size=2, max_size=2, max_clauses=4), st.data())
def test_compat_verdict_equals_exhaustive_evaluation(specs, data):
    """The whole query (readings partitioned, scope, both sides solved) against the
    definition evaluated on every representative scenario."""
    lib, a, b, ctx = oracle.draw_compat_question(specs, data, VOCAB)
    assert compat(lib, a, b, ctx, explain=False).verdict == oracle.compat_verdict(lib, a, b, ctx)


@settings(max_examples=examples(100))
@given(lst.license_sets(VOCAB, min_size=2, max_size=2, max_clauses=4), st.data())
def test_verdict_only_path_equals_exhaustive_evaluation(specs, data):
    """``compat_verdict`` (matrix, combine): relation by relation from the profiles, the rest
    by ``solve_verdict`` (compat with the scope assumed ok first, the scope check only when
    that does not settle it, one side's check standing for the other's) — and with the
    profiles off, every relation by the solver — against the definition."""
    lib, a, b, ctx = oracle.draw_compat_question(specs, data, VOCAB)
    want = oracle.compat_verdict(lib, a, b, ctx)
    for fast in (True, False):
        got = compat_verdict(lib, a, b, ctx, SolverSettings(fast_paths=fast))
        assert got == want, fast


@settings(max_examples=examples(100))
@given(lst.license_sets(VOCAB, min_size=2, max_size=2, max_clauses=4, exception=False))
def test_entailment_equals_exhaustive_evaluation(specs):
    lib = specs.library()
    a, b = specs.ids
    assume(oracle.feasible(lib, a, b))
    for x, y in ((a, b), (b, a), (a, a)):
        assert entails(lib, x, y).holds == oracle.entails(lib, x, y), (x, y)
