"""Throughput figures of issue 17 for BENCHMARKS.md: `workflow` of five inputs and `combine` of
40 and 100 inputs as whole processes, distinct warm compat queries with contexts in one
process, and the matrix of a synthetic 600-license library (benchmarks/library600.py). Wall
and CPU seconds (user + system of the process tree, from the operating system's accounting)
with the load average: on a shared machine the CPU time is the steadier figure.

    python benchmarks/run.py --only workflow,combine,contexts,library600
"""

from __future__ import annotations

import json
import os
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.process import ROOT, run_process, timed, tool

# the modelgo workflows with five works each (docs/workflows.md)
WORKFLOWS = ("case1a", "case3", "case4a", "case4b")


def _load() -> float:
    return os.getloadavg()[0]


def _summary(rows: list[tuple[float, float]], load: tuple[float, float]) -> dict:
    return {"wall_s": statistics.median(w for w, _ in rows),
            "cpu_s": statistics.median(c for _, c in rows), "runs": len(rows),
            "load_before": load[0], "load_after": load[1]}


def workflow_figures(n: int) -> dict:
    """`liclogic workflow FILE --json` for each five-input modelgo workflow: nothing cached;
    the library (parsed specs, profiles) cached by an earlier run of another command; the
    answer cached by an earlier run of the same workflow."""
    liclogic = tool("liclogic")
    assert liclogic
    work = Path(tempfile.mkdtemp(prefix="liclogic-bench-workflow-"))
    library, live = work / "library", work / "live"
    out: dict = {}
    try:
        subprocess.run([liclogic, "compat", "Apache-2.0", "MIT"], stdout=subprocess.DEVNULL,
                       env={**os.environ, "LICLOGIC_CACHE_DIR": str(library)}, check=False)
        time.sleep(2.5)  # past the racy window of files just written (cache.RACY_SECONDS)

        def fresh() -> dict[str, str]:
            shutil.rmtree(live, ignore_errors=True)
            shutil.copytree(library, live)
            return {"LICLOGIC_CACHE_DIR": str(live)}

        for case in WORKFLOWS:
            cmd = [liclogic, "workflow", str(ROOT / "examples" / "modelgo" / f"{case}.yaml"),
                   "--json"]
            modes: dict[str, list[tuple[float, float]]] = {"no cache": [], "library cached": [],
                                                           "answer cached": []}
            load = _load()
            for _ in range(n):  # interleaved, so load changes hit every mode alike
                modes["no cache"].append(timed(cmd, {"LICLOGIC_NO_CACHE": "1"}))
                env = fresh()
                modes["library cached"].append(timed(cmd, env))
                modes["answer cached"].append(timed(cmd, env))
            out[case] = {m: _summary(r, (load, _load())) for m, r in modes.items()}
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return out


def combine_figures(n: int) -> dict:
    """`liclogic combine` of 40 and of 100 library licenses (seed 17, as benchmarks/latency.py),
    explained, nothing cached."""
    from benchmarks.latency import library_ids

    liclogic = tool("liclogic")
    assert liclogic
    ids = library_ids()
    out = {}
    for size in (40, 100):
        names = random.Random(17).sample(ids, size)
        load = _load()
        rows = [timed([liclogic, "combine", *names], {"LICLOGIC_NO_CACHE": "1"})
                for _ in range(n)]
        out[str(size)] = _summary(rows, (load, _load()))
    return out


