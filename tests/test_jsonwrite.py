"""The streamed JSON writer (cli/jsonwrite) writes what ``json.dumps(doc, indent=2,
ensure_ascii=False)`` writes, byte for byte, and ``scan --json`` through it writes the document
``ScanResult.to_json`` describes, as the standard encoder would have written it."""

from __future__ import annotations

import io
import json
import math

from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st
from liclogic.audit.judge import Judge
from liclogic.audit.policy import ScanPolicy
from liclogic.audit.scan import _entry, _not_shipped, pick_outbound, scan, scan_context
from liclogic.cli import jsonwrite
from liclogic.cli.main import main
from liclogic.inputs.dispatch import read_inventory
from liclogic.inputs.resolve import known_names, require_expression

from .conftest import REALWORLD

KEYCLOAK = REALWORLD / "sbom" / "keycloak-10.0.2_bom.json.gz"

scalars = (st.none() | st.booleans() | st.integers() | st.text()
           | st.floats().filter(lambda x: not math.isnan(x)))
values = st.recursive(scalars, lambda kids: st.lists(kids, max_size=4)
                      | st.dictionaries(st.text(max_size=5), kids, max_size=4)
                      | st.tuples(kids, kids)
                      | st.dictionaries(st.integers() | st.booleans(), kids, max_size=2),
                      max_leaves=30)


def reference(doc):
    return json.dumps(jsonwrite.materialise(doc), indent=2, ensure_ascii=False) + "\n"


@settings(max_examples=300, deadline=None)
@given(values)
def test_any_value_is_written_as_the_standard_encoder_writes_it(value):
    assert jsonwrite.dumps(value) == reference(value)


@settings(max_examples=100, deadline=None)
@given(st.dictionaries(st.text(max_size=5), values, max_size=4),
       st.lists(values, max_size=6), st.text(max_size=5))
def test_a_streamed_field_is_written_as_the_list_it_stands_for(head, items, key):
    doc = {**head, key: jsonwrite.Stream(len(items), lambda: iter(items))}
    out = io.StringIO()
    jsonwrite.write(out, doc)
    assert out.getvalue() == jsonwrite.dumps(doc) == reference(doc)
    assert jsonwrite.materialise(doc)[key] == items


def test_long_streams_come_in_chunks():
    items = [{"name": f"c{i}", "reasons": ["é"] * 3} for i in range(5000)]
    pieces = list(jsonwrite.chunks({"a": 1, "components": jsonwrite.Stream(5000,
                                                                             lambda: items)}))
    assert len(pieces) > 5
    assert "".join(pieces) == reference({"a": 1, "components": items})


def test_scan_json_is_the_documents_standard_encoding(lib, tmp_path):
    """A real SBOM (Keycloak, 903 components): the CLI's streamed output is the reference
    encoding of the same scan's document (all but the time it took)."""
    inv = read_inventory(KEYCLOAK, known_names(lib))
    expected = scan(lib, inv, explain=True).to_json()
    # a cache of its own: answers an earlier test left in the shared one would lower the
    # count of solver calls the document reports
    r = CliRunner().invoke(main, ["scan", str(KEYCLOAK), "--json"], catch_exceptions=False,
                           env={"LICLOGIC_CACHE_DIR": str(tmp_path / "cache")})
    got = json.loads(r.output)
    tool = got.pop("tool")
    assert "version" in tool
    for doc in (got, expected):
        doc["summary"].pop("seconds")
    assert json.dumps(got, indent=2, ensure_ascii=False) == \
        json.dumps(expected, indent=2, ensure_ascii=False)
    assert r.output == reference(json.loads(r.output))  # byte for byte


def test_shared_outcomes_are_what_each_component_alone_gets(lib):
    """One outcome per distinct declaration: every entry equals the entry the component
    gets when it is judged on its own."""
    inv = read_inventory(KEYCLOAK, known_names(lib))
    result = scan(lib, inv, explain=False)
    policy = ScanPolicy()
    out_text, _ = pick_outbound(inv, None, policy)
    judge = Judge(lib, require_expression(lib, out_text, "outbound"), scan_context(policy),
                  explain=False)
    assert len(result.entries) == len(inv.components) == 903
    assert result.distinct_expressions < 100
    for comp, e in zip(inv.components, result.entries, strict=True):
        assert e == _not_shipped(_entry(lib, comp, judge, policy, {}))
