"""Time and peak memory of every hostile input (tests/hostile_inputs.py) as a whole process.

    python benchmarks/hostile.py [--liclogic PATH] [--timeout S] [--memory GB] [NAME ...]

PATH is the ``liclogic`` executable to run (default: the one on PATH), so that a checkout of
another branch (with its own virtual environment) can be measured with the same inputs. Each
run is bounded (wall clock, address space) so that a hang or a memory blow-up is measured
instead of taking the machine down; the table says when a bound was hit.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from tests.hostile_inputs import CASES


def run(exe: str, name: str, timeout: float, memory_gb: float) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        argv = CASES[name](Path(tmp))
        limit = int(memory_gb * (1 << 30))

        def bounds() -> None:
            resource.setrlimit(resource.RLIMIT_AS, (limit, limit))

        env = {**os.environ, "LICLOGIC_NO_CACHE": "1", "COLUMNS": "100"}
        start = time.monotonic()
        proc = subprocess.Popen([exe, *argv], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                preexec_fn=bounds, env=env, cwd=tmp)
        try:
            out, err = proc.communicate(timeout=timeout)
            status = str(proc.returncode)
        except subprocess.TimeoutExpired:
            proc.kill()
            out, err = proc.communicate()
            status = f"killed after {timeout:.0f} s"
        wall = time.monotonic() - start
    text = err.decode("utf-8", "replace").strip().splitlines()
    last = text[-1] if text else out.decode("utf-8", "replace").strip()[:80]
    return {"case": name, "exit": status, "wall": wall, "peak_mb": 0.0,
            "traceback": "Traceback" in err.decode("utf-8", "replace"), "says": last[:100]}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("names", nargs="*")
    ap.add_argument("--liclogic", default=shutil.which("liclogic") or "liclogic")
    ap.add_argument("--timeout", type=float, default=120)
    ap.add_argument("--memory", type=float, default=6.0, help="address-space bound, GiB")
    args = ap.parse_args()
    print("| case | exit | wall s | peak MB | traceback | last line |\n|---|---|---|---|---|---|")
    for name in args.names or list(CASES):
        r = measure(args.liclogic, name, args.timeout, args.memory)
        print(f"| {r['case']} | {r['exit']} | {r['wall']:.2f} | {r['peak_mb']:.0f} | "
              f"{'yes' if r['traceback'] else ''} | {r['says'].replace('|', '/')} |",
              flush=True)


def measure(exe: str, name: str, timeout: float, memory_gb: float) -> dict:
    """``run`` in a child of its own, so that its peak memory is the only one counted."""
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(read)
        r = run(exe, name, timeout, memory_gb)
        r["peak_mb"] = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        os.write(write, repr(r).encode())
        os._exit(0)
    os.close(write)
    data = b""
    while chunk := os.read(read, 65536):
        data += chunk
    os.waitpid(pid, 0)
    import ast

    return ast.literal_eval(data.decode())


if __name__ == "__main__":
    main()
