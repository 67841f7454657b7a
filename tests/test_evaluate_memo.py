"""The memo layer over the reference evaluator (``engine.evaluate_memo``) against the plain
evaluator: ``compat_holds_at`` with A's side from ``inbound_at`` is ``evaluate.compat_holds``
on generated licenses and scenarios (and on bundled licenses), and A's side is the same at
every outbound license and every value of the readings A's clauses do not name, unless A's
conditions name the outbound (``names_outbound``) — what the profiles' memo keys rely on."""

from __future__ import annotations

import dataclasses

from hypothesis import given, settings
from hypothesis import strategies as st
from liclogic import strategies as lst
from liclogic.engine import evaluate as ev
from liclogic.engine.evaluate_memo import compat_holds_at, inbound_at, names_outbound
from liclogic.lang.library import build_library, bundled_library
from liclogic.testing.asserts import bundled_files

from .conftest import examples

LIB = bundled_library()
VOCAB = LIB.vocab
BUNDLED = sorted(i for i, m in LIB.licenses.items() if m.kind != "exception")


def _agree(lib, a, b, s) -> None:
    s = dataclasses.replace(s, outbound=b.id)
    x = inbound_at(a, s, lib.canonical)
    for ok in (False, True):
        assert compat_holds_at(x, a, b, s, ok, VOCAB, lib.canonical) == \
            ev.compat_holds(a, b, s, ok, VOCAB, lib.canonical), (a.id, b.id, ok)


@settings(max_examples=examples(600))
@given(lst.license_sets(VOCAB, min_size=2, max_size=2, max_clauses=6), st.data())
def test_memoised_compat_holds_is_the_evaluators(specs, data):
    lib = specs.library()
    models = specs.models()
    a = data.draw(st.sampled_from(models), label="inbound")
    b = data.draw(st.sampled_from(models), label="outbound")
    for s in data.draw(st.lists(lst.scenarios(VOCAB, licenses=[a, b]), min_size=1,
                                max_size=3), label="scenarios"):
        _agree(lib, a, b, s)


@settings(max_examples=examples(300))
@given(st.data())
def test_memoised_compat_holds_on_bundled_licenses(data):
    a = LIB.get(data.draw(st.sampled_from(BUNDLED), label="inbound"))
    b = LIB.get(data.draw(st.sampled_from(BUNDLED), label="outbound"))
    _agree(LIB, a, b, data.draw(lst.scenarios(VOCAB, licenses=[a, b]), label="s"))


@settings(max_examples=examples(600))
@given(lst.license_sets(VOCAB, min_size=1, max_size=2, max_clauses=6), st.data())
def test_inbound_side_depends_only_on_what_its_key_holds(specs, data):
    lib = specs.library()
    models = specs.models()
    a = data.draw(st.sampled_from(models), label="inbound")
    outbounds = lst.outbound_candidates(lib, models)
    s = data.draw(lst.scenarios(VOCAB, licenses=models, outbounds=outbounds), label="s")
    other = data.draw(st.sampled_from(outbounds), label="other outbound")
    flipped = {r: not s.reading(r) for r in {*VOCAB.readings} - a.readings}
    moved = dataclasses.replace(s, readings={**s.readings, **flipped},
                                outbound=s.outbound if names_outbound(a) else other)
    x, y = inbound_at(a, moved, lib.canonical), inbound_at(a, s, lib.canonical)
    assert (x.derived, x.at, x.own, x.source) == (y.derived, y.at, y.own, y.source)


def test_names_outbound_sees_outbound_conditions():
    lib = build_library(bundled_files())  # a library of its own: compose adds to it
    composite = lib.compose("Apache-2.0", "LLVM-exception")  # waives when outbound in {…}
    assert names_outbound(composite) and names_outbound(lib.get("LLVM-exception"))
    assert not names_outbound(lib.get("Apache-2.0")) and not names_outbound(lib.get("MIT"))


TOY = '''
license "LicenseRef-NoSource" {
  kind software
  permit distribute cite "1"
  forbid distribute when form == source and relation == verbatim cite "2"
  require source_available when form != source cite "3"
}
license "LicenseRef-Choice" {
  kind software
  permit distribute cite "1"
  derivative static_link, dynamic_link when reading(linking-is-derivative) cite "2"
  require one of { notice cite "a", same_license cite "b" } cite "3"
  require same_license when relation == dynamic_link cite "4"
}
license "LicenseRef-Pay" {
  kind software
  permit distribute cite "1"
  require one of { royalty cite "a", request_license cite "b" } cite "2"
}
'''


def test_memoised_compat_holds_on_every_relation_and_form():
    """Each branch of ``compat_holds`` (A's part as source not permitted, a duty alternative
    under a license that forbids further restrictions, B's reach over a combining relation,
    readings), on every relation and form."""
    from liclogic.engine.evaluate import default_scenario
    from liclogic.lang.parse import parse_text

    lib = build_library([*bundled_files(), parse_text(TOY, "toy.lic")])
    ids = ["LicenseRef-NoSource", "LicenseRef-Choice", "LicenseRef-Pay", "Artistic-1.0", "MIT",
           "GPL-2.0-only", "GPL-3.0-only", "LGPL-2.1-only", "Apache-2.0", "MPL-2.0", "CC-BY-SA-4.0"]
    seen = set()
    for a in map(lib.get, ids):
        for b in map(lib.get, ids):
            for r in VOCAB.relations:
                for form in VOCAB.fields["form"].values:
                    for linking in (False, True):
                        s = default_scenario(VOCAB, act="distribute", relation=r, form=form)
                        s = dataclasses.replace(s, readings={"linking-is-derivative": linking})
                        _agree(lib, a, b, s)
                        seen.add(ev.compat_holds(a, b, dataclasses.replace(s, outbound=b.id),
                                                 True, VOCAB, lib.canonical))
    assert seen == {False, True}
