"""What a license says about an act — granted, forbidden, reserved, not granted, outside its
reach (engine/statements.py) — on every bundled license: the evaluator and its Z3 twin agree,
every statement rests on a clause of the right kind whose quote is the one shown, and no
`show` or `diff` line states a grant or a ban the text does not make."""

from __future__ import annotations

import re

import pytest
import z3
from liclogic.engine import evaluate as ev
from liclogic.engine.compile import compile_license
from liclogic.engine.encoding import encoding_for
from liclogic.engine.statements import Says, quote_supports, says_formula, statement
from liclogic.lang import ast
from liclogic.lang.library import bundled_library
from liclogic.lang.vocabulary import ACT, RELATION
from liclogic.queries.diff import diff
from liclogic.queries.show import describe_license

LIB = bundled_library()
IDS = sorted(i for i, m in LIB.licenses.items() if m.kind != "exception")
KIND_OF = {"granted": ast.Permit, "forbidden": ast.Forbid, "reserved": ast.Reserve}
# words by which a text declines to grant rather than bans: such a clause is a reserve
NOT_GRANTED = re.compile(r"not (be )?(licen[cs]ed|granted|cover)|does not grant|no (\w+ )*"
                         r"(licen[cs]es?|rights?|permission)\b.*\b(granted|licensed)|"
                         r"nothing in this|receives no rights|has not been granted|"
                         r"no other rights|no rights to|other than patent|n'accorde aucune|"
                         r"subject to applicable law|does not include any commercial|"
                         r"not by this License give permission|not authorized to exercise", re.I)


FEW = ("verbatim", "modified", "static_link", "distill", "train_on_outputs", "output")


def _grid(relations):
    vocab = LIB.vocab
    for act in vocab.acts:
        for rel in relations:
            yield ev.default_scenario(vocab).with_fields({ACT: act, RELATION: rel})


@pytest.mark.parametrize("lid", IDS)
def test_statement_and_its_twin_agree(lid):
    _twins(lid, FEW)


@pytest.mark.slow
@pytest.mark.parametrize("lid", IDS)
def test_statement_and_its_twin_agree_on_every_relation(lid):
    _twins(lid, LIB.vocab.relations)


def _twins(lid, relations):
    lic = LIB.get(lid)
    enc = encoding_for(LIB)
    sv = enc.scenario("stmt")
    c = compile_license(enc, lic, sv)
    solver = z3.Solver()
    solver.add(*c.defs.values())
    for s in _grid(relations):
        got = statement(lic, s).says
        solver.push()
        solver.add(*sv.pin(s))
        assert solver.check() == z3.sat
        m = solver.model()
        for says in Says:
            holds = z3.is_true(m.eval(says_formula(c, says), model_completion=True))
            assert holds == (says == got), (lid, s[ACT], s[RELATION], says, got)
        solver.pop()
        assert got.permitted == ev.permitted(lic, s)


@pytest.mark.parametrize("lid", IDS)
def test_bans_and_reservations_say_what_their_quotes_say(lid):
    """A forbid whose quote only declines to grant ("no trademark licenses are granted") is a
    reservation, not a ban; a reserve's quote says so."""
    for sc in LIB.get(lid).bans:
        quote = sc.clause.cite.quote if sc.clause.cite else None
        if quote is None or sc.origin != lid:
            continue
        declines = bool(NOT_GRANTED.search(quote))
        if isinstance(sc.clause, ast.Forbid):
            assert not declines, (lid, sc.at, quote)
        else:
            assert declines, (lid, sc.at, quote)


@pytest.mark.parametrize("lid", IDS)
def test_show_states_only_what_a_clause_supports(lid):
    lic = LIB.get(lid)
    info = describe_license(LIB, lic)
    by_at = {c.at: c for c in lic.clauses}
    for group in info["statements"]:
        for act in group["acts"]:
            s = ev.default_scenario(LIB.vocab).with_fields({ACT: act, RELATION: "verbatim"})
            assert statement(lic, s).says.value == group["says"], (lid, act)
        kind = KIND_OF.get(group["says"])
        if kind is None:
            assert group["because"] == [], (lid, group)  # silence cites nothing
            continue
        assert group["because"], (lid, group)
        for b in group["because"]:
            sc = by_at[b["at"]]
            assert isinstance(sc.clause, kind), (lid, b)
            shown = b.get("quote")
            assert shown == (sc.clause.cite.quote if quote_supports(sc) else None), (lid, b)
    for key in ("conditions", "duties", "carries", "relicensing", "waives"):
        for item in info[key]:
            for b in item["because"]:
                sc = by_at[b["at"]]
                if b.get("quote") and b.get("role") == "offers it":  # an option's own clause
                    assert b["quote"] in [o.cite.quote for d in ast.choices(sc.clause)
                                          for o in d.options if o.cite], (lid, b)
                elif b.get("quote"):
                    assert b["quote"] == sc.clause.cite.quote and quote_supports(sc)
                text = item["text"]
                kind = (ast.Forbid if text.startswith("forbids ") else
                        ast.Permit if text.startswith("grants ") else
                        ast.Reserve if text.startswith("does not grant") else
                        {"duties": ast.Require, "carries": ast.Carries,
                         "relicensing": ast.Relicense, "waives": ast.Waive}.get(key))
                assert kind is not None and isinstance(sc.clause, kind), (lid, item, b)


