"""This tree against a baseline install (another checkout of liclogic, e.g. main in a second
worktree with its own venv), as whole processes run in turn — A B A B … — so the ratio of
each pair is taken while the machine's speed is the same. Writes the "Against a baseline"
section of BENCHMARKS.md (between its markers; benchmarks/run.py keeps it).

    git worktree add --detach /tmp/main-ref main
    (cd /tmp/main-ref && python -m venv .venv && .venv/bin/pip install -e '.[dev]')
    python benchmarks/against.py --baseline /tmp/main-ref/.venv/bin/liclogic

What is compared: fully explained ``compat`` (the human report: every reason, the duties of
a yes, witnesses replayed) with no cache and with only the library cached (a question not
asked before); and the verdict-only paths — ``matrix``, ``scan`` of the Keycloak SBOM (no
cache, and the library cached as in CI; scan also explains the few components it finds a
problem with), and ``compat_verdict`` over 400 pairs in a fresh process (what combine's
outbound search and the matrix call per pair).
"""

from __future__ import annotations

import argparse
import gzip
import os
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.process import ROOT, machine, run_process, tool

START, END = "<!-- against-baseline -->", "<!-- /against-baseline -->"
SBOM = ROOT / "tests" / "data" / "sbom" / "keycloak-10.0.2_bom.json.gz"

EXPLAINED = [
    ["MIT", "GPL-3.0-only"],
    ["GPL-3.0-only", "MIT"],
    ["llama3.1", "Apache-2.0", "--relation", "fine_tune"],
    ["MPL-2.0", "Apache-2.0", "--relation", "modified"],
    ["LGPL-2.1-only", "Apache-2.0", "--relation", "static_link"],
    ["LicenseRef-CreativeML-OpenRAIL-M", "MIT", "--relation", "fine_tune"],
    ["AGPL-3.0-only", "Apache-2.0", "--act", "host", "--relation", "modified"],
]

VERDICTS = """
import itertools
from liclogic.lang.library import bundled_library
from liclogic.queries.compat import compat_verdict
lib = bundled_library()
ids = sorted(i for i, m in lib.licenses.items() if m.kind != "exception")
pairs = list(itertools.product(ids[::6], ids[::6]))[:400]
for a, b in pairs:
    compat_verdict(lib, a, b)
"""


def _pairwise(a_cmd: list[str], b_cmd: list[str], runs: int, env: dict[str, str],
              before: object = None) -> dict:
    """``runs`` pairs, A then B, each preceded by ``before()`` (untimed), plus one warm-up."""
    a_t, b_t, ratios, peaks = [], [], [], {"A": 0, "B": 0}
    for i in range(runs + 1):
        times = []
        for side, cmd in (("A", a_cmd), ("B", b_cmd)):
            if callable(before):
                before()
            t, peak = run_process(cmd, env, memory=True)
            times.append(t)
            peaks[side] = max(peaks[side], peak)
        if i == 0:
            continue  # warm-up: file system caches
        a_t.append(times[0])
        b_t.append(times[1])
        ratios.append(times[0] / times[1])
    return {"a_s": statistics.median(a_t), "b_s": statistics.median(b_t),
            "ratio": statistics.median(ratios), "ratio_min": min(ratios),
            "ratio_max": max(ratios), "a_mb": peaks["A"] / 1024, "b_mb": peaks["B"] / 1024}