CONTEXTS = """
import collections, json, random, sys, time
from liclogic.engine.context import Context
from liclogic.lang.library_store import load_library_cached
from liclogic.queries import compat_cases
from liclogic.queries.compat import compat_pair
from liclogic.queries.profile import warm
n = int(sys.argv[1])
contexts = [Context(), Context(relations=("dynamic_link",)),
            Context(relations=("aggregate",), acts=("distribute",)),
            Context(relations=("modified",), acts=("host",)),
            Context(acts=("distribute",), facts={"purpose": "research"}),
            Context(relations=("fine_tune",), facts={"purpose": "military"})]
lib = load_library_cached()
ids = sorted(i for i, m in lib.licenses.items() if m.kind != "exception")
out = {"licenses": len(ids), "contexts": len(contexts), "queries": n}
t, c = time.perf_counter(), time.process_time()
out["profiles"] = max(warm(lib, ctx) for ctx in contexts)
out["warm_up_s"], out["warm_up_cpu_s"] = time.perf_counter() - t, time.process_time() - c
rng = random.Random(20261207)
asked = rng.sample([(a, b, k) for a in ids for b in ids for k in range(len(contexts))], n)
compat_pair(lib, "MIT", "GPL-3.0-only", explain=False)  # imports, the encoding
solved = 0
decide = compat_cases.decide_all
def counted(*args, **kwargs):
    global solved
    solved += 1
    return decide(*args, **kwargs)
import liclogic.queries.compat as compat_module
compat_module.decide_all = counted
verdicts = collections.Counter()
t, c = time.perf_counter(), time.process_time()
for a, b, k in asked:
    verdicts[compat_pair(lib, a, b, contexts[k], explain=False).verdict.value] += 1
out["wall_s"], out["cpu_s"] = time.perf_counter() - t, time.process_time() - c
out["solved"] = solved
out["verdicts"] = dict(verdicts)
print(json.dumps(out))
"""


def contexts_in_process(n: int) -> dict:
    """n distinct (inbound, outbound, context) compat queries, `compat_pair(...,
    explain=False)`, over six contexts (relations, acts, purposes), once the profiles of every
    license in each context are known (`profile.warm`), in one process with no on-disk
    cache; how many went past the profiles to the solver."""
    load = _load()
    r = subprocess.run([sys.executable, "-c", CONTEXTS, str(n)], cwd=ROOT, capture_output=True,
                       text=True, env={**os.environ, "LICLOGIC_NO_CACHE": "1"})
    if r.returncode:
        raise RuntimeError(r.stderr)
    out = json.loads(r.stdout.strip().splitlines()[-1])
    out.update(load_before=load, load_after=_load())
    return out


def matrix_cpu(n: int) -> dict:
    """`liclogic matrix --json` of the bundled library, no cache: wall, CPU, peak memory."""
    liclogic = tool("liclogic")
    assert liclogic
    rows = []
    load = _load()
    for _ in range(n):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        wall, peak = run_process([liclogic, "matrix", "--json"], {"LICLOGIC_NO_CACHE": "1"},
                                 memory=True)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        rows.append((wall, (after.ru_utime - before.ru_utime)
                     + (after.ru_stime - before.ru_stime), peak / 1024))
    return {"wall_s": statistics.median(r[0] for r in rows),
            "cpu_s": statistics.median(r[1] for r in rows),
            "peak_mb": max(r[2] for r in rows), "runs": n, "jobs": os.cpu_count(),
            "load_before": load, "load_after": _load()}


# main f9bb9e4 before issue 17's throughput work, measured 2026-12-07 on the shared 2-core
# machine (paired with this tree's runs; CPU = user + system), for the "before" column
BEFORE = {
    "matrix_cpu": "23.9–30.0 s wall, 16.7–18.4 s CPU (load 5.9); 7.6 s wall on 2026-11-23",
    "library600": "1,154 s wall, 648 s CPU, 552 MB (load 3.7 → 11.3)",
    "workflow": "1.1–1.7 s CPU no cache, 0.65–0.87 s library cached (load 5–9)",
    "combine40": "4.4–5.3 s CPU (load 4–10)",
    "combine100": "10.1–13.4 s CPU (load 4–10)",
    "contexts": "395 /s per CPU second, 235 /s wall; 435 of 2,000 past the profiles (load 7.4)",
}


