"""A synthetic library of many licenses (600 by default), drawn from liclogic's hypothesis
strategies (``liclogic.strategies.licenses``: well-typed licenses that say something), with
clause counts drawn from the bundled library's, and `liclogic matrix --json` over every
ordered pair of them as a whole process: the specs join the bundled library through
``--spec DIR``. Measures wall and CPU seconds (user + system of the process tree), the peak
resident memory of the tree, and the load average.

    python benchmarks/library600.py [--licenses 600] [--jobs 2] [--keep DIR]

The same seed, bundled library and hypothesis version draw the same specs: hypothesis is
seeded with ``SEED`` (``@seed``, not the digest of the drawing function's source), no example
database, its settings from the built-in default profile rather than whichever profile is
loaded, and the bundled clause counts sorted (not in the library's load order). The result
names the library drawn by ``digest``: sha256 over the written spec files in name order, the
first 12 hex digits (tests/test_library600.py checks that it is the same in another process
with another PYTHONHASHSEED).
"""

from __future__ import annotations

import argparse
import dataclasses
import hashlib
import json
import os
import random
import resource
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.process import run_process, tool

SEED = 20261207
PER_FILE = 50  # licenses per spec file


def bundled_clause_counts() -> list[int]:
    """How many clauses each bundled license has of its own (inherited ones aside), sorted:
    the draw depends on the counts, not on the order the library resolved its licenses in."""
    from liclogic.lang.library import bundled_library

    lib = bundled_library()
    return sorted(len(m.tree.clauses) for m in lib.licenses.values()
                  if m.kind != "exception" and not m.tree.based_on)


