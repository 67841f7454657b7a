"""Scan figures for BENCHMARKS.md: the Keycloak SBOM as a whole process, and how scan time and
peak memory grow with the number of components (synthetic CycloneDX SBOMs drawn from the real
ones in examples/realworld/sbom, with distinct names so every component is its own entry),
up to 100,000 components (1,000,000 with ``--large``: a 1 GB SBOM).

    python benchmarks/run.py            # calls scan_figures()
    python benchmarks/scan.py [--large] # these figures alone, printed
"""

from __future__ import annotations

import gzip
import json
import os
import random
import shutil
import statistics
import tempfile
from pathlib import Path

from benchmarks.process import ROOT, run_process, tool

SBOMS = ROOT / "examples" / "realworld" / "sbom"
KEYCLOAK = SBOMS / "keycloak-10.0.2_bom.json.gz"
SIZES = (100, 1_000, 10_000, 100_000)
LARGE = (1_000_000,)
# the synthetic SBOMs are larger than the default input bound (64 MiB)
BIG_INPUT = {"LICLOGIC_MAX_INPUT_BYTES": "4G"}


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
    return json.loads(synthetic_text(n, pool, seed))


def synthetic_text(n: int, pool: list[dict], seed: int = 20261123) -> str:
    """``json.dumps(synthetic(n, pool, seed))``, written a component at a time."""
    rng = random.Random(seed)
    head = {"bomFormat": "CycloneDX", "specVersion": "1.4", "version": 1,
            "metadata": {"component": {"type": "application", "name": "synthetic",
                                       "licenses": [{"license": {"id": "Apache-2.0"}}]}}}
    parts = [json.dumps(head)[:-1] + ', "components": [']
    for i in range(n):
        c = dict(rng.choice(pool))
        c["name"] = f"{c.get('name', 'component')}-{i}"
        c["bom-ref"] = f"synthetic-{i}"
        parts.append((", " if i else "") + json.dumps(c))
    parts.append("]}")
    return "".join(parts)


def _distinct(text: str) -> int:
    doc = json.loads(text)
    return len({json.dumps(c.get("licenses"), sort_keys=True) for c in doc["components"]})


def scan_figures(reps: int, large: bool = False) -> dict:
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
        for n in SIZES + (LARGE if large else ()):
            text = synthetic_text(n, pool)
            path = work / f"synthetic-{n}.json"
            path.write_text(text)
            distinct = _distinct(text) if n <= 100_000 else None
            del text
            runs = []
            for _ in range(max(1, reps // 3) if n <= 10_000 else 1):
                cmd = [liclogic, "scan", str(path), "--json"]
                runs.append(run_process(cmd, {**BIG_INPUT, "LICLOGIC_CACHE_DIR": cache},
                                        memory=True))
            growth.append({"components": n, "distinct_licenses": distinct,
                           "seconds": statistics.median(t for t, _ in runs),
                           "peak_mb": max(m for _, m in runs) / 1024,
                           "load": os.getloadavg()[0]})
            path.unlink()
    finally:
        shutil.rmtree(work, ignore_errors=True)
    kc, kw = statistics.median(cold), statistics.median(warm)
    lines = [f"`liclogic scan keycloak-10.0.2_bom.json` (903 components), as a whole process: "
             f"**{kc:.2f} s** with no cache (median of {len(cold)}: "
             + ", ".join(f"{x:.2f}" for x in cold) + f"), {kw:.2f} s with a warm cache.", "",
             "Scan time and peak memory against SBOM size (`scan --json`, synthetic CycloneDX "
             "SBOMs drawn from the real ones, library and solver answers cached; load: the "
             "1-minute load average after the run, on 2 cores):", "",
             "| components | distinct license declarations | seconds | ms per component | "
             "peak MB | load |", "|---|---|---|---|---|---|"]
    lines += [f"| {g['components']:,} | {g['distinct_licenses'] or '–'} | {g['seconds']:.2f} | "
              f"{g['seconds'] / g['components'] * 1000:.3f} | {g['peak_mb']:.0f} | "
              f"{g['load']:.1f} |" for g in growth]
    return {"keycloak_cold_s": kc, "keycloak_warm_s": kw, "cold_runs": cold, "warm_runs": warm,
            "growth": growth, "text": "\n".join(lines)}


if __name__ == "__main__":
    import sys

    print(scan_figures(3, large="--large" in sys.argv)["text"])
