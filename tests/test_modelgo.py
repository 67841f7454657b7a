"""The ModelGo MG 2.0 family: the May 2025 texts count distilled models as Derivative Materials,
the December 2025 texts do not (and several grant and condition them as "Extracted Models")."""

from __future__ import annotations

import pytest
from liclogic.engine import evaluate as ev
from liclogic.engine.context import Context
from liclogic.engine.result import Verdict
from liclogic.queries.compat import compat
from liclogic.queries.osd import osd

FAMILY = ("MG0", "MG-BY", "MG-BY-NC", "MG-BY-ND", "MG-BY-NC-ND", "MG-BY-SA", "MG-BY-RAI",
          "MG-BY-NC-RAI")
DEC, MAY = "LicenseRef-ModelGo-{}-2.0", "LicenseRef-ModelGo-{}-2.0-May2025"
DISTILL = Context(relations=("distill",))

# Open Source Definition criteria each text fails, from what it says: non-commercial (no sale,
# a field of endeavor), no distribution of derivatives (3, and 4: patches are derivatives
# too), use restrictions (a field of endeavor).
FAILS = {"MG0": set(), "MG-BY": set(), "MG-BY-SA": set(), "MG-BY-NC": {1, 6},
         "MG-BY-ND": {3, 4}, "MG-BY-NC-ND": {1, 3, 4, 6}, "MG-BY-RAI": {6},
         "MG-BY-NC-RAI": {1, 6}}


@pytest.mark.parametrize("name", FAMILY)
def test_the_text_settles_distillation_whatever_the_reading(lib, name):
    dec, may = lib.get(DEC.format(name)), lib.get(MAY.format(name))
    for relation in ("distill", "train_on_outputs"):
        for on in (False, True):
            s = ev.default_scenario(lib.vocab, relation=relation)
            s = ev.Scenario(s.values, readings={"distillation-is-derivative": on,
                                                "outputs-are-derivative": on})
            assert ev.derived(may, s) and not ev.derived(dec, s), (relation, on)
    assert "distillation-is-derivative" not in dec.readings | may.readings


def test_current_texts_answer_to_the_short_names(lib):
    for name in FAMILY:
        assert lib.get(name).id == DEC.format(name)
        assert lib.get(name.lower()).id == DEC.format(name)


@pytest.mark.parametrize("name", FAMILY)
def test_osd_criteria_failed(lib, name):
    for lid in (DEC.format(name), MAY.format(name)):
        r = osd(lib, lid)
        failed = {c["number"] for c in r.extra["criteria"] if c["verdict"] == "no"}
        assert failed == FAILS[name], lid


def test_a_distilled_model_under_apache_nc_may2025_no_dec2025_only_noncommercially(lib):
    may = compat(lib, MAY.format("MG-BY-NC"), "Apache-2.0", DISTILL)
    assert may.verdict == Verdict.NO
    assert not any(info.decisive for info in may.readings.values())
    assert any(b.cite == "§1" and "distill" in b.clause for b in may.because)
    dec = compat(lib, "MG-BY-NC", "Apache-2.0",
                 Context(relations=("distill",), readings={"distillation-is-derivative": False}))
    assert dec.verdict == Verdict.DEPENDS
    (no,) = [w for w in dec.witnesses if w.label == "no"]
    assert no.scenario["commercial"] is True
    assert any(b.cite == "§2.1(a)" for b in dec.because)


@pytest.mark.parametrize("name,cite", [("MG-BY-ND", "§2.2(c)"), ("MG-BY-SA", "§2.2(a)(vi)")])
def test_dec2025_extracted_model_clauses_hold_without_derivative_reach(lib, name, cite):
    r = compat(lib, name, "Apache-2.0", DISTILL)
    assert r.verdict == Verdict.NO
    assert not any(info.decisive for info in r.readings.values())
    assert any(b.cite == cite for b in r.because)


def test_mg_by_distilled_model_may_go_under_apache_in_both_versions(lib):
    for lid in (DEC.format("MG-BY"), MAY.format("MG-BY")):
        r = compat(lib, lid, "Apache-2.0", DISTILL)
        assert r.verdict == Verdict.YES
    assert "not part of" in compat(lib, "MG-BY", "Apache-2.0", DISTILL).summary
