"""Duty alternatives (``require one of {…}``): "do at least ONE of the following" (Artistic 1.0
§3, §4; Artistic 2.0 §4). The syntax and its errors, the semantics (docs/semantics.md: one duty,
performed when an option open at the scenario is performed; a further restriction only when no
open option is tolerated), laws over generated licenses, Z3 against the evaluator, and what a
compat yes and ``show`` say about the bundled Artistic specs."""

from __future__ import annotations

import dataclasses

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from liclogic.engine import evaluate as ev
from liclogic.engine.context import Context
from liclogic.errors import SpecError
from liclogic.lang import ast
from liclogic.lang.check import check_license
from liclogic.lang.format import format_file
from liclogic.lang.library import build_library
from liclogic.lang.parse import parse_file, parse_text
from liclogic.lang.paths import specs_dir
from liclogic.queries.compat import compat_pair
from liclogic.queries.show import describe_license
from liclogic.strategies.licenses import licenses as generated
from liclogic.strategies.scenarios import scenarios
from liclogic.testing.agree import Probe

from tests.conftest import examples

TOY = '''
license "Pick" {
  kind software
  permit any cite "1"
  derivative modified cite "2"
  require notice, one of {
      rename cite "3(a)" "rename it",
      offer_upstream when act == distribute cite "3(b)" "offer it",
      same_license when act != sell cite "3(c)" "keep it"
    }
    when act in {distribute, sell} and relation == modified
    cite "3" "do at least ONE of the following"
}
license "Strict" {
  kind software
  permit any cite "1"
  derivative modified cite "2"
  require notice cite "3"
  accepts { notice } cite "4"
}
license "Strict-Upstream" {
  kind software
  permit any cite "1"
  derivative modified cite "2"
  accepts { notice, offer_upstream } cite "3"
}
'''


def toy():
    lib = build_library([parse_file(specs_dir() / "prelude.lic"), parse_text(TOY, "toy.lic")])
    return lib, lib.get("Pick")


def choice_key(lic) -> ev.DutyKey:
    (d,) = [d for c in lic.of(ast.Require) for d in c.clause.duties if d.options]
    return ev.duty_key(d)


def test_parse_format_round_trip_and_words():
    tree = parse_text(TOY, "toy.lic")
    again = parse_text(format_file(tree), "toy.lic")
    assert again.items == tree.items
    (d,) = [d for d in tree.items[0].clauses[2].duties if d.options]
    assert d.kind == ast.ONE_OF and d.text == "rename | offer_upstream | same_license"
    assert [o.cite.section for o in d.options] == ["3(a)", "3(b)", "3(c)"]
    assert ev.duty_text(ev.duty_key(d)) == "one of {rename, offer_upstream, same_license}"


@pytest.mark.parametrize(("body", "message"), [
    ('one of { rename cite "a" }', "two or more different options"),
    ('one of { rename cite "a", rename cite "b" }', "two or more different options"),
    ('one of { rename, notice cite "b" }', "option rename has no citation"),
    ('one of { renam cite "a", notice cite "b" }', "unknown duty 'renam'"),
    ('one of { display("a | b") cite "a", notice cite "b" }', "may not contain |"),
    ('one of { rename when colour == red cite "a", notice cite "b" }', "colour"),
])
def test_bad_alternatives_are_clear_errors(body, message):
    lib, _ = toy()
    text = f'license "Bad" {{ kind software permit any cite "1" require {body} cite "2" }}'
    tree = parse_text(text, "bad.lic").items[0]
    assert isinstance(tree, ast.License)
    errors = check_license(tree, lib.vocab)
    assert any(message in e.message for e in errors), [e.message for e in errors]
    assert all(e.span is not None for e in errors if message in e.message)


def test_a_nested_alternative_does_not_parse():
    with pytest.raises(SpecError):
        parse_text('license "N" { kind software require one of { one of { rename cite "a" } '
                   'cite "b", notice cite "c" } cite "d" }', "n.lic")


def test_one_duty_performed_by_one_open_option():
    lib, pick = toy()
    key = choice_key(pick)
    s = ev.default_scenario(lib.vocab, act="distribute", relation="modified")
    assert ev.duties(pick, s) == {("notice", None), key}
    assert "same_license" not in {k for k, _ in ev.duties(pick, s)}  # no copyleft duty
    notice = frozenset({("notice", None)})
    assert not ev.complies(pick, dataclasses.replace(s, performed=notice))
    renamed = dataclasses.replace(s, performed=notice | {("rename", None)})
    assert ev.complies(pick, renamed)
    # same_license is performed by the outbound license, as a duty of its own would be
    assert ev.complies(pick, dataclasses.replace(s, performed=notice, outbound="Pick"))
    # selling rules out (c) and distributing's (b): only a new name is left
    sell = s.with_values(act="sell")
    assert [str(o.duty) for o in ev.choice_options(pick, key, sell)] == ["rename"]
    assert not ev.complies(pick, dataclasses.replace(sell, performed=notice, outbound="Pick"))
    upstream = dataclasses.replace(sell, performed=notice | {("offer_upstream", None)})
    assert not ev.complies(pick, upstream)


