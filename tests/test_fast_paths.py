"""The profile fast paths agree with the full solver path (they are constant folding, not a
second semantics). Default: a seeded sample of pairs per context; with `-m slow` (or
LICLOGIC_EXHAUSTIVE=1): every pair of the library."""

from __future__ import annotations

import dataclasses
import os
import random

import pytest

from solver.compile import encoding_for
from solver.context import Context
from solver.queries.compat import compat_pair
from solver.queries.profile import fast_verdict
from solver.solve import DEFAULT_SETTINGS

FULL = dataclasses.replace(DEFAULT_SETTINGS, fast_paths=False)
CONTEXTS = [
    Context(),
    Context(relations=("dynamic_link",)),
    Context(relations=("fine_tune", "distill"), facts={"commercial": True}),
    Context(acts=("host",), relations=("modified",)),
    Context(readings={"linking-is-derivative": True}, relations=("dynamic_link", "aggregate")),
]
SAMPLE = 150


def pairs(lib, exhaustive: bool):
    ids = sorted(i for i, m in lib.licenses.items() if m.kind != "exception" and " " not in i)
    everything = [(a, b) for a in ids for b in ids]
    if exhaustive or len(everything) <= SAMPLE:
        return everything
    return random.Random(20261123).sample(everything, SAMPLE)


def check(lib, ctx, exhaustive):
    enc = encoding_for(lib)
    differ, decided = [], 0
    for a, b in pairs(lib, exhaustive):
        fast = fast_verdict(enc, lib.get(a), lib.get(b), ctx.validate(lib.vocab), DEFAULT_SETTINGS)
        if fast is None:
            continue  # the solver decides: nothing to compare
        decided += 1
        full = compat_pair(lib, a, b, ctx, FULL, explain=False).verdict
        if fast != full:
            differ.append((a, b, fast.value, full.value))
    assert differ == []
    return decided


@pytest.mark.parametrize("ctx", CONTEXTS, ids=lambda c: str(c.relations))
def test_fast_verdicts_equal_the_solver(lib, ctx):
    assert check(lib, ctx, bool(os.environ.get("LICLOGIC_EXHAUSTIVE"))) > 0


@pytest.mark.slow
@pytest.mark.parametrize("ctx", CONTEXTS, ids=lambda c: str(c.relations))
def test_fast_verdicts_equal_the_solver_on_every_pair(lib, ctx):
    check(lib, ctx, exhaustive=True)
