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
                         r"not by this License give permission", re.I)


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
                if b.get("quote"):
                    assert b["quote"] == sc.clause.cite.quote and quote_supports(sc)
                verb = item["text"].split(" ")[0]
                if verb == "forbids":
                    assert isinstance(sc.clause, ast.Forbid), (lid, item)
                if verb == "grants":
                    assert isinstance(sc.clause, ast.Permit), (lid, item)


PAIRS = [("MIT", "Apache-2.0"), ("CC-BY-SA-3.0", "CC-BY-SA-4.0"), ("llama3", "llama3.1"),
         ("llama2", "llama3.1"), ("CC-BY-4.0", "CC-BY-NC-4.0"), ("GPL-2.0-only", "GPL-3.0-only"),
         ("Apache-2.0", "ECL-2.0"), ("MPL-2.0", "MPL-2.0-no-copyleft-exception")]


@pytest.mark.parametrize(("left", "right"), PAIRS)
def test_diff_states_grants_and_bans_only_where_a_clause_makes_them(left, right):
    """Each side of a permission difference says what statement() says at the difference's
    scenario, and cites clauses of that kind — silence is never 'grants' or 'forbids'."""
    r = diff(LIB, left, right)
    for d in r.extra["differences"]:
        if d["aspect"] != "permitted":
            continue
        s = ev.default_scenario(LIB.vocab).with_fields(
            {k: v for k, v in d["scenario"].items() if k in LIB.vocab.fields})
        for name, says in zip((left, right), d["says"], strict=True):
            lic = LIB.get(name)
            st = statement(lic, s)
            assert st.says.value == says, (left, right, d["subject"])
            phrase = {"granted": "grants it", "forbidden": "forbids it",
                      "reserved": "does not grant it", "not granted": "does not grant it",
                      "outside": "leaves it alone"}[says]
            assert phrase in d["summary"]
            for c in st.clauses:
                assert isinstance(c.clause, KIND_OF[says])
