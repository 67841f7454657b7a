"""The content, data and documentation specs (specs/content): OSD verdicts with the criteria
and sections that decide them, and the trained-model question (relation ``train``)."""

from __future__ import annotations

import pytest
from liclogic.engine.context import Context
from liclogic.engine.result import Verdict
from liclogic.queries.compat import compat
from liclogic.queries.osd import osd

TRAIN = Context(relations=("train",))


def failing(result):
    return {c["number"]: {b["cite"] for b in c["because"]}
            for c in result.extra["criteria"] if c["verdict"] != "yes"}


@pytest.mark.parametrize("lid", ["CC0-1.0", "CC-BY-3.0", "CC-BY-4.0", "CC-BY-SA-3.0",
                                 "PDDL-1.0", "ODbL-1.0", "CDLA-Permissive-2.0",
                                 "GFDL-1.3-only"])
def test_free_content_licenses_meet_the_osd(lib, lid):
    assert osd(lib, lid).verdict == Verdict.YES


def test_no_derivatives_fails_3_and_4_on_sharing_adapted_material(lib):
    assert failing(osd(lib, "CC-BY-ND-4.0")) == {3: {"§3(a)(1)", "§1(a)"},
                                                 4: {"§3(a)(1)", "§1(a)"}}
    assert failing(osd(lib, "CC-BY-NC-ND-4.0")) == {
        1: {"§1(h)"}, 3: {"§3(a)(1)", "§1(a)"}, 4: {"§3(a)(1)", "§1(a)"},
        6: {"§2(a)(1)(A)"}}


def test_noncommercial_sharealike_fails_1_and_6(lib):
    assert failing(osd(lib, "CC-BY-NC-SA-4.0")) == {1: {"§1(k)"}, 6: {"§2(a)(1)(A)"}}


def test_ofl_forbids_selling_the_fonts_by_themselves_only(lib):
    # OSD 1 protects selling the software as a component of an aggregate, which the OFL
    # allows; it forbids selling the fonts by themselves (OSI-approved all the same).
    assert failing(osd(lib, "OFL-1.1")) == {}
    aggregate = Context(acts=("sell",), relations=("aggregate",))
    assert compat(lib, "OFL-1.1", "Apache-2.0", aggregate).verdict == Verdict.YES
    alone = Context(acts=("sell",), relations=("verbatim",), facts={"bundled": False})
    assert compat(lib, "OFL-1.1", "OFL-1.1", alone).verdict == Verdict.NO


@pytest.mark.parametrize("lid", ["CC-BY-SA-3.0", "CC-BY-NC-SA-4.0", "CC-BY-ND-4.0",
                                 "CC-BY-NC-ND-4.0", "ODbL-1.0", "GFDL-1.3-only", "OFL-1.1"])
def test_a_model_trained_on_restrictive_content_depends_on_the_reading(lib, lid):
    r = compat(lib, lid, "Apache-2.0", TRAIN)
    assert r.verdict == Verdict.DEPENDS
    info = r.readings["training-is-derivative"]
    assert info.decisive and info.verdicts == {"on": Verdict.NO, "off": Verdict.YES}


def test_cdla_permissive_frees_results_whatever_the_reading(lib):
    r = compat(lib, "CDLA-Permissive-2.0", "Apache-2.0", TRAIN)
    assert r.verdict == Verdict.YES
    assert "training-is-derivative" not in r.readings
    assert ("CDLA-Permissive-2.0", "§3.1") in {(b.license, b.cite) for b in r.because}


def test_sharealike_3_adaptations_may_take_4_0_and_not_gpl(lib):
    assert compat(lib, "CC-BY-SA-3.0", "CC-BY-SA-4.0").verdict == Verdict.YES
    assert compat(lib, "CC-BY-SA-3.0", "GPL-3.0-only").verdict == Verdict.NO


def test_cc_by_4_is_gpl_compatible_and_3_0_is_not(lib):
    for out in ("GPL-2.0-only", "GPL-3.0-only"):
        assert compat(lib, "CC-BY-4.0", out).verdict == Verdict.YES
        r = compat(lib, "CC-BY-3.0", out)
        assert r.verdict == Verdict.NO
        assert ("CC-BY-3.0", "§4(a)") in {(b.license, b.cite) for b in r.because}


def test_gfdl_or_later_may_be_taken_as_1_3_only_but_not_the_reverse(lib):
    assert compat(lib, "GFDL-1.3-or-later", "GFDL-1.3-only").verdict == Verdict.YES
    assert compat(lib, "GFDL-1.3-only", "GFDL-1.3-or-later").verdict == Verdict.NO


def test_gfdl_invariant_sections_are_carried_only_when_designated(lib):
    with_inv = Context(facts={"work.invariant_sections": True})
    r = compat(lib, "GFDL-1.3-only", "GPL-3.0-only", with_inv)
    assert r.verdict == Verdict.NO
    assert "§4 L" in {b.cite for b in r.because if b.license == "GFDL-1.3-only"}
    r = compat(lib, "GFDL-1.3-only", "GPL-3.0-only")
    assert "§4 L" not in {b.cite for b in r.because if b.license == "GFDL-1.3-only"}
