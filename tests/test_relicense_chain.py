"""Relicensing chains (lang/relicense_chain.py): a compatibility clause leads on through the
second license's own compatibility clauses, bounded, each step cited; clauses that keep the
work's terms and unconditional (version, "or later") clauses do not chain."""

from __future__ import annotations

from liclogic.engine.result import Verdict
from liclogic.lang import ast
from liclogic.lang.library import load_library
from liclogic.lang.relicense_chain import MAX_STEPS
from liclogic.queries.compat import compat_pair

from .conftest import write

CHAIN = "\n".join(f'''license "LicenseRef-{a}" {{
  name "{a}"
  kind software
  permit any cite "§1" "everything"
  require same_license when act in {{distribute, sell}} cite "§2" "the same license"
  derivative modified, static_link, embed cite "§0" "derived works"
  relicense "LicenseRef-{b}" when relation != verbatim cite "§5" "{a} lets it go to {b}"
}}''' for a, b in zip("ABCDE", "BCDEF", strict=True)) + '''
license "LicenseRef-F" {
  name "F"
  kind software
  permit any cite "§1" "everything"
  derivative modified, static_link, embed cite "§0" "derived works"
}
'''


def test_a_chain_reaches_as_far_as_the_bound_and_cites_every_step(tmp_path):
    lib = load_library(extra=[write(tmp_path, "chain.lic", CHAIN)])
    a = lib.get("LicenseRef-A")
    targets = {t: c for c in a.of(ast.Relicense) for t in c.clause.targets}
    reach = ["LicenseRef-B", "LicenseRef-C", "LicenseRef-D"][:MAX_STEPS]
    assert set(targets) == set(reach)  # E and F are more than MAX_STEPS steps away
    d = targets["LicenseRef-D"]
    assert d.cite.section == "§5, then LicenseRef-B §5, then LicenseRef-C §5"
    assert d.cite.quote == "C lets it go to D"
    for out in reach:
        v = compat_pair(lib, "LicenseRef-A", out, explain=False).verdict
        assert v != Verdict.NO, out
    assert compat_pair(lib, "LicenseRef-A", "LicenseRef-E", explain=False).verdict == Verdict.NO


def test_eupl_reaches_the_gpl_or_later_through_cecill(lib):
    r = compat_pair(lib, "EUPL-1.2", "AGPL-3.0-or-later")
    assert r.verdict == Verdict.YES
    assert "EUPL-1.2 §5, then CECILL-2.1 §5.3.4" in r.summary


def test_version_clauses_do_not_chain(lib):
    # EUPL-1.1 §5 "or of a later version of this Licence" is no compatibility clause: EUPL-1.2's
    # Appendix does not reach back to EUPL-1.1 works (FSF: EUPL-1.1 is not GPLv3-compatible)
    eupl11 = lib.get("EUPL-1.1")
    chained = [c for c in eupl11.of(ast.Relicense) if ", then " in (c.cite.section or "")]
    assert not any("GPL-3.0-only" in c.clause.targets for c in chained)
    assert compat_pair(lib, "EUPL-1.1", "GPL-3.0-only", explain=False).verdict == Verdict.NO


def test_clauses_that_keep_the_terms_do_not_chain(lib):
    # MPL-2.0 §3.3 keeps the MPL on the Covered Software: GPL-3.0's own clauses do not apply
    mpl = lib.get("MPL-2.0")
    assert not [c for c in mpl.of(ast.Relicense) if ", then " in (c.cite.section or "")]


def test_a_chain_states_each_condition_once(lib):
    # EUPL-1.2 §5 (not verbatim) then LiLiQ-R-1.1 §4.2 (not verbatim, not the licensee's own
    # code): the chained clause asks "not verbatim" once, not once per step
    eupl = lib.get("EUPL-1.2")
    step = next(c for c in eupl.of(ast.Relicense) if "CDDL-1.0" in c.clause.targets)
    when = step.clause.when
    parts = when.operands if isinstance(when, ast.And) else (when,)
    assert len(parts) == len(set(parts)) == 2, when
    r = compat_pair(lib, "EUPL-1.2", "CDDL-1.0")
    assert r.summary.count("anything but the work itself") == 1, r.summary


def test_a_yes_no_field_is_named_as_a_question(lib):
    # a bool field's label is a predicate: "Depends on the combined with ..." is no English
    r = compat_pair(lib, "EUPL-1.2", "CDDL-1.0")
    assert r.verdict == Verdict.DEPENDS
    assert r.summary.startswith(
        "Depends on whether it is combined with the licensee's own code: yes (not combined"), \
        r.summary
