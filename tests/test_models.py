"""The model-license specs: thresholds at the exact numbers the texts give, use policies as
fields-of-endeavor bans, and distillation decided by the text where the text decides it."""

from __future__ import annotations

import pytest
from liclogic.engine.context import Context
from liclogic.engine.result import Verdict
from liclogic.queries.compat import compat
from liclogic.queries.osd import osd


def criterion(result, n):
    return next(c for c in result.extra["criteria"] if c["number"] == n)


def threshold_pair(c, field):
    (pair,) = c["witnesses"]
    return sorted([pair["scenario"][field], pair["versus"][field]])


@pytest.mark.parametrize("lid, field, limit", [
    ("llama3", "licensee.monthly_active_users", 700_000_000),
    ("tongyi-qianwen", "licensee.monthly_active_users", 100_000_000),
    ("stability-ai-community", "licensee.annual_revenue_usd", 1_000_000),
])
def test_thresholds_fail_osd5_at_the_exact_number(lib, lid, field, limit):
    r = osd(lib, lid)
    assert r.verdict == Verdict.NO
    assert threshold_pair(criterion(r, 5), field) == [limit, limit + 1]
    assert criterion(r, 7)["verdict"] == "no"  # request a license from the licensor


@pytest.mark.parametrize("lid", [
    "llama3", "llama3.2", "llama3.3", "llama4", "gemma", "bigscience-openrail-m",
    "creativeml-openrail-m", "bigscience-bloom-rail-1.0", "bigcode-openrail-m", "openrail++",
    "deepseek", "tongyi-qianwen", "falcon-180b-tii", "stability-ai-community", "opt-175b",
])
def test_no_model_license_passes_osd_and_all_fail_fields_of_endeavor(lib, lid):
    r = osd(lib, lid)
    assert r.verdict == Verdict.NO
    assert criterion(r, 6)["verdict"] == "no"
    assert compat(lib, lid, "Apache-2.0", explain=False).verdict == Verdict.NO


def test_llama32_withholds_multimodal_models_from_eu_licensees(lib):
    eu = Context(facts={"licensee.region": "eu", "multimodal": True})
    assert compat(lib, "llama3.2", "llama3.2", eu).verdict == Verdict.NO
    text_only = Context(facts={"licensee.region": "eu", "multimodal": False,
                               "licensee.monthly_active_users": 5, "purpose": "general"})
    assert compat(lib, "llama3.2", "llama3.2", text_only).verdict == Verdict.YES


def test_definitions_decide_distillation_without_a_reading(lib):
    # Gemma §1.1(e), the RAIL "Derivatives of the Model": a distilled model is within reach
    distill = Context(relations=("distill",))
    for lid in ("gemma", "bigscience-openrail-m", "deepseek"):
        r = compat(lib, lid, "Apache-2.0", distill)
        assert r.verdict == Verdict.NO
        assert not any(v.decisive for v in r.readings.values())
    # Llama 3: outputs may not improve another LLM (§1.b.v), whatever the reading
    r = compat(lib, "llama3", "Apache-2.0", distill)
    assert r.verdict == Verdict.NO and any(b.cite == "§1.b.v" for b in r.because)


def test_falcon_hosting_use_needs_a_separate_license(lib):
    api = Context(acts=("host",), facts={"model_api": True})
    assert compat(lib, "falcon-180b-tii", "falcon-180b-tii", api).verdict == Verdict.NO
