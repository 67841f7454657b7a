"""Copyleft strength through relicensing (queries/classify_relicense.py): a copyleft is no
stronger than the weakest license the licensee may move a modified version to alone (the FSF
on the EUPL: "developers can't rely on this license to provide a strong copyleft"). Properties
over small specs (the rule, applied to any license alike), the bundled licenses it moves with
the step that decides, and the context field that rules out Artistic's rename option."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from liclogic.cli.main import main
from liclogic.engine.context import Context
from liclogic.lang.library import load_library
from liclogic.queries.classify import classify
from liclogic.queries.classify_relicense import STRENGTH
from liclogic.queries.compat import compat_pair

from .agreement_categories import classified
from .conftest import write

WEAK = """license "LicenseRef-Weak" {
  name "Weak"
  kind software
  permit any cite "§1" "a test clause"
  derivative modified, patch cite "§0" "derived works"
  require same_license when act in {distribute, sell} and relation == modified and form == source
    cite "§2" "a test clause"
  require source_available when act in {distribute, sell} and form != source
    cite "§3" "a test clause"
}
"""
STRONG = """license "LicenseRef-Strong" {
  name "Strong"
  kind software
  permit any cite "§1" "a test clause"
  derivative modified, patch, static_link, embed cite "§0" "derived works"
  require notice, same_license when act in {distribute, sell} cite "§2" "a test clause"
  %s
}
"""


def strong(tmp_path, clause: str):
    return load_library(extra=[write(tmp_path, "w.lic", WEAK),
                               write(tmp_path, "s.lic", STRONG % clause)])


def test_a_step_to_a_weaker_copyleft_decides_the_category(tmp_path):
    lib = strong(tmp_path, 'relicense "LicenseRef-Weak" when relation != verbatim '
                           'cite "§9" "may go under Weak"')
    got = classify(lib, "LicenseRef-Strong")
    assert got.category == "weak-copyleft-file"
    step = got.relicensed
    assert step is not None and step.target == "LicenseRef-Weak"
    assert (step.by_itself, step.section, step.quote) == ("strong-copyleft", "§9",
                                                          "may go under Weak")
    assert got.reasons  # the reasons of its own category stay shown beside the step
    assert got.to_json()["relicensed"]["by_itself"] == "strong-copyleft"


@pytest.mark.parametrize("clause", [
    # keeping its terms: the work stays under both (AGPL §13, MPL §3.3)
    'relicense "LicenseRef-Weak" keeping terms when relation != verbatim cite "§9" "also Weak"',
    # barred where the licensee would write the other code itself (LiLiQ §4.2)
    'relicense "LicenseRef-Weak" when relation != verbatim and not combined_with_own_code '
    'cite "§9" "Weak, for others\' code"',
    # only for verbatim copies: no step for a modified version
    'relicense "LicenseRef-Weak" when relation == verbatim cite "§9" "copies under Weak"',
    '',
])
def test_no_step_where_the_licensee_cannot_take_it_alone(tmp_path, clause):
    got = classify(strong(tmp_path, clause), "LicenseRef-Strong")
    assert got.category == "strong-copyleft" and got.relicensed is None


def test_a_step_never_strengthens_and_never_touches_a_non_copyleft(tmp_path):
    lib = load_library(extra=[write(tmp_path, "s.lic", STRONG % "")])
    assert classify(lib, "LicenseRef-Strong").category == "strong-copyleft"
    # LGPL §3 relicenses to the GPL (stronger): it stays a weak copyleft
    lgpl = classified(lib, "LGPL-2.1-only")
    assert lgpl.category == "weak-copyleft-library" and lgpl.relicensed is None
    # BUSL's Change License is the GPL, but BUSL is no copyleft to weaken
    assert classified(lib, "BUSL-1.1").relicensed is None


@pytest.mark.parametrize(("lid", "section", "target"), [
    ("EUPL-1.1", "§5", "EPL-1.0"),
    ("EUPL-1.2", "§5", "EPL-1.0"),
    ("CECILL-2.1", "§5.3.4, then EUPL-1.1 §5", "EPL-1.0"),
])
def test_bundled_licenses_the_step_moves(lib, lid, section, target):
    got = classified(lib, lid)
    assert got.category == "weak-copyleft-file"
    assert got.relicensed is not None
    assert (got.relicensed.section, got.relicensed.target) == (section, target)
    assert got.relicensed.by_itself in ("strong-copyleft", "network-copyleft")


def test_every_step_is_to_a_weaker_license_of_its_closure(lib):
    """Over the bundled library: a step goes down the scale, to a license the clause names
    (directly or through its chain), whose own category is the one shown."""
    for lid in sorted(i for i in lib.licenses if " WITH " not in i):
        got = classified(lib, lid)
        step = got.relicensed
        if step is None:
            continue
        assert STRENGTH.index(step.category) < STRENGTH.index(step.by_itself), lid
        assert got.category == step.category
        assert step.target in {t for c in lib.get(lid).relicensing() for t in c.clause.targets}
        assert classified(lib, step.target).category == step.category or \
            classified(lib, step.target).relicensed is not None


def test_liliq_bars_its_offer_to_the_sole_copyright_holder(lib):
    for lid, own in (("LiLiQ-R-1.1", "weak-copyleft-library"),
                     ("LiLiQ-Rplus-1.1", "strong-copyleft")):
        got = classified(lib, lid)
        assert got.category == own and got.relicensed is None, lid
    # compat follows the same clause: yes for someone else's CDDL code, not one's own
    ctx = Context(facts={"combined_with_own_code": False})
    assert compat_pair(lib, "LiLiQ-R-1.1", "CDDL-1.0", ctx, explain=False).verdict.value == "yes"
    ctx = Context(facts={"combined_with_own_code": True})
    assert compat_pair(lib, "LiLiQ-R-1.1", "CDDL-1.0", ctx, explain=False).verdict.value != "yes"


def test_classify_says_which_step_decided():
    r = CliRunner().invoke(main, ["classify", "EUPL-1.2"])
    assert r.exit_code == 0, r.output
    flat = " ".join(r.output.split())
    assert "by itself network-copyleft" in flat and "EUPL-1.2 §5 lets a modified version" in flat
    assert "go under EPL-1.0" in flat and "“this Distribution or Communication" in flat
    r = CliRunner().invoke(main, ["classify", "CECILL-2.1", "--json"])
    (doc,) = json.loads(r.output)["licenses"]
    assert doc["relicensed"]["section"] == "§5.3.4, then EUPL-1.1 §5"
    assert doc["relicensed"]["target_category"] == doc["category"] == "weak-copyleft-file"


def test_ruling_out_renaming_leaves_the_other_options(lib):
    """Issue 15 §3: a question that rules out some options of a duty alternative leaves the
    others (Artistic 2.0 §4: (a) upstream, (b) rename, (c) the same or a copyleft license)."""
    def options(ctx: Context | None) -> list[str]:
        r = compat_pair(lib, "Artistic-2.0", "MIT", ctx).to_json()
        (item,) = [d for d in r["duties"] if d["duty"].startswith("one of")]
        return [o["duty"] for o in item["options"]]

    assert options(None) == ["offer_upstream", "rename", "same_license"]
    no_rename = Context(facts={"renaming_possible": False})
    assert options(no_rename) == ["offer_upstream", "same_license"]
    assert compat_pair(lib, "Artistic-2.0", "MIT", no_rename, explain=False).verdict.value == "yes"
    r = CliRunner().invoke(main, ["compat", "Artistic-1.0", "MIT", "--set",
                                  "renaming_possible=false", "--json"])
    assert r.exit_code == 0, r.output
    sections = [d for d in json.loads(r.output)["duties"] if d["duty"].startswith("one of")]
    assert sections and all("rename" not in [o["duty"] for o in d["options"]]
                            for d in sections)
