"""The duties of a compat yes: every duty clause whose trigger the question's act and relation
meet is listed, each with its citation, and it is listed without a condition exactly when it
applies to every scenario of the question.

Two sources: the license texts' own conditions (Apache-2.0 §4: (a), (c) and (d) on any
redistribution of the Work or a Derivative Work, (b) only on modified files; GPL-3.0 §4 and
§6), each quote checked against the bundled text; and, over the library, the reference
evaluator (engine/evaluate.py), which decides each concrete scenario from the clauses with no
solver: the checklist (a solver question per duty) must list what it fires.
"""

from __future__ import annotations

import itertools
import re

import pytest
from liclogic.engine import evaluate as ev
from liclogic.engine.context import COMPAT_RELATIONS, Context
from liclogic.lang import ast
from liclogic.lang.texts import bundled_text_path
from liclogic.lang.vocabulary import FORM, RELATION, SAME_LICENSE
from liclogic.queries.compat import compat, compat_verdict


def _off(lib, relations=None):
    return Context(relations=relations, readings={r: False for r in lib.vocab.readings})


def duties(lib, a, b, relations=None):
    """(license, cite) → the item's condition ('when'), for the duty clauses of the yes."""
    r = compat(lib, a, b, _off(lib, relations))
    assert r.verdict.value == "yes", r.summary
    out: dict[tuple[str, str], str | None] = {}
    for d in r.extra["duties"]:
        for bc in d["because"]:
            if bc["role"] == "requires it":
                out[(bc["license"], bc["cite"])] = d["when"]
                _quote_in_text(bc["license"], bc["quote"])
    return out


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("“", '"').replace("”", '"')).strip().lower()


def _quote_in_text(lic: str, quote: str) -> None:
    path = bundled_text_path(lic)
    if path is None:
        return
    text = _norm(path.read_text(encoding="utf-8"))
    for part in quote.split("..."):
        assert _norm(part) in text, f"{lic}: {part!r} is not in its text"


# Apache-2.0 §4: "You may reproduce and distribute copies of the Work or Derivative Works
# thereof ... provided that You meet the following conditions: (a) You must give any other
# recipients of the Work or Derivative Works a copy of this License; and (b) You must cause
# any modified files to carry prominent notices stating that You changed the files; and (c)
# You must retain ... and (d) If the Work includes a "NOTICE" text file ..."
APACHE_ANY = ("§4(a)", "§4(c)", "§4(d)")


def test_apache_inbound_any_redistribution_and_modified_files_only(lib):
    got = duties(lib, "Apache-2.0", "MIT")
    for cite in APACHE_ANY:
        assert got[("Apache-2.0", cite)] is None, cite  # the Work itself, in any relation
    assert "modified" in (got[("Apache-2.0", "§4(b)")] or "")  # only modified files


def test_apache_inbound_statically_linked_unmodified(lib):
    got = duties(lib, "Apache-2.0", "MIT", ("static_link",))
    assert all(got[("Apache-2.0", c)] is None for c in APACHE_ANY)
    assert ("Apache-2.0", "§4(b)") not in got  # no file of it was modified


@pytest.mark.parametrize("relations", [None, ("static_link",), ("modified",)])
def test_apache_outbound_duties_on_any_redistribution(lib, relations):
    """The result goes out under Apache-2.0: §4(a) and (c) apply to distributing it whether
    or not Apache-2.0 counts it as a Derivative Work (its §1 does not count a program that
    merely links to the work); §4(b) only where files were modified."""
    got = duties(lib, "MIT", "Apache-2.0", relations)
    for cite in APACHE_ANY:
        assert got[("Apache-2.0", cite)] is None, (relations, cite)
    if relations == ("static_link",):
        assert ("Apache-2.0", "§4(b)") not in got
    elif relations == ("modified",):
        assert got[("Apache-2.0", "§4(b)")] is None
    else:
        assert "modified" in (got[("Apache-2.0", "§4(b)")] or "")
    assert got[("MIT", "¶2")] is None  # MIT ¶2: "all copies or substantial portions"


def test_gpl3_outbound_license_copy_and_source_for_object_code(lib):
    got = duties(lib, "MIT", "GPL-3.0-only", ("static_link",))
    assert got[("GPL-3.0-only", "§4")] is None  # "give all recipients a copy of this License"
    assert "source" in (got[("GPL-3.0-only", "§6")] or "")  # §6: conveying object code


def test_ecl_mirrors_apache(lib):
    """ECL-2.0 §4 is Apache's §4 with its items unlettered."""
    r = compat(lib, "ECL-2.0", "MIT", _off(lib, ("static_link",)))
    always = {d["duty"] for d in r.extra["duties"] if d["license"] == "ECL-2.0"
              and d["when"] is None and not d.get("term")}
    assert always == {"license_copy", "notice", "notice_file"}


# ------------------------------------------------------------------ the library


def _fired(lib, lic, s):
    off = ev.waived(lic, s)
    return {(lic.id, c.clause.span.line) for c in ev.firing(lic, ast.Require, s)
            if any(d.kind not in off and d.kind != SAME_LICENSE for d in c.clause.duties)}


