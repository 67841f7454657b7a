"""combine: some outbound license works for every input, or the conflicts are named."""

from __future__ import annotations

from liclogic.engine.result import Verdict
from liclogic.queries.combine import combine


def test_mit_apache_gpl3_combine_under_gpl3(lib):
    r = combine(lib, ["MIT", "Apache-2.0", "GPL-3.0-only"])
    assert r.verdict == Verdict.YES
    assert "GPL-3.0-only" in r.extra["outbound"]
    assert r.extra["outbound"][0] == "GPL-3.0-only"  # least restrictive of those that work
    assert any(d["duty"] == "notice" for d in r.extra["duties"])


def test_apache_gpl2_cannot_combine_and_the_conflict_is_named(lib):
    r = combine(lib, ["Apache-2.0", "GPL-2.0-only"])
    assert r.verdict == Verdict.NO
    assert r.extra["outbound"] == []
    cites = {(b.license, b.cite) for b in r.because}
    assert {("Apache-2.0", "§3"), ("GPL-2.0-only", "§6"), ("GPL-2.0-only", "§2(b)")} <= cites


def test_combine_is_symmetric_and_ignores_duplicates(lib):
    a = combine(lib, ["MIT", "MPL-2.0"], explain=False)
    b = combine(lib, ["MPL-2.0", "MIT", "mit"], explain=False)
    assert a.verdict == b.verdict and a.extra["outbound"] == b.extra["outbound"]
