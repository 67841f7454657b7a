"""OSD metamorphic tests: on a license that meets the Open Source Definition,
- a ban on some licensees (a threshold on users or revenue, a kind or region of licensee)
  makes criterion 5 fail and leaves the other nine as they were;
- a ban on some fields of endeavor (purposes, commercial use) makes criterion 6 fail and
  leaves the others;
- removing the ban again restores every criterion (in the same library and session, so the
  solver's caches must notice the change)."""

from __future__ import annotations

import functools

from hypothesis import assume, given, settings
from hypothesis import strategies as st
from liclogic import strategies as lst
from liclogic.engine.result import Verdict
from liclogic.lang import ast
from liclogic.lang.library import Library, LicenseModel, bundled_library
from liclogic.queries.osd import osd
from liclogic.queries.osd_criteria import CRITERIA, Invariant
from liclogic.queries.osd_problems import _group

from .conftest import examples

VOCAB = bundled_library().vocab
INT_SPLITS = {">": 0, ">=": 1, "<": 1, "<=": 0}  # op → least threshold that splits licensees


def licensee_bans() -> st.SearchStrategy[ast.Expr]:
    """Conditions true for some licensees and false for others."""
    ints = [p for p in VOCAB.group("licensee") if VOCAB.fields[p].kind == "int"]
    enums = [p for p in VOCAB.group("licensee") if VOCAB.fields[p].kind == "enum"]
    bools = [p for p in VOCAB.group("licensee") if VOCAB.fields[p].kind == "bool"]
    threshold = st.builds(
        lambda path, op, n: ast.Compare(ast.FieldRef(path), op, ast.IntLit(n + INT_SPLITS[op])),
        st.sampled_from(ints), st.sampled_from(list(INT_SPLITS)),
        st.sampled_from(lst.THRESHOLDS) | st.integers(0, 10 ** 9))
    some = st.sampled_from(enums).flatmap(lambda p: st.lists(
        st.sampled_from(VOCAB.fields[p].values), min_size=1,
        max_size=len(VOCAB.fields[p].values) - 1, unique=True).map(
        lambda vs: ast.Member(ast.FieldRef(p), tuple(ast.NameLit(v) for v in vs))))
    flag = st.sampled_from(bools).map(lambda p: ast.BoolField(ast.FieldRef(p)))
    return st.one_of(threshold, some, flag)


def endeavor_bans() -> st.SearchStrategy[ast.Expr]:
    purposes = VOCAB.fields["purpose"].values
    some = st.lists(st.sampled_from(purposes), min_size=1, max_size=len(purposes) - 1,
                    unique=True).map(lambda vs: ast.Member(ast.FieldRef("purpose"),
                                                           tuple(ast.NameLit(v) for v in vs)))
    flags = st.sampled_from([p for p in VOCAB.group("endeavor")
                             if VOCAB.fields[p].kind == "bool"])
    return st.one_of(some, flags.map(lambda p: ast.BoolField(ast.FieldRef(p))))


def criteria(lib: Library, name: str) -> list[str]:
    return [c["verdict"] for c in osd(lib, name, explain=False).extra["criteria"]]


def reach_fields(lic: LicenseModel) -> set[str]:
    """Fields the license's reach depends on (its derivative clauses' conditions)."""
    return {n.field.path for c in lic.of(ast.Derivative) for n in ast.walk_expr(c.clause.when)
            if isinstance(n, ast.Compare | ast.Member | ast.BoolField)}


def may_also_fail(lic: LicenseModel) -> set[int]:
    """Criteria a ban may break besides its own: those varying fields the reach depends on
    (the ban applies within the reach; law_exceptions.yml, osd-ban-leaves-other-criteria)."""
    fields = reach_fields(lic)
    return {c.number for c in CRITERIA for r in c.requirements
            if isinstance(r, Invariant) and fields & set(_group(VOCAB, r.vary))}


