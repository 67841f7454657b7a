"""``liclogic terms``: LiDetector's 23-term vector, derived from the clauses. The list and its
rights / obligations split are LiDetector's (tests/data/lidetector); the values are checked
against choosealicense.com's rules, an outside source for the terms both describe."""

from __future__ import annotations

import functools
import json

from click.testing import CliRunner
from liclogic.cli.main import main
from liclogic.queries.terms import TERMS, term_vector

from .conftest import DATA

LIDETECTOR = json.loads((DATA / "lidetector" / "terms.json").read_text())

# choosealicense rule → (LiDetector term, the values that agree with the rule being listed)
CHOOSEALICENSE = {
    ("permissions", "commercial-use"): ("Commercial Use", {"permitted"}),
    ("permissions", "distribution"): ("Distribute", {"permitted"}),
    ("permissions", "modifications"): ("Modify", {"permitted"}),
    ("permissions", "private-use"): ("Private Use", {"permitted"}),
    ("permissions", "patent-use"): ("Use Patent Claims", {"permitted"}),
    ("conditions", "disclose-source"): ("Disclose Source", {"required"}),
    ("conditions", "document-changes"): ("State Changes", {"required"}),
    ("limitations", "trademark-use"): ("Use Trademark", {"prohibited", "not mentioned"}),
    ("limitations", "liability"): ("Hold Liable", {"prohibited"}),
}


def test_the_terms_are_lidetectors_in_its_order():
    assert [t.name for t in TERMS] == LIDETECTOR["term_list"]
    assert [t.kind for t in TERMS] == [
        "right" if a == 2 else "obligation" for a in LIDETECTOR["absentAtti"]]


@functools.cache
def vector(name: str):
    from liclogic.lang.library import bundled_library

    return {v.term: v for v in term_vector(bundled_library(), name)[1]}


def test_values_agree_with_choosealicense():
    index = json.loads((DATA / "choosealicense" / "licenses_rules_index.json").read_text())
    from liclogic.lang.library import bundled_library

    lib = bundled_library()
    rows = []
    for entry in index.values():
        found = lib.find(entry["spdx-id"])
        if found is None:
            continue
        for (kind, rule), (term, ok) in CHOOSEALICENSE.items():
            if rule in entry[kind]:
                rows.append((found.id, rule, vector(found.id)[term].value in ok))
    agree = sum(r[2] for r in rows)
    assert len(rows) > 150
    # the differences are choosealicense's known ones (GFDL's liability, docs/agreement.md)
    assert agree / len(rows) >= 0.98, [r for r in rows if not r[2]]


def test_a_value_rests_on_clauses():
    for name in ("MIT", "GPL-3.0-only", "CC-BY-NC-4.0", "LicenseRef-Llama-2-Community"):
        for v in vector(name).values():
            if v.value in ("permitted", "prohibited", "required") and "outside" not in v.says:
                assert v.clauses, (name, v.term)


def test_known_vectors():
    assert vector("CC-BY-NC-4.0")["Commercial Use"].value == "prohibited"
    assert vector("Apache-2.0")["Use Trademark"].says == "reserved"
    assert vector("LicenseRef-Llama-2-Community")["Pay Above Use Threshold"].value == "required"
    assert vector("MIT")["Pay Above Use Threshold"].value == "not mentioned"
    assert vector("GPL-3.0-only")["Disclose Source"].value == "required"


def test_cli_json():
    r = CliRunner().invoke(main, ["terms", "MIT", "--json"])
    assert r.exit_code == 0, r.output
    data = json.loads(r.output)
    assert len(data["vector"]) == 23 and data["vector"][0] == 1
    assert data["terms"][3] == {**data["terms"][3], "term": "Hold Liable", "lidetector": 2}


def test_docs_example_is_what_the_command_prints():
    from pathlib import Path

    doc = (Path(__file__).parents[1] / "docs" / "terms.md").read_text(encoding="utf-8")
    block = doc.split("```\n$ liclogic ", 1)[1].split("```", 1)[0]
    command, expected = block.split("\n", 1)
    r = CliRunner().invoke(main, command.split(), env={"COLUMNS": "100"})
    assert r.output == expected