PAIRS = [("MIT", "Apache-2.0"), ("CC-BY-SA-3.0", "CC-BY-SA-4.0"), ("llama3", "llama3.1"),
         ("llama2", "llama3.1"), ("CC-BY-4.0", "CC-BY-NC-4.0"), ("GPL-2.0-only", "GPL-3.0-only"),
         ("Apache-2.0", "ECL-2.0"), ("MPL-2.0", "MPL-2.0-no-copyleft-exception"),
         ("AGPL-3.0-only", "GPL-3.0-only"), ("LGPL-2.1-only", "LGPL-3.0-only"),
         ("LicenseRef-CreativeML-OpenRAIL-M", "LicenseRef-BigCode-OpenRAIL-M-1.0"),
         ("LicenseRef-Tongyi-Qianwen", "LicenseRef-Kimi-K2-Modified-MIT"),
         ("CC0-1.0", "Unlicense"), ("EUPL-1.2", "CECILL-2.1")]
# every bundled license on both sides of a diff: each with the next in id order (-m slow)
RING = list(zip(IDS, IDS[1:] + IDS[:1], strict=True))
# what each side of a difference says → the kind of clause that must make it so
SIDE_KINDS = {"grants it": ast.Permit, "forbids it": ast.Forbid,
              "does not grant it (": ast.Reserve, "requires it": ast.Require,
              "carries it": ast.Carries, "counts it as made from the work": ast.Derivative,
              "lifts it": ast.Waive}
SILENT = ("does not grant it (the text is silent)", "leaves it alone", "does not require it",
          "does not carry it", "does not count it")


@pytest.mark.parametrize(("left", "right"), PAIRS)
def test_diff_states_grants_and_bans_only_where_a_clause_makes_them(left, right):
    _diff_is_true_to_the_texts(left, right)


@pytest.mark.slow
@pytest.mark.parametrize(("left", "right"), RING)
def test_diff_of_every_bundled_license_is_true_to_the_texts(left, right):
    _diff_is_true_to_the_texts(left, right)


def _diff_is_true_to_the_texts(left, right):
    """Each side of every difference says what the license says at the difference's scenario
    (statement() for permission: silence is never 'grants' or 'forbids'), rests on firing
    clauses of the kind its words name, and shows a quote only of such a clause whose quote
    supports it (never one that holds only under a reading)."""
    r = diff(LIB, left, right)
    names = r.extra["names"]
    a, b = LIB.get(left), LIB.get(right)
    for d in r.extra["differences"]:
        if d.get("scenario") is None:
            continue  # relicense targets and accepted terms: lists, no statement
        scen = d["scenario"]
        s = ev.default_scenario(LIB.vocab).with_fields(
            {k: v for k, v in scen.items() if k in LIB.vocab.fields})
        s = ev.Scenario(s.values, readings=dict.fromkeys(scen.get("readings", []), True))
        text = d["summary"]
        body = text[:text.rindex(" — e.g. ")]
        start_a = body.index(f": {names[a.id]} ") + 2
        start_b = body.index(f"; {names[b.id]} ", start_a) + 2
        sides = [(a, body[start_a + len(names[a.id]) + 1:start_b - 2]),
                 (b, body[start_b + len(names[b.id]) + 1:])]
        if d["aspect"] == "permitted":
            for (lic, said), says in zip(sides, d["says"], strict=True):
                st = statement(lic, s)
                assert st.says.value == says, (left, right, d["subject"])
                phrase = {"granted": "grants it", "forbidden": "forbids it",
                          "reserved": "does not grant it (", "not granted":
                          "does not grant it (the text is silent)",
                          "outside": "leaves it alone"}[says]
                assert said.startswith(phrase), (left, right, said)
                assert all(isinstance(c.clause, KIND_OF[says]) for c in st.clauses
                           ) if says in KIND_OF else not st.clauses
        for lic, said in sides:
            if said.startswith(SILENT):
                assert "“" not in said, (left, right, said)  # silence quotes nothing
                continue
            kind = next((k for w, k in SIDE_KINDS.items() if said.startswith(w)), None)
            assert kind is not None, (left, right, said)
            firing = ev.firing(lic, kind, s)
            assert firing, (left, right, d["subject"], said)
            assert any(f"{LIB.prose(c.origin)} {c.clause.cite.section}" in said
                       for c in firing if c.clause.cite), (left, right, said)
            ok = {c.clause.cite.quote for c in firing
                  if c.clause.cite and c.clause.cite.quote and quote_supports(c)}
            if ok:
                assert any(q in said for q in ok), (left, right, said)
            for other in (x for m in (a, b) for x in m.clauses):
                q = other.clause.cite.quote if other.clause.cite else None
                if q and q in said and q not in ok:
                    assert any(q in k for k in ok), (left, right, said, q)