def check(base: ast.License, parent_specs: lst.Specs, ban: ast.Expr, number: int) -> None:
    """Add ``forbid any when ban`` to ``base``: criterion ``number`` fails, the rest stay (but
    see ``may_also_fail``); then remove it in the same library: everything is as before."""
    banned = lst.with_clause(base, ast.Forbid(None, when=ban))
    specs = parent_specs.replace(banned)
    lib = specs.library()
    before = criteria(parent_specs.library(), base.id)
    after = criteria(lib, base.id)
    assert after[number - 1] == Verdict.NO
    loose = may_also_fail(lib.get(base.id))
    for n, (b, a) in enumerate(zip(before, after, strict=True), start=1):
        if n != number:
            assert a in ((b, Verdict.NO) if n in loose else (b,)), (n, b, a)
    lib.add(parent_specs.library().get(base.id))  # remove the ban: the original model again
    assert criteria(lib, base.id) == before


BUNDLED_IDS = sorted(i for i, m in bundled_library().licenses.items() if m.kind != "exception")


@functools.cache
def complies(lid: str) -> bool:
    return osd(bundled_library(), lid, explain=False).verdict == Verdict.YES


def copy_with_clauses(parent: str) -> ast.License:
    """A license that is the bundled one under another id (its clauses, not ``based_on``,
    so a ban is one more clause of its own)."""
    lic = bundled_library().get(parent)
    return ast.License("LicenseRef-M", lst.cited([ast.Meta("kind", (lic.kind,)),
                                                  *[c.clause for c in lic.clauses]]))


def test_some_bundled_licenses_comply():
    assert all(complies(i) for i in ("MIT", "Apache-2.0", "GPL-3.0-only"))


@settings(max_examples=examples(25))
@given(st.sampled_from(BUNDLED_IDS), licensee_bans())
def test_a_licensee_ban_fails_criterion_5_on_bundled_licenses(parent, ban):
    assume(complies(parent))
    base = copy_with_clauses(parent)
    check(base, lst.Specs((base,)), ban, 5)


@settings(max_examples=examples(25))
@given(st.sampled_from(BUNDLED_IDS), endeavor_bans())
def test_a_purpose_ban_fails_criterion_6_on_bundled_licenses(parent, ban):
    assume(complies(parent))
    base = copy_with_clauses(parent)
    check(base, lst.Specs((base,)), ban, 6)


OPEN_DUTIES = ("notice", "license_copy", "state_changes", "source_available", "same_license")


def open_licenses() -> st.SearchStrategy[ast.License]:
    """Generated licenses that grant everything with ordinary open-source duties and terms
    (kept only when the OSD check says they comply)."""
    duty = st.builds(
        lambda ds, acts: ast.Require(tuple(ast.Duty(d) for d in ds), when=ast.Member(
            ast.FieldRef("act"), tuple(ast.NameLit(a) for a in acts))),
        st.lists(st.sampled_from(OPEN_DUTIES), min_size=1, max_size=2, unique=True),
        st.lists(st.sampled_from(("distribute", "sell", "host")), min_size=1, unique=True))
    extra = st.one_of(duty, lst.derivatives(VOCAB),
                      lst.carries(VOCAB).map(lambda c: ast.Carries(c.terms)),
                      lst.accepts(VOCAB))
    return st.lists(extra, max_size=4, unique=True).map(lambda cs: ast.License(
        "LicenseRef-O", lst.cited([ast.Meta("kind", ("software",)), ast.Permit(None), *cs])))


@settings(max_examples=examples(20))
@given(open_licenses(), st.one_of(licensee_bans().map(lambda b: (b, 5)),
                                  endeavor_bans().map(lambda b: (b, 6))))
def test_bans_fail_criteria_5_and_6_on_generated_open_licenses(base, ban):
    specs = lst.Specs((base,))
    assume(osd(specs.library(), base.id, explain=False).verdict == Verdict.YES)
    check(base, specs, *ban)
