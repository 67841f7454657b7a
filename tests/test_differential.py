"""Differential testing: the Z3 encoding against the reference evaluator on random concrete
scenarios, for every bundled spec (permitted, each duty, reach, complies) and for the compat
formula on random pairs."""

from __future__ import annotations

import z3
from hypothesis import given
from hypothesis import strategies as st
from liclogic.engine import evaluate as ev
from liclogic.engine.compile import compat_formula, compile_license, with_own_parts
from liclogic.engine.encoding import encoding_for
from liclogic.lang.library import bundled_library

LIB = bundled_library()
ENC = encoding_for(LIB)
IDS = sorted(LIB.licenses)


@st.composite
def scenarios(draw):
    v = LIB.vocab
    values = {}
    for path, f in v.fields.items():
        if f.kind == "enum":
            values[path] = draw(st.sampled_from(f.values))
        elif f.kind == "bool":
            values[path] = draw(st.booleans())
        else:  # around the thresholds the specs use, and anywhere else
            values[path] = draw(st.one_of(
                st.sampled_from([0, 20_000_000, 20_000_001, 100_000_000, 100_000_001,
                                 700_000_000, 700_000_001]),
                st.integers(0, 2_000_000_000)))
    duties = sorted({k for lic in LIB.licenses.values() for k in ev.duties(lic, ev.Scenario(
        values, readings={r: True for r in v.readings}))} | {("notice", None)})
    performed = frozenset(draw(st.lists(st.sampled_from(duties), unique=True))) if duties \
        else frozenset()
    readings = {r: draw(st.booleans()) for r in v.readings}
    outbound = draw(st.sampled_from([None, *IDS]))
    return ev.Scenario(values, outbound, performed, readings)


@given(st.sampled_from(IDS), scenarios())
def test_permitted_duties_reach_complies_agree(license_id, s):
    lic = LIB.get(license_id)
    sv = ENC.scenario("diff")
    c = compile_license(ENC, lic, sv)
    solver = z3.Solver()
    solver.add(*sv.pin(s, keys=list(c.duties)), *c.defs.values())
    assert solver.check() == z3.sat  # definitions are total: one model per scenario
    m = solver.model()

    def val(e):
        return z3.is_true(m.eval(e, model_completion=True))

    canon = LIB.canonical
    assert val(c.permitted) == ev.permitted(lic, s)
    assert val(c.reach) == ev.derived(lic, s)
    assert {k for k, e in c.duties.items() if val(e)} == ev.duties(lic, s)
    assert val(c.complies()) == ev.complies(lic, s, canon)


@given(st.sampled_from(IDS), st.sampled_from(IDS), scenarios(), st.booleans())
def test_compat_formula_agrees(a_id, b_id, s, scope_ok):
    a, b = LIB.get(a_id), LIB.get(b_id)
    s = ev.Scenario(s.values, b.id, s.performed, s.readings)
    sv = ENC.scenario("diffc")
    ca, ca_self, ca_src = with_own_parts(ENC, a, sv)
    cb = compile_license(ENC, b, sv)
    solver = z3.Solver()
    solver.add(*sv.pin(s), *ENC.own_ties(sv), *[d for c in (ca, ca_self, ca_src, cb)
                                                for d in c.defs.values()])
    assert solver.check() == z3.sat
    m = solver.model()
    got = z3.is_true(m.eval(compat_formula(ENC, ca, ca_self, ca_src, cb, scope_ok),
                            model_completion=True))
    assert got == ev.compat_holds(a, b, s, scope_ok, LIB.vocab, LIB.canonical)
