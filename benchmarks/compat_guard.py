"""A guard for speed work on `liclogic compat`: every output byte stays as it was.

Runs `liclogic compat A B` (text) and `liclogic compat A B --json` as whole processes over a
fixed sample of library pairs (a seeded draw over every license, plus pairs named here: WITH
exceptions, OR expressions, --relation, --purpose and other contexts), each a new question with
the library cached (a fresh copy of a library-only cache dir per run, as
benchmarks/one_query.py sets up its "new question" figure). It stores stdout, stderr and the
exit code of every run in one JSON file; `--against OLD` then names each run whose bytes differ.
`--no-cache` runs each with the cache off instead (a cold run: from a checkout, only the spec
files the question reaches are parsed), against the same stored outputs.

    python benchmarks/compat_guard.py --out /tmp/before.json
    python benchmarks/compat_guard.py --out /tmp/after.json --against /tmp/before.json
    python benchmarks/compat_guard.py --no-cache --out /tmp/cold.json --against /tmp/before.json
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

# Pairs named here: exceptions, OR choices, contexts (flags after the two licenses)
NAMED: list[list[str]] = [
    ["MIT", "GPL-3.0-only"],
    ["Apache-2.0", "GPL-2.0-only"],
    ["Apache-2.0", "GPL-3.0-or-later"],
    ["GPL-2.0-only", "GPL-3.0-only"],
    ["GPL-2.0-or-later", "GPL-3.0-only"],
    ["GPL-3.0-only", "MIT"],
    ["LGPL-2.1-only", "Apache-2.0"],
    ["LGPL-2.1-only", "Apache-2.0", "--relation", "dynamic_link"],
    ["LGPL-3.0-only", "MIT", "--relation", "dynamic_link"],
    ["GPL-3.0-only", "MIT", "--relation", "aggregate"],
    ["MPL-2.0", "GPL-3.0-only"],
    ["MPL-2.0", "Apache-2.0", "--relation", "verbatim"],
    ["EPL-2.0", "GPL-2.0-only"],
    ["EPL-2.0", "GPL-2.0-only", "--declared", "secondary_license=GPL-2.0-only"],
    ["GPL-2.0-only WITH Classpath-exception-2.0", "Apache-2.0"],
    ["GPL-2.0-only WITH Classpath-exception-2.0", "MIT", "--relation", "dynamic_link"],
    ["Apache-2.0 WITH LLVM-exception", "GPL-2.0-only"],
    ["GPL-3.0-only WITH GCC-exception-3.1", "MIT"],
    ["GPL-3.0-or-later WITH Autoconf-exception-3.0", "Apache-2.0"],
    ["GPL-2.0-or-later WITH Bison-exception-2.2", "MIT"],
    ["MIT OR GPL-3.0-only", "Apache-2.0"],
    ["MIT OR Apache-2.0", "GPL-2.0-only"],
    ["GPL-2.0-only OR MPL-2.0", "Apache-2.0"],
    ["LGPL-2.1-or-later OR MIT", "GPL-2.0-only"],
    ["MIT", "MIT OR Apache-2.0"],
    ["Apache-2.0 AND MIT", "GPL-3.0-only"],
    ["CC-BY-4.0", "CC-BY-SA-4.0"],
    ["CC-BY-NC-4.0", "MIT"],
    ["CC-BY-NC-4.0", "CC-BY-NC-4.0", "--commercial"],
    ["CC-BY-NC-4.0", "CC-BY-NC-4.0", "--non-commercial"],
    ["CC-BY-SA-4.0", "GPL-3.0-only"],
    ["llama3.1", "Apache-2.0"],
    ["llama3.1", "Apache-2.0", "--relation", "fine_tune"],
    ["llama3.1", "llama3.1", "--licensee", "monthly_active_users=800000000"],
    ["LicenseRef-BigScience-OpenRAIL-M", "Apache-2.0", "--purpose", "military"],
    ["LicenseRef-CreativeML-OpenRAIL-M", "LicenseRef-CreativeML-OpenRAIL-M",
     "--purpose", "research"],
    ["Apache-2.0", "MIT", "--purpose", "medical"],
    ["GPL-3.0-only", "AGPL-3.0-only", "--act", "host"],
    ["AGPL-3.0-only", "MIT", "--act", "host", "--form", "service"],
    ["MIT", "GPL-3.0-only", "--form", "object"],
    ["GPL-2.0-only", "Apache-2.0", "--reading", "linking-is-derivative"],
    ["GPL-2.0-only", "Apache-2.0", "--relation", "dynamic_link",
     "--no-reading", "linking-is-derivative"],
    ["MIT", "GPL-3.0-only", "--policy", "asf"],
    ["GPL-3.0-only", "Apache-2.0", "--verbose"],
    ["NOT-A-LICENSE", "MIT"],
]
SEED = 17
DRAWN = 110  # pairs drawn from the library, besides those named


def library_ids(exe: str) -> list[str]:
    out = subprocess.run([exe, "list", "--json"], capture_output=True, text=True, check=True,
                         env={**os.environ, "LICLOGIC_NO_CACHE": "1"}).stdout
    return sorted(x["id"] for x in json.loads(out)["licenses"] if x["kind"] != "exception")


def sample(exe: str) -> list[list[str]]:
    ids = library_ids(exe)
    rng = random.Random(SEED)
    drawn = [[rng.choice(ids), rng.choice(ids)] for _ in range(DRAWN)]
    contexts = [["--relation", "dynamic_link"], ["--purpose", "research"],
                ["--relation", "aggregate"], ["--purpose", "military"]]
    with_ctx = [[*rng.sample(ids, 2), *rng.choice(contexts)] for _ in range(20)]
    return NAMED + drawn + with_ctx


def run_all(exe: str, questions: list[list[str]], cold: bool = False) -> dict[str, dict]:
    library = tempfile.mkdtemp(prefix="lat-guard-lib-")
    subprocess.run([exe, "compat", "Apache-2.0", "MIT"], capture_output=True,
                   env={**os.environ, "LICLOGIC_CACHE_DIR": library})
    time.sleep(2.5)  # past the cache's racy window for files just written
    out: dict[str, dict] = {}
    try:
        for q in questions:
            for form in ([], ["--json"]):
                args = ["compat", *q, *form]
                run = tempfile.mkdtemp(prefix="lat-guard-run-")
                shutil.copytree(library, run, dirs_exist_ok=True)
                cache = {"LICLOGIC_NO_CACHE": "1"} if cold else {"LICLOGIC_CACHE_DIR": run}
                done = subprocess.run([exe, *args], capture_output=True, text=True,
                                      env={**os.environ, **cache, "COLUMNS": "80"})
                shutil.rmtree(run, ignore_errors=True)
                out[json.dumps(args)] = {"rc": done.returncode, "stdout": done.stdout,
                                         "stderr": done.stderr}
    finally:
        shutil.rmtree(library, ignore_errors=True)
    return out


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--out", required=True, type=Path)
    p.add_argument("--against", type=Path)
    p.add_argument("--exe", default=shutil.which("liclogic") or "liclogic")
    p.add_argument("--no-cache", action="store_true", help="each run with the cache off")
    a = p.parse_args()
    questions = sample(a.exe)
    got = run_all(a.exe, questions, cold=a.no_cache)
    a.out.write_text(json.dumps(got, indent=1, ensure_ascii=False))
    verdicts: dict[int, int] = {}
    for r in got.values():
        verdicts[r["rc"]] = verdicts.get(r["rc"], 0) + 1
    print(f"{len(questions)} questions, {len(got)} runs; exit codes {sorted(verdicts.items())}")
    if a.against is None:
        return 0
    old = json.loads(a.against.read_text())
    differ = [k for k in sorted(set(old) | set(got)) if old.get(k) != got.get(k)]
    for k in differ:
        print("DIFFERS:", " ".join(json.loads(k)))
    print(f"{len(differ)} of {len(got)} runs differ from {a.against}")
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main())
