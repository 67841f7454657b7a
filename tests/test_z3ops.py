"""engine.z3ops against z3: the same term (Z3 hash-conses terms, so ``eq`` is identity of
the term built) for every shape of argument — lists, tuples, varargs, one argument, nested
terms — and z3's own behaviour (conversions, errors) for everything its fast path leaves to
z3: Python bools, integers, no argument."""

from __future__ import annotations

import pytest
import z3
from hypothesis import given, settings
from hypothesis import strategies as st
from liclogic.engine import z3ops

ATOMS = [z3.Bool(f"p{i}") for i in range(4)] + [z3.Int("n") > 2, z3.BoolVal(True)]


@st.composite
def terms(draw: st.DrawFn, depth: int = 2) -> z3.BoolRef:
    if depth == 0 or draw(st.booleans()):
        return draw(st.sampled_from(ATOMS))
    op = draw(st.sampled_from(["and", "or", "not", "implies"]))
    if op == "not":
        return z3.Not(draw(terms(depth - 1)))
    if op == "implies":
        return z3.Implies(draw(terms(depth - 1)), draw(terms(depth - 1)))
    parts = draw(st.lists(terms(depth - 1), min_size=1, max_size=3))
    return z3.And(parts) if op == "and" else z3.Or(parts)


@settings(max_examples=200, deadline=None)
@given(st.lists(terms(), min_size=1, max_size=5), st.sampled_from(["list", "tuple", "args"]))
def test_and_or_build_z3s_term(xs, shape):
    for fast, slow in ((z3ops.And, z3.And), (z3ops.Or, z3.Or)):
        if shape == "args":
            got, want = fast(*xs), slow(*xs)
        else:
            arg = xs if shape == "list" else tuple(xs)
            got, want = fast(arg), slow(arg)
        assert got.eq(want), (got, want)
        assert got.get_id() == want.get_id()


@settings(max_examples=200, deadline=None)
@given(terms(), terms())
def test_not_implies_build_z3s_term(a, b):
    assert z3ops.Not(a).eq(z3.Not(a))
    assert z3ops.Implies(a, b).eq(z3.Implies(a, b))


def test_what_the_fast_path_leaves_to_z3():
    p = ATOMS[0]
    assert z3ops.And(p, True).eq(z3.And(p, True))  # a Python bool: converted by z3
    assert z3ops.Or([]).eq(z3.Or([]))  # no argument
    assert z3ops.Implies(True, p).eq(z3.Implies(True, p))
    assert z3ops.Not(False).eq(z3.Not(False))
    with pytest.raises(z3.Z3Exception):
        z3ops.And(p, z3.Int("n"))  # not Boolean: z3's error, not a wrong term
    with pytest.raises(z3.Z3Exception):
        z3ops.Not(z3.Int("n"))


@settings(max_examples=200, deadline=None)
@given(terms(depth=3), st.lists(st.tuples(st.sampled_from(ATOMS[:4]), terms()), max_size=4,
                                unique_by=lambda p: p[0].get_id()))
def test_substitute_builds_z3s_term(e, pairs):
    got, want = z3ops.substitute(e, pairs), z3.substitute(e, *pairs) if pairs else e
    assert got.eq(want), (got, want)


def test_boolval_is_z3s_constant():
    for v in (True, False, 0, 1):
        assert z3ops.BoolVal(v).eq(z3.BoolVal(v)) and z3ops.BoolVal(v) is z3ops.BoolVal(bool(v))
