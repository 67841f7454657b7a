"""docs/schema/liclogic.schema.json describes every --json document: real output of every
command validates against its own shape and against the whole schema (exactly one shape)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from jsonschema import Draft202012Validator
from liclogic.cli.formats import SCHEMA_VERSION
from liclogic.cli.main import main

from .conftest import DATA, REALWORLD

ROOT = Path(__file__).resolve().parent.parent
SCHEMA = json.loads((ROOT / "docs" / "schema" / "liclogic.schema.json").read_text())
Draft202012Validator.check_schema(SCHEMA)

CASES = {
    "compat": ["compat", "MPL-2.0", "Apache-2.0"],
    "combine": ["combine", "MIT", "BSD-3-Clause"],
    "osd": ["osd", "MIT"],
    "osd_rows": ["osd", "MIT", "llama3.1"],
    "diff": ["diff", "MIT", "0BSD"],
    "matrix": ["matrix", "MIT", "Apache-2.0", "GPL-2.0-only"],
    "show": ["show", "GPL-3.0-only", "--no-reading", "linking-is-derivative"],
    "list": ["list", "--kind", "model"],
    "check": ["check", str(ROOT / "specs" / "software" / "MIT.lic")],
    "scan": ["scan", str(DATA / "sbom" / "cyclonedx" / "cyclonedx-py-1.6-scopes.cdx.json")],
    "lineage": ["lineage", str(REALWORLD / "hf_models" /
                               "hf_model_tree_mistral-small-24b-base-2501.csv")],
    "workflow": ["workflow", str(ROOT / "examples" / "modelgo" / "case1a.yaml")],
    "terms": ["terms", "MIT"],
    "test": ["test", str(ROOT / "specs" / "software" / "MIT.lic")],
    "coverage": ["coverage", "MIT"],
    "notice": ["notice", str(DATA / "sbom" / "cyclonedx" / "cyclonedx-py-1.6.cdx.json"),
               "--outbound", "MIT"],
    "obligations": ["obligations", str(DATA / "model_repos" / "llama31-gaps")],
    "cache_info": ["cache", "info"],
    "classify": ["classify", "Apache-2.0", "GPL-3.0-only", "Artistic-2.0"],
    "explain_term": ["explain-term", "distill"],
    "review": ["review", str(ROOT / "specs" / "models" / "Kimi-K2.lic")],
    "fmt": ["fmt", "--check", str(ROOT / "specs" / "software" / "MIT.lic")],
    "audit": ["audit", str(REALWORLD / "hf_models" /
                           "hf_model_tree_mistral-small-24b-base-2501.csv"), "--jobs", "1",
              "--out", "{tmp}"],
    "error": ["compat", "MIT", "NoSuchLicense"],
}


def validator(shape: str) -> Draft202012Validator:
    return Draft202012Validator({"$ref": f"#/$defs/{shape}", "$defs": SCHEMA["$defs"]})


@pytest.mark.parametrize("shape", list(CASES))
def test_real_output_validates(shape, tmp_path):
    args = [a.replace("{tmp}", str(tmp_path / "out")) for a in CASES[shape]]
    r = CliRunner().invoke(main, [*args, "--json"], catch_exceptions=False)
    doc = json.loads(r.output)
    errors = [f"{list(e.absolute_path)}: {e.message}" for e in validator(shape).iter_errors(doc)]
    assert not errors, errors[:5]
    Draft202012Validator(SCHEMA).validate(doc)  # and it is exactly one of the shapes
    # every document an object with the versions (but an error, which carries no result)
    assert isinstance(doc, dict) and (shape == "error" or doc["tool"]["schema"] == SCHEMA_VERSION)


def test_the_schema_rejects_what_is_not_a_liclogic_document():
    assert not Draft202012Validator(SCHEMA).is_valid({"check": "compat", "verdict": "maybe"})
    bad = json.loads(CliRunner().invoke(main, ["compat", "MIT", "GPL-3.0-only", "--json"]).output)
    bad["verdict"] = "perhaps"
    assert not validator("compat").is_valid(bad)
    del bad["tool"]
    assert not validator("compat").is_valid(bad)
