"""The latency figures of issue 17 — one question as a whole process (answer cached, a new
question with the library cached, nothing cached) and ``combine`` of many inputs and of OR
choices — for this tree (A) against a baseline install (B), run in turn (A B A B …, one
warm-up pair not counted). Wall and CPU seconds (user + system of the process tree, from the
operating system's accounting): on a shared machine the CPU time is the steadier figure.
Writes the "Latency against a baseline" section of BENCHMARKS.md (between its markers;
benchmarks/run.py keeps it).

    python benchmarks/latency.py --baseline /tmp/main-ref/.venv/bin/liclogic --runs 7
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.process import ROOT, machine, timed, tool

START, END = "<!-- latency-baseline -->", "<!-- /latency-baseline -->"


def pairwise(a: list[str], b: list[str], runs: int, env: Callable[[str], dict[str, str]]
             ) -> dict:
    rows: dict[str, list[float]] = {"a_wall": [], "b_wall": [], "a_cpu": [], "b_cpu": []}
    for i in range(runs + 1):
        got = {side: timed(cmd, env(side)) for side, cmd in (("a", a), ("b", b))}
        if i:
            for side, (wall, cpu) in got.items():
                rows[f"{side}_wall"].append(wall)
                rows[f"{side}_cpu"].append(cpu)
    out = {k: statistics.median(v) for k, v in rows.items()}
    out["cpu_ratio"] = statistics.median(x / y for x, y in zip(rows["a_cpu"], rows["b_cpu"],
                                                                 strict=True))
    out["runs"] = runs
    return out


def library_ids() -> list[str]:
    from liclogic.lang.library import bundled_library

    lib = bundled_library()
    return sorted(i for i, m in lib.licenses.items() if m.kind != "exception" and " " not in i)


def measure(ours: str, base: str, runs: int, single: bool = False) -> list[dict]:
    ids = library_ids()
    work = Path(tempfile.mkdtemp(prefix="liclogic-latency-"))
    out = []
    try:
        answered = {s: work / f"answered-{s}" for s in "ab"}
        library = {s: work / f"library-{s}" for s in "ab"}
        query = ["compat", "MIT", "GPL-3.0-only"]
        for side, exe in (("a", ours), ("b", base)):
            subprocess.run([exe, *query], env={**os.environ, "LICLOGIC_CACHE_DIR":
                                               str(answered[side])},
                           stdout=subprocess.DEVNULL, check=False)
            subprocess.run([exe, "compat", "Apache-2.0", "MIT"], env={
                **os.environ, "LICLOGIC_CACHE_DIR": str(library[side])},
                stdout=subprocess.DEVNULL, check=False)
        time.sleep(2.5)  # past the racy window of files just written (cache.RACY_SECONDS)
        live = work / "live"

        def fresh(side: str) -> dict[str, str]:
            shutil.rmtree(live, ignore_errors=True)
            shutil.copytree(library[side], live)
            os.chmod(live, 0o700)
            return {"LICLOGIC_CACHE_DIR": str(live)}

        a, b = [ours, *query], [base, *query]
        out.append({"what": "compat MIT GPL-3.0-only", "mode": "cached answer",
                    **pairwise(a, b, runs, lambda s: {"LICLOGIC_CACHE_DIR":
                                                      str(answered[s])})})
        out.append({"what": "compat MIT GPL-3.0-only", "mode": "new question, library cached",
                    **pairwise(a, b, runs, fresh)})
        out.append({"what": "compat MIT GPL-3.0-only", "mode": "no cache",
                    **pairwise(a, b, runs, lambda s: {"LICLOGIC_NO_CACHE": "1"})})
        if single:
            return out
        few = max(1, runs // 3)
        for n in (40, 100):
            names = random.Random(17).sample(ids, n)
            out.append({"what": f"combine ({n} inputs, seed 17)", "mode": "explained, no cache",
                        **pairwise([ours, "combine", *names], [base, "combine", *names], few,
                                   lambda s: {"LICLOGIC_NO_CACHE": "1"})})
        rng = random.Random(3)
        names = [" OR ".join(rng.sample(ids, 3)) for _ in range(4)]
        out.append({"what": "combine (4 inputs of 3 OR alternatives: 81 choices)",
                    "mode": "explained, no cache",
                    **pairwise([ours, "combine", *names], [base, "combine", *names], few,
                               lambda s: {"LICLOGIC_NO_CACHE": "1"})})
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return out


def section(rows: list[dict], base: str, command: str, load: str) -> str:
    m = machine()
    lines = [START, "## Latency against a baseline", "",
             f"Produced by `{command}` on {m['date']} (load average at the start: {load}): "
             f"this tree (A, liclogic {m['liclogic']}) against `{base}` (B), whole processes in "
             "turn (A B A B …, one warm-up pair not counted); medians of wall and CPU seconds "
             "(user + system), and the median of the per-pair CPU ratios. On a shared machine "
             "the CPU figures are the steadier ones.", "",
             "| command | mode | A wall | B wall | A cpu | B cpu | A/B cpu | runs |",
             "|---|---|---|---|---|---|---|---|"]
    for r in rows:
        lines.append(f"| `{r['what']}` | {r['mode']} | {r['a_wall']:.3f} s | "
                     f"{r['b_wall']:.3f} s | {r['a_cpu']:.3f} s | {r['b_cpu']:.3f} s | "
                     f"**{r['cpu_ratio']:.2f}** | {r['runs']} |")
    lines.append(END)
    return "\n".join(lines)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--baseline", required=True, help="the baseline's liclogic executable")
    ap.add_argument("--runs", type=int, default=7, help="pairs per single-question command")
    ap.add_argument("--out", type=Path, default=ROOT / "BENCHMARKS.md")
    ap.add_argument("--single", action="store_true",
                    help="only the one-question modes (no combine), printed, not written")
    args = ap.parse_args()
    ours = tool("liclogic")
    if ours is None:
        sys.exit("liclogic is not installed in this environment")
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    rows = measure(ours, args.baseline, args.runs, args.single)
    end = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    if args.single:
        for r in rows:
            print(f"{r['mode']:30} wall {r['a_wall']:.3f} / {r['b_wall']:.3f} s  cpu "
                  f"{r['a_cpu']:.3f} / {r['b_cpu']:.3f} s  A/B cpu {r['cpu_ratio']:.2f}  "
                  f"({r['runs']} pairs)")
        print(f"load average at the start: {load}; at the end: {end}")
        return
    command = f"python benchmarks/latency.py --baseline {args.baseline} --runs {args.runs}"
    write_section(args.out, section(rows, args.baseline, command, load))
    for r in rows:
        print(f"{r['what']:55} {r['mode']:30} cpu {r['a_cpu']:.3f} / {r['b_cpu']:.3f}")
    print(f"wrote {args.out}")


def write_section(path: Path, text: str) -> None:
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


if __name__ == "__main__":
    main()