def test_a_further_restriction_only_when_no_open_option_is_tolerated():
    lib, pick = toy()
    s = ev.Scenario(ev.default_scenario(lib.vocab, act="distribute", relation="modified").values,
                    outbound="Strict")
    strict, upstream = lib.get("Strict"), lib.get("Strict-Upstream")
    key = ev.duty_text(choice_key(pick))
    assert key in ev.conflicting_terms(pick, strict, s, lib.vocab)
    assert not ev.conflicting_terms(pick, upstream, ev.Scenario(s.values, outbound=upstream.id),
                                    lib.vocab) - {"notice"}
    sell = s.with_values(act="sell")  # (b) is no option when selling: rename only, not accepted
    assert key in ev.conflicting_terms(pick, upstream, ev.Scenario(sell.values, outbound=
                                                                   upstream.id), lib.vocab)
    # the solver says the same of distributing a modified version (selling: no option left)
    ctx = Context(acts=("distribute",), relations=("modified",))
    assert compat_pair(lib, "Pick", "Strict", ctx, explain=False).verdict.value == "no"
    assert compat_pair(lib, "Pick", "Strict-Upstream", ctx, explain=False).verdict.value == "yes"
    sold = Context(acts=("sell",), relations=("modified",))
    assert compat_pair(lib, "Pick", "Strict-Upstream", sold, explain=False).verdict.value == "no"
    # the no says why: the one option left is not accepted, each clause cited
    r = compat_pair(lib, "Pick", "Strict-Upstream", sold).to_json()
    (reason,) = [x for x in r["reasons"] if "its only option open here" in x["text"]]
    assert "accepts none of the options open here" in reason["text"]
    assert [b["cite"] for b in reason["because"]] == ["3", "3"]


def _with_options(lic: ast.License, extra: ast.Option) -> ast.License:
    """The license with one more option in each of its duty alternatives."""
    def widen(c: ast.Clause) -> ast.Clause:
        if not ast.choices(c) or not isinstance(c, ast.Require):
            return c
        duties = tuple(ast.Duty.choice((*d.options, extra)) if d.options and all(
            o.duty.kind != extra.duty.kind for o in d.options) else d for d in c.duties)
        return dataclasses.replace(c, duties=duties)
    return dataclasses.replace(lic, items=tuple(widen(i) if not isinstance(i, ast.Meta | ast.Expect)
                                                else i for i in lic.items))


@settings(max_examples=examples(40), deadline=None)
@given(st.data())
def test_law_another_option_never_makes_complying_harder(data):
    lib, _ = toy()
    vocab = lib.vocab
    tree = data.draw(generated(vocab, kinds=("permit", "require", "derivative", "waive")))
    extra = ast.Option(ast.Duty("rename"), None, ast.Cite("(z)"))
    wide = _with_options(dataclasses.replace(tree, id="LicenseRef-Wide"), extra)
    both = build_library([parse_file(specs_dir() / "prelude.lic"),
                          ast.SpecFile("gen.lic", (tree, wide))])
    narrow_m, wide_m = both.get(tree.id), both.get(wide.id)
    s = data.draw(scenarios(vocab, licenses=[narrow_m, wide_m]))
    if ev.complies(narrow_m, s):
        assert ev.complies(wide_m, s)
    assert {k[0] for k in ev.duties(narrow_m, s)} == {k[0] for k in ev.duties(wide_m, s)}


@pytest.mark.parametrize("lid", ["Artistic-1.0", "Artistic-2.0"])
def test_z3_agrees_with_the_evaluator_on_the_artistic_alternatives(lib, lid):
    lic = lib.get(lid)
    probe = Probe(lib, lic)
    keys = {ev.duty_key(o.duty) for c in lic.of(ast.Require) for d in c.clause.duties
            for o in d.options}
    assert keys
    base = ev.default_scenario(lib.vocab, relation="modified")
    for act in ("modify", "distribute", "sell"):
        for form in ("source", "object"):
            for key in sorted(keys, key=str):
                for outbound in (None, lid, "GPL-3.0-only"):
                    s = ev.Scenario(base.with_values(act=act, form=form).values,
                                    outbound=outbound, performed=frozenset({key}))
                    assert probe.disagreements(s) == {}, (act, form, key, outbound)


def test_compat_yes_lists_the_alternative_with_the_options_left_open(lib):
    r = compat_pair(lib, "Artistic-1.0", "MIT").to_json()
    items = [d for d in r["duties"] if d["duty"].startswith("one of")]
    section3 = next(d for d in items if "internal_only" in d["duty"])
    assert section3["ruled_out"] == ["internal_only"]  # in-house use only: not when distributing
    assert [o["duty"] for o in section3["options"]] == ["publish_changes", "rename",
                                                         "request_license"]
    cites = [b["cite"] for b in section3["because"]]
    assert cites[0] == "§3" and {"§3(a)", "§3(c)", "§3(d)"} <= set(cites)
    assert all(b.get("quote") for b in section3["because"])
    assert section3["text"].startswith("do one of: ")


def test_show_cites_and_quotes_each_option(lib):
    info = describe_license(lib, lib.get("Artistic-2.0"))
    (item,) = [d for d in info["duties"] if d["text"].startswith("do one of")]
    options = [b for b in item["because"] if b.get("role") == "offers it"]
    assert [b["cite"] for b in options] == ["§4(a)", "§4(b)", "§4(c)"]
    text = (specs_dir().parent / "texts" / "Artistic-2.0.txt").read_text()
    flat = " ".join(text.split())
    assert all(" ".join(b["quote"].split()) in flat for b in options)