def generate(n: int, seed: int = SEED) -> list:
    """n license trees ``LicenseRef-Synth-0000`` …, each with as many clauses as a bundled
    license picked at random has, some based on a bundled license, naming bundled licenses
    as relicense targets or in ``outbound`` conditions."""
    from hypothesis import HealthCheck, Phase, given, settings
    from hypothesis import seed as hypothesis_seed
    from hypothesis import strategies as st
    from liclogic import strategies as lst
    from liclogic.lang.library import bundled_library

    lib = bundled_library()
    ids = sorted(i for i, m in lib.licenses.items() if m.kind != "exception" and " " not in i)
    counts = bundled_clause_counts()
    rng = random.Random(seed)
    wanted = [rng.choice(counts) for _ in range(n)]
    out: list = []

    # one license per generated example; the clause count is the example's own draw (an
    # index into ``wanted``), so that the same choices always draw the same license. The
    # settings start from the built-in default profile, not the loaded one (a test suite's);
    # ``@seed`` seeds hypothesis with the seed (derandomize alone seeds it from the source
    # text of this function)
    @settings(settings.get_profile("default"), max_examples=n, derandomize=True,
              database=None, phases=[Phase.generate], suppress_health_check=list(HealthCheck),
              deadline=None)
    @hypothesis_seed(seed)
    @given(st.data())
    def draw(data: st.DataObject) -> None:
        k = wanted[data.draw(st.integers(0, n - 1))]
        tree = data.draw(lst.licenses(lib.vocab, ids=ids, based_on=ids,
                                      min_clauses=max(1, k // 3), max_clauses=max(1, 2 * k // 3)))
        out.append(tree)

    draw()
    if len(out) < n:
        raise RuntimeError(f"the strategies drew {len(out)} licenses, not {n}")
    return [dataclasses.replace(t, id=f"LicenseRef-Synth-{i:04d}")
            for i, t in enumerate(out[:n])]


def write_specs(trees: list, folder: Path) -> list[str]:
    from liclogic.lang import ast
    from liclogic.lang.format import format_file

    folder.mkdir(parents=True, exist_ok=True)
    for i in range(0, len(trees), PER_FILE):
        path = folder / f"synth-{i // PER_FILE:03d}.lic"
        path.write_text(format_file(ast.SpecFile(str(path), tuple(trees[i:i + PER_FILE]))),
                        encoding="utf-8")
    return [t.id for t in trees]


def digest(folder: Path) -> str:
    """The generated library's name: sha256 over the spec files written to ``folder``, in name
    order (each file's name and bytes), the first 12 hex digits."""
    h = hashlib.sha256()
    for path in sorted(folder.glob("*.lic")):
        h.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return h.hexdigest()[:12]


def clause_stats(folder: Path, ids: list[str]) -> dict:
    """Clause counts of the generated licenses as resolved (inherited clauses included),
    next to the bundled library's."""
    from liclogic.lang.library import bundled_library, load_library

    lib = load_library(extra=[folder])
    bundled = bundled_library()
    ours = [len(lib.get(i).clauses) for i in ids]
    theirs = [len(m.clauses) for m in bundled.licenses.values() if m.kind != "exception"]
    return {"generated_mean": statistics.mean(ours), "generated_median": statistics.median(ours),
            "bundled_mean": statistics.mean(theirs), "bundled_median": statistics.median(theirs)}


def measure(n: int = 600, jobs: int = 2, keep: Path | None = None, runs: int = 1) -> dict:
    liclogic = tool("liclogic")
    if liclogic is None:
        raise RuntimeError("liclogic is not installed in this environment")
    folder = keep or Path(tempfile.mkdtemp(prefix="liclogic-bench-library-"))
    try:
        start = time.perf_counter()
        ids = write_specs(generate(n), folder)
        generated_s = time.perf_counter() - start
        drawn = digest(folder)
        stats = clause_stats(folder, ids)
        cmd = [liclogic, "matrix", "--json", "--spec", str(folder), "-j", str(jobs),
               "--timeout", "3600000", "-o", str(folder / "matrix.json"), *ids]
        rows = []
        for _ in range(runs):
            load = os.getloadavg()[0]
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            wall, peak_kb = run_process(cmd, {"LICLOGIC_NO_CACHE": "1"}, memory=True)
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
            rows.append({"wall_s": wall, "cpu_s": cpu, "peak_mb": peak_kb / 1024,
                         "load_before": load, "load_after": os.getloadavg()[0]})
        result = json.loads((folder / "matrix.json").read_text(encoding="utf-8"))
        verdicts: dict[str, int] = {}
        for row in result["compat"].values():
            for v in row.values():
                verdicts[v] = verdicts.get(v, 0) + 1
        import hypothesis

        return {"licenses": n, "pairs": n * n, "jobs": jobs, "generated_s": generated_s,
                "seed": SEED, "digest": drawn, "hypothesis": hypothesis.__version__,
                "clauses": stats, "verdicts": verdicts, "runs": rows,
                "wall_s": statistics.median(r["wall_s"] for r in rows),
                "cpu_s": statistics.median(r["cpu_s"] for r in rows),
                "peak_mb": max(r["peak_mb"] for r in rows)}
    finally:
        if keep is None:
            shutil.rmtree(folder, ignore_errors=True)


def section(r: dict) -> list[str]:
    c = r["clauses"]
    return [f"`liclogic matrix --json --spec DIR -j {r['jobs']}` over a synthetic library of "
            f"{r['licenses']} licenses ({r['pairs']:,} ordered pairs; `benchmarks/library600.py`"
            f": drawn from the hypothesis strategies, seed {r.get('seed', SEED)}, library digest "
            f"`{r.get('digest', 'not recorded')}` (hypothesis "
            f"{r.get('hypothesis', 'version not recorded')}), clause counts drawn from "
            f"the bundled library's: mean {c['generated_mean']:.1f} clauses as resolved, "
            f"bundled {c['bundled_mean']:.1f}), no cache: **{r['wall_s']:.1f} s** wall, "
            f"{r['cpu_s']:.1f} s CPU (user + system), peak memory of the process tree "
            f"**{r['peak_mb']:.0f} MB**; load average "
            + ", ".join(f"{x['load_before']:.1f} → {x['load_after']:.1f}" for x in r["runs"])
            + ". Verdicts: " + ", ".join(f"{k} {v:,}" for k, v in sorted(r["verdicts"].items()))
            + "."]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--licenses", type=int, default=600)
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--keep", type=Path, help="write the specs here and keep them")
    args = ap.parse_args()
    r = measure(args.licenses, args.jobs, args.keep)
    print(json.dumps(r, indent=1))
    print("\n".join(section(r)))


if __name__ == "__main__":
    main()
