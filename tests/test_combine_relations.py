"""combine's relation per input (--relation-of INPUT=REL), checked against the license texts.

LGPL-2.1 §6: a "work that uses the Library", linked with it, may be distributed "under terms
of your choice, provided that the terms permit modification of the work for the customer's
own use and reverse engineering for debugging such modifications". §2(c): a modified
Library must be licensed "as a whole at no charge to all third parties under the terms of
this License"; §3 lets its copy go under "the ordinary GNU General Public License, version 2
... (If a newer version ... has appeared, then you can specify that version instead)". And
Apache-2.0 goes into GPLv3 but not GPLv2 (FSF license list).
"""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from liclogic.cli.main import main
from liclogic.engine.context import Context
from liclogic.engine.result import Verdict
from liclogic.errors import LiclogicError
from liclogic.queries.combine import combine
from liclogic.queries.combine_relations import parse_relation_of, relations_by_license


def test_a_linked_lgpl_library_leaves_an_apache_work_under_apache(lib):
    r = combine(lib, ["LGPL-2.1-only", "Apache-2.0"],
                relation_of={"LGPL-2.1-only": ("dynamic_link",)})
    assert r.verdict == Verdict.YES
    assert "Apache-2.0" in r.extra["outbound"]
    # §6's terms the distributor must meet come with the yes: the user may relink
    assert ("LGPL-2.1-only", "relinking") in {(d["license"], d["duty"])
                                              for d in r.extra["duties"]}
    assert r.context["relation_of"] == {"LGPL-2.1-only": ["dynamic_link"]}


def test_a_modified_lgpl_library_takes_the_apache_work_to_gplv3_only(lib):
    r = combine(lib, ["LGPL-2.1-only", "Apache-2.0"],
                relation_of={"LGPL-2.1-only": ("modified",)})
    assert r.verdict == Verdict.YES
    assert "Apache-2.0" not in r.extra["outbound"]  # §2(c): the modified Library stays LGPL
    assert "GPL-3.0-only" in r.extra["outbound"]  # §3's "newer version" of the GPL
    assert "GPL-2.0-only" not in r.extra["outbound"]  # Apache-2.0 does not go into GPLv2


def test_only_the_named_input_changes_relation(lib):
    """GPL-2.0-only keeps the default relations: a GPL program statically linked into the
    work still takes the work to the GPL, whatever the LGPL library's relation."""
    r = combine(lib, ["LGPL-2.1-only", "GPL-2.0-only"], explain=False,
                relation_of={"LGPL-2.1-only": ("dynamic_link",)})
    assert r.verdict == Verdict.YES
    assert "GPL-2.0-only" in r.extra["outbound"]
    assert "Apache-2.0" not in r.extra["outbound"] and "MIT" not in r.extra["outbound"]


def test_a_relation_for_every_input_is_the_global_relation(lib):
    names = ["LGPL-2.1-only", "MIT"]
    every = combine(lib, names, explain=False,
                    relation_of={n: ("dynamic_link",) for n in names})
    global_ = combine(lib, names, Context(relations=("dynamic_link",)), explain=False)
    assert every.verdict == global_.verdict
    assert every.extra["outbound"] == global_.extra["outbound"]


def test_a_license_two_inputs_bring_is_checked_under_both_relations(lib):
    ctx = Context()
    choice = [["LGPL-2.1-only"], ["Apache-2.0", "LGPL-2.1-only"]]
    rels = relations_by_license(lib, choice, [("dynamic_link",), None], ctx)
    assert rels == {"LGPL-2.1-only": ("dynamic_link", "static_link", "modified")}
    r = combine(lib, ["LGPL-2.1-only", "Apache-2.0 AND LGPL-2.1-only"], explain=False,
                relation_of={"LGPL-2.1-only": ("dynamic_link",)})
    assert "Apache-2.0" not in r.extra["outbound"]  # the second input modifies it


def test_an_or_input_gives_its_relation_to_each_alternative(lib):
    r = combine(lib, ["LGPL-2.1-only OR MPL-2.0", "Apache-2.0"], explain=False,
                relation_of={"LGPL-2.1-only OR MPL-2.0": ("dynamic_link",)})
    assert r.verdict == Verdict.YES and "Apache-2.0" in r.extra["outbound"]


def test_bad_relation_of_is_a_clear_error(lib):
    with pytest.raises(LiclogicError, match="not one of the inputs") as e:
        combine(lib, ["LGPL-2.1-only"], relation_of={"LGPL-2.1": ("modified",)})
    assert "LGPL-2.1-only" in (e.value.hint or "")
    with pytest.raises(LiclogicError, match="not a value of relation"):
        combine(lib, ["MIT"], relation_of={"MIT": ("linked",)})
    with pytest.raises(LiclogicError, match="not INPUT=REL"):
        parse_relation_of(["MIT"])
    # DocumentRef ids keep their colon; an input named twice takes both relations
    assert parse_relation_of(["DocumentRef-a:LicenseRef-b=modified", "MIT=patch",
                              "MIT=modified"]) == {
        "DocumentRef-a:LicenseRef-b": ("modified",), "MIT": ("patch", "modified")}


def test_cli_relation_of():
    args = ["combine", "LGPL-2.1-only", "Apache-2.0", "--json"]
    linked = CliRunner().invoke(main, [*args, "--relation-of", "LGPL-2.1-only=dynamic_link"])
    assert linked.exit_code == 0, linked.output
    assert "Apache-2.0" in json.loads(linked.output)["outbound"]
    bad = CliRunner().invoke(main, [*args, "--relation-of", "LGPL-2.1=modified"])
    assert bad.exit_code == 2 and "Traceback" not in bad.output
    assert "did you mean LGPL-2.1-only" in bad.output
