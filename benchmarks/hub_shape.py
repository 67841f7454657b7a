"""The shape of the real model hub, measured from the real data under
../shared/realworld/hf_models, into benchmarks/data/hub_shape.json (committed): what
benchmarks/hub.py generates its synthetic hub from.

    python benchmarks/hub_shape.py [--data DIR] [--out FILE]

Measured, per source, with liclogic's own readers (the declarations as ``liclogic audit`` reads
them):
- license frequencies: the declared license of each distinct model (PeaTMOSS: the Hub card
  license of 1,512 models; Model Openness Tool: distribution or weights license of 273 models;
  the Mistral-Small-24B tree: 67 models); "" is a model that declares none;
- tree shape: children per parent, depth of each model below its root, and the number of
  children of a model at each depth (Mistral tree: a real four-level tree; MOT: mostly a base
  and its direct derivatives);
- relation mix: base_model_relation of each link ("unspecified" where the source has none);
- a child's license against its parent's: the same declaration, none, or another one.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import sys
from collections import Counter, defaultdict
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT.parent / "shared" / "realworld" / "hf_models"
OUT = ROOT / "benchmarks" / "data" / "hub_shape.json"
TREE = "hf_model_tree_mistral-small-24b-base-2501.csv"
MOT = "lfai_mot_models.jsonl"
PEATMOSS = "peatmoss_hf_model_to_github_repo_licenses.csv"
# from ../shared/realworld/PROVENANCE.md
UPSTREAM = {
    PEATMOSS: "github.com/PurdueDualityLab/PeaTMOSS-Artifact @ c4b75d45 (PeaTMOSS, MSR 2024; "
              "BSD-3-Clause): hf_model_license of each Hugging Face model reused on GitHub",
    MOT: "github.com/lfai/model_openness_tool @ 8b5d30e9 (LF AI & Data Model Openness Tool; "
         "MIT): models/*.yml, origin_base_model and licenses",
    TREE: "github.com/hamidahoderinwale/model_metadata_analyses @ 6113c0e2: Hugging Face API "
          "metadata of mistralai/Mistral-Small-24B-Base-2501 and its fine-tunes",
}


def _sorted(c: Counter[str]) -> dict[str, int]:
    return dict(sorted(c.items(), key=lambda kv: (-kv[1], kv[0])))


def _hist(values: list[int]) -> dict[str, int]:
    return {str(k): v for k, v in sorted(Counter(values).items())}


def tree_shape(models: list) -> dict:
    """Children per parent, depth, children by depth, relation mix and child-vs-parent
    licenses of the models whose parent is in the same source."""
    by_id = {m.id.lower(): m for m in models}
    parent_of: dict[str, str] = {}
    relations: Counter[str] = Counter()
    children: dict[str, list[str]] = defaultdict(list)
    for m in models:
        for base, rel in m.bases:
            relations[rel or "unspecified"] += 1
            if base.lower() in by_id and base.lower() != m.id.lower():
                parent_of.setdefault(m.id.lower(), base.lower())
                children[base.lower()].append(m.id.lower())

    def depth(key: str) -> int:
        d, seen = 0, {key}
        while key in parent_of and parent_of[key] not in seen:
            key = parent_of[key]
            seen.add(key)
            d += 1
        return d

    in_tree = [k for k in by_id if k in parent_of or k in children]
    depths = {k: depth(k) for k in in_tree}
    by_depth: dict[int, list[int]] = defaultdict(list)
    for k in in_tree:
        by_depth[depths[k]].append(len(children.get(k, [])))
    same = none = other = 0
    for c, p in parent_of.items():
        cl, pl = by_id[c].license, by_id[p].license
        if cl is None:
            none += 1
        elif pl is not None and declared(cl.raw).lower() == declared(pl.raw).lower():
            same += 1
        else:
            other += 1
    return {
        "models": len(models),
        "links": sum(relations.values()),
        "links_to_a_model_of_the_source": len(parent_of),
        "models_in_a_tree": len(in_tree),
        "children_per_parent": _hist([len(v) for v in children.values()]),
        "depth": _hist([depths[k] for k in in_tree]),
        # at each depth, how many models have 0, 1, 2, ... children
        "children_by_depth": {str(d): _hist(v) for d, v in sorted(by_depth.items())},
        "relations": _sorted(relations),
        "child_license": {"same_as_parent": same, "none": none, "another": other},
    }


def declared(raw: str) -> str:
    """The declaration as written: liclogic spells an ``other`` declaration with its (empty)
    license_name and license_link."""
    return raw.split(" (license_name=")[0]


def licenses(models: list) -> dict[str, int]:
    return _sorted(Counter(declared(m.license.raw) if m.license else "" for m in models))


def measure(data: Path) -> dict:
    sys.path.insert(0, str(ROOT / "solver"))
    from liclogic.inputs.modelcard import license_of
    from liclogic.inputs.models import read_models
    from liclogic.inputs.resolve import known_names
    from liclogic.lang.library_store import load_library_cached

    lib = load_library_cached()
    known = known_names(lib)
    tree, _ = read_models([data / TREE], lib)
    mot, _ = read_models([data / MOT], lib)
    with (data / PEATMOSS).open(encoding="utf-8", newline="") as f:
        pm = {r["hf_model_id"]: r["hf_model_license"] for r in csv.DictReader(f)}
    pm_lic: Counter[str] = Counter()
    for raw in pm.values():
        n = license_of({"license": raw}, known) if raw.strip() else None
        pm_lic[declared(n.raw) if n else ""] += 1
    files = {}
    for name in (PEATMOSS, MOT, TREE):
        body = (data / name).read_bytes()
        files[name] = {"sha256": hashlib.sha256(body).hexdigest(), "bytes": len(body),
                       "upstream": UPSTREAM[name]}
    lic = {"peatmoss": _sorted(pm_lic), "mot": licenses(mot), "mistral_tree": licenses(tree)}
    pooled: Counter[str] = Counter()
    for c in lic.values():
        pooled.update(c)
    return {
        "provenance": {
            "made_by": "python benchmarks/hub_shape.py",
            "date": datetime.now(UTC).strftime("%Y-%m-%d"),
            "data": "../shared/realworld/hf_models (see ../shared/realworld/PROVENANCE.md)",
            "files": files,
            "read_with": "liclogic's readers (inputs.models.read_models; the PeaTMOSS "
                         "declarations with inputs.modelcard.license_of): raw = the "
                         "declaration as written, \"\" = none declared",
        },
        "licenses": {**lic, "pooled": _sorted(pooled)},
        "distinct_models": {"peatmoss": len(pm), "mot": len(mot), "mistral_tree": len(tree)},
        "trees": {"mistral_tree": tree_shape(tree), "mot": tree_shape(mot)},
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", type=Path, default=DATA)
    ap.add_argument("--out", type=Path, default=OUT)
    a = ap.parse_args()
    shape = measure(a.data)
    a.out.parent.mkdir(parents=True, exist_ok=True)
    a.out.write_text(json.dumps(shape, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {a.out}")


if __name__ == "__main__":
    main()