def measure(ours: str, base: str, runs: int) -> list[dict]:
    out = []
    no_cache = {"LICLOGIC_NO_CACHE": "1"}
    for q in EXPLAINED:
        r = _pairwise([ours, "compat", *q], [base, "compat", *q], runs, no_cache)
        out.append({"what": f"compat {' '.join(q)}", "mode": "explained, no cache", **r})
    # only the library cached: each run starts from a copy of a cache holding the library
    # of its own tree (made by `liclogic list`), so the question is new every time
    work = Path(tempfile.mkdtemp(prefix="liclogic-against-"))
    try:
        templates = {}
        for side, exe in (("A", ours), ("B", base)):
            templates[side] = work / f"template-{side}"
            run_process([exe, "list"], {"LICLOGIC_CACHE_DIR": str(templates[side])})
        live = work / "live"

        def fresh(side: str) -> None:
            shutil.rmtree(live, ignore_errors=True)
            shutil.copytree(templates[side], live)
            os.chmod(live, 0o700)

        for q in EXPLAINED[:3]:
            sides = iter("AB" * (runs + 1))
            r = _pairwise([ours, "compat", *q], [base, "compat", *q], runs,
                          {"LICLOGIC_CACHE_DIR": str(live)}, lambda s=sides: fresh(next(s)))
            out.append({"what": f"compat {' '.join(q)}",
                        "mode": "explained, library cached", **r})
        r = _pairwise([ours, "matrix", "--json"], [base, "matrix", "--json"],
                      max(3, runs // 2), no_cache)
        out.append({"what": "matrix --json (128 licenses)", "mode": "verdicts, no cache", **r})
        if SBOM.exists():
            sbom = work / "keycloak.json"
            sbom.write_bytes(gzip.decompress(SBOM.read_bytes()))
            scan_a, scan_b = [ours, "scan", str(sbom)], [base, "scan", str(sbom)]
            r = _pairwise(scan_a, scan_b, runs, no_cache)
            out.append({"what": "scan keycloak-10.0.2_bom.json (903 components)",
                        "mode": "verdicts, no cache", **r})
            sides = iter("AB" * (runs + 1))
            r = _pairwise(scan_a, scan_b, runs, {"LICLOGIC_CACHE_DIR": str(live)},
                          lambda s=sides: fresh(next(s)))
            out.append({"what": "scan keycloak-10.0.2_bom.json (903 components)",
                        "mode": "verdicts, library cached", **r})
        py_a = str(Path(ours).parent / "python")
        py_b = str(Path(base).parent / "python")
        r = _pairwise([py_a, "-c", VERDICTS], [py_b, "-c", VERDICTS], runs, no_cache)
        out.append({"what": "compat_verdict over 400 pairs (one process)",
                    "mode": "verdicts, no cache", **r})
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return out


def section(rows: list[dict], base: str, command: str) -> str:
    m = machine()
    lines = [START, "## Against a baseline", "",
             f"Produced by `{command}` on {m['date']}: this tree (A, liclogic {m['liclogic']}) "
             f"against the install at `{base}` (B), whole processes run in turn (A B A B …, "
             "one warm-up pair not counted); medians, and the median of the per-pair ratios "
             f"A/B with its range. Machine: {m['CPU']}, {m['memory']}, {m['system']}, Python "
             f"{m['Python']}, z3 {m['z3']}. Peak: the largest resident memory of the "
             "process tree.", "",
             "| command | mode | A | B | A/B (range) | peak A / B |", "|---|---|---|---|---|---|"]
    for r in rows:
        lines.append(f"| `{r['what']}` | {r['mode']} | {r['a_s']:.2f} s | {r['b_s']:.2f} s | "
                     f"**{r['ratio']:.2f}** ({r['ratio_min']:.2f}–{r['ratio_max']:.2f}) | "
                     f"{r['a_mb']:.0f} / {r['b_mb']:.0f} MB |")
    explained = [r["ratio"] for r in rows if r["mode"].startswith("explained")]
    verdicts = [r["ratio"] for r in rows if r["mode"].startswith("verdicts")]
    lines += ["", f"Explained compat: A/B at most **{max(explained):.2f}** (floor: 1.5). "
              f"Verdict-only paths: A/B at most **{max(verdicts):.2f}** (floor: not slower; "
              "a ratio within the range of its pairs' spread is noise).", END]
    return "\n".join(lines)


def write(path: Path, text: str) -> None:
    old = path.read_text(encoding="utf-8") if path.exists() else ""
    if START in old and END in old:
        new = old[:old.index(START)] + text + old[old.index(END) + len(END):]
    else:
        new = old.rstrip("\n") + "\n\n" + text + "\n"
    path.write_text(new, encoding="utf-8")


def kept_section(path: Path) -> str | None:
    """The section as BENCHMARKS.md has it (for benchmarks/run.py, which rewrites the rest)."""
    old = path.read_text(encoding="utf-8") if path.exists() else ""
    if START in old and END in old:
        return old[old.index(START):old.index(END) + len(END)]
    return None


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--baseline", required=True, help="the baseline's liclogic executable")
    ap.add_argument("--runs", type=int, default=9, help="pairs per command")
    ap.add_argument("--out", type=Path, default=ROOT / "BENCHMARKS.md")
    args = ap.parse_args()
    ours = tool("liclogic")
    if ours is None:
        sys.exit("liclogic is not installed in this environment")
    rows = measure(ours, args.baseline, args.runs)
    command = f"python benchmarks/against.py --baseline {args.baseline} --runs {args.runs}"
    write(args.out, section(rows, args.baseline, command))
    for r in rows:
        print(f"{r['what']:60} {r['mode']:28} {r['ratio']:.2f}")
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
