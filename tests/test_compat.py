"""compat: verdicts from the specs through the solver, checked against outside sources and
against properties. The single-pair verdicts of outside sources (the FSF list, the ASF's
third-party policy, Creative Commons, DESIGN.md §4) are expectations in the inbound license's
spec (``expect compat "GPL-2.0-only" no source "…"``), run by tests/test_expect.py."""

from __future__ import annotations

from liclogic.engine.context import Context
from liclogic.engine.result import Verdict
from liclogic.queries.compat import compat


def test_the_known_verdicts_are_expectations_of_their_specs(lib):
    """DESIGN.md §4's known verdicts, each written in its inbound license's spec."""
    known = {("MIT", "GPL-2.0-only", "yes"), ("BSD-4-Clause", "GPL-2.0-only", "no"),
             ("Apache-2.0", "GPL-3.0-only", "yes"), ("Apache-2.0", "GPL-2.0-only", "no"),
             ("GPL-2.0-only", "GPL-3.0-only", "no"), ("GPL-2.0-or-later", "GPL-3.0-only", "yes"),
             ("LGPL-2.1-only", "GPL-2.0-only", "yes"), ("MPL-2.0", "GPL-3.0-only", "yes"),
             ("CC-BY-SA-4.0", "GPL-3.0-only", "yes"), ("GPL-3.0-only", "CC-BY-SA-4.0", "no"),
             ("CC-BY-NC-4.0", "Apache-2.0", "no"), ("GPL-3.0-only", "Apache-2.0", "no"),
             ("LicenseRef-Llama-2-Community", "Apache-2.0", "no")}
    written = {(lid, e.other, e.verdict) for lid, lic in lib.licenses.items()
               for e in lic.tree.expectations if e.question == "compat"}
    assert known <= written
    for inbound, outbound, verdict in known:
        assert compat(lib, inbound, outbound).verdict == verdict


def test_apache_gpl2_names_patent_termination_and_no_further_restrictions(lib):
    r = compat(lib, "Apache-2.0", "GPL-2.0-only")
    assert r.verdict == Verdict.NO
    assert r.summary.startswith("No.")
    cites = {(b.license, b.cite) for b in r.because}
    assert ("Apache-2.0", "§3") in cites and ("GPL-2.0-only", "§6") in cites
    assert "patent" in r.summary and "further restrictions" in r.summary
    patent = next(b for b in r.because if b.license == "Apache-2.0" and b.cite == "§3")
    assert patent.quote and "terminate" in patent.quote
    assert patent.at.startswith("specs/software/Apache-2.0.lic:")


def test_every_verdict_is_reflexive_or_explained(lib):
    for lid in ("MIT", "GPL-3.0-only", "CC-BY-SA-4.0", "Apache-2.0"):
        assert compat(lib, lid, lid).verdict == Verdict.YES


def test_relation_and_form_change_the_answer_for_weak_copyleft(lib):
    # MPL-2.0 §3.3: a Larger Work may be under other terms; §3.1: a modified file's source
    # must stay MPL; §3.2(b): its executable form may go under other terms.
    linked = Context(relations=("static_link",))
    source = Context(relations=("modified",), facts={"form": "source"})
    executable = Context(relations=("modified",), facts={"form": "object"})
    assert compat(lib, "MPL-2.0", "Apache-2.0", linked).verdict == Verdict.YES
    assert compat(lib, "MPL-2.0", "Apache-2.0", source).verdict == Verdict.NO
    assert compat(lib, "MPL-2.0", "Apache-2.0", executable).verdict == Verdict.YES
    both = compat(lib, "MPL-2.0", "Apache-2.0")
    assert both.verdict == Verdict.DEPENDS
    no = next(w for w in both.witnesses if w.label == "no").scenario
    assert (no["relation"], no.get("form", "source")) == ("modified", "source")


def test_linking_reading_decides_dynamic_linking(lib):
    ctx = Context(relations=("dynamic_link",))
    r = compat(lib, "Apache-2.0", "GPL-2.0-only", ctx)
    assert r.verdict == Verdict.DEPENDS
    info = r.readings["linking-is-derivative"]
    assert info.decisive and info.verdicts == {"on": Verdict.NO, "off": Verdict.YES}
    fixed = Context(relations=("dynamic_link",), readings={"linking-is-derivative": True})
    assert compat(lib, "Apache-2.0", "GPL-2.0-only", fixed).verdict == Verdict.NO


def test_licensee_facts_narrow_the_scenarios(lib):
    big = Context(facts={"licensee.monthly_active_users": 800_000_000})
    r = compat(lib, "llama3.1", "llama3.1", big)
    assert r.verdict == Verdict.NO
    assert any("700" in b.quote for b in r.because if b.quote)
    small = Context(facts={"licensee.monthly_active_users": 5, "purpose": "research"})
    assert compat(lib, "llama3.1", "llama3.1", small).verdict == Verdict.YES


def test_timeout_is_unknown(lib):
    from liclogic.engine.solve import SolverSettings

    # a 1 ms budget may or may not suffice; whatever happens, the answer is a verdict
    r = compat(lib, "llama2", "Apache-2.0", settings=SolverSettings(timeout_ms=1))
    assert r.verdict in (Verdict.NO, Verdict.UNKNOWN)