def section(results: dict) -> list[str]:
    """The "Throughput" section of BENCHMARKS.md from whichever figures were measured."""
    lines = ["## Throughput (issue 17)", "",
             "Floors: matrix of the library ≤ 5 s; a synthetic 600-license library ≤ 60 s on 2 "
             "cores and ≤ 500 MB; `workflow` of five inputs ≤ 1 s; ≥ 2,000 distinct warm compat "
             "queries per second with contexts; `combine` of 40 inputs ≤ 5 s, of 100 ≤ 15 s. "
             "CPU is user + system of the process tree; load is the 1-minute load average "
             "before → after.", "",
             "| what | wall | CPU | peak | load | floor |", "|---|---|---|---|---|---|"]
    if "matrix_cpu" in results:
        m = results["matrix_cpu"]
        lines.append(f"| `matrix --json`, the bundled library, -j {m['jobs']}, no cache "
                     f"(median of {m['runs']}) | {m['wall_s']:.1f} s | {m['cpu_s']:.1f} s | "
                     f"{m['peak_mb']:.0f} MB | {m['load_before']:.1f} → {m['load_after']:.1f} "
                     "| 5 s |")
    if "library600" in results:
        r = results["library600"]
        lines.append(f"| `matrix --json --spec DIR`, {r['licenses']} synthetic licenses "
                     f"({r['pairs']:,} pairs), -j {r['jobs']}, no cache | "
                     f"{r['wall_s']:.1f} s | {r['cpu_s']:.1f} s | {r['peak_mb']:.0f} MB | "
                     f"{r['runs'][0]['load_before']:.1f} → {r['runs'][0]['load_after']:.1f} "
                     "| 60 s, 500 MB |")
    for case, modes in results.get("workflow", {}).items():
        for mode, w in modes.items():
            lines.append(f"| `workflow examples/modelgo/{case}.yaml --json` (5 inputs), {mode} "
                         f"(median of {w['runs']}) | {w['wall_s']:.2f} s | {w['cpu_s']:.2f} s "
                         f"| | {w['load_before']:.1f} → {w['load_after']:.1f} | 1 s |")
    for size, c in results.get("combine", {}).items():
        lines.append(f"| `combine` of {size} library licenses (seed 17), explained, no cache "
                     f"(median of {c['runs']}) | {c['wall_s']:.1f} s | {c['cpu_s']:.1f} s | | "
                     f"{c['load_before']:.1f} → {c['load_after']:.1f} | "
                     f"{5 if size == '40' else 15} s |")
    if "contexts" in results:
        q = results["contexts"]
        lines.append(f"| {q['queries']:,} distinct warm compat queries over {q['contexts']} "
                     f"contexts ({q['solved']:,} past the profiles), in process | "
                     f"{q['queries'] / q['wall_s']:,.0f} /s | {q['queries'] / q['cpu_s']:,.0f} "
                     f"/s | | {q['load_before']:.1f} → {q['load_after']:.1f} | 2,000 /s |")
    lines += ["", "Before (main f9bb9e4, measured by hand on the shared machine, 2026-12-07):", ""]
    lines += [f"- {k}: {v}" for k, v in BEFORE.items()]
    if "library600" in results:
        from benchmarks.library600 import section as library_section

        lines += ["", *library_section(results["library600"])]
    if "contexts" in results:
        q = results["contexts"]
        lines += ["", f"The contexts: the default (static_link and modified, distribute), "
                  "dynamic_link, aggregate, modified with host, the default with purpose "
                  "research, fine_tune with purpose military; "
                  f"{q['licenses']} licenses, {q['profiles']} profiles warmed in "
                  f"{q['warm_up_s']:.1f} s ({q['warm_up_cpu_s']:.1f} s CPU). Verdicts: "
                  + ", ".join(f"{k} {v:,}" for k, v in sorted(q["verdicts"].items())) + "."]
    return [*lines, ""]
