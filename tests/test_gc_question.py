"""``cli.answer.one_question``: the cyclic garbage collector is off while a compat question
is answered, and that cannot change an answer — no solver term is ever freed by the
collector (only by its last reference going), so when it runs never changes the solver's
state, and so never a witness."""

from __future__ import annotations

import contextlib
import gc
import random

import z3
from liclogic.cli.answer import one_question
from liclogic.engine.context import Context
from liclogic.errors import LiclogicError
from liclogic.queries.compat import compat


def test_the_collector_is_off_inside_and_back_after():
    assert gc.isenabled()
    with one_question():
        assert not gc.isenabled()
    assert gc.isenabled()
    gc.disable()
    try:
        with one_question():
            assert not gc.isenabled()
        assert not gc.isenabled()  # it stays as it was
    finally:
        gc.enable()


def test_no_solver_term_is_ever_cyclic_garbage(lib):
    ids = sorted(i for i, m in lib.licenses.items() if m.kind != "exception")
    rng = random.Random(20261207)
    questions = [("MIT", "GPL-3.0-only", None), ("AGPL-3.0-only", "BSD-4-Clause", None),
                 ("GPL-2.0-only", "Apache-2.0", Context(readings={"linking-is-derivative":
                                                                  True}))]
    questions += [(rng.choice(ids), rng.choice(ids), rng.choice(
        [None, Context(relations=("dynamic_link",)), Context(facts={"purpose": "research"})]))
                  for _ in range(20)]
    gc.collect()
    gc.set_debug(gc.DEBUG_SAVEALL)  # what the collector finds unreachable stays in gc.garbage
    try:
        found, collected = [], 0
        for a, b, ctx in questions:
            with contextlib.suppress(LiclogicError):
                compat(lib, a, b, ctx)
            gc.collect()
            collected += len(gc.garbage)
            found += [(a, b, type(x).__name__) for x in gc.garbage
                      if isinstance(x, z3.AstRef | z3.Context | z3.Solver | z3.ModelRef)]
            gc.garbage.clear()
    finally:
        gc.set_debug(0)
        gc.garbage.clear()
    assert found == []
    assert collected > 0  # the check sees the collector's garbage (there is some)


def test_a_whole_process_closes_the_cache_as_before(tmp_path):
    """The executable freezes what is alive after its question (``WHOLE_PROCESS``); the
    cache's file is still closed at exit, its write-ahead log folded back in, and the next
    run reads the answer back."""
    import os
    import subprocess
    import sys

    env = {**os.environ, "LICLOGIC_CACHE_DIR": str(tmp_path)}
    env.pop("LICLOGIC_NO_CACHE", None)
    cmd = [sys.executable, "-m", "liclogic", "compat", "MIT", "GPL-3.0-only"]
    first = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=120)
    assert first.returncode == 0, first.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cache-2.sqlite"]
    again = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=120)
    assert (again.returncode, again.stdout) == (0, first.stdout)