def _replaced(lib, a, b, s):
    target = lib.canonical(b.id)

    def rep(x):
        return any(target in {lib.canonical(t) for t in c.clause.targets}
                   and not c.clause.keeps_terms for c in ev.firing(a, ast.Relicense, x))

    vocab = lib.vocab
    return rep(s) or (ev.part_of(a, b, s, vocab) and rep(ev.own_part(s))) or (
        ev.source_out(a, b, s, vocab) and rep(ev.own_source(s)))


def expected(lib, a, b):
    """The reference evaluator's duty clauses over the question's concrete scenarios (every
    relation of compat's default and every form; other fields at their defaults): A's on the
    distribution, its own part and its part as source (unless relicensing replaces A's
    terms); B's on the result, as B's derivative or, where B does not count it one, as the
    work itself. Each clause → the scenarios it fires in; and the holding scenarios."""
    vocab, readings = lib.vocab, {r: False for r in lib.vocab.readings}
    fires: dict[tuple[str, int], set[tuple[str, str]]] = {}
    holding: set[tuple[str, str]] = set()
    for rel, form in itertools.product(COMPAT_RELATIONS, vocab.fields[FORM].values):
        base = ev.default_scenario(vocab, act="distribute", relation=rel, form=form)
        s = ev.Scenario(base.values, outbound=b.id, readings=readings)
        if not ev.compat_holds(a, b, s, True, vocab, lib.canonical):
            continue
        holding.add((rel, form))
        got: set[tuple[str, int]] = set()
        if a.id == b.id or not _replaced(lib, a, b, s):
            got |= _fired(lib, a, s)
            if ev.part_of(a, b, s, vocab):
                got |= _fired(lib, a, ev.own_part(s))
            if ev.source_out(a, b, s, vocab):
                got |= _fired(lib, a, ev.own_source(s))
        if a.id != b.id:
            got |= _fired(lib, b, s)
            if not ev.derived(b, s):
                got |= _fired(lib, b, ev.own_part(s))
        for k in got:
            fires.setdefault(k, set()).add((rel, form))
    return fires, holding


def listed(lib, a, b):
    r = compat(lib, a, b, _off(lib))
    out: dict[tuple[str, int], str | None] = {}
    for d in r.extra["duties"]:
        for bc in d["because"]:
            if bc["role"] == "requires it":
                out[(bc["license"], int(bc["at"].rsplit(":", 1)[1]))] = d["when"]
    return out


def check_pairs(lib, inbound, outbound):
    problems = []
    for a_id, b_id in itertools.product(inbound, outbound):
        if compat_verdict(lib, a_id, b_id, _off(lib)).value != "yes":
            continue
        a, b = lib.get(a_id), lib.get(b_id)
        fires, holding = expected(lib, a, b)
        got = listed(lib, a_id, b_id)
        problems += [f"{a_id} -> {b_id}: {k} not listed" for k in sorted(set(fires) - set(got))]
        # fired in every holding scenario (of the defaults), yet listed only "when …"
        problems += [f"{a_id} -> {b_id}: {k} listed '{got[k]}', applies always"
                     for k in sorted(set(fires) & set(got))
                     if fires[k] >= holding and got[k] is not None
                     and not _condition_on_other_fields(lib, k)]
    return problems


def _condition_on_other_fields(lib, key):
    """The clause's condition names fields beyond act, relation and form (which the solver
    ranges over and the evaluator above keeps at their defaults)."""
    lic, line = lib.get(key[0]), key[1]
    sc = next(c for c in lic.of(ast.Require) if c.clause.span.line == line)
    paths = {n.field.path for n in ast.walk_expr(sc.clause.when)
             if isinstance(n, ast.Compare | ast.Member | ast.BoolField)}
    return bool(paths - {"act", RELATION, FORM})


def _software(lib):
    return [i for i in lib.ids() if lib.get(i).kind == "software"]


def test_duty_clauses_of_common_inbound_licenses_into_every_software_license(lib):
    problems = check_pairs(lib, ["MIT", "Apache-2.0"], _software(lib))
    assert not problems, "\n".join(problems)


@pytest.mark.slow
def test_duty_clauses_of_every_software_pair(lib):
    problems = check_pairs(lib, _software(lib), _software(lib))
    assert not problems, "\n".join(problems)


def test_combine_mit_apache_under_0bsd_keeps_apache_duties(lib):
    """combine MIT + Apache-2.0 names 0BSD first (docs/semantics.md: A's notices, license
    copies and acknowledgments go along with its part, so a permissive outbound license
    carries them): the Apache part stays under Apache-2.0's §4, which the combination's duties
    list on any redistribution. OSADL agrees: a work led by 0BSD may include Apache-2.0 and
    MIT code (matrix[leading][subordinate])."""
    import json

    from liclogic.queries.combine import combine

    from .conftest import ROOT

    osadl = json.loads((ROOT / "tests" / "data" / "osadl" / "osadl_matrix.json").read_text())
    assert osadl["0BSD"]["Apache-2.0"] == osadl["0BSD"]["MIT"] == "Yes"
    r = combine(lib, ["MIT", "Apache-2.0"])
    assert r.verdict.value == "yes" and r.extra["outbound"][0] == "0BSD"
    got = {(d["license"], b["cite"]): d["when"] for d in r.extra["duties"]
           for b in d["because"]}
    for cite in APACHE_ANY:
        assert got[("Apache-2.0", cite)] is None
    assert got[("MIT", "¶2")] is None
