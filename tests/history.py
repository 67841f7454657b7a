"""Explained answers that must not depend on what the solver did before (issue 17).

A question's explained JSON is answered three ways: (a) on a fresh library in a fresh process,
(b) on one library after a shuffled sequence of the other questions, (c) on a second library
object in the same process (z3's term ids, and so its search, then differ from the first's).
``differences`` names, per question, which parts of the answers differ: witnesses (scenario
fields, readings, performed duties), cited clauses, duties, wording. Used by
tests/test_history.py; ``python -m tests.history`` prints the counts, and
``python -m tests.history one N`` answers question N alone (the fresh process of (a)).
"""

from __future__ import annotations

import json
import random
import subprocess
import sys
from pathlib import Path
from typing import Any

import liclogic
from liclogic import Context

ROOT = Path(__file__).resolve().parent.parent

# (kind, arguments): compat pairs of every verdict, with contexts; osd, combine, diff,
# obligations
QUESTIONS: list[tuple[str, tuple[Any, ...]]] = [
    ("compat", ("MIT", "GPL-3.0-only", {})),
    ("compat", ("llama3.1", "MIT", {})),
    ("compat", ("Apache-2.0", "GPL-2.0-only", {})),
    ("compat", ("GPL-3.0-only", "MIT", {})),
    ("compat", ("GPL-2.0-only", "Apache-2.0", {"relations": ["dynamic_link"]})),
    ("compat", ("LGPL-2.1-only", "Apache-2.0", {"relations": ["dynamic_link"]})),
    ("compat", ("CC-BY-NC-4.0", "MIT", {})),
    ("compat", ("CC-BY-SA-4.0", "GPL-3.0-only", {})),
    ("compat", ("llama3.1", "Apache-2.0", {"relations": ["fine_tune"]})),
    ("compat", ("llama3.1", "llama3.1", {"facts": {"licensee.monthly_active_users":
                                                   800000000}})),
    ("compat", ("LicenseRef-BigScience-OpenRAIL-M", "Apache-2.0",
                {"facts": {"purpose": "military"}})),
    ("compat", ("MPL-2.0", "GPL-3.0-only", {})),
    ("compat", ("EPL-2.0", "GPL-2.0-only", {})),
    ("compat", ("GPL-2.0-only WITH Classpath-exception-2.0", "MIT",
                {"relations": ["dynamic_link"]})),
    ("compat", ("AGPL-3.0-only", "MIT", {"acts": ["host"]})),
    ("compat", ("MIT OR GPL-3.0-only", "Apache-2.0", {})),
    ("osd", ("kimi-k2",)),
    ("osd", ("llama3.1",)),
    ("osd", ("GPL-3.0-only",)),
    ("combine", (["MIT", "Apache-2.0", "GPL-3.0-only"],)),
    ("combine", (["GPL-2.0-only", "Apache-2.0"],)),
    ("combine", (["llama3.1", "MIT", "CC-BY-NC-4.0"],)),
    ("diff", ("MIT", "BSD-2-Clause")),
    ("diff", ("GPL-2.0-only", "GPL-3.0-only")),
    ("obligations", ("llama31-gaps",)),
    ("obligations", ("openrail-finetune",)),
    ("obligations", ("apache-finetune",)),
]
FAST = [0, 1, 2, 3, 4, 9, 16, 19, 22, 24]  # the default test's sample: every kind and verdict
REPOS = ROOT / "tests" / "data" / "model_repos"


def answer(lib: liclogic.Library, n: int) -> str:
    """The explained JSON of question n, as bytes would be compared."""
    kind, args = QUESTIONS[n]
    if kind == "compat":
        a, b, ctx = args
        ctx_ = Context(**{k: tuple(v) if isinstance(v, list) else v for k, v in ctx.items()})
        r = liclogic.compat(lib, a, b, ctx_)
    elif kind == "osd":
        r = liclogic.osd(lib, args[0])
    elif kind == "combine":
        r = liclogic.combine(lib, list(args[0]))
    elif kind == "obligations":
        from liclogic.audit.obligations import check_repo

        return json.dumps(check_repo(lib, REPOS / args[0]).to_json(), sort_keys=True,
                          ensure_ascii=False)
    else:
        r = liclogic.diff(lib, *args)
    return json.dumps(r.to_json(), sort_keys=True, ensure_ascii=False)


def fresh(n: int) -> str:
    """(a): question n alone, in a new process."""
    out = subprocess.run([sys.executable, "-m", "tests.history", "one", str(n)], cwd=ROOT,
                         capture_output=True, text=True, check=True)
    return out.stdout


def after_others(sample: list[int], seed: int) -> dict[int, str]:
    """(b): every question of the sample on one library, in a shuffled order."""
    order = list(sample)
    random.Random(seed).shuffle(order)
    lib = liclogic.load_library()
    return {n: answer(lib, n) for n in order}


def second_library(sample: list[int]) -> dict[int, str]:
    """(c): each question on a second library object of this process (the first one has
    answered something else first, so z3's context holds other terms)."""
    first = liclogic.load_library()
    answer(first, 22)
    second = liclogic.load_library()
    return {n: answer(second, n) for n in sample}


def parts(a: dict[str, Any], b: dict[str, Any]) -> set[str]:
    """Which parts of two explained answers differ."""
    out: set[str] = set()
    for key in sorted(set(a) | set(b)):
        if a.get(key) == b.get(key):
            continue
        if key in ("witnesses", "reasons", "criteria", "pairs"):
            wa, wb = a.get(key) or [], b.get(key) or []
            if len(wa) != len(wb):
                out.add(f"{key}:count")
            for x, y in zip(wa, wb, strict=False):
                if not isinstance(x, dict) or not isinstance(y, dict):
                    out.add(key) if x != y else None
                    continue
                for f in sorted(set(x) | set(y)):
                    if x.get(f) != y.get(f):
                        out.add(f"{key}:{f}")
        elif key == "because":
            out.add("cited clauses")
        elif key in ("duties", "obligations"):
            out.add("duties")
        elif key in ("summary", "verdict"):
            out.add(key)
        else:
            out.add(f"other:{key}")
    return out


def differences(reference: dict[int, str], other: dict[int, str]) -> dict[int, set[str]]:
    return {n: parts(json.loads(reference[n]), json.loads(other[n]))
            for n in reference if reference[n] != other.get(n)}


def report(sample: list[int]) -> dict[str, Any]:
    a = {n: fresh(n) for n in sample}
    b = after_others(sample, seed=1)
    c = second_library(sample)
    out: dict[str, Any] = {}
    for name, got in (("after others", b), ("second library", c)):
        d = differences(a, got)
        counts: dict[str, int] = {}
        for ps in d.values():
            for p in ps:
                counts[p] = counts.get(p, 0) + 1
        out[name] = {"questions differing": len(d), "of": len(sample), "parts": counts,
                     "which": {f"{QUESTIONS[n][0]} {QUESTIONS[n][1]}": sorted(ps)
                               for n, ps in d.items()}}
    return out


if __name__ == "__main__":
    if sys.argv[1:2] == ["one"]:
        sys.stdout.write(answer(liclogic.load_library(), int(sys.argv[2])))
    else:
        sample = FAST if sys.argv[1:2] == ["fast"] else list(range(len(QUESTIONS)))
        print(json.dumps(report(sample), indent=1))
