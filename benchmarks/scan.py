"""Scan figures for BENCHMARKS.md: the Keycloak SBOM as a whole process, and how scan time grows
with the number of components (synthetic CycloneDX SBOMs drawn from the real ones in
tests/data/sbom, with distinct names so every component is its own entry).

    python benchmarks/run.py            # calls scan_figures()
"""

from __future__ import annotations

import copy
import gzip
import json
import random
import shutil
import statistics
import tempfile
from pathlib import Path

from benchmarks.process import ROOT, run_process, tool

SBOMS = ROOT / "examples" / "realworld" / "sbom"
KEYCLOAK = SBOMS / "keycloak-10.0.2_bom.json.gz"
SIZES = (100, 1_000, 10_000)


def _load(path: Path) -> dict:
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as f:
        return json.load(f)


def _pool() -> list[dict]:
    """Every component of the real CycloneDX SBOMs that declares a license."""
    out = []
    for path in sorted(SBOMS.glob("*bom*.json*")):
        doc = _load(path)
        out += [c for c in doc.get("components", []) if c.get("licenses")]
    return out


def synthetic(n: int, pool: list[dict], seed: int = 20261123) -> dict:
    """A CycloneDX 1.4 SBOM of n components drawn (with replacement) from the pool."""
    rng = random.Random(seed)
    components = []
    for i in range(n):
        c = copy.deepcopy(rng.choice(pool))
        c["name"] = f"{c.get('name', 'component')}-{i}"
        c["bom-ref"] = f"synthetic-{i}"
        components.append(c)
    return {"bomFormat": "CycloneDX", "specVersion": "1.4", "version": 1,
            "metadata": {"component": {"type": "application", "name": "synthetic",
                                       "licenses": [{"license": {"id": "Apache-2.0"}}]}},
            "components": components}


def _distinct(doc: dict) -> int:
    return len({json.dumps(c.get("licenses"), sort_keys=True) for c in doc["components"]})


def scan_figures(reps: int) -> dict:
    liclogic = tool("liclogic")
    work = Path(tempfile.mkdtemp(prefix="liclogic-bench-scan-"))
    try:
        keycloak = work / "keycloak.json"
        keycloak.write_text(json.dumps(_load(KEYCLOAK)))
        cache = str(work / "cache")
        cold = [run_process([liclogic, "scan", str(keycloak)], {"LICLOGIC_NO_CACHE": "1"})[0]
                for _ in range(reps)]
        run_process([liclogic, "scan", str(keycloak)], {"LICLOGIC_CACHE_DIR": cache})
        warm = [run_process([liclogic, "scan", str(keycloak)],
                            {"LICLOGIC_CACHE_DIR": cache})[0] for _ in range(reps)]
        pool = _pool()
        growth = []
        for n in SIZES:
            doc = synthetic(n, pool)
            path = work / f"synthetic-{n}.json"
            path.write_text(json.dumps(doc))
            runs = [run_process([liclogic, "scan", str(path)], {"LICLOGIC_NO_CACHE": "1"})[0]
                    for _ in range(max(1, reps // 3))]
            growth.append({"components": n, "distinct_licenses": _distinct(doc),
                           "seconds": statistics.median(runs)})
    finally:
        shutil.rmtree(work, ignore_errors=True)
    kc, kw = statistics.median(cold), statistics.median(warm)
    lines = [f"`liclogic scan keycloak-10.0.2_bom.json` (903 components), as a whole process: "
             f"**{kc:.2f} s** with no cache (median of {len(cold)}: "
             + ", ".join(f"{x:.2f}" for x in cold) + f"), {kw:.2f} s with a warm cache.", "",
             "Scan time against SBOM size (synthetic CycloneDX SBOMs drawn from the real ones, "
             "no cache):", "", "| components | distinct license declarations | seconds | "
             "ms per component |", "|---|---|---|---|"]
    lines += [f"| {g['components']:,} | {g['distinct_licenses']} | {g['seconds']:.2f} | "
              f"{g['seconds'] / g['components'] * 1000:.2f} |" for g in growth]
    return {"keycloak_cold_s": kc, "keycloak_warm_s": kw, "cold_runs": cold, "warm_runs": warm,
            "growth": growth, "text": "\n".join(lines)}
