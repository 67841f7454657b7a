"""The recorded law exceptions (tests/data/law_exceptions.yml): every case listed is still an
exception, of the kind its rule says, for the reason given."""

from __future__ import annotations

import pytest
from liclogic import strategies as lst
from liclogic.lang import ast
from liclogic.lang.library import bundled_library
from liclogic.lang.parse import parse_expr, parse_text
from liclogic.queries.compat import compat

from .laws import copy_of, law_exceptions, relicensed_everywhere
from .test_osd_metamorphic import criteria, may_also_fail

LIB = bundled_library()


def verdict(lib, a: str, b: str) -> str:
    return compat(lib, a, b, explain=False).verdict.value


def test_every_entry_says_what_why_and_where():
    entries = law_exceptions()
    assert set(entries) == {"relicensing-carries-compatibility", "based-on-behaves-as-parent",
                            "osd-ban-leaves-other-criteria", "compat-transitivity"}
    for e in entries.values():
        assert e["statement"] and e["rule"] and e["when"] and e["reason"] and e["cases"]


@pytest.mark.parametrize("case", law_exceptions()["relicensing-carries-compatibility"]["cases"],
                         ids="→".join)
def test_two_relicensing_steps(case):
    a, b, c = case
    assert relicensed_everywhere(LIB, a, b)  # the law's premise
    assert verdict(LIB, b, c) == "yes"
    assert relicensed_everywhere(LIB, b, c)  # the rule: the second step is relicensing too
    assert verdict(LIB, a, c) != "yes"  # and the law fails


@pytest.mark.parametrize("case", law_exceptions()["based-on-behaves-as-parent"]["cases"],
                         ids=lambda c: f"{c['inbound']}→{c['outbound']}")
def test_license_identity(case):
    parent = case["parent"]
    lib = lst.Specs((copy_of(parent, kind=LIB.get(parent).kind),), bundled=True).library()

    def name(role: str, world: str) -> str:
        """'copy' is X itself in the parent's world and the copy Y in the copy's."""
        if case[role] == "copy":
            return "LicenseRef-Copy" if world == "copy" else parent
        return parent if case[role] == "parent" else case[role]

    for world, expected in (("parent", case["parent_gives"]), ("copy", case["copy_gives"])):
        assert verdict(lib, name("inbound", world), name("outbound", world)) == expected, world


@pytest.mark.parametrize("case", law_exceptions()["osd-ban-leaves-other-criteria"]["cases"],
                         ids=lambda c: c["ban"])
def test_reach_depending_on_other_fields(case):
    tree = parse_text(case["license"], "case.lic").items[0]
    banned = lst.with_clause(tree, ast.Forbid(None, when=parse_expr(case["ban"])))
    before = criteria(lst.Specs((tree,)).library(), tree.id)
    lib = lst.Specs((banned,)).library()
    after = criteria(lib, tree.id)
    changed = {n for n, (b, a) in enumerate(zip(before, after, strict=True), start=1) if a != b}
    assert changed == {case["criterion"], *case["also_fails"]}
    assert set(case["also_fails"]) <= may_also_fail(lib.get(tree.id))  # what the rule allows


@pytest.mark.parametrize("case", law_exceptions()["compat-transitivity"]["cases"], ids="→".join)
def test_compat_is_not_transitive(case):
    a, b, c = case
    assert verdict(LIB, a, b) == verdict(LIB, b, c) == "yes"
    assert verdict(LIB, a, c) == "no"
