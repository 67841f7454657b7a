"""The figures in docs/realworld.md are what the scans and lineage checks produce.

The doc holds a JSON block between ``<!-- figures:begin -->`` and ``<!-- figures:end -->``,
recorded with the library it was computed with. This test recomputes every figure from the
copies in tests/data. When the library has changed since (new specs land), only the figures
that do not depend on it are compared, and a warning says the doc needs refreshing:

    LICLOGIC_REGEN_DOCS=1 pytest tests/test_realworld.py
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import warnings
from pathlib import Path

import pytest
from liclogic.audit.lineage import check_lineage
from liclogic.audit.scan import scan
from liclogic.inputs.dispatch import read_inventory
from liclogic.inputs.models import read_models
from liclogic.inputs.resolve import known_names

from .conftest import REALWORLD

DOC = Path(__file__).resolve().parent.parent / "docs" / "realworld.md"
BLOCK = re.compile(r"(<!-- figures:begin -->\n```json\n)(.*?)(\n```\n<!-- figures:end -->)",
                   re.DOTALL)

SBOMS = {  # file in tests/data/sbom → outbound (None: the SBOM's own metadata license)
    "keycloak-10.0.2_bom.json.gz": None,
    "juice-shop_v11.1.2_bom.json.gz": None,
    "protonmail-webclient-v4-0912dff_bom.json.gz": None,
    "dropwizard-1.3.15_bom.json.gz": None,
    "proton-bridge-v1.8.0_bom.json.gz": "GPL-3.0-only",
    "laravel-7.12.0_bom.1.4.json": "MIT",
    "cern-lhc-vdm-editor-e564943_bom.json": None,
    "datadog-operator_LICENSE-3rdparty.csv": "Apache-2.0",
}
# figures that do not change when specs are added to the library (what counts as unrecognised
# does: a new spec's aliases are names the normalizer then reads)
STABLE = ("components", "outbound", "models", "links")


def library_id(lib) -> str:
    ids = sorted(i for i in lib.licenses if " WITH " not in i)
    return f"{len(ids)} licenses, " + hashlib.sha256("\n".join(ids).encode()).hexdigest()[:12]


def figures(lib) -> dict:
    out: dict = {"library": library_id(lib), "scans": {}, "lineage": {}}
    for name, outbound in SBOMS.items():
        r = scan(lib, read_inventory(REALWORLD / "sbom" / name, known_names(lib)), outbound,
                 explain=False)  # the figures are verdicts; explanations are tested elsewhere
        s = r.to_json()["summary"]
        out["scans"][name] = {
            "outbound": r.outbound, "components": s["components"],
            "distinct_expressions": s["distinct_expressions"], "verdicts": s["verdicts"],
            "statuses": dict(sorted(s["statuses"].items())), "unrecognised": s["unrecognised"],
            "no_spec": s["no_spec"],
            "no": sorted(f"{e.component.label}: {e.expression}" for e in r.entries
                         if e.verdict.value == "no"),
            "depends": sorted(f"{e.component.label}: {e.expression}" for e in r.entries
                              if e.verdict.value == "depends"),
        }
    for name in ("hf_model_tree_mistral-small-24b-base-2501.csv", "lfai_mot_models.jsonl.gz"):
        models, _ = read_models([REALWORLD / "hf_models" / name], lib)
        r = check_lineage(lib, models, explain=False)
        d = r.to_json()["summary"]
        out["lineage"][name] = {
            "models": d["models"], "links": d["links"], "verdicts": d["verdicts"],
            "statuses": dict(sorted(d["statuses"].items())),
            "not_yes": sorted(f"{x.child} ({x.child_license}) <- {x.parent} "
                              f"({x.parent_license}): {x.verdict.value}, {x.status}"
                              for x in r.links if x.verdict.value != "yes"
                              and x.status not in ("parent unknown",)),
        }
    return out


def _stable(d: dict) -> dict:
    return {group: {name: {k: v for k, v in entry.items() if k in STABLE}
                    for name, entry in d[group].items()} for group in ("scans", "lineage")}


def test_realworld_doc_figures(lib):
    text = DOC.read_text(encoding="utf-8")
    m = BLOCK.search(text)
    assert m, "docs/realworld.md has no figures block"
    now = figures(lib)
    if os.environ.get("LICLOGIC_REGEN_DOCS"):
        DOC.write_text(text[:m.start(2)] + json.dumps(now, indent=1) + text[m.end(2):],
                       encoding="utf-8")
        pytest.skip("docs/realworld.md figures regenerated")
    recorded = json.loads(m.group(2))
    if recorded["library"] == now["library"]:
        assert recorded == now
    else:
        warnings.warn("docs/realworld.md was computed with another library "
                      f"({recorded['library']}, now {now['library']}): regenerate it with "
                      "LICLOGIC_REGEN_DOCS=1 pytest tests/test_realworld.py", stacklevel=1)
        assert _stable(recorded) == _stable(now)


def test_keycloak_figure_in_the_prose():
    """The prose quotes the headline numbers; they must match the block."""
    text = DOC.read_text(encoding="utf-8")
    rec = json.loads(BLOCK.search(text).group(2))["scans"]["keycloak-10.0.2_bom.json.gz"]
    assert f"{rec['components']} components" in text
    assert f"{rec['distinct_expressions']} distinct" in text
