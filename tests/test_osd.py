"""osd: the ten criteria; witnesses at the thresholds the license texts name."""

from __future__ import annotations

from liclogic.engine.result import Verdict
from liclogic.queries.osd import osd


def criterion(result, n):
    return next(c for c in result.extra["criteria"] if c["number"] == n)


def test_mit_complies(lib):
    r = osd(lib, "MIT")
    assert r.verdict == Verdict.YES
    assert [c["verdict"] for c in r.extra["criteria"]] == ["yes"] * 10


def test_llama31_fails_5_on_the_700m_threshold_and_6_on_the_use_policy(lib):
    r = osd(lib, "llama3.1")
    assert r.verdict == Verdict.NO
    c5 = criterion(r, 5)
    assert c5["verdict"] == "no"
    (pair,) = c5["witnesses"]
    users = sorted([pair["scenario"]["licensee.monthly_active_users"],
                    pair["versus"]["licensee.monthly_active_users"]])
    assert users == [700_000_000, 700_000_001]
    c6 = criterion(r, 6)
    assert c6["verdict"] == "no"
    (pair6,) = c6["witnesses"]
    purposes = {pair6["scenario"]["purpose"], pair6["versus"]["purpose"]} - {"general"}
    aup = {"military", "weapons", "drugs", "critical_infrastructure", "self_harm",
           "illegal_activity", "violence", "child_exploitation", "harassment",
           "discrimination", "unlicensed_practice", "privacy_violation", "malware", "fraud",
           "disinformation", "defamation", "spam", "impersonation", "misrepresent_ai"}
    assert purposes and purposes <= aup
    assert any(b["cite"].startswith("AUP") for b in c6["because"])


def test_kimi_depends_on_strict_osd_with_threshold_pair(lib):
    r = osd(lib, "kimi-k2")
    assert r.verdict == Verdict.DEPENDS
    info = r.readings["strict-osd"]
    assert info.decisive and info.verdicts == {"on": Verdict.NO, "off": Verdict.YES}
    c5 = criterion(r, 5)
    assert c5["verdict"] == "depends"
    (pair,) = c5["witnesses"]
    a, b = pair["scenario"], pair["versus"]
    diff = {k for k in a if a[k] != b[k]}
    assert len(diff) == 1
    (field,) = diff
    threshold = {"licensee.monthly_active_users": 100_000_000,
                 "licensee.monthly_revenue_usd": 20_000_000}[field]
    assert sorted([a[field], b[field]]) == [threshold, threshold + 1]
    assert osd(lib, "kimi-k2", {"strict-osd": True}).verdict == Verdict.NO
    assert osd(lib, "kimi-k2", {"strict-osd": False}).verdict == Verdict.YES


def test_noncommercial_fails_redistribution_and_fields_of_endeavor(lib):
    r = osd(lib, "CC-BY-NC-4.0")
    failing = {c["number"] for c in r.extra["criteria"] if c["verdict"] == "no"}
    assert failing == {1, 6}


def test_copyleft_licenses_comply(lib):
    for lid in ("GPL-2.0-only", "GPL-3.0-only", "AGPL-3.0-only", "MPL-2.0", "LGPL-2.1-only",
                "Apache-2.0", "BSD-3-Clause", "LicenseRef-ModelGo-MG0-2.0"):
        assert osd(lib, lid).verdict == Verdict.YES, lid


def test_weak_and_strong_copyleft_additions_comply(lib):
    for lid in ("MPL-1.1", "MPL-2.0-no-copyleft-exception", "EPL-1.0", "EPL-2.0", "CDDL-1.0",
                "CDDL-1.1", "MS-RL", "OSL-3.0", "EUPL-1.1", "EUPL-1.2", "CECILL-2.1", "LiLiQ-R-1.1",
                "LiLiQ-Rplus-1.1"):
        assert osd(lib, lid).verdict == Verdict.YES, lid


def test_source_available_licenses_fail_the_criteria_their_texts_violate(lib):
    expected = {
        "SSPL-1.0": {9},  # §13 Service Source Code reaches the whole service stack
        "BUSL-1.1": {6, 7},  # non-production use only; production use needs a commercial license
        "Elastic-2.0": {6},  # no hosted or managed service
        "LicenseRef-Commons-Clause-1.0": {1, 6},  # no selling, no paid products or services
        "PolyForm-Noncommercial-1.0.0": {5, 6},  # noncommercial purposes, or some organizations
    }
    for lid, numbers in expected.items():
        r = osd(lib, lid)
        failing = {c["number"] for c in r.extra["criteria"] if c["verdict"] == "no"}
        assert r.verdict == Verdict.NO and failing == numbers, (lid, failing)
    c9 = criterion(osd(lib, "SSPL-1.0"), 9)
    assert any(b["cite"] == "§13" for b in c9["because"])
    (pair,) = c9["witnesses"]
    assert {pair["scenario"]["relation"], pair["versus"]["relation"]} == {"verbatim", "aggregate"}
