"""Readings decided without enumerating assignments (engine/readings.py, solve.project) say
what enumeration says: the verdict with the open readings free equals the verdicts with every
assignment fixed, merged; each reading's on / off verdicts are the merges over the
assignments with it on / off; and the independent side is the reference evaluator's
exhaustive enumeration (tests/oracle.py) or the check run with every reading fixed."""

from __future__ import annotations

import itertools
from dataclasses import replace

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from liclogic import strategies as lst
from liclogic.engine.context import Context
from liclogic.engine.result import Verdict, merge_verdicts
from liclogic.engine.settings import SolverSettings
from liclogic.lang.library import bundled_library
from liclogic.queries.compat import compat
from liclogic.queries.osd import osd
from liclogic.testing import library_with

from . import oracle
from .conftest import examples
from .hostile_inputs import many_readings_spec

VOCAB = bundled_library().vocab
SOLVER = SolverSettings(fast_paths=False)  # the symbolic path itself, not the profiles


def fixed_one_by_one(check, relevant: list[str], fixed: dict[str, bool]):
    """The check under every assignment of the relevant open readings, each fixed."""
    free = sorted(set(relevant) - set(fixed))
    out = []
    for bits in itertools.product((False, True), repeat=len(free)):
        rho = {**fixed, **dict(zip(free, bits, strict=True))}
        out.append((rho, check(rho).verdict))
    return free, out


def assert_report_matches(result, free, per_assignment):
    assert result.verdict == merge_verdicts([v for _, v in per_assignment])
    for r in free:
        info = result.readings[r]
        on = merge_verdicts([v for rho, v in per_assignment if rho[r]])
        off = merge_verdicts([v for rho, v in per_assignment if not rho[r]])
        assert info.verdicts == {"on": on, "off": off}, r
        assert info.decisive == (on != off), r


@pytest.mark.slow
@settings(max_examples=examples(60))
@given(lst.license_sets(VOCAB, max_size=2, max_clauses=5), st.data())
def test_compat_over_open_readings_equals_every_assignment_fixed(specs, data):
    lib, a, b, ctx = oracle.draw_compat_question(specs, data, VOCAB)
    ctx = ctx or Context()
    relevant = sorted(lib.get(a).readings | lib.get(b).readings)
    assume(set(relevant) - set(ctx.readings))
    result = compat(lib, a, b, ctx, SOLVER, explain=False)
    free, each = fixed_one_by_one(
        lambda rho: compat(lib, a, b, replace(ctx, readings=rho), SOLVER, explain=False),
        relevant, dict(ctx.readings))
    assert_report_matches(result, free, each)
    assert result.verdict == oracle.compat_verdict(lib, a, b, ctx)


@pytest.mark.parametrize("inbound, outbound", [
    ("Apache-2.0", "GPL-2.0-only"), ("MIT", "GPL-3.0-only"), ("llama3.1", "Apache-2.0"),
    ("LicenseRef-Kimi-K2-Modified-MIT", "MIT"), ("CC-BY-4.0", "MIT")])
def test_bundled_compat_reports_equal_every_assignment_fixed(lib, inbound, outbound):
    relevant = sorted(lib.get(inbound).readings | lib.get(outbound).readings)
    for relation in (None, ("dynamic_link",), ("distill",)):
        ctx = Context(relations=relation)
        result = compat(lib, inbound, outbound, ctx, explain=True)
        free, each = fixed_one_by_one(
            lambda rho, c=ctx: compat(lib, inbound, outbound, replace(c, readings=rho),
                                      explain=False), relevant, {})
        assert_report_matches(result, free, each)


@pytest.mark.parametrize("name", ["LicenseRef-Kimi-K2-Modified-MIT", "MIT", "llama3.1",
                                  "BigScience-OpenRAIL-M"])
def test_osd_over_open_readings_equals_every_assignment_fixed(lib, name):
    result = osd(lib, name)
    relevant = sorted(result.readings)
    free, each = fixed_one_by_one(lambda rho: osd(lib, name, rho, explain=False), relevant, {})
    assert_report_matches(result, free, each)


def test_sixteen_readings_are_decided_without_enumeration():
    """2^16 assignments: the old enumeration took minutes; the report is exact, and what it
    says about a reading is what fixing the others says."""
    lib = library_with(many_readings_spec(16))
    result = compat(lib, "LicenseRef-Many", "MIT", explain=False)
    assert result.verdict == Verdict.DEPENDS
    assert {f"r{i}x" for i in range(16)} <= set(result.readings)  # and MIT's three
    for r in ("r0x", "r7x", "r15x"):
        info = result.readings[r]
        assert info.decisive and info.verdicts == {"on": Verdict.NO, "off": Verdict.DEPENDS}
    all_off = {f"r{i}x": False for i in range(16)}
    assert compat(lib, "LicenseRef-Many", "MIT", Context(readings=all_off)).verdict == \
        Verdict.YES
    one_on = {**all_off, "r3x": True}
    assert compat(lib, "LicenseRef-Many", "MIT", Context(readings=one_on)).verdict == \
        Verdict.NO
    explained = compat(lib, "LicenseRef-Many", "MIT")  # and explaining it stays bounded
    assert explained.verdict == Verdict.DEPENDS and len(explained.witnesses) <= 40
