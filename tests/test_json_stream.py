"""inputs/json_stream: a document read an array element at a time is what ``json.loads``
reads — the same values, and for malformed text the same error at the same place — and an
SBOM read that way is the same inventory."""

from __future__ import annotations

import gzip
import json
import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from liclogic.errors import LiclogicError
from liclogic.inputs import cyclonedx
from liclogic.inputs.dispatch import read_inventory
from liclogic.inputs.json_stream import loads
from liclogic.inputs.read import load_json
from liclogic.inputs.resolve import known_names
from liclogic.limits import MAX_NESTING

from .conftest import REALWORLD

scalars = (st.none() | st.booleans() | st.integers() | st.text(max_size=6)
           | st.floats().filter(lambda x: not math.isnan(x)))
values = st.recursive(scalars, lambda kids: st.lists(kids, max_size=4)
                      | st.dictionaries(st.text(max_size=4), kids, max_size=4), max_leaves=20)
documents = st.dictionaries(st.sampled_from(["components", "services", "a", "b", ""]),
                            values, max_size=4)


def claim_all(head, key):
    return lambda x: ("seen", x)


def outcome(fn, text):
    try:
        return ("ok", fn(text))
    except json.JSONDecodeError as exc:
        return ("error", exc.msg, exc.pos, exc.lineno, exc.colno)
    except (ValueError, RecursionError) as exc:
        return ("other", type(exc).__name__)


def unconverted(data):
    if not isinstance(data, dict):
        return data
    return {k: [x[1] if isinstance(x, tuple) and x[:1] == ("seen",) else x for x in v]
            if isinstance(v, list) else v for k, v in data.items()}


def streamed(text):
    seen = []
    data = loads(text, claim_all, lambda v, s, e: seen.append(json.loads(text[s:e])))
    assert all(isinstance(x, tuple) for v in data.values() if isinstance(v, list) for x in v) \
        if isinstance(data, dict) else True
    return unconverted(data)


@settings(max_examples=300, deadline=None)
@given(documents, st.sampled_from([None, 1, 2]))
def test_well_formed_documents_read_alike(doc, indent):
    text = json.dumps(doc, indent=indent)
    assert outcome(streamed, text) == outcome(json.loads, text) == ("ok", doc)


@settings(max_examples=600, deadline=None)
@given(documents, st.integers(min_value=0), st.sampled_from(["", ",", "]", "}", ":", '"',
                                                             "[", "{", "x", " ", "\x01"]))
def test_malformed_documents_fail_alike(doc, where, insert):
    text = json.dumps(doc, indent=1)
    i = where % (len(text) + 1)
    broken = text[:i] + insert + text[i + 1:]
    assert outcome(streamed, broken) == outcome(json.loads, broken)


@pytest.mark.parametrize("text", ["", " ", "[]", "[1, 2]", '"x"', "{}", " { } ", "{} x",
                                  '{"components": []}', '{"components": [1,]}',
                                  '\ufeff{"a": 1}', '{"a": 1,}', '{"components": [1 2]}'])
def test_edge_cases_read_alike(text):
    assert outcome(streamed, text) == outcome(json.loads, text)


def test_depth_is_bounded_inside_streamed_elements():
    ok = '{"bomFormat": "CycloneDX", "components": [' + "[" * (MAX_NESTING - 2) + \
        "]" * (MAX_NESTING - 2) + "]}"
    load_json("x.json", ok, cyclonedx.json_converter)
    deep = '{"bomFormat": "CycloneDX", "components": [' + "[" * (MAX_NESTING - 1) + \
        "]" * (MAX_NESTING - 1) + "]}"
    with pytest.raises(LiclogicError, match="nested more than"):
        load_json("x.json", deep, cyclonedx.json_converter)
    with pytest.raises(LiclogicError, match="nested more than"):
        load_json("x.json", deep)
    lone = '{"bomFormat": "CycloneDX", "components": [{"name": "\\ud800"}]}'
    with pytest.raises(LiclogicError):
        load_json("x.json", lone, cyclonedx.json_converter)


@pytest.mark.parametrize("name", ["keycloak-10.0.2_bom.json.gz", "juice-shop_v11.1.2_bom.json.gz",
                                  "cern-lhc-vdm-editor-e564943_bom.json"])
def test_an_sbom_read_element_by_element_is_the_same_inventory(lib, tmp_path, monkeypatch,
                                                               name):
    path = REALWORLD / "sbom" / name
    known = known_names(lib)
    streamed_inv = read_inventory(path, known)
    data = json.loads(gzip.decompress(path.read_bytes()) if name.endswith(".gz")
                      else path.read_text(encoding="utf-8"))
    monkeypatch.setattr(cyclonedx, "json_converter", lambda head, key: None)
    whole = read_inventory(path, known)
    assert len(streamed_inv.components) == len(whole.components) >= len(data["components"])
    assert streamed_inv.components == whole.components
    assert streamed_inv.project == whole.project and streamed_inv.notes == whole.notes


def test_an_invalid_component_is_reported_as_before(tmp_path, monkeypatch):
    doc = {"bomFormat": "CycloneDX", "specVersion": "1.4", "components": [
        {"name": "ok", "type": "library"}, {"name": "bad", "type": "no-such-type"}, 7]}
    path = tmp_path / "bom.json"
    path.write_text(json.dumps(doc))
    with pytest.raises(LiclogicError) as streamed_err:
        read_inventory(path)
    monkeypatch.setattr(cyclonedx, "json_converter", lambda head, key: None)
    with pytest.raises(LiclogicError) as whole_err:
        read_inventory(path)
    assert str(streamed_err.value) == str(whole_err.value)
    assert "no-such-type" in str(streamed_err.value)
