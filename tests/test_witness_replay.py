"""Witness replay: every witness a check shows replays through the reference evaluator.

The engine replays each witness before showing it (``explain.replay``, a ``WitnessError``
otherwise); these tests make sure that never fires on generated licenses, and replay the
witnesses again from what the user sees (the --json scenario: the fields shown, everything
else at its default, the readings shown on, the others off), with the scope question decided
independently by exhaustive enumeration."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from liclogic import strategies as lst
from liclogic.engine import evaluate as ev
from liclogic.lang.library import Library, bundled_library
from liclogic.queries.combine import combine
from liclogic.queries.compat import compat
from liclogic.queries.osd import osd
from liclogic.queries.osd_criteria import CRITERIA, Invariant, Never
from liclogic.queries.osd_problems import _differ_eval, _group, _in_shape
from liclogic.testing import entails, violated

from . import oracle
from .conftest import examples

VOCAB = bundled_library().vocab


def shown(lib: Library, scenario: dict, readings: dict[str, bool]) -> ev.Scenario:
    """The scenario a user reads off a witness."""
    values = {k: v for k, v in scenario.items() if k in lib.vocab.fields}
    s = ev.default_scenario(lib.vocab).with_fields(values)
    rho = {r: bool(readings.get(r, False)) for r in lib.vocab.readings}
    return ev.Scenario(s.values, scenario.get("outbound"), frozenset(), rho)


def replay_compat(lib: Library, a_id: str, b_id: str, result) -> None:
    a, b = lib.get(a_id), lib.get(b_id)
    for w in result.witnesses:
        s = shown(lib, w.scenario, w.readings)
        kind = w.label.split(" ")[0]
        if kind == "recipient":
            assert ev.exceeds(a, b, s, lib.vocab), w
            continue
        ok = oracle.scope_ok(lib, a, b, s.readings)
        holds = ev.compat_holds(a, b, s, ok, lib.vocab, lib.canonical)
        assert holds == (kind == "yes"), w


@settings(max_examples=examples(100))
@given(lst.license_sets(VOCAB, min_size=2, max_size=2, max_clauses=4), st.data())
def test_compat_witnesses_replay(specs, data):
    lib, a, b, ctx = oracle.draw_compat_question(specs, data, VOCAB)
    replay_compat(lib, a, b, compat(lib, a, b, ctx))


def replay_osd(lib: Library, name: str, result) -> None:
    lic = lib.get(name)
    for crit, out in zip(CRITERIA, result.extra["criteria"], strict=True):
        for w in out["witnesses"]:
            s = shown(lib, w["scenario"], w.get("readings", {}))
            if "versus" in w:
                other = shown(lib, w["versus"], w.get("readings", {}))
                reqs = [r for r in crit.requirements if isinstance(r, Invariant)]
                differ = {p for p in lib.vocab.fields if s[p] != other[p]}
                assert any(_differ_eval(lic, s, other, r)
                           and differ <= set(_group(lib.vocab, r.vary)) for r in reqs), (
                    crit.number, w)
            else:
                reqs = [r for r in crit.requirements if isinstance(r, Never)]
                assert any(_in_shape(s, r.shape) and any(
                    k[0] in lib.vocab.tagged(r.tag) for k in ev.duties(lic, s))
                    for r in reqs), (crit.number, w)


@settings(max_examples=examples(50))
@given(lst.license_sets(VOCAB, max_size=1, max_clauses=5))
def test_osd_witnesses_replay(specs):
    lib = specs.library()
    for lic in specs.queryable():
        replay_osd(lib, lic.id, osd(lib, lic.id))


@settings(max_examples=examples(20))
@given(lst.license_sets(VOCAB, min_size=2, max_size=3, max_clauses=4, exception=False))
def test_combine_explains_without_unreplayable_witnesses(specs):
    lib = specs.library()
    result = combine(lib, specs.ids)
    assert result.summary


@settings(max_examples=examples(100))
@given(lst.license_sets(VOCAB, min_size=2, max_size=2, max_clauses=4, exception=False))
def test_entailment_witnesses_replay(specs):
    lib = specs.library()
    a, b = specs.ids
    e = entails(lib, a, b)
    if e.holds is False:
        assert violated(lib.get(a), lib.get(b), e.witness)


def test_bundled_witnesses_replay():
    lib = bundled_library()
    for a, b in (("Apache-2.0", "GPL-2.0-only"), ("MPL-2.0", "Apache-2.0"),
                 ("CC-BY-NC-4.0", "Apache-2.0"), ("LicenseRef-Llama-3.1-Community", "MIT")):
        replay_compat(lib, a, b, compat(lib, a, b))
    for name in ("llama3.1", "kimi-k2", "CC-BY-NC-4.0"):
        replay_osd(lib, lib.get(name).id, osd(lib, name))
