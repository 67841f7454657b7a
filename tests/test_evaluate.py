"""The reference evaluator on small hand-written licenses: the semantics of docs/semantics.md."""

from __future__ import annotations

from liclogic.engine import evaluate as ev
from liclogic.lang.library import build_library
from liclogic.lang.parse import parse_file, parse_text
from liclogic.lang.paths import specs_dir

TOY = '''
license "Toy" {
  kind software
  permit use, distribute cite "1"
  forbid distribute when licensee.monthly_active_users > 1_000 cite "2"
  require notice when act == distribute cite "3"
  require same_license when act == distribute cite "4"
  relicense "Other" when relation == modified cite "5"
  derivative modified cite "6"
  derivative dynamic_link when reading(linking-is-derivative) cite "7"
  forbid any on distill cite "8"
}
license "Other" { kind software permit any cite "x" }
'''


def toy():
    lib = build_library([parse_file(specs_dir() / "prelude.lic"), parse_text(TOY, "toy.lic")])
    return lib, lib.get("Toy")


def test_default_deny_inside_reach_and_forbid():
    lib, t = toy()
    s = ev.default_scenario(lib.vocab, act="distribute")
    assert ev.permitted(t, s)
    assert not ev.permitted(t, s.with_values(licensee__monthly_active_users=1_001))
    assert ev.permitted(t, s.with_values(licensee__monthly_active_users=1_000))
    assert not ev.permitted(t, s.with_values(act="modify"))  # nothing grants modify


def test_outside_reach_the_license_is_silent_except_for_explicit_relations():
    lib, t = toy()
    s = ev.default_scenario(lib.vocab, act="modify", relation="aggregate")
    assert not ev.derived(t, s) and ev.permitted(t, s) and ev.duties(t, s) == frozenset()
    assert not ev.permitted(t, s.with_values(relation="distill"))  # `forbid … on distill`
    linked = s.with_values(relation="dynamic_link")
    assert ev.permitted(t, linked)
    on = ev.Scenario(linked.values, readings={"linking-is-derivative": True})
    assert ev.derived(t, on) and not ev.permitted(t, on)


def test_duties_and_same_license_performed_by_outbound():
    lib, t = toy()
    s = ev.default_scenario(lib.vocab, act="distribute", relation="modified")
    assert ev.duties(t, s) == {("notice", None), ("same_license", None)}
    done = ev.Scenario(s.values, outbound="Other", performed=frozenset({("notice", None)}))
    assert ev.complies(t, done)  # Other is a relicense target for modified versions
    verbatim = ev.Scenario(done.with_values(relation="verbatim").values, outbound="Other",
                           performed=done.performed)
    assert not ev.complies(t, verbatim)
